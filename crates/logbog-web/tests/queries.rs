//! No page's number of database queries grows with its rows (no N+1): each key page is loaded,
//! more rows of what it lists are added, and it is loaded again; the statements the server sends
//! (sqlx's `sqlx::query` events) are counted for both loads and must be the same.
//!
//! One test in its own binary: the counting subscriber is global, so nothing else may run
//! beside it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use logbog_testkit::{TestApp, TestDb, date};
use std::sync::atomic::{AtomicUsize, Ordering};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

static QUERIES: AtomicUsize = AtomicUsize::new(0);

/// Counts the statements sqlx reports.
struct CountQueries;

/// The statement's summary, as sqlx reports it.
#[derive(Default)]
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            self.0 = value.to_owned();
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" && self.0.is_empty() {
            self.0 = format!("{value:?}");
        }
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountQueries {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut summary = Summary::default();
        event.record(&mut summary);
        // A connection the pool opens mid-request sets itself up (PRAGMA, SET search_path):
        // that is the pool's, not the page's.
        let setup = summary.0.trim_start_matches('"').to_ascii_uppercase();
        if setup.starts_with("PRAGMA") || setup.starts_with("SET ") {
            return;
        }
        QUERIES.fetch_add(1, Ordering::SeqCst);
    }
}

/// The statements one GET of `path` costs: the fewest of three loads after two unmeasured ones,
/// so that what happens once in a while (sliding a session's expiry) is not counted.
async fn queries_of(t: &TestApp, client: &reqwest::Client, path: &str) -> usize {
    for _ in 0..2 {
        let r = client.get(t.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
    }
    let mut fewest = usize::MAX;
    for _ in 0..3 {
        QUERIES.store(0, Ordering::SeqCst);
        let r = client.get(t.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        r.text().await.unwrap();
        fewest = fewest.min(QUERIES.load(Ordering::SeqCst));
    }
    fewest
}

/// The not-started competencies of the trainee's current curriculum, first phase first.
async fn not_started(t: &TestApp, trainee: &logbog_app::people::CurrentUser) -> Vec<logbog_domain::CompetencyId> {
    t.not_started(trainee).await
}

async fn page_query_counts_do_not_grow_with_rows(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.user("laege.hu1").await;
    let supervisor = t.user("vejleder.hansen").await;
    let trainee_web = t.login("laege.hu1", PW).await;
    let supervisor_web = t.login("vejleder.hansen", PW).await;
    let logbook_of = format!("/trainees/{}/logbook", trainee.id());
    let notes_of = format!("/trainees/{}/notes", trainee.id());
    let overview_of = format!("/trainees/{}/employment-overview", trainee.id());
    // A competency that gets more cards, and the trainee's view of it.
    let free = not_started(&t, &trainee).await;
    assert!(free.len() >= 4, "enough free competencies: {}", free.len());
    let carded = free[3];
    let own_competency = format!("/logbook/competencies/{carded}");
    let competency_of = format!("/trainees/{}/competencies/{carded}", trainee.id());
    let pages_of_trainee = [
        "/logbook",
        "/logbook/views",
        "/notifications",
        "/logbook/notes",
        "/logbook/employment-overview",
        "/specialty-files",
        own_competency.as_str(),
    ];
    let pages_of_supervisor = [
        "/worklist",
        "/home",
        logbook_of.as_str(),
        "/notifications",
        notes_of.as_str(),
        overview_of.as_str(),
        "/specialty-files",
        competency_of.as_str(),
    ];

    // The competency has a card already; more come later.
    let token = t.token("laege.hu1", PW).await;
    let publisher = t.token("kursus.leder", PW).await;
    let mut conn = t.app.db.conn().await.unwrap();
    let curriculum: String = sqlx::query_scalar("SELECT id FROM curricula WHERE code = 'kardiologi-hu'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let cards = format!("/api/v1/trainees/{}/competencies/{carded}/cards", trainee.id());
    let files = format!("/api/v1/curricula/{curriculum}/specialty-files");
    let pdf = logbog_files::check::samples::pdf("Kompetencekort");
    let (content_type, body) = logbog_testkit::multipart(&[], Some(("kort.pdf", &pdf)));
    let resp = t
        .client()
        .post(t.url(&cards))
        .bearer_auth(&token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let first = resp.json::<serde_json::Value>().await.unwrap()["document"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut before = Vec::new();
    for p in pages_of_trainee {
        before.push((p, queries_of(&t, &trainee_web, p).await));
    }
    for p in pages_of_supervisor {
        before.push((p, queries_of(&t, &supervisor_web, p).await));
    }

    // More of everything those pages list: requests waiting, approvals, notifications, views.
    logbog_app::approvals::report_ready(&t.app, &trainee, &free[..3], supervisor.id(), None, "")
        .await
        .unwrap();
    let waiting = logbog_app::approvals::work_list(&t.app, &supervisor).await.unwrap();
    let decide: Vec<_> = waiting
        .iter()
        .filter(|w| {
            free[..2]
                .iter()
                .any(|c| logbog_domain::ItemRef::Competency(*c) == w.request.item)
        })
        .map(|w| (w.request.id, w.assessment_methods.first().copied()))
        .collect();
    assert_eq!(decide.len(), 2);
    logbog_app::approvals::approve_each(&t.app, &supervisor, &decide, "")
        .await
        .unwrap();
    for _ in 0..3 {
        supervisor_web.get(t.url(&logbook_of)).send().await.unwrap();
    }
    // More notes (shared with the supervisor) and more employments in the overview.
    for day in ["2026-11-20", "2026-11-21", "2026-11-22"] {
        let input = logbog_app::notes::NoteInput {
            written_on: date(day),
            competency: Some(free[0]),
            body: format!("Notat {day}"),
        };
        let note = logbog_app::notes::write_note(&t.app, &trainee, trainee.id(), &input)
            .await
            .unwrap();
        logbog_app::notes::set_shares(&t.app, &trainee, note, &[supervisor.id()])
            .await
            .unwrap();
    }
    for year in [2010, 2011] {
        let input = logbog_app::overview::EmploymentInput {
            kind: logbog_domain::overview::OtherEmploymentKind::Post,
            employer: "Vikarbureau".into(),
            department: String::new(),
            position: "Lægevikar".into(),
            start_date: date(&format!("{year}-01-01")),
            end_date: date(&format!("{year}-12-31")),
            extent: logbog_domain::overview::Extent::Percent(50),
        };
        logbog_app::overview::add_employment(&t.app, &trainee, trainee.id(), &input)
            .await
            .unwrap();
    }

    // More cards on the competency (a new version and another card), more specialty files.
    let mut first_card = first.clone();
    for (path, who, fields) in [
        (&cards, &token, vec![("replaces", "first")]),
        (&cards, &token, vec![]),
        (&files, &publisher, vec![("title", "Tjekliste A")]),
        (&files, &publisher, vec![("title", "Tjekliste B")]),
    ] {
        let fields: Vec<(&str, &str)> = fields
            .into_iter()
            .map(|(k, v)| if v == "first" { (k, first_card.as_str()) } else { (k, v) })
            .collect();
        let (content_type, body) = logbog_testkit::multipart(&fields, Some(("kort.pdf", &pdf)));
        let resp = t
            .client()
            .post(t.url(path))
            .bearer_auth(who)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201, "{path}");
        let v: serde_json::Value = resp.json().await.unwrap();
        if path == &cards {
            first_card = v["document"]["id"].as_str().unwrap().to_owned();
        }
    }

    let mut after = Vec::new();
    for p in pages_of_trainee {
        after.push((p, queries_of(&t, &trainee_web, p).await));
    }
    for p in pages_of_supervisor {
        after.push((p, queries_of(&t, &supervisor_web, p).await));
    }
    for ((page, b), (_, a)) in before.iter().zip(&after) {
        assert!(*b > 0, "{page}: no statements counted; is the counter installed?");
        assert_eq!(a, b, "{page}: {b} queries before, {a} with more rows");
    }
    eprintln!("queries per page: {after:?}");
}

/// The reminder job finds its work with three set-based reads (reminders, escalations, time
/// attestations fallen due), whatever the number of waiting
/// requests, and a run with nothing new to do writes nothing (no transaction, no insert).
async fn reminder_job_with_nothing_new_only_reads(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    // The demo has requests waiting 9 and 16 days: the first run has work.
    QUERIES.store(0, Ordering::SeqCst);
    let first = logbog_app::notifications::run_reminders(&t.app).await.unwrap();
    assert!(first.reminders + first.escalations >= 3, "{first:?}");
    let working = QUERIES.load(Ordering::SeqCst);
    QUERIES.store(0, Ordering::SeqCst);
    let second = logbog_app::notifications::run_reminders(&t.app).await.unwrap();
    assert_eq!(second, Default::default());
    assert_eq!(
        QUERIES.load(Ordering::SeqCst),
        3,
        "with nothing new the job only reads (it sent {working} statements when it had work)"
    );
}

/// The navigation's count of waiting requests is counted once and then reused while nothing it
/// depends on has changed: one statement (the pending requests' fingerprint from the approver
/// index) instead of the facts of every waiting request.
async fn the_waiting_count_is_reused_while_nothing_changes(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let supervisor = t.user("vejleder.hansen").await;
    QUERIES.store(0, Ordering::SeqCst);
    let n = logbog_app::approvals::waiting_count(&t.app, &supervisor).await.unwrap();
    let counting = QUERIES.load(Ordering::SeqCst);
    assert!(n > 0 && counting >= 2, "{n} waiting, {counting} statements");
    QUERIES.store(0, Ordering::SeqCst);
    assert_eq!(
        logbog_app::approvals::waiting_count(&t.app, &supervisor).await.unwrap(),
        n
    );
    assert_eq!(
        QUERIES.load(Ordering::SeqCst),
        1,
        "reused: only the fingerprint (counting took {counting})"
    );
}

/// The key pages of every role cost the same statements on the demo data and after
/// `logbog seed` has added a generated region's worth of trainees, approvals, notifications and
/// views around the demo accounts (at a small fraction of the national scale).
async fn query_counts_hold_at_the_generators_scale(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let pages = [
        ("laege.hu3", "/logbook"),
        ("laege.hu3", "/logbook/views"),
        ("laege.hu3", "/notifications"),
        ("vejleder.hansen", "/home"),
        ("vejleder.hansen", "/worklist"),
        ("uao.kardiologi", "/home"),
        ("uao.kardiologi", "/worklist"),
        ("uao.kardiologi", "/access"),
        ("sekretariat.oest", "/home"),
        ("sekretariat.oest", "/home?q=an"),
        ("sekretariat.oest", "/access"),
        ("sekretariat.oest", "/paper-attestations"),
    ];
    let mut clients = std::collections::HashMap::new();
    for (user, _) in pages {
        if !clients.contains_key(user) {
            clients.insert(user, t.login(user, PW).await);
        }
    }
    let mut before = Vec::new();
    for (user, page) in pages {
        before.push(queries_of(&t, &clients[user], page).await);
    }
    let lead_home = t.text(&clients["uao.kardiologi"], "/home").await.len();
    let scale: logbog_app::seed::Scale = "0.002".parse().unwrap();
    logbog_app::seed::seed(&t.app, scale, &mut |_, _, _| {}).await.unwrap();
    let grown = t.text(&clients["uao.kardiologi"], "/home").await.len();
    assert!(
        grown > lead_home,
        "the seed gives the lead more trainees: {lead_home} → {grown} bytes"
    );
    for ((user, page), b) in pages.iter().zip(&before) {
        let a = queries_of(&t, &clients[user], page).await;
        assert!(*b > 0, "{page}: no statements counted; is the counter installed?");
        assert_eq!(a, *b, "{user} {page}: {b} queries on the demo data, {a} after the seed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_query_counts_do_not_grow_with_rows_on_both_databases() {
    tracing_subscriber::registry().with(CountQueries).init();
    page_query_counts_do_not_grow_with_rows(TestDb::sqlite().await).await;
    reminder_job_with_nothing_new_only_reads(TestDb::sqlite().await).await;
    the_waiting_count_is_reused_while_nothing_changes(TestDb::sqlite().await).await;
    if let Some(db) = TestDb::postgres().await {
        page_query_counts_do_not_grow_with_rows(db).await;
    }
    if let Some(db) = TestDb::postgres().await {
        reminder_job_with_nothing_new_only_reads(db).await;
    }
    if let Some(db) = TestDb::postgres().await {
        the_waiting_count_is_reused_while_nothing_changes(db).await;
    }
    query_counts_hold_at_the_generators_scale(TestDb::sqlite().await).await;
    if let Some(db) = TestDb::postgres().await {
        query_counts_hold_at_the_generators_scale(db).await;
    }
}
