//! Builders for fixtures that the demo data does not cover, e.g. the dated cases of
//! RULES-EXAMPLES.md.

use chrono::NaiveDate;
use logbog_app::App;
use logbog_db::accounts::{self, NewGrant, NewPerson};
use logbog_db::programmes::{self, NewProgramme};
use logbog_domain::{PersonId, PostgraduateRegion, ProgrammeKind, Role};

/// The password of every account a builder makes.
pub const PASSWORD: &str = "test-password-1";

/// An account with one role grant (scope as `Role::scope_kind` requires), valid from `from`.
pub async fn account(app: &App, username: &str, role: Role, scope: Option<&str>, from: NaiveDate) -> PersonId {
    let now = app.clock.now();
    let hash = logbog_app::password::hash(PASSWORD).expect("hash");
    let mut tx = app.db.begin().await.expect("begin");
    let person = accounts::insert_person(
        &mut tx,
        &NewPerson {
            given_name: "Test",
            family_name: username,
            cpr: None,
            authorisation_id: None,
            email: None,
        },
        now,
    )
    .await
    .expect("person");
    accounts::insert_account(&mut tx, person, username, &hash, now)
        .await
        .expect("account");
    accounts::insert_grant(
        &mut tx,
        &NewGrant {
            person_id: person,
            role,
            scope_id: scope,
            valid_from: from,
            valid_until: None,
            granted_by: None,
        },
        now,
    )
    .await
    .expect("grant");
    tx.commit().await.expect("commit");
    person
}

/// A trainee whose first programme (KBU, region Syd) starts on `start`, optionally recognised
/// as a specialist on `recognised` (in the first specialty of the reference data).
pub async fn trainee(app: &App, username: &str, start: Option<NaiveDate>, recognised: Option<NaiveDate>) -> PersonId {
    let from = start.unwrap_or_else(|| app.clock.today());
    let person = account(app, username, Role::Trainee, None, from).await;
    let now = app.clock.now();
    let mut tx = app.db.begin().await.expect("begin");
    if let Some(start) = start {
        programmes::insert_programme(
            &mut tx,
            &NewProgramme {
                trainee_id: person,
                kind: ProgrammeKind::Foundation,
                specialty_id: None,
                region: PostgraduateRegion::Syd,
                start_date: start,
                end_date: logbog_domain::dates::add_months(start, 12),
                agreement_reference: String::new(),
            },
            now,
        )
        .await
        .expect("programme");
    }
    if let Some(day) = recognised {
        let specialty = logbog_db::reference::list_specialties(&mut tx)
            .await
            .expect("specialties")[0]
            .id;
        programmes::insert_recognition(&mut tx, person, specialty, day, now)
            .await
            .expect("recognition");
    }
    tx.commit().await.expect("commit");
    person
}
