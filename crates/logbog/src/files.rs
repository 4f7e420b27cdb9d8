//! Where uploaded documents are kept: the command-line options of the file store, and the
//! hourly sweep of objects no document points to.

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use logbog_files::{S3Config, Store, StoreConfig};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    /// The `files` folder in the data folder.
    Folder,
    /// An S3-compatible bucket (`--s3-endpoint`, `--s3-bucket`; credentials from the
    /// environment).
    S3,
}

#[derive(Args, Clone, Debug)]
pub struct FilesArgs {
    /// Where uploaded documents are stored.
    #[arg(long, env = "LOGBOG_FILES_STORE", value_enum, default_value = "folder")]
    pub files_store: StoreKind,
    /// The S3-compatible server, e.g. https://s3.eu-north-1.amazonaws.com.
    #[arg(long, env = "LOGBOG_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,
    /// The bucket (it must exist).
    #[arg(long, env = "LOGBOG_S3_BUCKET")]
    pub s3_bucket: Option<String>,
    #[arg(long, env = "LOGBOG_S3_REGION", default_value = "eu-north-1")]
    pub s3_region: String,
    /// The access key; only from the environment.
    #[arg(skip = std::env::var("LOGBOG_S3_ACCESS_KEY_ID").unwrap_or_default())]
    pub s3_access_key_id: String,
    /// The secret key; only from the environment, never logged.
    #[arg(skip = std::env::var("LOGBOG_S3_SECRET_ACCESS_KEY").unwrap_or_default())]
    pub s3_secret_access_key: String,
}

impl FilesArgs {
    /// The data folder's `files` folder (the demo's store).
    pub fn folder() -> Self {
        Self {
            files_store: StoreKind::Folder,
            s3_endpoint: None,
            s3_bucket: None,
            s3_region: "eu-north-1".to_owned(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: String::new(),
        }
    }

    /// The store these options name, under `data_dir` for a folder.
    pub fn config(&self, data_dir: &Path) -> Result<StoreConfig> {
        Ok(match self.files_store {
            StoreKind::Folder => StoreConfig::Local {
                root: data_dir.join("files"),
            },
            StoreKind::S3 => {
                let (Some(endpoint), Some(bucket)) = (&self.s3_endpoint, &self.s3_bucket) else {
                    bail!(
                        "--files-store s3 needs --s3-endpoint and --s3-bucket (or LOGBOG_S3_ENDPOINT, LOGBOG_S3_BUCKET)"
                    );
                };
                if self.s3_access_key_id.is_empty() || self.s3_secret_access_key.is_empty() {
                    bail!(
                        "--files-store s3 needs LOGBOG_S3_ACCESS_KEY_ID and LOGBOG_S3_SECRET_ACCESS_KEY in the environment"
                    );
                }
                StoreConfig::S3(S3Config {
                    endpoint: endpoint.clone(),
                    bucket: bucket.clone(),
                    region: self.s3_region.clone(),
                    access_key_id: self.s3_access_key_id.clone(),
                    secret_access_key: self.s3_secret_access_key.clone(),
                })
            }
        })
    }

    /// Open the store (logged without its secret).
    pub fn open(&self, data_dir: &Path) -> Result<Store> {
        let config = self.config(data_dir)?;
        let store = Store::open(&config).with_context(|| format!("cannot open the file store {config:?}"))?;
        tracing::info!(store = ?store, "documents are stored in");
        Ok(store)
    }
}

/// The hourly sweep: objects older than an hour that no document points to (an upload cut
/// off by a crash between its object and its row) are removed.
pub async fn sweep(app: &logbog_app::App) {
    match logbog_app::documents::sweep(app, chrono::Duration::hours(1)).await {
        Ok(s) if s.removed > 0 => tracing::info!(checked = s.checked, removed = s.removed, "swept stray files"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "sweeping stray files failed"),
    }
}
