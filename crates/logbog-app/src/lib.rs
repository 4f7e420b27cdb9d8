//! Use cases: where a request becomes a transaction (load, check policy, change, audit, commit).
//! Both front ends (HTML and JSON) call these, so each rule is enforced once.

pub mod access;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod clock;
pub mod config;
pub mod demo;
pub mod department;
pub mod documents;
pub mod error;
pub mod items;
pub mod logbook;
pub mod notes;
pub mod notifications;
pub mod overview;
pub mod paging;
pub mod paper;
pub mod password;
pub mod people;
pub mod policy;
pub mod privacy;
pub mod programmes;
pub mod reference_data;
pub mod seed;
pub mod text;
pub mod throttle;
pub mod time;
pub mod versions;
pub mod worklist;

pub use clock::{At, Clock, FixedClock, SystemClock};
pub use config::{AppConfig, HttpLimits, MailConfig, Paths, Secret};
pub use error::{AppError, Problem};

use logbog_db::Db;
use std::sync::Arc;

/// The application: database, clock, configuration and in-memory guards.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: AppConfig,
    /// The navigation's counts of waiting requests, reused while nothing they depend on changed.
    pub waiting: Arc<worklist::WaitingCounts>,
    /// Curriculum versions read so far (they never change).
    pub versions: Arc<versions::Versions>,
    /// Where uploaded documents are stored: in memory unless [`App::with_files`] says where.
    pub files: logbog_files::Store,
}

impl App {
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: AppConfig) -> Self {
        Self {
            db,
            clock,
            config,
            waiting: Arc::default(),
            versions: Arc::default(),
            files: logbog_files::Store::memory(),
        }
    }

    /// The same application storing documents in `files` (the binary's folder or bucket).
    pub fn with_files(mut self, files: logbog_files::Store) -> Self {
        self.files = files;
        self
    }

    /// The clock's today and now, for a use case acting in its own transaction.
    pub fn at(&self) -> At {
        At::of(self.clock.as_ref())
    }

    /// Run `change` in one write transaction at the clock's now, and commit it if it
    /// succeeds: the wrapper of every use case whose `_in` form the demo or another use case
    /// also runs inside its own transaction.
    pub(crate) async fn in_transaction<T>(
        &self,
        change: impl AsyncFnOnce(&mut logbog_db::Conn, At) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let at = self.at();
        let mut tx = self.db.begin().await?;
        let out = change(&mut tx, at).await?;
        tx.commit().await.map_err(logbog_db::DbError::from)?;
        Ok(out)
    }
}

#[cfg(test)]
mod structure_tests {
    use std::collections::{BTreeMap, BTreeSet};

    /// The modules of this crate and the crate modules each refers to (`crate::x` paths).
    fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut texts: BTreeMap<String, String> = BTreeMap::new();
        for entry in std::fs::read_dir(&src).expect("src") {
            let path = entry.expect("entry").path();
            let name = path.file_stem().expect("name").to_string_lossy().into_owned();
            if name == "lib" {
                continue;
            }
            let text = if path.is_dir() {
                let mut all = String::new();
                for f in std::fs::read_dir(&path).expect("dir") {
                    let f = f.expect("entry").path();
                    if f.extension().is_some_and(|e| e == "rs") {
                        all.push_str(&std::fs::read_to_string(&f).expect("read"));
                    }
                }
                all
            } else if path.extension().is_some_and(|e| e == "rs") {
                std::fs::read_to_string(&path).expect("read")
            } else {
                continue;
            };
            texts.insert(name, text);
        }
        let modules: BTreeSet<String> = texts.keys().cloned().collect();
        texts
            .iter()
            .map(|(name, text)| {
                let mut uses = BTreeSet::new();
                for (i, _) in text.match_indices("crate::") {
                    let rest = &text[i + "crate::".len()..];
                    let names: Vec<&str> = if let Some(inner) = rest.strip_prefix('{') {
                        inner[..inner.find('}').unwrap_or(0)]
                            .split(',')
                            .map(|s| s.trim().split("::").next().unwrap_or(""))
                            .collect()
                    } else {
                        vec![
                            rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                                .next()
                                .unwrap_or(""),
                        ]
                    };
                    uses.extend(
                        names
                            .into_iter()
                            .filter(|n| *n != name && modules.contains(*n))
                            .map(str::to_owned),
                    );
                }
                (name.clone(), uses)
            })
            .collect()
    }

    /// No module imports another in a circle: each use case depends on the shared homes
    /// (policy, items, audit, people …), never on another use case that depends back on it.
    #[test]
    fn no_module_imports_another_in_a_circle() {
        let graph = module_graph();
        assert!(
            graph.contains_key("policy") && graph["approvals"].contains("policy"),
            "{graph:?}"
        );
        fn visit(
            node: &str,
            graph: &BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(at) = path.iter().position(|p| p == node) {
                let mut cycle = path[at..].to_vec();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            if done.contains(node) {
                return None;
            }
            path.push(node.to_owned());
            for next in graph.get(node).into_iter().flatten() {
                if let Some(c) = visit(next, graph, path, done) {
                    return Some(c);
                }
            }
            path.pop();
            done.insert(node.to_owned());
            None
        }
        let mut done = BTreeSet::new();
        for node in graph.keys() {
            if let Some(cycle) = visit(node, &graph, &mut Vec::new(), &mut done) {
                panic!("modules import each other in a circle: {}", cycle.join(" → "));
            }
        }
    }
}
