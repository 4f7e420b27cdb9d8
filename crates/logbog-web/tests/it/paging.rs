//! Lists that grow with history come a page at a time, with the count of all, on the page and
//! in the API: who has seen my logbook, notifications and the work list.

use logbog_app::logbook::view_logbook;
use logbog_app::paging::PageRequest;
use logbog_domain::Notice;
use logbog_testkit::{TestApp, TestDb, date, dual_db_tests};

const PW: &str = logbog_app::demo::DEMO_PASSWORD;

async fn long_lists_come_a_page_at_a_time(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let trainee = t.user("laege.hu1").await;
    let supervisor = t.user("vejleder.hansen").await;
    for _ in 0..60 {
        view_logbook(&t.app, &supervisor, trainee.id(), Default::default())
            .await
            .unwrap();
    }
    let total = logbog_app::logbook::views_of_own_logbook(&t.app, &trainee, PageRequest::default())
        .await
        .unwrap()
        .total;
    assert!(total >= 60, "{total}");
    let pages = total.div_ceil(50);

    // The page: 50 rows, what they are of the whole, and a way on.
    let web = t.login("laege.hu1", PW).await;
    let html = t.text(&web, "/logbook/views").await;
    assert!(html.contains(&format!("Viser 1–50 af {total}")), "{html}");
    assert_eq!(html.matches("<tr><td").count(), 50);
    assert!(html.contains("<a href=\"/logbook/views?page=2\" rel=\"next\">"));
    assert!(!html.contains("rel=\"prev\""));
    let second = t.text(&web, "/logbook/views?page=2").await;
    assert!(second.contains("<a href=\"/logbook/views?page=1\" rel=\"prev\">"));
    // A page beyond the last shows the last.
    let beyond = t.text(&web, &format!("/logbook/views?page={}", pages + 3)).await;
    assert!(beyond.contains(&format!("Side {pages} af {pages}")), "{beyond}");
    assert!(!beyond.contains("rel=\"next\""));
    // The download still has them all.
    let csv = t.text(&web, "/logbook/views.csv").await;
    assert_eq!(csv.lines().count() as u64, total + 1);

    // The API: the page's items, the count and the links in headers.
    let token = t.token("laege.hu1", PW).await;
    let r = t
        .client()
        .get(t.url("/api/v1/me/logbook-views?per_page=20&page=2"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-total-count"], total.to_string().as_str());
    let link = r.headers()["link"].to_str().unwrap().to_owned();
    assert!(
        link.contains("</api/v1/me/logbook-views?page=1&per_page=20>; rel=\"prev\""),
        "{link}"
    );
    assert!(
        link.contains("</api/v1/me/logbook-views?page=3&per_page=20>; rel=\"next\""),
        "{link}"
    );
    let items: Vec<serde_json::Value> = r.json().await.unwrap();
    assert_eq!(items.len(), 20);
    // A page that is not a number is a 400 naming the query.
    let r = t
        .client()
        .get(t.url("/api/v1/me/logbook-views?page=two"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    // Notifications: 70 more for the supervisor, 50 on the first page.
    {
        let mut conn = t.app.db.conn().await.unwrap();
        for i in 0..70 {
            let notice = Notice::Reminder {
                trainee_name: format!("Læge {i}"),
                days: 8,
                codes: vec!["1.1".into()],
                about: None,
            };
            logbog_db::notifications::insert(&mut conn, supervisor.id(), &notice, None, t.app.clock.now())
                .await
                .unwrap();
        }
    }
    let sup_web = t.login("vejleder.hansen", PW).await;
    let html = t.text(&sup_web, "/notifications").await;
    assert_eq!(html.matches("<li class=\"unread\">").count(), 50);
    assert!(html.contains("rel=\"next\""));
    let sup_token = t.token("vejleder.hansen", PW).await;
    let r = t
        .client()
        .get(t.url("/api/v1/notifications"))
        .bearer_auth(&sup_token)
        .send()
        .await
        .unwrap();
    let count: u64 = r.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    assert!(count >= 70, "{count}");
    assert_eq!(r.json::<Vec<serde_json::Value>>().await.unwrap().len(), 50);

    // The work list by API: the count of all that wait, however few are asked for.
    let r = t
        .client()
        .get(t.url("/api/v1/worklist?per_page=1"))
        .bearer_auth(&sup_token)
        .send()
        .await
        .unwrap();
    let waiting = logbog_app::approvals::work_list(&t.app, &supervisor)
        .await
        .unwrap()
        .len();
    assert!(waiting >= 2, "{waiting}");
    assert_eq!(r.headers()["x-total-count"], waiting.to_string().as_str());
    assert_eq!(r.json::<Vec<serde_json::Value>>().await.unwrap().len(), 1);
}

/// The access lists (supervisions at a lead's sites, site grants of a secretariat's regions) and
/// the secretariat's search for trainees come a page at a time too.
async fn access_lists_and_search_come_a_page_at_a_time(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let lead = t.user("uao.kardiologi").await;
    let trainee = t.person("laege.hu1").await;
    let supervisor = t.person("vejleder.hansen").await;
    let (site, _) = lead.led_sites()[0];
    // Sixty supervisions of years past at the lead's department.
    for _ in 0..60 {
        logbog_testkit::builders::supervision(
            &t.app,
            supervisor,
            trainee,
            site,
            lead.id(),
            (date("2020-01-01"), Some(date("2020-06-30"))),
        )
        .await;
    }
    let token = t.token("uao.kardiologi", PW).await;
    let r = t
        .client()
        .get(t.url("/api/v1/access/supervisions"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let total: u64 = r.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    assert!(total >= 60, "{total}");
    let first: Vec<serde_json::Value> = r.json().await.unwrap();
    assert_eq!(first.len(), 50);
    // Those in force come first.
    assert!(
        first[0]["ended_at"].is_null() && first[0]["valid_until"] != "2020-06-30",
        "{:?}",
        first[0]
    );
    let web = t.login("uao.kardiologi", PW).await;
    let html = t.text(&web, "/access").await;
    assert!(html.contains(&format!("Viser 1–50 af {total}")), "{html}");
    assert!(html.contains("<a href=\"/access?page=2\" rel=\"next\">"));
    let last = t.text(&web, "/access?page=2").await;
    assert!(last.contains(&format!("Viser 51–{total} af {total}")));

    // The secretariat: its site grants by API, and the search of its trainees with the count.
    let sec = t.token("sekretariat.oest", PW).await;
    let r = t
        .client()
        .get(t.url("/api/v1/access/site-grants?per_page=1"))
        .bearer_auth(&sec)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let grants: u64 = r.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    assert!(grants >= 1);
    assert_eq!(r.json::<Vec<serde_json::Value>>().await.unwrap().len(), 1);
    let web = t.login("sekretariat.oest", PW).await;
    let html = t.text(&web, "/home").await;
    let found = html.matches("/logbook\">").count();
    assert!(found >= 1, "{html}");
    assert!(html.contains(&format!("Viser 1–{found} af {found}")), "{html}");
}

dual_db_tests!(
    long_lists_come_a_page_at_a_time,
    access_lists_and_search_come_a_page_at_a_time
);
