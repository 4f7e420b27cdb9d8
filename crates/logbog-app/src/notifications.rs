//! Notifications of approval work: in the app and by email. A new request tells the approver;
//! an approval, return or reset tells the trainee; a job reminds approvers of requests waiting
//! longer than the reminder delay and, after the escalation delay, tells the training lead or
//! tutor of the trainee's site. Dedupe keys make every reminder happen once, also across
//! restarts.

use crate::paging::{Page, PageRequest};
use crate::people::CurrentUser;
use crate::{App, AppError};
use chrono::{DateTime, Utc};
use logbog_db::notifications::{self as repo, Mail, Notification};
use logbog_db::{Conn, DbError};
use logbog_domain::notices::About;
use logbog_domain::{Notice, PersonId};
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

/// One page of the user's notifications, newest first, with the count of all.
pub async fn list(app: &App, user: &CurrentUser, page: PageRequest) -> Result<Page<Notification>, AppError> {
    let mut tx = app.db.read().await?;
    let total = repo::count_for(&mut tx, user.id()).await?;
    let request = page.within(total);
    let items = repo::list_for(&mut tx, user.id(), request.limit(), request.offset()).await?;
    Ok(Page { items, total, request })
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

/// Open the user's notification `id`: marked read, and returned so the caller can lead to
/// what it is about. Another person's notification is not found.
pub async fn open(app: &App, user: &CurrentUser, id: &str) -> Result<Notification, AppError> {
    app.in_transaction(async |tx, at| {
        repo::open(tx, user.id(), id, at.now)
            .await?
            .ok_or(AppError::NotFound("notification"))
    })
    .await
}

/// The user has opened what notifications about `trainee` (and `item`) point to: they are
/// read. Asks first, so that a page whose notifications are read writes nothing.
pub async fn read_about(
    app: &App,
    user: &CurrentUser,
    trainee: PersonId,
    item: Option<logbog_domain::ItemRef>,
) -> Result<(), AppError> {
    let item = item.map(|i| i.id_text());
    let unread = {
        let mut conn = app.db.conn().await?;
        repo::any_unread_about(&mut conn, user.id(), trainee, item.as_deref()).await?
    };
    if unread {
        let mut tx = app.db.begin().await?;
        repo::mark_read_about(&mut tx, user.id(), trainee, item.as_deref(), app.clock.now()).await?;
        tx.commit().await.map_err(DbError::from)?;
    }
    Ok(())
}

/// What one run of the reminder job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReminderRun {
    pub reminders: usize,
    pub escalations: usize,
    /// Training leads and tutors told that a time attestation can be approved now.
    pub time_due: usize,
}

/// Remind approvers of requests older than the reminder delay, and tell the training lead or
/// tutor of the trainee's current site about requests older than the escalation delay. Safe to
/// run as often as wanted: each reminder and escalation is added once. The work is found by two
/// set-based reads outside any transaction and written in short transactions of at most
/// [`WRITE_BATCH`] notifications, so the job never holds the write lock for long; a run with
/// nothing new to do writes nothing.
pub async fn run_reminders(app: &App) -> Result<ReminderRun, AppError> {
    let now = app.clock.now();
    let today = app.clock.today();
    let remind_before = now - chrono::Duration::days(app.config.reminder_days);
    let escalate_before = now - chrono::Duration::days(app.config.escalation_days);
    let (reminders, escalations, labels, due) = {
        let mut conn = app.db.conn().await?;
        let reminders = logbog_db::requests::unreminded_requests(&mut conn, remind_before, today).await?;
        let escalations = logbog_db::requests::unescalated_requests(&mut conn, escalate_before, today).await?;
        let ids: Vec<_> = reminders
            .iter()
            .map(|r| r.id)
            .chain(escalations.iter().map(|e| e.request))
            .collect();
        let labels = logbog_db::work_items::item_labels(&mut conn, &ids).await?;
        let due = logbog_db::time_due::untold(&mut conn, today).await?;
        (reminders, escalations, labels, due)
    };
    let codes_of = |id| labels.get(&id).cloned().into_iter().collect::<Vec<String>>();
    // An approver who lost access is not reminded of what they can no longer decide; the
    // escalation still tells the site's training lead that the trainee waits.
    let reminders: Vec<(PersonId, Notice, String)> = reminders
        .into_iter()
        .filter(|r| crate::policy::approver_may_decide(r, today))
        .map(|r| {
            let notice = Notice::Reminder {
                trainee_name: r.trainee_name,
                days: (now - r.requested_at).num_days(),
                codes: codes_of(r.id),
                about: Some(About::item(r.trainee_id, r.item)),
            };
            (r.approver_id, notice, logbog_db::requests::reminder_key(r.id))
        })
        .collect();
    let escalations: Vec<(PersonId, Notice, String)> = escalations
        .into_iter()
        .map(|e| {
            let notice = Notice::Escalation {
                trainee_name: e.trainee_name,
                approver_name: e.approver_name,
                days: (now - e.requested_at).num_days(),
                codes: codes_of(e.request),
                about: Some(About::item(e.trainee_id, e.item)),
            };
            (e.lead, notice, logbog_db::requests::escalation_key(e.request, e.lead))
        })
        .collect();
    // A time attestation whose last month has opened: its site's training lead or tutor is told
    // once, without the trainee having asked.
    let due: Vec<(PersonId, Notice, String)> = due
        .into_iter()
        .map(|d| {
            let key = logbog_db::time_due::due_key(d.employment_id, d.lead);
            let notice = Notice::TimeDue {
                trainee_name: d.trainee_name,
                site_name: d.site_name,
                opens_on: d.opens_on,
                about: Some(About::item(
                    d.trainee_id,
                    logbog_domain::ItemRef::TimeAttestation(d.employment_id),
                )),
            };
            (d.lead, notice, key)
        })
        .collect();
    Ok(ReminderRun {
        reminders: insert_batched(app, &reminders, now).await?,
        escalations: insert_batched(app, &escalations, now).await?,
        time_due: insert_batched(app, &due, now).await?,
    })
}

/// The most notifications one short write transaction of the reminder job adds.
pub const WRITE_BATCH: usize = 100;

/// Add deduplicated notifications in short transactions; returns how many were new.
async fn insert_batched(
    app: &App,
    notices: &[(PersonId, Notice, String)],
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut added = 0;
    for batch in notices.chunks(WRITE_BATCH) {
        let mut tx = app.db.begin().await?;
        for (recipient, notice, key) in batch {
            if repo::insert(&mut tx, *recipient, notice, Some(key), now).await? {
                added += 1;
            }
        }
        tx.commit().await.map_err(DbError::from)?;
    }
    Ok(added)
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
