//! The writes: a trainee reports a competency ready, and an approver approves one request.
//! Each request consumes an item, so a write runs a fixed number of requests spread over the
//! connections, and what it did is undone afterwards (untimed): reports are withdrawn by the
//! trainee, approvals reset by the secretariat, so that the dataset can be used again.

use crate::Accounts;
use crate::client::Api;
use crate::measure::{Conn, MakeRequest};
use crate::scenarios::array;
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// The message of every request the harness makes, so that a run's left-overs can be found.
const MESSAGE: &str = "logbog-bench";

/// The writing trainee, the approver, the secretariat that resets, and the competencies the
/// trainee can report to the approver.
pub struct Writer {
    trainee: Api,
    approver: Api,
    secretariat: Api,
    trainee_id: String,
    approver_id: String,
    approver_role: String,
    candidates: Vec<String>,
}

fn id_of(me: &Value) -> Result<String> {
    me["person_id"]
        .as_str()
        .map(str::to_owned)
        .context("/api/v1/me has no person_id")
}

impl Writer {
    /// Log the three in, and find the not yet reported competencies of the trainee's curricula
    /// that the approver may approve.
    pub async fn prepare(base: &str, a: &Accounts) -> Result<Self> {
        let trainee = Api::login(base, &a.write_trainee, &a.password).await?;
        let approver = Api::login(base, &a.write_approver, &a.password).await?;
        let secretariat = Api::login(base, &a.write_secretariat, &a.password).await?;
        let trainee_id = id_of(&trainee.get("/api/v1/me").await?)?;
        let approver_id = id_of(&approver.get("/api/v1/me").await?)?;
        let mut writer = Self {
            trainee,
            approver,
            secretariat,
            trainee_id,
            approver_id,
            approver_role: String::new(),
            candidates: Vec::new(),
        };
        writer.withdraw_leftovers().await?;
        let tid = writer.trainee_id.clone();
        for programme in array(
            &writer
                .trainee
                .get(&format!("/api/v1/trainees/{tid}/programmes"))
                .await?,
        ) {
            let pid = programme["id"].as_str().unwrap_or_default();
            for curriculum in array(&programme["curricula"]) {
                let cid = curriculum["id"].as_str().unwrap_or_default();
                let approvers = writer
                    .trainee
                    .get(&format!("/api/v1/trainees/{tid}/approvers?curriculum={cid}"))
                    .await?;
                let Some(role) = array(&approvers)
                    .iter()
                    .find(|x| x["person_id"].as_str() == Some(writer.approver_id.as_str()))
                    .and_then(|x| x["role"].as_str().map(str::to_owned))
                else {
                    continue;
                };
                writer.approver_role = role;
                for phase in array(&curriculum["phases"]) {
                    let ph = phase["id"].as_str().unwrap_or_default();
                    let list = writer
                        .trainee
                        .get(&format!(
                            "/api/v1/trainees/{tid}/competencies?programme={pid}&curriculum={cid}&phase={ph}"
                        ))
                        .await?;
                    for c in array(&list["competencies"]) {
                        if c["state"] == "not_started"
                            && let Some(id) = c["id"].as_str()
                            && !writer.candidates.iter().any(|x| x == id)
                        {
                            writer.candidates.push(id.to_owned());
                        }
                    }
                }
            }
        }
        if writer.approver_role.is_empty() {
            bail!(
                "{} is not a current approver of {}: choose others with --write-trainee and --write-approver",
                a.write_approver,
                a.write_trainee
            );
        }
        Ok(writer)
    }

    /// How many competencies one write scenario can consume.
    pub fn available(&self) -> usize {
        self.candidates.len()
    }

    /// The approver's waiting requests from the trainee: (request id, item id, first method).
    async fn waiting(&self) -> Result<Vec<(String, String, Option<String>)>> {
        // The work list comes a page at a time: read them all (an approver at national scale
        // has hundreds waiting).
        const PER_PAGE: usize = 200;
        let mut out = Vec::new();
        let mut previous_first = None;
        for page in 1.. {
            let list = self
                .approver
                .get(&format!("/api/v1/worklist?per_page={PER_PAGE}&page={page}"))
                .await?;
            let items = array(&list);
            // A page beyond the last answers the last one again.
            let first = items.first().map(|w| w["request_id"].clone());
            if first.is_some() && first == previous_first {
                break;
            }
            previous_first = first;
            out.extend(
                items
                    .iter()
                    .filter(|w| {
                        w["trainee_id"].as_str() == Some(self.trainee_id.as_str()) && w["item_kind"] == "competency"
                    })
                    .filter_map(|w| {
                        Some((
                            w["request_id"].as_str()?.to_owned(),
                            w["item_id"].as_str()?.to_owned(),
                            w["assessment_methods"][0].as_str().map(str::to_owned),
                        ))
                    }),
            );
            if items.len() < PER_PAGE {
                break;
            }
        }
        Ok(out)
    }

    /// Withdraw the trainee's pending requests to the approver for these items.
    async fn withdraw(&self, items: &HashSet<String>) -> Result<usize> {
        let mut n = 0;
        for (request, item, _) in self.waiting().await? {
            if items.contains(&item) {
                let (status, body) = self
                    .trainee
                    .send(
                        reqwest::Method::DELETE,
                        &format!("/api/v1/requests/{request}"),
                        &Value::Null,
                    )
                    .await?;
                if status != 204 {
                    bail!("withdrawing request {request} answered {status}: {body}");
                }
                n += 1;
            }
        }
        Ok(n)
    }

    /// Requests an earlier, interrupted run left waiting (recognised by their message).
    async fn withdraw_leftovers(&self) -> Result<()> {
        let list = self.approver.get("/api/v1/worklist").await?;
        let items: HashSet<String> = array(&list)
            .iter()
            .filter(|w| w["trainee_id"].as_str() == Some(self.trainee_id.as_str()) && w["message"] == MESSAGE)
            .filter_map(|w| w["item_id"].as_str().map(str::to_owned))
            .collect();
        if !items.is_empty() {
            self.withdraw(&items).await?;
        }
        Ok(())
    }

    fn report_body(&self, competencies: &[String]) -> Value {
        json!({
            "competencies": competencies,
            "approver": self.approver_id,
            "approver_role": self.approver_role,
            "message": MESSAGE,
        })
    }

    /// "Report ready" for `count` competencies, one per request. Returns the request maker and
    /// the items it will use; undo with [`Writer::undo_reports`].
    pub fn report_ready(&self, count: usize) -> (MakeRequest, HashSet<String>) {
        let items: Vec<String> = self.candidates.iter().take(count).cloned().collect();
        let used: HashSet<String> = items.iter().cloned().collect();
        let queue = Arc::new(Mutex::new(items));
        let url = format!("{}/api/v1/trainees/{}/requests", self.trainee.base, self.trainee_id);
        let approver = self.approver_id.clone();
        let role = self.approver_role.clone();
        let make: MakeRequest = Arc::new(move |conn: &Conn| {
            let id = queue.lock().ok()?.pop()?;
            let request = conn.client.post(&url).json(&json!({
                "competencies": [id],
                "approver": approver,
                "approver_role": role,
                "message": MESSAGE,
            }));
            Some(match &conn.bearer {
                Some(t) => request.bearer_auth(t),
                None => request,
            })
        });
        (make, used)
    }

    /// The competencies the trainee can report to the approver.
    pub fn candidates(&self) -> &[String] {
        &self.candidates
    }

    /// The trainee's id.
    pub fn trainee_id(&self) -> &str {
        &self.trainee_id
    }

    /// Report one competency ready, as one request: the answer's status (201 when it was
    /// acknowledged), or an error when no answer came.
    pub async fn report_one(&self, competency: &str) -> Result<u16> {
        let (status, _) = self
            .trainee
            .send(
                reqwest::Method::POST,
                &format!("/api/v1/trainees/{}/requests", self.trainee_id),
                &self.report_body(&[competency.to_owned()]),
            )
            .await?;
        Ok(status)
    }

    /// Withdraw what [`Writer::report_ready`] reported.
    pub async fn undo_reports(&self, items: &HashSet<String>) -> Result<usize> {
        self.withdraw(items).await
    }

    /// Report `count` competencies at once (untimed) and return the maker of one approval per
    /// request; undo with [`Writer::undo_approvals`].
    pub async fn approvals(&self, count: usize) -> Result<(MakeRequest, HashSet<String>)> {
        let items: Vec<String> = self.candidates.iter().take(count).cloned().collect();
        let used: HashSet<String> = items.iter().cloned().collect();
        if !items.is_empty() {
            let path = format!("/api/v1/trainees/{}/requests", self.trainee_id);
            let (status, body) = self
                .trainee
                .send(reqwest::Method::POST, &path, &self.report_body(&items))
                .await?;
            if status != 201 {
                bail!(
                    "reporting {} competencies ready to approve them answered {status}: {body}",
                    items.len()
                );
            }
        }
        let queue: Vec<(String, Option<String>)> = self
            .waiting()
            .await?
            .into_iter()
            .filter(|(_, item, _)| used.contains(item))
            .map(|(request, _, method)| (request, method))
            .collect();
        let queue = Arc::new(Mutex::new(queue));
        let url = format!("{}/api/v1/worklist/approvals", self.approver.base);
        let make: MakeRequest = Arc::new(move |conn: &Conn| {
            let (request, method) = queue.lock().ok()?.pop()?;
            let mut body = json!({ "requests": [request], "comment": MESSAGE });
            if let Some(m) = method {
                body["assessment_method"] = Value::String(m);
            }
            let request = conn.client.post(&url).json(&body);
            Some(match &conn.bearer {
                Some(t) => request.bearer_auth(t),
                None => request,
            })
        });
        Ok((make, used))
    }

    /// Reset the approvals of these items (the secretariat) and withdraw any left waiting.
    pub async fn undo_approvals(&self, items: &HashSet<String>) -> Result<usize> {
        let waiting: HashSet<String> = self.waiting().await?.into_iter().map(|(_, item, _)| item).collect();
        let mut reset = 0;
        for item in items.iter().filter(|i| !waiting.contains(*i)) {
            let path = format!("/api/v1/trainees/{}/competencies/{item}/reset", self.trainee_id);
            let body = json!({ "request_reference": MESSAGE, "reason": "undoing a benchmark run's approval" });
            let (status, answer) = self.secretariat.send(reqwest::Method::POST, &path, &body).await?;
            match status {
                204 => reset += 1,
                // Not approved: the approval failed and its request was counted as an error.
                403 => {}
                _ => bail!("resetting competency {item} answered {status}: {answer}"),
            }
        }
        self.withdraw(items).await?;
        Ok(reset)
    }

    /// The approver's and trainee's tokens, for the connections of the write scenarios.
    pub fn tokens(&self) -> (String, String) {
        (self.trainee.token.clone(), self.approver.token.clone())
    }
}
