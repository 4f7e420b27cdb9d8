//! The documents repository on both backends: the quota and replacements under races, what
//! the sweep sees as live, agreements in date order.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use logbog_db::accounts::{self, NewPerson};
use logbog_db::documents::{self, NewDocument};
use logbog_db::programmes::{self, NewProgramme};
use logbog_db::{DbError, reference};
use logbog_domain::documents::{AddendumReason, AgreementKind};
use logbog_domain::*;
use logbog_testkit::{TestDb, date, dual_db_tests};

struct World {
    trainee: PersonId,
    programme: ProgrammeId,
}

async fn world(t: &TestDb) -> World {
    let now = Utc::now();
    let mut tx = t.db.begin().await.unwrap();
    reference::upsert_region(
        &mut tx,
        &reference::Region {
            id: PostgraduateRegion::Nord,
            name_da: "Videreuddannelsesregion Nord".into(),
            name_en: "Postgraduate Region North".into(),
            secretariat_name: "Sekretariatet".into(),
            secretariat_email: "n@example.dk".into(),
            secretariat_phone: "70 00 00 00".into(),
            secretariat_url: "https://example.dk".into(),
        },
    )
    .await
    .unwrap();
    let trainee = accounts::insert_person(
        &mut tx,
        &NewPerson {
            given_name: "Ida",
            family_name: "Holm",
            cpr: None,
            authorisation_id: None,
            email: None,
        },
        now,
    )
    .await
    .unwrap();
    let programme = programmes::insert_programme(
        &mut tx,
        &NewProgramme {
            trainee_id: trainee,
            kind: ProgrammeKind::Main,
            specialty_id: None,
            region: PostgraduateRegion::Nord,
            start_date: date("2024-09-01"),
            end_date: date("2029-08-31"),
            agreement_reference: String::new(),
        },
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    World { trainee, programme }
}

fn new_doc(owner: PersonId, key: &str, replaces: Option<DocumentId>) -> NewDocument<'_> {
    NewDocument {
        owner_id: owner,
        kind: DocumentKind::Agreement,
        file_name: "aftale.pdf",
        content_type: "application/pdf",
        size_bytes: 1000,
        sha256: "00",
        storage_key: key,
        linked: None,
        uploaded_by: owner,
        replaces,
    }
}

async fn the_quota_admits_exactly_what_fits_under_races(t: TestDb) {
    let w = world(&t).await;
    let mut handles = Vec::new();
    for _ in 0..4 {
        let db = t.db.clone();
        let owner = w.trainee;
        handles.push(tokio::spawn(async move {
            let mut tx = db.begin().await?;
            documents::take_quota(&mut tx, owner, 60, 100).await?;
            tx.commit().await?;
            Ok::<_, DbError>(())
        }));
    }
    let mut ok = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(()) => ok += 1,
            Err(DbError::QuotaExceeded { used }) => assert_eq!(used, 60),
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert_eq!(ok, 1, "one upload of 60 fits a quota of 100");
    let mut conn = t.db.conn().await.unwrap();
    assert_eq!(documents::quota_used(&mut conn, w.trainee).await.unwrap(), 60);
    documents::release_quota(&mut conn, w.trainee, 1000).await.unwrap();
    assert_eq!(
        documents::quota_used(&mut conn, w.trainee).await.unwrap(),
        0,
        "never below zero"
    );
}

async fn one_replacement_of_a_document_commits(t: TestDb) {
    let w = world(&t).await;
    let mut conn = t.db.conn().await.unwrap();
    let first = documents::insert_document(&mut conn, &new_doc(w.trainee, "documents/a", None), Utc::now())
        .await
        .unwrap();
    drop(conn);
    let mut handles = Vec::new();
    for i in 0..3 {
        let db = t.db.clone();
        let owner = w.trainee;
        handles.push(tokio::spawn(async move {
            let key = format!("documents/r{i}");
            let mut tx = db.begin().await?;
            documents::insert_document(&mut tx, &new_doc(owner, &key, Some(first)), Utc::now()).await?;
            tx.commit().await?;
            Ok::<_, DbError>(())
        }));
    }
    let mut ok = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(()) => ok += 1,
            Err(DbError::DocumentChanged) => {}
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert_eq!(ok, 1);
    let mut conn = t.db.conn().await.unwrap();
    assert!(documents::is_replaced(&mut conn, first).await.unwrap());
}

async fn deleting_a_replacement_makes_the_replaced_current_again(t: TestDb) {
    let w = world(&t).await;
    let mut conn = t.db.conn().await.unwrap();
    let now = Utc::now();
    let first = documents::insert_document(&mut conn, &new_doc(w.trainee, "documents/a", None), now)
        .await
        .unwrap();
    let second = documents::insert_document(&mut conn, &new_doc(w.trainee, "documents/b", Some(first)), now)
        .await
        .unwrap();
    documents::mark_deleted(&mut conn, second, w.trainee, now)
        .await
        .unwrap();
    assert!(matches!(
        documents::mark_deleted(&mut conn, second, w.trainee, now).await,
        Err(DbError::DocumentChanged)
    ));
    assert!(!documents::is_replaced(&mut conn, first).await.unwrap());
    documents::insert_document(&mut conn, &new_doc(w.trainee, "documents/c", Some(first)), now)
        .await
        .expect("replaceable again");
    assert!(matches!(
        documents::insert_document(&mut conn, &new_doc(w.trainee, "documents/d", Some(second)), now).await,
        Err(DbError::DocumentChanged)
    ));
    let keys: Vec<String> = ["documents/a", "documents/b", "documents/c", "documents/x"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut live: Vec<String> = documents::live_keys(&mut conn, &keys)
        .await
        .unwrap()
        .into_iter()
        .collect();
    live.sort();
    assert_eq!(
        live,
        vec!["documents/a", "documents/c"],
        "a deleted document's object is the sweep's"
    );
}

async fn agreements_list_in_date_order_with_their_versions(t: TestDb) {
    let w = world(&t).await;
    let mut conn = t.db.conn().await.unwrap();
    let now = Utc::now();
    let addendum = documents::insert_document(&mut conn, &new_doc(w.trainee, "documents/t", None), now)
        .await
        .unwrap();
    documents::insert_agreement(
        &mut conn,
        addendum,
        w.programme,
        AgreementKind::Addendum,
        Some(AddendumReason::Leave),
        date("2026-03-01"),
    )
    .await
    .unwrap();
    let agreement = documents::insert_document(&mut conn, &new_doc(w.trainee, "documents/u", None), now)
        .await
        .unwrap();
    documents::insert_agreement(
        &mut conn,
        agreement,
        w.programme,
        AgreementKind::Agreement,
        None,
        date("2024-08-01"),
    )
    .await
    .unwrap();
    let all = documents::agreements_of(&mut conn, &[w.programme]).await.unwrap();
    let kinds: Vec<_> = all.iter().map(|a| (a.kind, a.reason)).collect();
    assert_eq!(
        kinds,
        vec![
            (AgreementKind::Agreement, None),
            (AgreementKind::Addendum, Some(AddendumReason::Leave))
        ]
    );
    assert_eq!(all[0].document.uploaded_by_name, "Ida Holm");
    let one = documents::agreement_of_document(&mut conn, addendum)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(one.dated, date("2026-03-01"));
    assert!(documents::agreements_of(&mut conn, &[]).await.unwrap().is_empty());
}

dual_db_tests!(
    the_quota_admits_exactly_what_fits_under_races,
    one_replacement_of_a_document_commits,
    deleting_a_replacement_makes_the_replaced_current_again,
    agreements_list_in_date_order_with_their_versions,
);
