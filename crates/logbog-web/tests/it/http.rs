//! HTTP integration tests through the real app on a free port, on both databases: login and its
//! refusals, CSRF, sessions, language, the logbook pages, and the JSON API with its errors.

use logbog_testkit::builders::{self, PASSWORD};
use logbog_testkit::{TestApp, TestDb, csrf_of, date, dual_db_tests};
use serde_json::Value;

const DEMO_PW: &str = logbog_app::demo::DEMO_PASSWORD;

fn set_cookies(resp: &reqwest::Response) -> Vec<String> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

async fn health_headers_and_login_page(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    let c = t.client();
    assert_eq!(c.get(t.url("/healthz")).send().await.unwrap().status(), 200);
    let resp = c.get(t.url("/login")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert_eq!(h["cache-control"], "no-store");
    assert!(
        !h.contains_key("strict-transport-security"),
        "plain HTTP (the demo): no HSTS"
    );
    let cookies = set_cookies(&resp);
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("logbog_csrf=") && c.contains("HttpOnly") && c.contains("SameSite=Strict"))
    );
    let html = resp.text().await.unwrap();
    assert!(html.contains("<html lang=\"da\">"));
    assert!(html.contains("Log ind"));
    // Anonymous visitors are sent to the login page, remembering where they were going.
    let resp = c.get(t.url("/logbook?phase=x")).send().await.unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/login?next=%2Flogbook%3Fphase%3Dx");
    // Unknown pages are a 404 page, not a crash.
    assert_eq!(c.get(t.url("/no/such/page")).send().await.unwrap().status(), 404);
}

/// Behind TLS (secure cookies), every response tells browsers to keep to HTTPS.
async fn hsts_behind_tls(db: TestDb) {
    let settings = logbog_web::WebSettings {
        secure_cookies: true,
        ..Default::default()
    };
    let t = TestApp::start_with(db, date("2026-11-26"), settings).await;
    for path in ["/login", "/healthz", "/api/v1/me"] {
        let resp = t.client().get(t.url(path)).send().await.unwrap();
        assert_eq!(
            resp.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}

async fn forms_need_a_valid_csrf_token(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    builders::trainee(&t.app, "ida", Some(date("2026-09-01")), None).await;
    let c = t.client();
    let page = t.text(&c, "/login").await;
    let csrf = csrf_of(&page);
    for form in [
        vec![("username", "ida"), ("password", PASSWORD)],
        vec![
            ("csrf", "forged-token-forged-token-forged-token"),
            ("username", "ida"),
            ("password", PASSWORD),
        ],
    ] {
        let resp = c.post(t.url("/login")).form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 403);
        assert!(resp.text().await.unwrap().contains("Formularen er udløbet"));
    }
    let resp = c
        .post(t.url("/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf", csrf.as_str()), ("username", "ida"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403, "cross-site posts are refused");
    let resp = c
        .post(t.url("/login"))
        .form(&[("csrf", csrf.as_str()), ("username", "ida"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    // Logged in, the token is the session's: the anonymous one no longer works.
    let resp = c
        .post(t.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
}

async fn login_rotates_the_session_and_logout_ends_it(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    builders::trainee(&t.app, "ida", Some(date("2026-09-01")), None).await;
    let c = t.client();
    let first = t.post_login(&c, "ida", PASSWORD).await;
    assert_eq!(first.status(), 303);
    assert_eq!(first.headers()["location"], "/logbook");
    let cookie1 = set_cookies(&first)
        .into_iter()
        .find(|c| c.starts_with("logbog_session="))
        .unwrap();
    assert!(cookie1.contains("HttpOnly") && cookie1.contains("SameSite=Lax"));
    let second = t.post_login(&c, "ida", PASSWORD).await;
    let cookie2 = set_cookies(&second)
        .into_iter()
        .find(|c| c.starts_with("logbog_session="))
        .unwrap();
    assert_ne!(cookie1, cookie2, "a new session id at every login");
    // The first session was ended by the second login.
    let old = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token1 = cookie1.split(';').next().unwrap().to_owned();
    let resp = old.get(t.url("/home")).header("cookie", &token1).send().await.unwrap();
    assert_eq!(resp.status(), 303, "rotated-out session no longer works");

    let home = c.get(t.url("/")).send().await.unwrap();
    assert_eq!(home.headers()["location"], "/logbook");
    let page = c.get(t.url("/login")).send().await.unwrap();
    assert_eq!(page.status(), 303, "logged-in users skip the login page");
    let logbook = c.get(t.url("/logbook")).send().await.unwrap();
    let csrf = csrf_of(&logbook.text().await.unwrap());
    let resp = c
        .post(t.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let token2 = cookie2.split(';').next().unwrap().to_owned();
    let resp = old
        .get(t.url("/logbook"))
        .header("cookie", &token2)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303, "logged-out session no longer works");
}

async fn wrong_password_keeps_the_username_and_throttles(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    builders::trainee(&t.app, "ida", Some(date("2026-09-01")), None).await;
    let c = t.client();
    let resp = t.post_login(&c, "ida", "wrong-password").await;
    assert_eq!(resp.status(), 401);
    let html = resp.text().await.unwrap();
    assert!(html.contains("Forkert brugernavn eller adgangskode"));
    assert!(html.contains("value=\"ida\""), "the form keeps what was typed");
    for _ in 0..4 {
        t.post_login(&c, "ida", "wrong-password").await;
    }
    let resp = t.post_login(&c, "ida", PASSWORD).await;
    assert_eq!(
        resp.status(),
        429,
        "locked after five failures, even with the right password"
    );
    assert!(resp.text().await.unwrap().contains("For mange mislykkede forsøg"));
    // An unknown user gets the same answer as a wrong password.
    let resp = t.post_login(&t.client(), "nobody", "whatever-pass").await;
    assert_eq!(resp.status(), 401);
}

/// RULES-EXAMPLES.md, "Trainee access", through the login page and the token endpoint.
async fn trainee_access_window_is_enforced_on_login_and_token(db: TestDb) {
    let t = TestApp::start(db, date("2026-08-02")).await;
    builders::trainee(&t.app, "saturday", Some(date("2026-08-01")), None).await;
    builders::trainee(&t.app, "recognised", Some(date("2019-09-01")), Some(date("2026-03-15"))).await;
    builders::trainee(&t.app, "noprogramme", None, None).await;

    let resp = t.post_login(&t.client(), "saturday", PASSWORD).await;
    assert_eq!(resp.status(), 403);
    assert!(
        resp.text().await.unwrap().contains("03.08.2026"),
        "says from which date"
    );
    let api = t
        .client()
        .post(t.url("/api/v1/auth/token"))
        .json(&serde_json::json!({"username": "saturday", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 403);
    let body: Value = api.json().await.unwrap();
    assert_eq!(body["error"], "access_not_yet_open");
    assert!(body["message"].as_str().unwrap().contains("3 Aug 2026"));

    let resp = t.post_login(&t.client(), "noprogramme", PASSWORD).await;
    assert_eq!(resp.status(), 403);
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("regionale videreuddannelsessekretariat")
    );

    t.clock.set_date(date("2026-08-03"));
    assert_eq!(t.post_login(&t.client(), "saturday", PASSWORD).await.status(), 303);

    t.clock.set_date(date("2026-09-15"));
    assert_eq!(
        t.post_login(&t.client(), "recognised", PASSWORD).await.status(),
        303,
        "last day allowed"
    );
    t.clock.set_date(date("2026-09-16"));
    let resp = t.post_login(&t.client(), "recognised", PASSWORD).await;
    assert_eq!(resp.status(), 403);
    assert!(resp.text().await.unwrap().contains("15.09.2026"));
    let api = t
        .client()
        .post(t.url("/api/v1/auth/token"))
        .json(&serde_json::json!({"username": "recognised", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 403);
    assert_eq!(api.json::<Value>().await.unwrap()["error"], "access_ended");
}

async fn language_switch_is_remembered(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    builders::trainee(&t.app, "ida", Some(date("2026-09-01")), None).await;
    let c = t.client();
    let page = t.text(&c, "/login").await;
    let resp = c
        .post(t.url("/language"))
        .form(&[("csrf", csrf_of(&page).as_str()), ("lang", "en"), ("back", "/login")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/login");
    let html = t.text(&c, "/login").await;
    assert!(html.contains("<html lang=\"en\">") && html.contains("Log in"));
    // Logged in, the choice is stored on the account and follows the user to a new browser.
    let c2 = t.login("ida", PASSWORD).await;
    let page = c2.get(t.url("/login?next=/logbook")).send().await.unwrap();
    assert_eq!(page.status(), 303);
    let logbook = t.text(&c2, "/logbook").await;
    assert!(logbook.contains("lang=\"da\""));
    c2.post(t.url("/language"))
        .form(&[
            ("csrf", csrf_of(&logbook).as_str()),
            ("lang", "en"),
            ("back", "/logbook"),
        ])
        .send()
        .await
        .unwrap();
    let c3 = t.login("ida", PASSWORD).await;
    let html = t.text(&c3, "/logbook").await;
    assert!(html.contains("<html lang=\"en\">"));
    // The switch comes back to the same view, with its query.
    let html = t.text(&c3, "/logbook/views?from=1").await;
    assert!(html.contains("name=\"back\" value=\"/logbook/views?from=1\""), "{html}");

    // Chosen on the login page, the language becomes the account's at login.
    builders::trainee(&t.app, "ole", Some(date("2026-09-01")), None).await;
    let c4 = t.client();
    let page = t.text(&c4, "/login").await;
    c4.post(t.url("/language"))
        .form(&[("csrf", csrf_of(&page).as_str()), ("lang", "en"), ("back", "/login")])
        .send()
        .await
        .unwrap();
    assert_eq!(t.post_login(&c4, "ole", PASSWORD).await.status(), 303);
    let html = t.text(&c4, "/logbook").await;
    assert!(html.contains("<html lang=\"en\">"), "English right after login");
    // The next user of the same browser keeps their own language: the choice was ole's, made
    // before ole's login, and is spent.
    let html = t.text(&c4, "/logbook").await;
    c4.post(t.url("/logout"))
        .form(&[("csrf", csrf_of(&html).as_str())])
        .send()
        .await
        .unwrap();
    builders::trainee(&t.app, "per", Some(date("2026-09-01")), None).await;
    assert_eq!(t.post_login(&c4, "per", PASSWORD).await.status(), 303);
    let html = t.text(&c4, "/logbook").await;
    assert!(html.contains("<html lang=\"da\">"), "per keeps Danish");
    let c5 = t.login("ole", PASSWORD).await;
    let html = t.text(&c5, "/logbook").await;
    assert!(
        html.contains("<html lang=\"en\">"),
        "ole's English is stored on the account"
    );
}

/// `back` and `next` values that must never be followed: control characters (which would not
/// even fit in a `Location` header, and which browsers strip, so that `/\t/evil.example` becomes
/// `//evil.example`), backslashes, other sites, and what becomes one after percent-decoding.
const HOSTILE_TARGETS: &[&str] = &[
    "/logbook\0",
    "/\0/evil.example",
    "/logbook\r\nSet-Cookie: logbog_session=x",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\t/evil.example",
    "/logbook\u{7f}",
    "/\\evil",
    "/\\\\evil.example",
    "/%09/evil.example/",
    "/%0d%0a/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil",
    "https://evil.example/",
    "//evil.example",
    "///evil.example",
    "javascript:alert(1)",
    "evil.example",
    "\t/logbook",
    " /logbook",
    "",
];

/// The `value` of the hidden field `name` in a page, unescaped as a browser would.
fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).map(|i| i + marker.len()).expect("the field");
    html[start..start + html[start..].find('"').expect("closing quote")]
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The language switch sends the browser back only to a page of this site; anything else goes
/// to the login page before login, and to the user's home after.
async fn language_switch_never_leaves_the_site(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    builders::trainee(&t.app, "ida", Some(date("2026-09-01")), None).await;
    let c = t.client();
    let csrf = csrf_of(&t.text(&c, "/login").await);
    for back in HOSTILE_TARGETS {
        let resp = c
            .post(t.url("/language"))
            .form(&[("csrf", csrf.as_str()), ("lang", "en"), ("back", back)])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 303, "back={back:?}");
        assert_eq!(resp.headers()["location"], "/login", "back={back:?}");
    }
    let c = t.login("ida", PASSWORD).await;
    let csrf = csrf_of(&t.text(&c, "/logbook").await);
    for back in HOSTILE_TARGETS {
        let resp = c
            .post(t.url("/language"))
            .form(&[("csrf", csrf.as_str()), ("lang", "da"), ("back", back)])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 303, "back={back:?}");
        assert_eq!(resp.headers()["location"], "/logbook", "back={back:?}");
    }
    // A page of the site, with its query, is followed as it was given.
    for back in ["/logbook/views?from=1", "/logbook?phase=a%20b", "/home?q=N%C3%B8rgaard"] {
        let resp = c
            .post(t.url("/language"))
            .form(&[("csrf", csrf.as_str()), ("lang", "da"), ("back", back)])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 303);
        assert_eq!(resp.headers()["location"], back);
    }
}

/// After login, `next` is followed only within the site: `/login?next=/%09/evil.example/`
/// carries a tab, which browsers drop from a `Location`, making it `//evil.example/`.
async fn login_next_never_leaves_the_site(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    builders::trainee(&t.app, "ida", Some(date("2026-09-01")), None).await;
    let c = t.client();
    let page = t.text(&c, "/login?next=/%09/evil.example/").await;
    let next = hidden_value(&page, "next");
    let csrf = csrf_of(&page);
    let resp = c
        .post(t.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "ida"),
            ("password", PASSWORD),
            ("next", next.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/logbook", "next={next:?}");
    // Logged in, the login page sends on at once, by the same rule.
    let resp = c.get(t.url("/login?next=/%09/evil.example/")).send().await.unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/logbook");
    for next in HOSTILE_TARGETS {
        let c = t.client();
        let csrf = csrf_of(&t.text(&c, "/login").await);
        let resp = c
            .post(t.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "ida"),
                ("password", PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 303, "next={next:?}");
        assert_eq!(resp.headers()["location"], "/logbook", "next={next:?}");
    }
    // A page of the site is where the user was going.
    let c = t.client();
    let csrf = csrf_of(&t.text(&c, "/login?next=%2Flogbook%2Fviews").await);
    let resp = c
        .post(t.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "ida"),
            ("password", PASSWORD),
            ("next", "/logbook/views"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["location"], "/logbook/views");
}

/// Reporting ready and withdrawing come back to a page of the site, whatever `back` says.
async fn report_and_withdraw_never_leave_the_site(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let c = t.login("laege.hu1", DEMO_PW).await;
    let html = t.text(&c, "/logbook").await;
    let csrf = csrf_of(&html);
    let ids: Vec<String> = html
        .split("name=\"competency\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect();
    let approver = html
        .split("<option value=\"")
        .skip(1)
        .find(|s| s.split("</option>").next().unwrap().contains("Vejleder"))
        .map(|s| s.split('"').next().unwrap().to_owned())
        .expect("a supervisor to report to");
    for back in [
        "/\t/evil.example",
        "/logbook\0",
        "/%2F/evil.example",
        "https://evil.example/",
    ] {
        let resp = c
            .post(t.url("/logbook/report"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("back", back),
                ("competency", ids[0].as_str()),
                ("approver", approver.as_str()),
                ("message", ""),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 303, "back={back:?}");
        assert_eq!(
            resp.headers()["location"],
            "/logbook?reported=1#report-done",
            "back={back:?}"
        );
        let page = t.text(&c, &format!("/logbook/competencies/{}", ids[0])).await;
        let request = page
            .split("/logbook/requests/")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .expect("a request to withdraw")
            .to_owned();
        let resp = c
            .post(t.url(&format!("/logbook/requests/{request}/withdraw")))
            .form(&[("csrf", csrf.as_str()), ("back", back)])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 303, "back={back:?}");
        assert_eq!(resp.headers()["location"], "/logbook", "back={back:?}");
    }
}

/// Every demo account logs in and lands on a page that fits its role, or is refused with the
/// reason; the logbook and competency pages render for the trainees.
async fn every_demo_account_lands_or_is_refused(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    for account in logbog_app::demo::demo_accounts() {
        let c = t.client();
        let resp = t.post_login(&c, &account.username, DEMO_PW).await;
        match account.username.as_str() {
            "laege.udloebet" => {
                assert_eq!(resp.status(), 403);
                assert!(resp.text().await.unwrap().contains("ophørte"));
                continue;
            }
            "laege.ny" => {
                assert_eq!(resp.status(), 403);
                assert!(resp.text().await.unwrap().contains("åbner"));
                continue;
            }
            _ => {}
        }
        assert_eq!(resp.status(), 303, "{} logs in", account.username);
        let landing = resp.headers()["location"].to_str().unwrap().to_owned();
        let only_trainee = account.roles == [logbog_domain::Role::Trainee];
        assert_eq!(
            landing,
            if only_trainee { "/logbook" } else { "/home" },
            "{}",
            account.username
        );
        let page = c.get(t.url(&landing)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{} sees {landing}", account.username);
        let html = page.text().await.unwrap();
        if only_trainee {
            assert!(
                html.contains("class=\"competency\""),
                "{} sees competencies",
                account.username
            );
            let href = html
                .split("href=\"/logbook/competencies/")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let comp = c
                .get(t.url(&format!("/logbook/competencies/{href}")))
                .send()
                .await
                .unwrap();
            assert_eq!(comp.status(), 200);
            let comp = comp.text().await.unwrap();
            assert!(comp.contains("Lægeroller") && comp.contains("Bedømmelsesmetoder"));
        } else {
            assert!(html.contains("Dine roller"), "{} sees their roles", account.username);
        }
    }
}

async fn supervisors_see_their_trainees_and_the_view_is_audited(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let c = t.login("vejleder.hansen", DEMO_PW).await;
    let home = t.text(&c, "/home").await;
    // The demo trainee she supervises, who can log in to see who looked.
    let link = home
        .split("href=\"/trainees/")
        .skip(1)
        .find(|s| s.contains("\">Ida Mikkelsen<"))
        .expect("a trainee is listed")
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let trainee_id = link.split('/').next().unwrap().to_owned();
    let mut conn = t.app.db.conn().await.unwrap();
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'logbook.viewed'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let page = c.get(t.url(&format!("/trainees/{link}"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Logbog for"));
    let (after, actor_role, trainee): (i64, String, String) = {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'logbook.viewed'")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let row: (String, String) = sqlx::query_as(
            "SELECT actor_role, trainee_id FROM audit_events WHERE action = 'logbook.viewed' ORDER BY seq DESC LIMIT 1",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        (count, row.0, row.1)
    };
    assert_eq!(after, before + 1);
    assert_eq!(actor_role, "supervisor");
    assert_eq!(trainee, trainee_id);

    // The trainee sees who looked, and can download it.
    let own = t.login(&trainee_username(&t, &trainee_id).await, DEMO_PW).await;
    let views = t.text(&own, "/logbook/views").await;
    assert!(
        views.contains("Mette Hansen") && views.contains("Vejleder"),
        "the supervisor's view is listed"
    );
    let csv = own.get(t.url("/logbook/views.csv")).send().await.unwrap();
    assert_eq!(
        csv.headers()["content-disposition"],
        "attachment; filename=\"logbog-visninger.csv\""
    );
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("Tidspunkt,Hvem,Rolle,Hvad\r\n") && text.contains("Mette Hansen,Vejleder,Logbogen"));

    // The secretariat of the region finds trainees by name; another region's does not see them.
    let syd = t.login("sekretariat.syd", DEMO_PW).await;
    let found = t.text(&syd, "/home?q=mikkelsen").await;
    assert!(found.contains("Ida Mikkelsen") && found.contains("/trainees/"));
    assert!(
        found.contains("sekretariat.syd@example.dk"),
        "the demo's invented contact details"
    );
    let none = t.text(&syd, "/home?q=zzzz").await;
    assert!(none.contains("Ingen uddannelseslæger passer"));
    let nord = t.login("sekretariat.nord", DEMO_PW).await;
    let other = t.text(&nord, "/home?q=mikkelsen").await;
    assert!(!other.contains("Ida Mikkelsen"));

    // A trainee cannot open another trainee's logbook.
    let other = t.login("laege.kbu", DEMO_PW).await;
    let resp = other
        .get(t.url(&format!("/trainees/{trainee_id}/logbook")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    // A malformed id is a 404 page, not a 500.
    assert_eq!(
        other
            .get(t.url("/trainees/not-a-uuid/logbook"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let bad = other.get(t.url("/logbook?phase=nonsense")).send().await.unwrap();
    assert_eq!(bad.status(), 400);
}

async fn trainee_username(t: &TestApp, id: &str) -> String {
    let mut conn = t.app.db.conn().await.unwrap();
    sqlx::query_scalar("SELECT username FROM accounts WHERE person_id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn api_token_me_programmes_and_competencies(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let token = t.token("laege.hu3", DEMO_PW).await;
    let c = t.client();
    let me: Value = c
        .get(t.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "laege.hu3");
    assert_eq!(me["roles"][0]["role"], "trainee");
    let id = me["person_id"].as_str().unwrap();
    let programmes: Value = c
        .get(t.url(&format!("/api/v1/trainees/{id}/programmes")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = programmes.as_array().unwrap();
    assert!(list.len() >= 2, "KBU/intro history and the main training");
    let main = list.iter().find(|p| p["kind"] == "main").expect("a main training");
    assert!(!main["employments"].as_array().unwrap().is_empty());
    let phases = main["curricula"][0]["phases"].as_array().unwrap();
    assert_eq!(phases.len(), 3, "almen medicin has three phases");
    let phase = phases[1]["id"].as_str().unwrap();
    let url = format!(
        "/api/v1/trainees/{id}/competencies?programme={}&phase={phase}",
        main["id"].as_str().unwrap()
    );
    let resp = c.get(t.url(&url)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let comps: Value = resp.json().await.unwrap();
    assert_eq!(comps["competencies"].as_array().unwrap().len(), 24);
    assert_eq!(comps["progress"]["total"], 24);
    let first = comps["competencies"][0]["id"].as_str().unwrap();
    let one: Value = c
        .get(t.url(&format!("/api/v1/trainees/{id}/competencies/{first}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(one["description_da"].as_str().unwrap().len() > 20);
    assert!(!one["doctor_roles"].as_array().unwrap().is_empty());

    // Another trainee's logbook is forbidden.
    let other = t.token("laege.kbu", DEMO_PW).await;
    let resp = c
        .get(t.url(&format!("/api/v1/trainees/{id}/programmes")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    assert_eq!(resp.json::<Value>().await.unwrap()["error"], "forbidden");

    // Revoked tokens stop working.
    assert_eq!(
        c.delete(t.url("/api/v1/auth/token"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let resp = c.get(t.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.json::<Value>().await.unwrap()["error"], "unauthenticated");
}

async fn api_errors_are_json_with_stable_codes(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    builders::trainee(&t.app, "ida", Some(date("2026-09-01")), None).await;
    let c = t.client();
    let check = |resp: reqwest::Response, status: u16, code: &'static str| async move {
        assert_eq!(resp.status(), status, "{code}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"], code);
        assert!(!body["message"].as_str().unwrap().is_empty());
    };
    check(c.get(t.url("/api/v1/me")).send().await.unwrap(), 401, "unauthenticated").await;
    check(
        c.get(t.url("/api/v1/me"))
            .bearer_auth("not-a-token")
            .send()
            .await
            .unwrap(),
        401,
        "unauthenticated",
    )
    .await;
    check(
        c.post(t.url("/api/v1/auth/token"))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap(),
        400,
        "invalid_input",
    )
    .await;
    check(
        c.post(t.url("/api/v1/auth/token"))
            .json(&serde_json::json!({"username": "ida"}))
            .send()
            .await
            .unwrap(),
        400,
        "invalid_input",
    )
    .await;
    check(
        c.post(t.url("/api/v1/auth/token"))
            .json(&serde_json::json!({"username": "ida", "password": "nope-nope"}))
            .send()
            .await
            .unwrap(),
        401,
        "bad_credentials",
    )
    .await;
    check(
        c.get(t.url("/api/v1/no/such/thing")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    let token = t.token("ida", PASSWORD).await;
    check(
        c.get(t.url("/api/v1/trainees/not-a-uuid/programmes"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        400,
        "invalid_input",
    )
    .await;
    check(
        c.get(t.url("/api/v1/trainees/0190aaaa-0000-7000-8000-000000000000/programmes"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        403,
        "forbidden",
    )
    .await;
    // Outside /api/v1 (another version) the page fallback answers: JSON all the same.
    check(c.get(t.url("/api/v2/anything")).send().await.unwrap(), 404, "not_found").await;
    // What the router and the outer layers answer is JSON too, with the security headers.
    let resp = c.get(t.url("/api/v1/auth/token")).send().await.unwrap();
    assert!(resp.headers().contains_key("allow"), "405 names the allowed methods");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    check(resp, 405, "method_not_allowed").await;
    // A body announced larger than the limit is refused before it is read. Only the head is
    // sent: the server answers at once and closes, so a client still writing the body could
    // fail with a broken pipe instead of reading the answer.
    let answer = {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut s = tokio::net::TcpStream::connect(t.addr).await.unwrap();
        let head = format!(
            "POST /api/v1/auth/token HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            t.addr,
            // Above the outer bound of every request (uploads' 26 MiB).
            27 * 1024 * 1024
        );
        s.write_all(head.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).await.unwrap();
        String::from_utf8_lossy(&out).into_owned()
    };
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let lower = answer.to_ascii_lowercase();
    assert!(
        lower.contains("content-security-policy:") && lower.contains("content-type: application/json"),
        "{answer}"
    );
    assert!(answer.contains("\"error\":\"payload_too_large\""), "{answer}");
    // Danish messages on request.
    let resp = c
        .get(t.url("/api/v1/me"))
        .header("accept-language", "da-DK,da;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(
        resp.json::<Value>().await.unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("logge ind")
    );
}

async fn openapi_document_is_complete(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    let doc: Value = t
        .client()
        .get(t.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/trainees/{trainee}/programmes",
        "/api/v1/trainees/{trainee}/competencies",
        "/api/v1/trainees/{trainee}/competencies/{competency}",
    ] {
        assert!(paths.contains_key(p), "{p} is documented");
    }
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has an operationId"));
            assert!(ids.insert(id.to_owned()), "operationId {id} is unique");
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// A real installation ships no invented contact details: the secretariat's are empty until
/// entered, and the page says so.
async fn real_installations_have_no_invented_contact_details(db: TestDb) {
    let t = TestApp::start(db, date("2026-11-26")).await;
    builders::account(
        &t.app,
        "sek",
        logbog_domain::Role::Secretariat,
        Some("syd"),
        date("2026-01-01"),
    )
    .await;
    let c = t.login("sek", PASSWORD).await;
    let home = t.text(&c, "/home").await;
    assert!(home.contains("Kontaktoplysningerne er ikke angivet endnu"));
    assert!(!home.contains("example.dk"));
    // Nor invented dates of joining the electronic logbook: the specialties joined this one
    // the day they were registered; only the demo invents a history.
    let mut conn = t.app.db.conn().await.unwrap();
    let dates: Vec<String> = sqlx::query_scalar("SELECT DISTINCT joined_logbook_on FROM specialties")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    assert_eq!(dates, ["2026-11-26"]);
    drop(conn);
    logbog_app::demo::seed(&t.app, &mut |_, _, _| {}).await.unwrap();
    let mut conn = t.app.db.conn().await.unwrap();
    let earlier: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM specialties WHERE joined_logbook_on < '2017-01-01'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(earlier, 39, "the demo's history");
}

/// The demo's history is in its audit trail as a real one would be: one event per approval,
/// request and reset, and the chain verifies.
async fn demo_history_is_in_the_audit_trail(db: TestDb) {
    let t = TestApp::with_demo(db, date("2026-11-26")).await;
    let mut conn = t.app.db.conn().await.unwrap();
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    for (rows, events) in [
        (
            "SELECT COUNT(*) FROM approvals",
            "SELECT COUNT(*) FROM audit_events WHERE action = 'approval.approved'",
        ),
        (
            "SELECT COUNT(*) FROM approval_requests",
            "SELECT COUNT(*) FROM audit_events WHERE action = 'approval.requested'",
        ),
        (
            "SELECT COUNT(*) FROM approval_resets",
            "SELECT COUNT(*) FROM audit_events WHERE action = 'approval.reset'",
        ),
        (
            "SELECT COUNT(*) FROM supervisions",
            "SELECT COUNT(*) FROM audit_events WHERE action = 'access.supervision_granted'",
        ),
    ] {
        let n = count(rows).fetch_one(&mut *conn).await.unwrap();
        assert!(n > 0, "{rows}");
        assert_eq!(n, count(events).fetch_one(&mut *conn).await.unwrap(), "{events}");
    }
    assert!(matches!(
        logbog_db::audit::verify(&mut conn).await.unwrap(),
        logbog_db::audit::Verification::Intact { .. }
    ));
}

dual_db_tests!(
    hsts_behind_tls,
    demo_history_is_in_the_audit_trail,
    real_installations_have_no_invented_contact_details,
    health_headers_and_login_page,
    forms_need_a_valid_csrf_token,
    login_rotates_the_session_and_logout_ends_it,
    wrong_password_keeps_the_username_and_throttles,
    trainee_access_window_is_enforced_on_login_and_token,
    language_switch_is_remembered,
    language_switch_never_leaves_the_site,
    login_next_never_leaves_the_site,
    report_and_withdraw_never_leave_the_site,
    every_demo_account_lands_or_is_refused,
    supervisors_see_their_trainees_and_the_view_is_audited,
    api_token_me_programmes_and_competencies,
    api_errors_are_json_with_stable_codes,
    openapi_document_is_complete,
);
