//! Where uploaded documents live: a folder under the data folder by default, or an
//! S3-compatible bucket by configuration, behind one [`Store`]. An upload streams through the
//! checks of [`check`] into the store under a generated [`ObjectKey`] (a user's file name is
//! data, never a path); a refused or broken upload leaves no object behind. The database row
//! that points to an object is the caller's, written after the object: objects no row points
//! to are found by [`Store::list_older_than`] and removed by the caller's sweep.

pub mod check;
pub mod pdf;

pub use check::{Checked, FileType, Inspector, Refusal};

use bytes::Bytes;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use thiserror::Error;

/// Where the objects are.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreConfig {
    /// In this process's memory: for tests and commands that keep no files. Gone at exit.
    Memory,
    /// A folder on this machine (created if missing).
    Local { root: PathBuf },
    /// An S3-compatible bucket.
    S3(S3Config),
}

/// An S3-compatible bucket and how to reach it. The secret never shows in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    /// `https://s3.example.dk` (or `http://` for a local test server).
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl fmt::Debug for StoreConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreConfig::Memory => f.write_str("Memory"),
            StoreConfig::Local { root } => f.debug_struct("Local").field("root", root).finish(),
            StoreConfig::S3(s3) => s3.fmt(f),
        }
    }
}

impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"***")
            .finish()
    }
}

/// The key of a stored object: generated, never derived from anything a user sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectKey(String);

/// The folder (prefix) every document object is under.
const PREFIX: &str = "documents";

impl ObjectKey {
    /// A new key: time-ordered, unique.
    pub fn generate() -> Self {
        Self(format!("{PREFIX}/{}", uuid::Uuid::now_v7()))
    }

    /// A stored key, as read back from the database.
    pub fn parse(value: &str) -> Result<Self, FilesError> {
        let rest = value
            .strip_prefix(PREFIX)
            .and_then(|r| r.strip_prefix('/'))
            .ok_or_else(|| FilesError::BadKey(value.to_owned()))?;
        uuid::Uuid::parse_str(rest).map_err(|_| FilesError::BadKey(value.to_owned()))?;
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn path(&self) -> Path {
        Path::from(self.0.as_str())
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Failures of the store itself (not of the upload's content).
#[derive(Debug, Error)]
pub enum FilesError {
    #[error("file store: {0}")]
    Store(#[from] object_store::Error),
    #[error("file store folder {path}: {source}")]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("stored object key is malformed: {0:?}")]
    BadKey(String),
    /// The process's bound on uploads in flight was closed (it is not, while the store lives).
    #[error("the file store takes no more uploads")]
    Closed,
}

/// Why an upload did not become an object.
#[derive(Debug, Error)]
pub enum UploadError {
    /// The content was refused: the user's to fix.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// The body stopped (the client went away, or its multipart framing broke).
    #[error("the upload did not arrive whole: {0}")]
    Body(String),
    #[error(transparent)]
    Files(#[from] FilesError),
}

/// A stored object as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub key: ObjectKey,
    pub size: u64,
    /// When it was last written, in seconds since the Unix epoch.
    pub modified: i64,
}

/// An object being read: its size and its bytes.
pub struct Download {
    pub size: u64,
    pub body: BoxStream<'static, Result<Bytes, FilesError>>,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download").field("size", &self.size).finish()
    }
}

/// The document store.
#[derive(Clone)]
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    /// Bytes buffered before a part is written: S3 wants at least 5 MiB per part but the last;
    /// a folder takes any size, so it buffers less.
    part_size: usize,
    /// Parts being buffered or written at once, over all uploads of the process: a bound on
    /// the memory uploads take (parts × part size), whatever the number of uploads. An upload
    /// waiting for a permit reads no more of its body, so its client is slowed instead.
    parts: Arc<tokio::sync::Semaphore>,
    /// The folder of a folder store.
    root: Option<PathBuf>,
    describe: String,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe)
    }
}

impl Store {
    /// Open the store `config` names. A folder is created if missing; a bucket must exist.
    pub fn open(config: &StoreConfig) -> Result<Self, FilesError> {
        match config {
            StoreConfig::Memory => Ok(Self::memory()),
            StoreConfig::Local { root } => {
                std::fs::create_dir_all(root.join(PREFIX)).map_err(|source| FilesError::Folder {
                    path: root.clone(),
                    source,
                })?;
                // fsync on: a row may point to the object as soon as the put returns, so the
                // object must be on disk by then (a crash must not leave a row without its file).
                let fs = object_store::local::LocalFileSystem::new_with_prefix(root)?
                    .with_fsync(true)
                    .with_automatic_cleanup(false);
                Ok(Self {
                    inner: Arc::new(fs),
                    part_size: 256 * 1024,
                    parts: Arc::new(tokio::sync::Semaphore::new(64)),
                    root: Some(root.clone()),
                    describe: format!("folder {}", root.display()),
                })
            }
            StoreConfig::S3(s3) => {
                let store = object_store::aws::AmazonS3Builder::new()
                    .with_endpoint(&s3.endpoint)
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key_id)
                    .with_secret_access_key(&s3.secret_access_key)
                    .with_allow_http(s3.endpoint.starts_with("http://"))
                    .build()?;
                Ok(Self {
                    inner: Arc::new(store),
                    part_size: 5 * 1024 * 1024,
                    // 4 × 5 MiB: S3's smallest part but the last.
                    parts: Arc::new(tokio::sync::Semaphore::new(4)),
                    root: None,
                    describe: format!("S3 bucket {} at {}", s3.bucket, s3.endpoint),
                })
            }
        }
    }

    /// A store in memory (see [`StoreConfig::Memory`]).
    pub fn memory() -> Self {
        Self {
            inner: Arc::new(object_store::memory::InMemory::new()),
            part_size: 256 * 1024,
            parts: Arc::new(tokio::sync::Semaphore::new(64)),
            root: None,
            describe: "memory".to_owned(),
        }
    }

    /// Stream `body` through the checks into a new object. On any refusal or failure the
    /// partial object is aborted, so nothing is left behind; on success the object is durable.
    /// One part is buffered, then written before the body is read on, and only so many parts
    /// at once in the process (`parts`): memory grows neither with the file nor with the
    /// number of uploads (the bodies are read only as fast as the store takes them).
    pub async fn put_checked<S, E>(&self, mut body: S, limit: u64) -> Result<(ObjectKey, Checked), UploadError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
        E: fmt::Display,
    {
        let key = ObjectKey::generate();
        let upload = self.inner.put_multipart(&key.path()).await.map_err(FilesError::from)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, self.part_size);
        let mut inspector = Inspector::new(limit);
        let outcome: Result<(), UploadError> = async {
            // Bytes in the part being buffered, and this upload's permit while it buffers one.
            let mut buffered = 0;
            let mut permit = None;
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| UploadError::Body(e.to_string()))?;
                inspector.feed(&chunk).map_err(UploadError::Refused)?;
                if permit.is_none() {
                    permit = Some(
                        self.parts
                            .clone()
                            .acquire_owned()
                            .await
                            .map_err(|_| FilesError::Closed)?,
                    );
                }
                buffered += chunk.len();
                writer.put(chunk);
                if buffered >= self.part_size {
                    // A part went out: wait until it is written, then let another upload
                    // buffer, unless this one's next part has begun.
                    writer.wait_for_capacity(0).await.map_err(FilesError::from)?;
                    buffered %= self.part_size;
                    if buffered == 0 {
                        permit = None;
                    }
                }
            }
            drop(permit);
            Ok(())
        }
        .await;
        let checked = outcome.and_then(|()| inspector.finish().map_err(UploadError::Refused));
        match checked {
            Ok(checked) => match writer.finish().await {
                Ok(_) => Ok((key, checked)),
                Err(e) => {
                    // `finish` aborted what it could; a half-written object left by a crash
                    // here is the sweep's.
                    Err(FilesError::from(e).into())
                }
            },
            Err(e) => {
                if let Err(abort) = writer.abort().await {
                    tracing::warn!(error = %abort, key = %key, "aborting a refused upload failed; the sweep removes it");
                }
                Err(e)
            }
        }
    }

    /// Read an object.
    pub async fn get(&self, key: &ObjectKey) -> Result<Download, FilesError> {
        let got = self.inner.get(&key.path()).await?;
        let size = got.meta.size;
        let body = got.into_stream().map(|r| r.map_err(FilesError::from)).boxed();
        Ok(Download { size, body })
    }

    /// Remove an object; one already gone is no error.
    pub async fn delete(&self, key: &ObjectKey) -> Result<(), FilesError> {
        match self.inner.delete(&key.path()).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Remove what uploads cut off by a crash left in a folder store: the partial files
    /// (`<key>#<n>`) written before `before` (seconds since the epoch). A bucket keeps such
    /// parts as incomplete multipart uploads, which its lifecycle rule expires.
    pub async fn sweep_partial(&self, before: i64) -> Result<u64, FilesError> {
        let Some(root) = self.root.clone() else {
            return Ok(0);
        };
        let folder = root.join(PREFIX);
        let removed = tokio::task::spawn_blocking(move || -> Result<u64, std::io::Error> {
            let mut removed = 0;
            for entry in std::fs::read_dir(&folder)? {
                let entry = entry?;
                let name = entry.file_name();
                if !name.to_string_lossy().contains('#') {
                    continue;
                }
                let modified = entry
                    .metadata()?
                    .modified()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64);
                if modified < before {
                    std::fs::remove_file(entry.path())?;
                    removed += 1;
                }
            }
            Ok(removed)
        })
        .await
        .map_err(|e| FilesError::Folder {
            path: root.clone(),
            source: std::io::Error::other(e.to_string()),
        })?
        .map_err(|source| FilesError::Folder { path: root, source })?;
        Ok(removed)
    }

    /// Every object last written before `before` (seconds since the epoch): the candidates of
    /// the sweep, which removes those no row points to. Objects written since may belong to
    /// uploads whose rows are about to commit.
    pub fn list_older_than(&self, before: i64) -> BoxStream<'static, Result<Listed, FilesError>> {
        self.inner
            .list(Some(&Path::from(PREFIX)))
            .filter_map(move |r| async move {
                match r {
                    Err(e) => Some(Err(FilesError::from(e))),
                    Ok(meta) => {
                        let modified = meta.last_modified.timestamp();
                        if modified >= before {
                            return None;
                        }
                        match ObjectKey::parse(meta.location.as_ref()) {
                            Ok(key) => Some(Ok(Listed {
                                key,
                                size: meta.size,
                                modified,
                            })),
                            // Not ours (a stray file in the folder): leave it alone.
                            Err(_) => None,
                        }
                    }
                }
            })
            .boxed()
    }
}

#[cfg(test)]
mod tests;
