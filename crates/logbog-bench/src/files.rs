//! Documents: upload and download throughput of a 10 MB PDF, and the server's resident memory
//! while 8 uploads of 20 MB stream at once (it must stay within 50 MB of idle: an upload goes
//! to the store as it arrives, never whole into memory). On the folder store, and on an
//! S3-compatible server when `--s3-endpoint` names one (the bench creates a bucket there and
//! starts the server on it).

use crate::client::{self, Api};
use crate::server::Server;
use crate::{Options, Sampler};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::time::{Duration, Instant};

/// MiB.
const MIB: usize = 1024 * 1024;
/// The budget: resident memory during the parallel uploads, above idle.
pub const PARALLEL_BUDGET_KIB: u64 = 50 * 1024;

/// What one store measured.
#[derive(Debug, Clone, Serialize)]
pub struct FileFigures {
    /// `folder` or `S3 (…)`.
    pub store: String,
    pub file_mib: f64,
    /// Median of the rounds: one upload (multipart, recorded) and one download (read whole).
    pub upload_ms: f64,
    pub download_ms: f64,
    pub upload_mib_s: f64,
    pub download_mib_s: f64,
    pub parallel: usize,
    pub parallel_file_mib: f64,
    pub parallel_ms: f64,
    pub idle_kib: u64,
    /// The highest resident memory while the parallel uploads ran.
    pub parallel_peak_kib: u64,
}

impl FileFigures {
    pub fn parallel_above_idle_kib(&self) -> u64 {
        self.parallel_peak_kib.saturating_sub(self.idle_kib)
    }
}

/// A valid PDF of `size` bytes or a little less: a page and an unused stream of padding, with
/// a correct cross-reference table. (The bench uses no Logbog crate, so it makes its own.)
pub fn pdf(size: usize) -> Vec<u8> {
    let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>";
    let fixed = 400;
    let pad = size.saturating_sub(fixed);
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page.as_bytes().to_vec(),
        [
            format!("<< /Length {pad} >>\nstream\n").into_bytes(),
            vec![b'x'; pad],
            b"\nendstream".to_vec(),
        ]
        .concat(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn multipart(bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "logbog-bench-boundary-7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"dated\"\r\n\r\n2024-08-15\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"aftale.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The trainee's upload address (her main programme's agreements).
async fn upload_url(api: &Api) -> Result<String> {
    let me = api.get("/api/v1/me").await?;
    let person = me["person_id"]
        .as_str()
        .context("/api/v1/me has no person_id")?
        .to_owned();
    let programmes = api.get(&format!("/api/v1/trainees/{person}/programmes")).await?;
    let main = programmes
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["kind"] == "main"))
        .and_then(|p| p["id"].as_str())
        .context("the trainee has no main programme to upload an agreement to")?;
    Ok(format!("/api/v1/trainees/{person}/programmes/{main}/agreements"))
}

/// Upload `bytes`; the new document's id and the time it took.
async fn upload(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    url: &str,
    bytes: &[u8],
) -> Result<(String, Duration)> {
    let (content_type, body) = multipart(bytes);
    let started = Instant::now();
    let resp = http
        .post(format!("{base}{url}"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await?;
    let status = resp.status().as_u16();
    let json: serde_json::Value = resp.json().await.unwrap_or_default();
    let took = started.elapsed();
    if status != 201 {
        bail!("an upload was answered {status}: {json}");
    }
    let id = json["document"]["id"]
        .as_str()
        .context("the upload's answer has no id")?;
    Ok((id.to_owned(), took))
}

async fn delete(http: &reqwest::Client, base: &str, token: &str, id: &str) -> Result<()> {
    let status = http
        .delete(format!("{base}/api/v1/documents/{id}"))
        .bearer_auth(token)
        .send()
        .await?
        .status()
        .as_u16();
    if status != 204 {
        bail!("deleting a benchmark upload was answered {status}");
    }
    Ok(())
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs.get(xs.len() / 2).copied().unwrap_or_default()
}

/// Measure the store of `server`, as the writing trainee, in `opts.file_rounds` rounds;
/// everything uploaded is deleted again (the trainee's quota and the dataset stay as they
/// were).
pub async fn measure(server: &Server, store: &str, opts: &Options) -> Result<FileFigures> {
    let (accounts, rounds) = (&opts.accounts, opts.file_rounds);
    let base = &server.base;
    let api = Api::login(base, &accounts.write_trainee, &accounts.password).await?;
    let url = upload_url(&api).await?;
    let http = client::plain()?;
    let file = pdf(opts.file_mib * MIB);
    let mut ups = Vec::new();
    let mut downs = Vec::new();
    for _ in 0..rounds.max(1) {
        let (id, took) = upload(&http, base, &api.token, &url, &file).await?;
        ups.push(took);
        let started = Instant::now();
        let resp = http
            .get(format!("{base}/api/v1/documents/{id}"))
            .bearer_auth(&api.token)
            .send()
            .await?;
        let status = resp.status().as_u16();
        let got = resp.bytes().await?;
        downs.push(started.elapsed());
        if status != 200 || got.len() != file.len() {
            bail!(
                "a download was answered {status} with {} of {} bytes",
                got.len(),
                file.len()
            );
        }
        delete(&http, base, &api.token, &id).await?;
    }
    // Idle, then eight 20 MB uploads at once.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_kib = server.memory()?.rss_kib;
    let big = std::sync::Arc::new(pdf(opts.parallel_mib * MIB));
    let parallel = 8;
    let sampler = Sampler::start(server.pid);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..parallel {
        let (http, base, token, url, big) = (
            client::plain()?,
            base.clone(),
            api.token.clone(),
            url.clone(),
            big.clone(),
        );
        tasks.push(tokio::spawn(
            async move { upload(&http, &base, &token, &url, &big).await },
        ));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.context("an upload task")??.0);
    }
    let parallel_ms = started.elapsed().as_secs_f64() * 1000.0;
    let parallel_peak_kib = sampler.finish(server.pid).await;
    for id in ids {
        delete(&http, base, &api.token, &id).await?;
    }
    let mib = |d: Duration| file.len() as f64 / MIB as f64 / d.as_secs_f64().max(1e-9);
    let (up, down) = (median(ups), median(downs));
    Ok(FileFigures {
        store: store.to_owned(),
        file_mib: file.len() as f64 / MIB as f64,
        upload_ms: up.as_secs_f64() * 1000.0,
        download_ms: down.as_secs_f64() * 1000.0,
        upload_mib_s: mib(up),
        download_mib_s: mib(down),
        parallel,
        parallel_file_mib: big.len() as f64 / MIB as f64,
        parallel_ms,
        idle_kib,
        parallel_peak_kib,
    })
}

/// A new bucket on the S3-compatible server at `endpoint` (a test server such as moto's
/// accepts an unsigned PUT).
pub async fn create_bucket(endpoint: &str) -> Result<String> {
    let bucket = format!(
        "logbog-bench-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0)
    );
    let status = client::plain()?
        .put(format!("{}/{bucket}", endpoint.trim_end_matches('/')))
        .send()
        .await
        .with_context(|| format!("cannot reach the S3 server at {endpoint}"))?
        .status();
    if !status.is_success() {
        bail!("creating the bucket {bucket} at {endpoint} was answered {status}");
    }
    Ok(bucket)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pdf_is_the_size_asked_and_ends_as_a_pdf_does() {
        let p = super::pdf(1 << 20);
        assert!(p.len() <= (1 << 20) + 100 && p.len() > (1 << 20) - 500, "{}", p.len());
        assert!(p.starts_with(b"%PDF-") && p.ends_with(b"%%EOF\n"));
    }
}
