//! The scenarios: every role's key pages and API calls, and the logins. Each connection of a
//! role is its own client, logged in once and reused.

use crate::client::{self, Api};
use crate::measure::{Conn, MakeRequest};
use crate::{Accounts, Options};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Who sends a scenario's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    Anonymous,
    /// A browser session of the account, logged in through the form.
    Web(Account),
    /// A bearer token of the account.
    Api(Account),
    /// A fresh anonymous CSRF token per connection, for the login form.
    LoginForm,
}

/// The accounts the scenarios act as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Account {
    Trainee,
    Supervisor,
    TrainingLead,
    Secretariat,
}

impl Account {
    pub fn username(self, a: &Accounts) -> &str {
        match self {
            Self::Trainee => &a.trainee,
            Self::Supervisor => &a.supervisor,
            Self::TrainingLead => &a.training_lead,
            Self::Secretariat => &a.secretariat,
        }
    }
}

/// One page or API call to measure.
#[derive(Debug, Clone)]
pub struct Read {
    pub name: &'static str,
    pub who: Who,
    pub method: reqwest::Method,
    pub path: String,
    /// The path as the report shows it, ids as `{trainee}`, `{competency}`.
    pub shown: String,
    /// The status every answer must have (a 303 to the login page is a failure, not a success).
    pub expect: u16,
}

/// Ids found in the dataset that the scenarios' URLs need.
#[derive(Debug, Clone)]
pub struct Ids {
    pub trainee: String,
    pub competency: String,
    pub search: String,
}

/// Find the trainee's id, a competency of the logbook (an approved one if there is: its page
/// shows a history), and a search word for the secretariat (the trainee's family name).
pub async fn find_ids(trainee: &Api, opts: &Options) -> Result<Ids> {
    let me = trainee.get("/api/v1/me").await?;
    let id = me["person_id"]
        .as_str()
        .context("/api/v1/me has no person_id")?
        .to_owned();
    let list = trainee
        .get(&format!("/api/v1/trainees/{id}/competencies"))
        .await
        .with_context(|| format!("the trainee {} has no current logbook", opts.accounts.trainee))?;
    let competencies = list["competencies"].as_array().cloned().unwrap_or_default();
    let pick = competencies
        .iter()
        .find(|c| c["state"] == "approved")
        .or_else(|| competencies.first())
        .and_then(|c| c["id"].as_str())
        .with_context(|| format!("the logbook of {} lists no competencies", opts.accounts.trainee))?;
    let search = match &opts.search {
        Some(s) => s.clone(),
        None => me["family_name"].as_str().unwrap_or("a").chars().take(4).collect(),
    };
    Ok(Ids {
        trainee: id,
        competency: pick.to_owned(),
        search,
    })
}

/// The page and API scenarios, in the order they run (healthz first: the others are compared
/// with it).
pub fn reads(ids: &Ids) -> Vec<Read> {
    use Account::*;
    let get = |name, who, path: String| Read {
        name,
        who,
        method: reqwest::Method::GET,
        shown: path
            .replace(&ids.trainee, "{trainee}")
            .replace(&ids.competency, "{competency}"),
        path,
        expect: 200,
    };
    let q: String = ids
        .search
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    vec![
        get("healthz", Who::Anonymous, "/healthz".into()),
        get("login_page", Who::Anonymous, "/login".into()),
        get("logbook", Who::Web(Trainee), "/logbook".into()),
        get(
            "competency",
            Who::Web(Trainee),
            format!("/logbook/competencies/{}", ids.competency),
        ),
        get("views", Who::Web(Trainee), "/logbook/views".into()),
        get("notifications", Who::Web(Trainee), "/notifications".into()),
        get("notes", Who::Web(Trainee), "/logbook/notes".into()),
        get("overview", Who::Web(Trainee), "/logbook/employment-overview".into()),
        get("specialty_files", Who::Web(Trainee), "/specialty-files".into()),
        get("supervisor_home", Who::Web(Supervisor), "/home".into()),
        get("supervisor_worklist", Who::Web(Supervisor), "/worklist".into()),
        get("lead_home", Who::Web(TrainingLead), "/home".into()),
        get("lead_worklist", Who::Web(TrainingLead), "/worklist".into()),
        get("lead_access", Who::Web(TrainingLead), "/access".into()),
        get("secretariat_home", Who::Web(Secretariat), "/home".into()),
        get("secretariat_search", Who::Web(Secretariat), format!("/home?q={q}")),
        get("secretariat_access", Who::Web(Secretariat), "/access".into()),
        get("paper_worklist", Who::Web(Secretariat), "/paper-attestations".into()),
        get("api_me", Who::Api(Trainee), "/api/v1/me".into()),
        get(
            "api_competencies",
            Who::Api(Trainee),
            format!("/api/v1/trainees/{}/competencies", ids.trainee),
        ),
        get("api_worklist", Who::Api(Supervisor), "/api/v1/worklist".into()),
    ]
}

/// The login page's form, sent with the trainee's real password (argon2 bound).
pub fn login(name: &'static str) -> Read {
    Read {
        name,
        who: Who::LoginForm,
        method: reqwest::Method::POST,
        path: "/login".to_owned(),
        shown: "/login".to_owned(),
        expect: 303,
    }
}

/// The connections of every kind of sender, made once (logging in costs an argon2 hash each)
/// and reused by every scenario.
pub struct Pools {
    base: String,
    accounts: Accounts,
    pools: HashMap<Who, Vec<Conn>>,
}

impl Pools {
    pub fn new(base: &str, accounts: &Accounts) -> Self {
        Self {
            base: base.to_owned(),
            accounts: accounts.clone(),
            pools: HashMap::new(),
        }
    }

    /// The first `n` connections of `who`, logging more in as needed (in parallel).
    pub async fn conns(&mut self, who: Who, n: usize) -> Result<Vec<Conn>> {
        let have = self.pools.get(&who).map_or(0, Vec::len);
        if have < n {
            let mut tasks = Vec::new();
            for _ in have..n {
                let base = self.base.clone();
                let accounts = self.accounts.clone();
                tasks.push(tokio::spawn(async move { connect(&base, &accounts, who).await }));
            }
            let mut made = Vec::new();
            for task in tasks {
                made.push(task.await??);
            }
            self.pools.entry(who).or_default().extend(made);
        }
        Ok(self.pools.get(&who).map(|p| p[..n].to_vec()).unwrap_or_default())
    }
}

async fn connect(base: &str, accounts: &Accounts, who: Who) -> Result<Conn> {
    Ok(match who {
        Who::Anonymous => Conn::anonymous(client::plain()?),
        Who::Web(account) => {
            Conn::anonymous(client::web_session(base, account.username(accounts), &accounts.password).await?)
        }
        Who::Api(account) => {
            let client = client::plain()?;
            let token = client::token(&client, base, account.username(accounts), &accounts.password).await?;
            Conn {
                client,
                bearer: Some(token),
                csrf: None,
            }
        }
        Who::LoginForm => {
            let client = client::plain()?;
            let csrf = client::anonymous_csrf(&client, base).await?;
            Conn {
                client,
                bearer: None,
                csrf: Some(csrf),
            }
        }
    })
}

/// The request maker of a read: the same request on every connection.
pub fn make_read(base: &str, read: &Read, accounts: &Accounts) -> MakeRequest {
    let url = format!("{base}{}", read.path);
    let method = read.method.clone();
    let base = base.to_owned();
    let username = accounts.trainee.clone();
    let password = accounts.password.clone();
    let login = read.who == Who::LoginForm;
    Arc::new(move |conn: &Conn| {
        if login {
            let csrf = conn.csrf.as_deref().unwrap_or_default();
            return Some(client::login_form(&conn.client, &base, csrf, &username, &password));
        }
        let request = conn.client.request(method.clone(), &url);
        Some(match &conn.bearer {
            Some(token) => request.bearer_auth(token),
            None => request,
        })
    })
}

/// Check that a web session really is logged in as its account: the logbook answers 200 for
/// the trainee, home for the others (a 303 means the login did not hold).
pub async fn check_session(base: &str, conn: &Conn, who: Who) -> Result<()> {
    let path = match who {
        Who::Web(Account::Trainee) => "/logbook",
        Who::Web(_) => "/home",
        _ => return Ok(()),
    };
    let status = conn.client.get(format!("{base}{path}")).send().await?.status().as_u16();
    if status != 200 {
        bail!("after logging in, GET {path} answered {status}: the session did not hold");
    }
    Ok(())
}

/// A JSON value's array, or empty.
pub fn array(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}
