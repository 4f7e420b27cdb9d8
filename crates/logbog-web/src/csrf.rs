//! Where a state-changing page request carries its CSRF token: an `X-CSRF-Token` header (any
//! body, passed on untouched), the `csrf` field of an urlencoded form (read up to the form
//! limit), or the first part of a multipart form (only that part is read; the file parts that
//! follow stream on to the handler, never buffered here).

use axum::body::{Body, Bytes, to_bytes};
use axum::http::{HeaderMap, header};
use futures_util::StreamExt;

/// Why the form could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The form is larger than the form limit.
    TooLarge,
    /// A field holds what the text policy refuses (`logbog_app::text`).
    Text {
        field: &'static str,
        problem: logbog_app::Problem,
    },
}

pub const HEADER: &str = "x-csrf-token";

/// Whether a state-changing request says it comes from another site: its `Origin` (or, without
/// one, its `Referer`) names a host other than the one it was sent to, or is opaque (`null`).
/// Without either header nothing is concluded here; the CSRF token still has to match.
pub fn from_another_site(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match source {
        None => false,
        Some(s) => authority(s).is_none_or(|a| !a.eq_ignore_ascii_case(host)),
    }
}

/// The `host[:port]` of an absolute URL (`https://host:port/path`), if it is one.
fn authority(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

/// The token sent with a request, and the body to pass on (unchanged in content).
pub async fn sent_token(headers: &HeaderMap, body: Body, form_limit: usize) -> Result<(String, Body), Unreadable> {
    if let Some(token) = headers.get(HEADER).and_then(|v| v.to_str().ok()) {
        return Ok((token.to_owned(), body));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(boundary) = multipart_boundary(content_type) {
        return Ok(first_part(body, &boundary, form_limit).await);
    }
    let bytes = to_bytes(body, form_limit).await.map_err(|_| Unreadable::TooLarge)?;
    let fields = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes).unwrap_or_default();
    // The text policy, on every field of the form, before any handler reads it.
    for (k, v) in &fields {
        let field = logbog_app::text::field_name(k).unwrap_or("form");
        if let Some(problem) = logbog_app::text::check(field, v) {
            return Err(Unreadable::Text { field, problem });
        }
    }
    let token = fields
        .into_iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v)
        .unwrap_or_default();
    Ok((token, Body::from(bytes)))
}

fn multipart_boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary")
            .then(|| v.trim_matches('"').to_owned())
            .filter(|b| !b.is_empty())
    })
}

/// What the first part of a multipart body says so far.
#[derive(Debug, PartialEq, Eq)]
enum Peek {
    /// The first part is `csrf` and complete: its value.
    Token(String),
    /// The first part is something else: no token.
    Other,
    /// Not enough bytes yet.
    More,
}

fn peek(buf: &[u8], boundary: &str) -> Peek {
    let delimiter = format!("--{boundary}\r\n");
    let Some(start) = find(buf, delimiter.as_bytes()) else {
        return if buf.len() > delimiter.len() + 1024 {
            Peek::Other
        } else {
            Peek::More
        };
    };
    let rest = &buf[start + delimiter.len()..];
    let Some(head_end) = find(rest, b"\r\n\r\n") else {
        return Peek::More;
    };
    let head = String::from_utf8_lossy(&rest[..head_end]).to_ascii_lowercase();
    let named_csrf = head
        .lines()
        .filter(|l| l.starts_with("content-disposition:"))
        .any(|l| l.split(';').any(|p| p.trim() == "name=\"csrf\""));
    if !named_csrf {
        return Peek::Other;
    }
    let value = &rest[head_end + 4..];
    let end = format!("\r\n--{boundary}");
    match find(value, end.as_bytes()) {
        Some(e) => Peek::Token(String::from_utf8_lossy(&value[..e]).trim().to_owned()),
        None => Peek::More,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Read the body until its first part is known (at most `limit` bytes), then hand on what was
/// read followed by the rest of the stream.
async fn first_part(body: Body, boundary: &str, limit: usize) -> (String, Body) {
    let mut stream = body.into_data_stream();
    let mut buf: Vec<u8> = Vec::new();
    let mut failed = None;
    let token = loop {
        match peek(&buf, boundary) {
            Peek::Token(t) => break t,
            Peek::Other => break String::new(),
            Peek::More if buf.len() >= limit => break String::new(),
            Peek::More => {}
        }
        match stream.next().await {
            Some(Ok(chunk)) => buf.extend_from_slice(&chunk),
            Some(Err(e)) => {
                failed = Some(e);
                break String::new();
            }
            None => break String::new(),
        }
    };
    let head = futures_util::stream::iter([Ok::<Bytes, axum::Error>(Bytes::from(buf))]);
    let body = match failed {
        Some(e) => Body::from_stream(head.chain(futures_util::stream::iter([Err(e)]))),
        None => Body::from_stream(head.chain(stream)),
    };
    (token, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn multipart(parts: &[(&str, &str)]) -> String {
        let mut s = String::new();
        for (name, value) in parts {
            s.push_str(&format!(
                "--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        s.push_str("--XyZ--\r\n");
        s
    }

    #[test]
    fn origin_and_referer_name_the_site() {
        let with = |pairs: &[(header::HeaderName, &str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(k.clone(), v.parse().unwrap());
            }
            from_another_site(&h)
        };
        let host = (header::HOST, "logbog.example:8080");
        assert!(
            !with(std::slice::from_ref(&host)),
            "no Origin or Referer: the token decides"
        );
        assert!(!with(&[host.clone(), (header::ORIGIN, "https://logbog.example:8080")]));
        assert!(!with(&[
            host.clone(),
            (header::REFERER, "http://LOGBOG.example:8080/logbook?x=1")
        ]));
        assert!(with(&[host.clone(), (header::ORIGIN, "https://evil.example")]));
        assert!(with(&[host.clone(), (header::ORIGIN, "null")]));
        assert!(with(&[
            host.clone(),
            (header::ORIGIN, "https://logbog.example:8080.evil.example")
        ]));
        assert!(with(&[
            host.clone(),
            (header::REFERER, "https://user@logbog.example:8080/")
        ]));
        assert!(
            with(&[
                host.clone(),
                (header::ORIGIN, "https://evil.example"),
                (header::REFERER, "https://logbog.example:8080/")
            ]),
            "Origin wins over Referer"
        );
    }

    #[test]
    fn the_first_part_gives_the_token() {
        let body = multipart(&[("csrf", "abc123"), ("file", "%PDF-1.7 …")]);
        assert_eq!(peek(body.as_bytes(), "XyZ"), Peek::Token("abc123".into()));
        assert_eq!(peek(&body.as_bytes()[..20], "XyZ"), Peek::More);
        let later = multipart(&[("file", "x"), ("csrf", "abc123")]);
        assert_eq!(peek(later.as_bytes(), "XyZ"), Peek::Other);
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=\"XyZ\""),
            Some("XyZ".into())
        );
        assert_eq!(multipart_boundary("application/x-www-form-urlencoded"), None);
    }

    #[tokio::test]
    async fn the_rest_of_a_multipart_body_streams_on_unchanged() {
        let text = multipart(&[("csrf", "abc123"), ("file", &"x".repeat(200_000))]);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=XyZ".parse().unwrap(),
        );
        let (token, body) = sent_token(&headers, Body::from(text.clone()), 1024).await.unwrap();
        assert_eq!(token, "abc123");
        let passed = to_bytes(body, usize::MAX).await.unwrap();
        assert_eq!(passed, text.as_bytes(), "nothing lost, nothing added");
    }
}
