//! The store on a folder always, and on an S3-compatible server when `LOGBOG_TEST_S3` names
//! one (`.ci/run` starts `moto_server` and sets it; `LOGBOG_REQUIRE_S3=1` turns a skip into a
//! failure). Each test gets its own folder or bucket.

use super::*;
use check::samples;
use futures_util::stream;

/// A fresh folder under the system's temporary folder.
fn temp_root(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("logbog-files-{name}-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&root).expect("temp folder");
    root
}

/// The stores a test runs on: a folder, and a new bucket on the S3 server if there is one.
async fn stores(name: &str) -> Vec<Store> {
    let mut all = vec![Store::open(&StoreConfig::Local { root: temp_root(name) }).expect("folder store")];
    if let Some(config) = test_s3_config(name).await {
        all.push(Store::open(&StoreConfig::S3(config)).expect("s3 store"));
    }
    all
}

/// A new bucket on the server `LOGBOG_TEST_S3` names, or `None` (a failure when
/// `LOGBOG_REQUIRE_S3=1`).
pub async fn test_s3_config(name: &str) -> Option<S3Config> {
    let Ok(endpoint) = std::env::var("LOGBOG_TEST_S3") else {
        assert!(
            std::env::var("LOGBOG_REQUIRE_S3").as_deref() != Ok("1"),
            "LOGBOG_REQUIRE_S3=1 but LOGBOG_TEST_S3 is not set"
        );
        eprintln!("LOGBOG_TEST_S3 not set: the S3 half of {name} is skipped");
        return None;
    };
    let bucket = format!("logbog-{}-{}", name.replace('_', "-"), uuid::Uuid::now_v7().simple());
    let bucket = bucket[..bucket.len().min(63)].to_owned();
    let created = reqwest::Client::new()
        .put(format!("{}/{bucket}", endpoint.trim_end_matches('/')))
        .send()
        .await
        .expect("the S3 test server answers");
    assert!(
        created.status().is_success(),
        "creating bucket {bucket}: {}",
        created.status()
    );
    Some(S3Config {
        endpoint,
        bucket,
        region: "us-east-1".to_owned(),
        access_key_id: "testing".to_owned(),
        secret_access_key: "testing".to_owned(),
    })
}

fn body(bytes: &[u8], chunk: usize) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Unpin + Send + use<> {
    let parts: Vec<Result<Bytes, std::io::Error>> =
        bytes.chunks(chunk).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    stream::iter(parts)
}

async fn read_all(store: &Store, key: &ObjectKey) -> Vec<u8> {
    let d = store.get(key).await.expect("get");
    let mut out = Vec::new();
    let mut body = d.body;
    while let Some(chunk) = body.next().await {
        out.extend_from_slice(&chunk.expect("chunk"));
    }
    assert_eq!(out.len() as u64, d.size);
    out
}

async fn keys(store: &Store) -> Vec<ObjectKey> {
    let mut all: Vec<ObjectKey> = store
        .list_older_than(i64::MAX)
        .map(|r| r.expect("list").key)
        .collect()
        .await;
    all.sort();
    all
}

#[tokio::test]
async fn a_file_goes_in_and_comes_out_the_same() {
    for store in stores("roundtrip").await {
        // Larger than one S3 part (5 MiB), so the multipart path is the one tested.
        let pdf = samples::large_pdf(6 * 1024 * 1024 + 123);
        let (key, checked) = store.put_checked(body(&pdf, 64 * 1024), 8 << 20).await.expect("put");
        assert_eq!(checked.file_type, FileType::Pdf);
        assert_eq!(checked.size, pdf.len() as u64);
        assert_eq!(read_all(&store, &key).await, pdf, "{store:?}");
        assert_eq!(keys(&store).await, vec![key.clone()]);
        store.delete(&key).await.expect("delete");
        store.delete(&key).await.expect("a second delete is no error");
        assert!(keys(&store).await.is_empty());
    }
}

#[tokio::test]
async fn a_refused_or_broken_upload_leaves_nothing() {
    for store in stores("refused").await {
        let html = b"<!doctype html><script>alert(1)</script>".repeat(1000);
        let refused = store.put_checked(body(&html, 4096), 1 << 20).await;
        assert!(
            matches!(refused, Err(UploadError::Refused(Refusal::NotAllowedType))),
            "{refused:?}"
        );

        let big = samples::large_pdf(6 * 1024 * 1024);
        let too_large = store.put_checked(body(&big, 64 * 1024), 5 << 20).await;
        assert!(
            matches!(too_large, Err(UploadError::Refused(Refusal::TooLarge { .. }))),
            "{too_large:?}"
        );

        let mut js = samples::pdf("x");
        js.extend_from_slice(b"9 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n%%EOF\n");
        let active = store.put_checked(body(&js, 100), 1 << 20).await;
        assert!(
            matches!(active, Err(UploadError::Refused(Refusal::PdfActive))),
            "{active:?}"
        );

        let pdf = samples::pdf("x");
        let mut parts: Vec<Result<Bytes, std::io::Error>> = vec![Ok(Bytes::copy_from_slice(&pdf[..100]))];
        parts.push(Err(std::io::Error::other("connection reset")));
        let broken = store.put_checked(stream::iter(parts), 1 << 20).await;
        assert!(matches!(broken, Err(UploadError::Body(_))), "{broken:?}");

        assert!(keys(&store).await.is_empty(), "{store:?} kept {:?}", keys(&store).await);
    }
}

#[tokio::test]
async fn the_sweep_lists_only_what_is_old_enough() {
    for store in stores("sweep").await {
        let (key, _) = store
            .put_checked(body(&samples::png(), 10), 1 << 20)
            .await
            .expect("put");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs() as i64;
        let young: Vec<_> = store.list_older_than(now - 3600).collect().await;
        assert!(young.is_empty(), "an object written now is not a candidate");
        let old: Vec<ObjectKey> = store
            .list_older_than(now + 3600)
            .map(|r| r.expect("list").key)
            .collect()
            .await;
        assert_eq!(old, vec![key]);
    }
}

#[tokio::test]
async fn partial_files_of_a_folder_store_are_swept() {
    let root = temp_root("partial");
    let store = Store::open(&StoreConfig::Local { root: root.clone() }).expect("store");
    let partial = root.join(PREFIX).join(format!("{}#1", uuid::Uuid::now_v7()));
    std::fs::write(&partial, b"half").expect("write");
    assert_eq!(store.sweep_partial(0).await.expect("sweep"), 0, "too young");
    assert_eq!(store.sweep_partial(i64::MAX).await.expect("sweep"), 1);
    assert!(!partial.exists());
}

#[test]
fn keys_are_generated_and_parsed_strictly() {
    let key = ObjectKey::generate();
    assert_eq!(ObjectKey::parse(key.as_str()).expect("parse"), key);
    for bad in [
        "../etc/passwd",
        "documents/../x",
        "documents/not-a-uuid",
        "other/0190c4b2-1c3e-7000-8000-000000000000",
    ] {
        assert!(ObjectKey::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_secret_never_shows() {
    let config = StoreConfig::S3(S3Config {
        endpoint: "https://s3.region.dk".into(),
        bucket: "logbog".into(),
        region: "eu-north-1".into(),
        access_key_id: "AKIA".into(),
        secret_access_key: "hemmelig".into(),
    });
    let shown = format!("{config:?}");
    assert!(!shown.contains("hemmelig") && shown.contains("AKIA"), "{shown}");
}

/// The sample PDFs (the demo's documents, the benchmark's) are valid for `qpdf --check`, when
/// qpdf is installed (`LOGBOG_REQUIRE_PDF_TOOLS=1`, as in CI, makes its absence a failure).
#[test]
fn the_samples_are_pdfs_qpdf_accepts() {
    let qpdf = std::process::Command::new("qpdf").arg("--version").output();
    if qpdf.is_err() {
        assert!(
            std::env::var("LOGBOG_REQUIRE_PDF_TOOLS").as_deref() != Ok("1"),
            "LOGBOG_REQUIRE_PDF_TOOLS=1 but qpdf is not installed"
        );
        eprintln!("qpdf not installed: the samples are not checked");
        return;
    }
    let dir = temp_root("qpdf");
    for (name, bytes) in [
        ("small.pdf", samples::pdf("Kompetencekort (udfyldt)")),
        ("large.pdf", samples::large_pdf(2 * 1024 * 1024)),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).expect("write");
        let out = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("qpdf");
        assert!(
            out.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
