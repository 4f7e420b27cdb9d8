//! Login throttling with an attacker and the real user at the same time, on both databases:
//! the attacker's address is refused, the real user's never is; an address with many failures
//! (a hospital's NAT) is slowed, not refused; the counters are shared by every server process on
//! the database; and `X-Forwarded-For` is believed only from a trusted proxy.

use logbog_testkit::{TestApp, TestDb, builders, date, dual_db_tests};

const PASSWORD: &str = builders::PASSWORD;

async fn behind_a_proxy(db: TestDb) -> TestApp {
    let settings = logbog_web::WebSettings {
        trusted_proxies: "127.0.0.1, ::1".parse().unwrap(),
        ..Default::default()
    };
    let t = TestApp::start_with(db, date("2026-11-26"), settings).await;
    builders::trainee(&t.app, "ida", Some(date("2026-09-01")), None).await;
    t
}

async fn an_attacker_cannot_keep_the_real_user_out(db: TestDb) {
    let t = behind_a_proxy(db).await;
    let attacker = t.client_from("203.0.113.66");
    // Five wrong guesses lock the attacker's address for this account…
    for _ in 0..5 {
        assert_eq!(t.post_login(&attacker, "ida", "wrong-password").await.status(), 401);
    }
    assert_eq!(t.post_login(&attacker, "ida", PASSWORD).await.status(), 429);
    // …while Ida, at home, logs in every time, also right after each of the attacker's guesses,
    // one a minute for half an hour (over the 20 failures that put her account under attack).
    for minute in 0..30 {
        t.clock.advance(chrono::Duration::seconds(61));
        let status = t.post_login(&attacker, "ida", "wrong-password").await.status();
        assert!(status == 401 || status == 429, "{status}");
        let real = t.client_from("198.51.100.7");
        assert_eq!(
            t.post_login(&real, "ida", PASSWORD).await.status(),
            303,
            "minute {minute}: the real user is let in"
        );
    }
    // The attacker's own address is still locked (doubling locks), even for the right password.
    assert_eq!(t.post_login(&attacker, "ida", PASSWORD).await.status(), 429);
}

async fn many_addresses_lock_only_themselves(db: TestDb) {
    let t = behind_a_proxy(db).await;
    // A distributed attack: 25 addresses with one guess each put the account under attack…
    for i in 0..25 {
        let bot = t.client_from(&format!("192.0.2.{i}"));
        assert_eq!(t.post_login(&bot, "ida", "wrong-password").await.status(), 401);
    }
    // …so a bot's second guess is refused after a single failure of its own…
    let bot = t.client_from("192.0.2.30");
    assert_eq!(t.post_login(&bot, "ida", "wrong-password").await.status(), 401);
    assert_eq!(t.post_login(&bot, "ida", PASSWORD).await.status(), 429);
    // …but an address that has not failed is let in.
    assert_eq!(
        t.post_login(&t.client_from("198.51.100.7"), "ida", PASSWORD)
            .await
            .status(),
        303
    );
}

async fn a_busy_address_is_slowed_not_refused(db: TestDb) {
    let t = behind_a_proxy(db).await;
    builders::trainee(&t.app, "jens", Some(date("2026-09-01")), None).await;
    // A hospital's NAT: someone behind it tries fifty accounts that do not exist.
    let nat = "198.51.100.200";
    for i in 0..logbog_app::throttle::ADDRESS_SLOWED {
        let c = t.client_from(nat);
        assert_eq!(
            t.post_login(&c, &format!("guess{i}"), "wrong-password").await.status(),
            401
        );
    }
    // Jens, behind the same NAT, still logs in: slowed down by a second, not refused.
    let started = std::time::Instant::now();
    assert_eq!(t.post_login(&t.client_from(nat), "jens", PASSWORD).await.status(), 303);
    assert!(
        started.elapsed() >= logbog_app::throttle::SLOWDOWN,
        "the busy address waits"
    );
}

async fn every_server_process_sees_the_same_attacker(db: TestDb) {
    let t = behind_a_proxy(db).await;
    let attacker = "203.0.113.66";
    for _ in 0..5 {
        t.post_login(&t.client_from(attacker), "ida", "wrong-password").await;
    }
    // A second server on the same database refuses the attacker too.
    let other = logbog_app::App::new(t.app.db.clone(), t.clock.clone(), Default::default());
    let refused = logbog_app::auth::login(
        &other,
        "ida",
        PASSWORD,
        Some(attacker.parse().unwrap()),
        logbog_db::sessions::SessionKind::Api,
    )
    .await;
    assert!(
        matches!(refused, Err(logbog_app::AppError::Throttled { .. })),
        "{refused:?}"
    );
}

async fn the_forwarded_address_counts_only_from_a_trusted_proxy(db: TestDb) {
    // Without trusted proxies the header is the client's own claim and is ignored: an attacker
    // cannot dodge the lock by inventing a new address for each guess.
    let t = TestApp::start(db, date("2026-11-26")).await;
    builders::trainee(&t.app, "ida", Some(date("2026-09-01")), None).await;
    for i in 0..5 {
        let c = t.client_from(&format!("192.0.2.{i}"));
        assert_eq!(t.post_login(&c, "ida", "wrong-password").await.status(), 401);
    }
    let c = t.client_from("192.0.2.99");
    assert_eq!(t.post_login(&c, "ida", PASSWORD).await.status(), 429);
}

dual_db_tests!(
    an_attacker_cannot_keep_the_real_user_out,
    many_addresses_lock_only_themselves,
    a_busy_address_is_slowed_not_refused,
    every_server_process_sees_the_same_attacker,
    the_forwarded_address_counts_only_from_a_trusted_proxy,
);
