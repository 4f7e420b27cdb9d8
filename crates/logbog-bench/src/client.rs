//! HTTP clients as a browser and an API user see the server: the login form with its CSRF
//! token, bearer tokens, and JSON reads for finding the ids the scenarios use.

use anyhow::{Context, Result, bail};
use reqwest::Client;
use serde_json::Value;
use std::time::Duration;

/// The cookie that carries the CSRF token before login.
pub const CSRF_COOKIE: &str = "logbog_csrf";

fn builder() -> reqwest::ClientBuilder {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(1)
        .tcp_nodelay(true)
}

/// A client without cookies (anonymous pages, the API, the login loop).
pub fn plain() -> Result<Client> {
    builder().build().context("cannot build an HTTP client")
}

/// A client with its own cookie jar, as a browser.
pub fn browser() -> Result<Client> {
    builder()
        .cookie_store(true)
        .build()
        .context("cannot build an HTTP client")
}

/// The CSRF token in a page's first form.
pub fn csrf_field(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let len = html[start..].find('"')?;
    Some(html[start..start + len].to_owned())
}

/// `GET /login` without cookies: the CSRF token the page and its cookie carry.
pub async fn anonymous_csrf(client: &Client, base: &str) -> Result<String> {
    let response = client.get(format!("{base}/login")).send().await?;
    let status = response.status();
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{CSRF_COOKIE}=")))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    let html = response.text().await?;
    if status.as_u16() != 200 {
        bail!("GET /login answered {status}");
    }
    let field = csrf_field(&html).context("the login page has no CSRF field")?;
    match cookie {
        Some(c) if c == field => Ok(field),
        Some(_) => bail!("the login page's CSRF field differs from its {CSRF_COOKIE} cookie"),
        None => bail!("GET /login set no {CSRF_COOKIE} cookie"),
    }
}

/// The login form as a browser sends it.
pub fn login_form(client: &Client, base: &str, csrf: &str, username: &str, password: &str) -> reqwest::RequestBuilder {
    client
        .post(format!("{base}/login"))
        .header(reqwest::header::COOKIE, format!("{CSRF_COOKIE}={csrf}"))
        .form(&[
            ("csrf", csrf),
            ("next", ""),
            ("username", username),
            ("password", password),
        ])
}

/// A browser logged in through the real login form; its jar holds the session cookie.
pub async fn web_session(base: &str, username: &str, password: &str) -> Result<Client> {
    let client = browser()?;
    let html = client.get(format!("{base}/login")).send().await?.text().await?;
    let csrf = csrf_field(&html).context("the login page has no CSRF field")?;
    let response = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("next", ""),
            ("username", username),
            ("password", password),
        ])
        .send()
        .await?;
    let status = response.status().as_u16();
    if status != 303 {
        bail!("logging in as {username} through the form answered {status}, not 303");
    }
    Ok(client)
}

/// `POST /api/v1/auth/token`: a bearer token.
pub async fn token(client: &Client, base: &str, username: &str, password: &str) -> Result<String> {
    let response = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({ "username": username, "password": password }))
        .send()
        .await?;
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    if status != 201 {
        bail!("a token for {username} was refused ({status}): {body}");
    }
    body["token"]
        .as_str()
        .map(str::to_owned)
        .context("the token answer has no token")
}

/// An API client: what it needs to send JSON with a bearer token.
#[derive(Clone)]
pub struct Api {
    pub client: Client,
    pub base: String,
    pub token: String,
}

impl Api {
    pub async fn login(base: &str, username: &str, password: &str) -> Result<Self> {
        let client = plain()?;
        let token = token(&client, base, username, password).await?;
        Ok(Self {
            client,
            base: base.to_owned(),
            token,
        })
    }

    /// `GET path`, expecting 200 and JSON.
    pub async fn get(&self, path: &str) -> Result<Value> {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .with_context(|| format!("GET {path}"))?;
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if status != 200 {
            bail!("GET {path} answered {status}: {body}");
        }
        Ok(body)
    }

    /// A request with a JSON body; the status and the body (JSON or null).
    pub async fn send(&self, method: reqwest::Method, path: &str, body: &Value) -> Result<(u16, Value)> {
        let response = self
            .client
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .with_context(|| format!("{method} {path}"))?;
        let status = response.status().as_u16();
        Ok((status, response.json().await.unwrap_or(Value::Null)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_csrf_field() {
        let html = r#"<form><input type="hidden" name="csrf" value="abc123"><input name="x"></form>"#;
        assert_eq!(super::csrf_field(html).as_deref(), Some("abc123"));
        assert_eq!(super::csrf_field("<p>no form</p>"), None);
    }
}
