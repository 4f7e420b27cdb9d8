//! `logbog backup` and `logbog restore`: a consistent copy of a live installation and its way
//! back. Every table is read in one snapshot while the server goes on writing (so the copy holds
//! exactly what was committed when the backup began), then the document store is copied; a
//! manifest with the row count and SHA-256 of every file is written last, so a folder without
//! one is no backup. The copy is portable: it restores on either backend. A restore checks every
//! hash before it touches the target, loads all tables in one transaction into an empty
//! installation (or over one, when told), then checks the counts and verifies the audit chain.

use crate::App;
use logbog_db::backup::{self as repo, Column, Value};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The version of the backup's layout.
pub const FORMAT: i64 = 1;
const MANIFEST: &str = "manifest.json";
/// Rows loaded per batch during a restore.
const BATCH: usize = 2_000;

/// What a backup holds, written last into its folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: i64,
    pub created_at: String,
    /// The backend it was taken from (`sqlite` or `postgres`).
    pub backend: String,
    /// The schema version (the newest migration) of the installation.
    pub schema_version: i64,
    /// The audit chain's head in the snapshot: its last event and hash.
    pub audit_head: (i64, String),
    pub tables: Vec<TableEntry>,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub rows: u64,
    /// Relative to the backup folder.
    pub file: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the document store, with `/` between folders.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Why a backup or restore stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Db(#[from] logbog_db::DbError),
    #[error("{0}")]
    Refused(String),
    #[error("the backup is damaged: {0}")]
    Damaged(String),
}

fn io(what: &str, path: &Path) -> impl FnOnce(std::io::Error) -> BackupError {
    let msg = format!("{what} {}", path.display());
    move |e| BackupError::Io(format!("{msg}: {e}"))
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W: Write> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Hashing<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }
    fn finish(mut self) -> std::io::Result<(String, u64)> {
        self.inner.flush()?;
        Ok((hex::encode(self.hash.finalize()), self.bytes))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn sha256_of(path: &Path) -> Result<(String, u64), BackupError> {
    let mut file = std::fs::File::open(path).map_err(io("cannot read", path))?;
    let mut h = Hashing::new(std::io::sink());
    std::io::copy(&mut file, &mut h).map_err(io("cannot read", path))?;
    h.finish().map_err(io("cannot read", path))
}

/// Every file under `root`, as paths relative to it, sorted.
fn files_under(root: &Path) -> Result<Vec<PathBuf>, BackupError> {
    let mut out = Vec::new();
    let mut dirs = vec![PathBuf::new()];
    while let Some(rel) = dirs.pop() {
        let dir = root.join(&rel);
        if !dir.exists() {
            continue;
        }
        for entry in std::fs::read_dir(&dir).map_err(io("cannot list", &dir))? {
            let entry = entry.map_err(io("cannot list", &dir))?;
            let kind = entry.file_type().map_err(io("cannot list", &dir))?;
            let rel = rel.join(entry.file_name());
            if kind.is_dir() {
                dirs.push(rel);
            } else if kind.is_file() {
                out.push(rel);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Copy the installation into `out` (a new or empty folder): the tables from one snapshot, then
/// the document store at `files`.
pub async fn backup(app: &App, files: &Path, out: &Path) -> Result<Manifest, BackupError> {
    if out.exists() && std::fs::read_dir(out).map_err(io("cannot list", out))?.next().is_some() {
        return Err(BackupError::Refused(format!(
            "{} is not empty: a backup goes into a new folder",
            out.display()
        )));
    }
    let tables_dir = out.join("tables");
    std::fs::create_dir_all(&tables_dir).map_err(io("cannot create", &tables_dir))?;
    let backend = app.db.backend();
    let created_at = app.clock.now().to_rfc3339();
    let mut tx = app.db.read().await?;
    let audit_head = logbog_db::audit::head(&mut tx).await?;
    let mut tables = Vec::new();
    for table in repo::TABLES {
        let columns = repo::columns_of(&mut tx, backend, table).await?;
        let file = format!("tables/{table}.jsonl");
        let path = out.join(&file);
        let f = std::fs::File::create(&path).map_err(io("cannot create", &path))?;
        let mut w = Hashing::new(std::io::BufWriter::new(f));
        let header: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        let write_line = |w: &mut Hashing<_>, v: &serde_json::Value| -> Result<(), logbog_db::DbError> {
            serde_json::to_writer(&mut *w, v)
                .and_then(|()| w.write_all(b"\n").map_err(serde_json::Error::io))
                .map_err(|e| logbog_db::DbError::Corrupt(format!("cannot write {}: {e}", path.display())))
        };
        write_line(&mut w, &serde_json::json!(header))?;
        let rows = repo::export_table(&mut tx, table, &columns, |values| {
            write_line(
                &mut w,
                &serde_json::Value::Array(values.iter().map(Value::to_json).collect()),
            )
        })
        .await?;
        let (sha256, _) = w.finish().map_err(io("cannot write", &path))?;
        tables.push(TableEntry {
            name: (*table).to_owned(),
            rows,
            file,
            sha256,
        });
    }
    drop(tx);
    // Documents are stored before the rows that point to them commit: copied after the
    // snapshot, every document a row of it points to is there.
    let mut copied = Vec::new();
    for rel in files_under(files)? {
        let from = files.join(&rel);
        let to = out.join("files").join(&rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io("cannot create", parent))?;
        }
        let mut src = std::fs::File::open(&from).map_err(io("cannot read", &from))?;
        let dst = std::fs::File::create(&to).map_err(io("cannot create", &to))?;
        let mut w = Hashing::new(std::io::BufWriter::new(dst));
        std::io::copy(&mut src, &mut w).map_err(io("cannot copy", &from))?;
        let (sha256, bytes) = w.finish().map_err(io("cannot write", &to))?;
        copied.push(FileEntry {
            path: slash_path(&rel),
            bytes,
            sha256,
        });
    }
    let manifest = Manifest {
        format: FORMAT,
        created_at,
        backend: match backend {
            logbog_db::Backend::Sqlite => "sqlite",
            logbog_db::Backend::Postgres => "postgres",
        }
        .to_owned(),
        schema_version: repo::schema_version(),
        audit_head,
        tables,
        files: copied,
    };
    let path = out.join(MANIFEST);
    let text = serde_json::to_vec_pretty(&manifest).map_err(|e| BackupError::Io(e.to_string()))?;
    std::fs::write(&path, text).map_err(io("cannot write", &path))?;
    Ok(manifest)
}

/// Read a backup's manifest and check every file it names against its hash.
pub fn check(from: &Path) -> Result<Manifest, BackupError> {
    let path = from.join(MANIFEST);
    let text = std::fs::read(&path)
        .map_err(|e| BackupError::Refused(format!("{} is no complete backup (no {MANIFEST}: {e})", from.display())))?;
    let manifest: Manifest =
        serde_json::from_slice(&text).map_err(|e| BackupError::Damaged(format!("{MANIFEST}: {e}")))?;
    if manifest.format != FORMAT {
        return Err(BackupError::Refused(format!(
            "backup format {} (this build reads {FORMAT})",
            manifest.format
        )));
    }
    for t in &manifest.tables {
        let (sha, _) = sha256_of(&from.join(&t.file))?;
        if sha != t.sha256 {
            return Err(BackupError::Damaged(format!("{} differs from its hash", t.file)));
        }
    }
    for f in &manifest.files {
        let (sha, bytes) = sha256_of(&from.join("files").join(&f.path))?;
        if sha != f.sha256 || bytes != f.bytes {
            return Err(BackupError::Damaged(format!("files/{} differs from its hash", f.path)));
        }
    }
    Ok(manifest)
}

/// What a restore loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub rows: u64,
    pub files: usize,
    pub audit_events: i64,
}

/// Restore the backup in `from` into this installation (database and document store at
/// `files`). Refused when the installation holds people already, unless `replace`.
pub async fn restore(app: &App, files: &Path, from: &Path, replace: bool) -> Result<Restored, BackupError> {
    restore_with_progress(app, files, from, replace, &mut |_, _| {}).await
}

/// [`restore`], telling `progress` each table as it begins, with its rows.
pub async fn restore_with_progress(
    app: &App,
    files: &Path,
    from: &Path,
    replace: bool,
    progress: &mut dyn FnMut(&str, u64),
) -> Result<Restored, BackupError> {
    let manifest = check(from)?;
    if manifest.schema_version != repo::schema_version() {
        return Err(BackupError::Refused(format!(
            "the backup has schema version {}, this build {}: restore it with the build that made it, then upgrade",
            manifest.schema_version,
            repo::schema_version()
        )));
    }
    let backend = app.db.backend();
    {
        let mut conn = app.db.conn().await?;
        let people = repo::count_rows(&mut conn, "people").await?;
        if people > 0 && !replace {
            return Err(BackupError::Refused(format!(
                "this installation is not empty ({people} people): restore into a new one, or say --replace"
            )));
        }
    }
    let mut tx = app.db.begin().await?;
    repo::begin_bulk_load(&mut tx, backend).await?;
    repo::clear(&mut tx).await?;
    let mut total = 0;
    for t in &manifest.tables {
        progress(&t.name, t.rows);
        let target = repo::columns_of(&mut tx, backend, &t.name).await?;
        let path = from.join(&t.file);
        let reader = std::io::BufReader::new(std::fs::File::open(&path).map_err(io("cannot read", &path))?);
        let mut lines = reader.lines();
        let header: Vec<String> = match lines.next() {
            Some(line) => serde_json::from_str(&line.map_err(io("cannot read", &path))?)
                .map_err(|e| BackupError::Damaged(format!("{}: {e}", t.file)))?,
            None => return Err(BackupError::Damaged(format!("{} is empty", t.file))),
        };
        let columns: Vec<Column> = header
            .iter()
            .map(|name| {
                target
                    .iter()
                    .find(|c| c.name == *name)
                    .cloned()
                    .ok_or_else(|| BackupError::Refused(format!("{}.{name} is not in this schema", t.name)))
            })
            .collect::<Result<_, _>>()?;
        let mut batch = Vec::with_capacity(BATCH);
        let mut rows = 0;
        for line in lines {
            let line = line.map_err(io("cannot read", &path))?;
            let json: Vec<serde_json::Value> =
                serde_json::from_str(&line).map_err(|e| BackupError::Damaged(format!("{}: {e}", t.file)))?;
            let values = json
                .iter()
                .map(Value::from_json)
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| BackupError::Damaged(format!("{}: a value is neither text nor integer", t.file)))?;
            batch.push(values);
            rows += 1;
            if batch.len() == BATCH {
                repo::insert_rows(&mut tx, &t.name, &columns, &batch).await?;
                batch.clear();
            }
        }
        repo::insert_rows(&mut tx, &t.name, &columns, &batch).await?;
        if rows != t.rows {
            return Err(BackupError::Damaged(format!(
                "{} has {rows} rows, its manifest {}",
                t.file, t.rows
            )));
        }
        total += rows;
    }
    // The documents, before the rows that point to them are committed.
    for f in &manifest.files {
        let to = files.join(&f.path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io("cannot create", parent))?;
        }
        let from_file = from.join("files").join(&f.path);
        std::fs::copy(&from_file, &to).map_err(io("cannot copy", &from_file))?;
    }
    repo::end_bulk_load(&mut tx, backend).await?;
    tx.commit().await.map_err(logbog_db::DbError::from)?;

    let mut conn = app.db.conn().await?;
    for t in &manifest.tables {
        let n = repo::count_rows(&mut conn, &t.name).await?;
        if n != t.rows {
            return Err(BackupError::Damaged(format!(
                "{} has {n} rows after the restore, {} in the backup",
                t.name, t.rows
            )));
        }
    }
    let audit_events = match logbog_db::audit::verify(&mut conn).await? {
        logbog_db::audit::Verification::Intact { events, head } => {
            if (events, head.clone()) != manifest.audit_head {
                return Err(BackupError::Damaged(format!(
                    "the audit chain ends at {events} {head}, the backup's at {} {}",
                    manifest.audit_head.0, manifest.audit_head.1
                )));
            }
            events
        }
        logbog_db::audit::Verification::Broken { seq, reason } => {
            return Err(BackupError::Damaged(format!(
                "the audit chain breaks at event {seq}: {reason}"
            )));
        }
    };
    Ok(Restored {
        rows: total,
        files: manifest.files.len(),
        audit_events,
    })
}
