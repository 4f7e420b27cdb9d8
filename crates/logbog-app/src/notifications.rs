//! Notifications of approval work: in the app and by email. A new request tells the approver;
//! an approval, return or reset tells the trainee; a job reminds approvers of requests waiting
//! longer than the reminder delay and, after the escalation delay, tells the training lead or
//! tutor of the trainee's site. Dedupe keys make every reminder happen once, also across
//! restarts.

use crate::people::CurrentUser;
use crate::{App, AppError};
use chrono::{DateTime, Utc};
use logbog_db::notifications::{self as repo, Mail, Notification};
use logbog_db::{Conn, DbError};
use logbog_domain::{Notice, PersonId, Role};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

/// Add a notification inside the caller's transaction.
pub(crate) async fn notify(
    conn: &mut Conn,
    recipient: PersonId,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    repo::insert(conn, recipient, &notice, None, now).await?;
    Ok(())
}

/// The user's newest notifications.
pub async fn list(app: &App, user: &CurrentUser) -> Result<Vec<Notification>, AppError> {
    let mut conn = app.db.conn().await?;
    Ok(repo::list_for(&mut conn, user.id(), 100).await?)
}

/// How many of the user's notifications are unread (the counter in the header).
pub async fn unread(app: &App, user: &CurrentUser) -> Result<i64, AppError> {
    let mut conn = app.db.conn().await?;
    Ok(repo::count_unread(&mut conn, user.id()).await?)
}

pub async fn mark_read(app: &App, user: &CurrentUser) -> Result<u64, AppError> {
    let mut conn = app.db.conn().await?;
    Ok(repo::mark_all_read(&mut conn, user.id(), app.clock.now()).await?)
}

/// What one run of the reminder job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReminderRun {
    pub reminders: usize,
    pub escalations: usize,
}

/// Remind approvers of requests older than the reminder delay, and tell the training lead or
/// tutor of the trainee's current site about requests older than the escalation delay. Safe to
/// run as often as wanted: each reminder and escalation is added once.
pub async fn run_reminders(app: &App) -> Result<ReminderRun, AppError> {
    let now = app.clock.now();
    let today = app.clock.today();
    let mut run = ReminderRun::default();
    let mut tx = app.db.begin().await?;
    let remind_before = now - chrono::Duration::days(app.config.reminder_days);
    for r in logbog_db::requests::stale_requests(&mut tx, remind_before, today).await? {
        // An approver who lost access is not reminded of what they can no longer decide; the
        // escalation below still tells the site's training lead that the trainee waits.
        if !crate::policy::approver_may_decide(&r, today) {
            continue;
        }
        let notice = Notice::Reminder {
            trainee_name: r.trainee_name.clone(),
            days: (now - r.requested_at).num_days(),
        };
        if repo::insert(
            &mut tx,
            r.approver_id,
            &notice,
            Some(&format!("reminder:{}", r.id)),
            now,
        )
        .await?
        {
            run.reminders += 1;
        }
    }
    let escalate_before = now - chrono::Duration::days(app.config.escalation_days);
    for r in logbog_db::requests::stale_requests(&mut tx, escalate_before, today).await? {
        let leads = logbog_db::requests::current_approvers(&mut tx, r.trainee_id, today).await?;
        for lead in leads
            .iter()
            .filter(|a| matches!(a.role, Role::TrainingLead | Role::Tutor) && a.person_id != r.approver_id)
        {
            let notice = Notice::Escalation {
                trainee_name: r.trainee_name.clone(),
                approver_name: r.approver_name.clone(),
                days: (now - r.requested_at).num_days(),
            };
            let key = format!("escalation:{}:{}", r.id, lead.person_id);
            if repo::insert(&mut tx, lead.person_id, &notice, Some(&key), now).await? {
                run.escalations += 1;
            }
        }
    }
    tx.commit().await.map_err(DbError::from)?;
    Ok(run)
}

/// Sends one email.
pub trait Mailer: Send + Sync {
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;
}

/// Writes each email as a file to a folder (the demo's "outbox"): written to a temporary name,
/// synced, then renamed, so a reader never sees half a message.
#[derive(Debug, Clone)]
pub struct OutboxMailer {
    pub dir: PathBuf,
}

impl Mailer for OutboxMailer {
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        Box::pin(async move {
            let dir = self.dir.clone();
            let message = format!(
                "To: {to}\r\nFrom: Logbog <noreply@logbog.local>\r\nSubject: {subject}\r\nDate: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
                Utc::now().to_rfc2822()
            );
            tokio::task::spawn_blocking(move || -> Result<(), String> {
                use std::io::Write;
                std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
                let name = format!(
                    "{}-{}.eml",
                    Utc::now().format("%Y%m%dT%H%M%S"),
                    uuid::Uuid::now_v7().simple()
                );
                let tmp = dir.join(format!(".{name}.tmp"));
                let mut f = std::fs::File::create(&tmp).map_err(|e| e.to_string())?;
                f.write_all(message.as_bytes()).map_err(|e| e.to_string())?;
                f.sync_all().map_err(|e| e.to_string())?;
                std::fs::rename(&tmp, dir.join(name)).map_err(|e| e.to_string())
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }
}

/// Sends through an SMTP relay (e.g. the site's mail server on port 25). TLS and
/// authentication towards the internet are the relay's business, so none are configured here.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SmtpMailer(from {})", self.from)
    }
}

impl SmtpMailer {
    pub fn new(host: &str, port: u16, from: &str) -> Result<Self, String> {
        let from = from
            .parse()
            .map_err(|e| format!("the sender address {from:?} is not valid: {e}"))?;
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .build();
        Ok(Self { transport, from })
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        Box::pin(async move {
            use lettre::AsyncTransport;
            let to = to
                .parse()
                .map_err(|e| format!("the address {to:?} is not valid: {e}"))?;
            let message = lettre::Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(subject)
                .header(lettre::message::header::ContentType::TEXT_PLAIN)
                .body(body.to_owned())
                .map_err(|e| e.to_string())?;
            self.transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    }
}

/// Mail every notification not yet mailed whose recipient has an address; `render` gives the
/// subject and body in the recipient's language. Returns how many were sent. A failed send is
/// logged and tried again on the next run.
pub async fn deliver_email(
    app: &App,
    mailer: &dyn Mailer,
    render: &(dyn Fn(&Mail) -> (String, String) + Send + Sync),
) -> Result<usize, AppError> {
    let mails = {
        let mut conn = app.db.conn().await?;
        repo::unmailed(&mut conn, 200).await?
    };
    let mut sent = 0;
    for mail in mails {
        let (subject, body) = render(&mail);
        match mailer.send(&mail.email, &subject, &body).await {
            Ok(()) => {
                let mut conn = app.db.conn().await?;
                repo::mark_emailed(&mut conn, &mail.notification.id, app.clock.now()).await?;
                sent += 1;
            }
            Err(e) => tracing::warn!(error = %e, notification = %mail.notification.id, "email not sent; will retry"),
        }
    }
    Ok(sent)
}
