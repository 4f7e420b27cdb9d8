//! Repository tests: every test runs on SQLite and, when configured, on PostgreSQL, each in a
//! database of its own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, Utc};
use logbog_db::accounts::{self, NewGrant, NewPerson};
use logbog_db::approvals::{self, NewApproval};
use logbog_db::curricula::{self, Competency};
use logbog_db::employments::NewEmployment;
use logbog_db::programmes::{self, NewProgramme};
use logbog_db::reference::{self, NewSite};
use logbog_db::requests::{self, NewRequest};
use logbog_db::sessions::{self, SessionKind};
use logbog_db::supervisions::NewSupervision;
use logbog_db::{DbError, audit, meta};
use logbog_db::{employments, relations, supervisions};
use logbog_domain::*;
use logbog_testkit::{TestDb, date, dual_db_tests};

/// A small world: one curriculum with two phases of two competencies, a trainee with a
/// programme and an employment at a department, a supervisor and a training lead.
struct World {
    trainee: PersonId,
    supervisor: PersonId,
    lead: PersonId,
    site: SiteId,
    version: CurriculumVersionId,
    competencies: Vec<CompetencyId>,
}

async fn world(t: &TestDb) -> World {
    let now = Utc::now();
    let mut tx = t.db.begin().await.unwrap();
    reference::upsert_region(
        &mut tx,
        &reference::Region {
            id: PostgraduateRegion::Syd,
            name_da: "Videreuddannelsesregion Syd".into(),
            name_en: "Postgraduate Region South".into(),
            secretariat_name: "Sekretariatet".into(),
            secretariat_email: "s@example.dk".into(),
            secretariat_phone: "70 00 00 00".into(),
            secretariat_url: "https://example.dk".into(),
        },
    )
    .await
    .unwrap();
    let hospital = reference::ensure_hospital(
        &mut tx,
        "Odense Universitetshospital",
        "Region Syddanmark",
        PostgraduateRegion::Syd,
    )
    .await
    .unwrap();
    let specialty = reference::ensure_specialty(
        &mut tx,
        "kardiologi",
        "Intern medicin: kardiologi",
        "Cardiology",
        date("2014-01-01"),
    )
    .await
    .unwrap();
    let site = reference::insert_site(
        &mut tx,
        &NewSite {
            kind: SiteKind::Department,
            name: "Kardiologisk Afdeling B",
            hospital_id: Some(hospital),
            region: PostgraduateRegion::Syd,
            specialty_id: Some(specialty),
            address: "",
        },
        now,
    )
    .await
    .unwrap();
    let person = |g: &'static str, f: &'static str| NewPerson {
        given_name: g,
        family_name: f,
        cpr: None,
        authorisation_id: None,
        email: None,
    };
    let trainee = accounts::insert_person(&mut tx, &person("Ida", "Holm"), now)
        .await
        .unwrap();
    let supervisor = accounts::insert_person(&mut tx, &person("Jens", "Berg"), now)
        .await
        .unwrap();
    let lead = accounts::insert_person(&mut tx, &person("Lone", "Dahl"), now)
        .await
        .unwrap();
    accounts::insert_grant(
        &mut tx,
        &NewGrant {
            person_id: lead,
            role: Role::TrainingLead,
            scope_id: Some(&site.to_string()),
            valid_from: date("2020-01-01"),
            valid_until: None,
            granted_by: None,
        },
        now,
    )
    .await
    .unwrap();
    let curriculum = curricula::insert_curriculum(
        &mut tx,
        "kard-hu",
        ProgrammeKind::Main,
        "Kardiologi",
        "Cardiology",
        &[specialty],
    )
    .await
    .unwrap();
    let version = curricula::insert_version(&mut tx, curriculum, "2021", date("2021-01-01"), None)
        .await
        .unwrap();
    let mut competencies = Vec::new();
    for (i, code) in ["faelles", "speciale"].iter().enumerate() {
        let phase = curricula::insert_phase(&mut tx, version, code, i as i64, code, code)
            .await
            .unwrap();
        for j in 0..2 {
            let c = Competency {
                id: CompetencyId::new(),
                curriculum_version_id: version,
                phase_id: phase,
                code: format!("{}.{}", i + 1, j + 1),
                ordinal: j,
                title_da: "Titel".into(),
                title_en: "Title".into(),
                description_da: "Beskrivelse".into(),
                description_en: "Description".into(),
                doctor_roles: vec![DoctorRole::MedicalExpert, DoctorRole::Communicator],
                assessment_methods: vec![AssessmentMethod::DirectObservation],
                learning_methods_da: vec!["Klinisk arbejde".into(), "Kursus".into()],
                learning_methods_en: vec!["Clinical work".into(), "Course".into()],
                competency_card: (j == 0).then(|| "Kompetencekort".to_owned()),
            };
            curricula::insert_competency(&mut tx, &c).await.unwrap();
            competencies.push(c.id);
        }
    }
    let programme = programmes::insert_programme(
        &mut tx,
        &NewProgramme {
            trainee_id: trainee,
            kind: ProgrammeKind::Main,
            specialty_id: Some(specialty),
            region: PostgraduateRegion::Syd,
            start_date: date("2025-09-01"),
            end_date: date("2029-08-31"),
            agreement_reference: "HU-1".into(),
        },
        now,
    )
    .await
    .unwrap();
    programmes::add_curriculum(&mut tx, programme, version, 0)
        .await
        .unwrap();
    employments::insert_employment(
        &mut tx,
        &NewEmployment {
            programme_id: programme,
            site_id: site,
            phase_id: None,
            curriculum_version_id: Some(version),
            ordinal: 0,
            title: "Hoveduddannelseslæge".into(),
            start_date: date("2025-09-01"),
            end_date: date("2027-02-28"),
            working_percent: WorkingPercent::new(80).unwrap(),
        },
    )
    .await
    .unwrap();
    supervisions::insert_supervision(
        &mut tx,
        &NewSupervision {
            supervisor_id: supervisor,
            trainee_id: trainee,
            site_id: site,
            kind: SupervisorKind::Main,
            valid_from: date("2026-09-01"),
            valid_until: Some(date("2027-02-28")),
            granted_by: lead,
        },
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    World {
        trainee,
        supervisor,
        lead,
        site,
        version,
        competencies,
    }
}

async fn migrations_are_idempotent(t: TestDb) {
    t.db.migrate().await.unwrap();
    t.db.migrate().await.unwrap();
    let mut conn = t.db.conn().await.unwrap();
    assert_eq!(meta::get(&mut conn, "nothing").await.unwrap(), None);
    meta::set(&mut conn, "k", "1").await.unwrap();
    meta::set(&mut conn, "k", "2").await.unwrap();
    assert_eq!(meta::get(&mut conn, "k").await.unwrap().as_deref(), Some("2"));
}

async fn accounts_and_grants(t: TestDb) {
    let w = world(&t).await;
    let now = Utc::now();
    let mut conn = t.db.conn().await.unwrap();
    let cpr = Cpr::parse("010190-1234").unwrap();
    let p = accounts::insert_person(
        &mut conn,
        &NewPerson {
            given_name: "Anne",
            family_name: "Bak",
            cpr: Some(&cpr),
            authorisation_id: Some("X1Y2Z"),
            email: Some("a@example.dk"),
        },
        now,
    )
    .await
    .unwrap();
    accounts::insert_account(&mut conn, p, "Anne.Bak", "hash", now)
        .await
        .unwrap();
    let a = accounts::find_by_username(&mut conn, "  anne.BAK ")
        .await
        .unwrap()
        .expect("found case-insensitively");
    assert_eq!(a.person.cpr, Some(cpr));
    assert_eq!(a.username, "anne.bak");
    assert!(accounts::find_by_username(&mut conn, "nobody").await.unwrap().is_none());
    let dup = accounts::insert_account(&mut conn, p, "other", "hash", now)
        .await
        .unwrap_err();
    assert!(logbog_db::is_unique_violation(&dup), "one account per person");

    let grants = accounts::grants_of(&mut conn, w.lead).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].role, Role::TrainingLead);
    assert_eq!(grants[0].scope_name.as_deref(), Some("Kardiologisk Afdeling B"));
    assert!(grants[0].is_current(date("2026-10-01")));
    assert!(!grants[0].is_current(date("2019-12-31")));
}

async fn sessions_expire_and_are_deleted(t: TestDb) {
    let now = Utc::now();
    let mut conn = t.db.conn().await.unwrap();
    let p = accounts::insert_person(
        &mut conn,
        &NewPerson {
            given_name: "A",
            family_name: "B",
            cpr: None,
            authorisation_id: None,
            email: None,
        },
        now,
    )
    .await
    .unwrap();
    let acc = accounts::insert_account(&mut conn, p, "ab", "hash", now).await.unwrap();
    sessions::insert(
        &mut conn,
        "h1",
        acc,
        SessionKind::Web,
        "csrf",
        now,
        now + Duration::hours(2),
        "",
    )
    .await
    .unwrap();
    let s = sessions::find(&mut conn, "h1", SessionKind::Web, now)
        .await
        .unwrap()
        .expect("live session");
    assert_eq!(s.account_id, acc);
    assert_eq!(s.csrf_token, "csrf");
    assert!(
        sessions::find(&mut conn, "h1", SessionKind::Api, now)
            .await
            .unwrap()
            .is_none(),
        "kind must match"
    );
    assert!(
        sessions::find(&mut conn, "h1", SessionKind::Web, now + Duration::hours(3))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    sessions::touch(&mut conn, "h1", now, now + Duration::hours(5))
        .await
        .unwrap();
    assert!(
        sessions::find(&mut conn, "h1", SessionKind::Web, now + Duration::hours(3))
            .await
            .unwrap()
            .is_some(),
        "touched"
    );
    assert!(sessions::delete(&mut conn, "h1").await.unwrap());
    assert!(!sessions::delete(&mut conn, "h1").await.unwrap());
    assert!(
        sessions::find(&mut conn, "h1", SessionKind::Web, now)
            .await
            .unwrap()
            .is_none()
    );
}

async fn competency_states_follow_requests_approvals_and_resets(t: TestDb) {
    let w = world(&t).await;
    let now = Utc::now();
    let [c1, c2, ..] = w.competencies[..] else { panic!() };
    let mut tx = t.db.begin().await.unwrap();
    requests::insert_request(
        &mut tx,
        &NewRequest {
            trainee_id: w.trainee,
            item: ItemRef::Competency(c1),
            approver_id: w.supervisor,
            approver_role: Role::Supervisor,
            message: "klar",
        },
        now,
    )
    .await
    .unwrap();
    requests::insert_request(
        &mut tx,
        &NewRequest {
            trainee_id: w.trainee,
            item: ItemRef::Competency(c2),
            approver_id: w.supervisor,
            approver_role: Role::Supervisor,
            message: "",
        },
        now,
    )
    .await
    .unwrap();
    let approval = NewApproval {
        trainee_id: w.trainee,
        item: ItemRef::Competency(c1),
        approver_id: w.supervisor,
        approver_role: Role::Supervisor,
        assessment_method: Some(AssessmentMethod::DirectObservation),
        basis_document: None,
        comment: "fint",
        request_id: None,
    };
    let a1 = approvals::insert_approval(&mut tx, &approval, now).await.unwrap();
    tx.commit().await.unwrap();

    let mut conn = t.db.conn().await.unwrap();
    let standing = approvals::standing_approvals_of(&mut conn, w.trainee).await.unwrap();
    assert_eq!(standing.len(), 1);
    let (item, info) = standing[0].clone();
    assert_eq!(item, ItemRef::Competency(c1));
    assert_eq!(info.approver_name, "Jens Berg");
    assert_eq!(info.approver_role, Role::Supervisor);
    assert_eq!(info.assessment_method, Some(AssessmentMethod::DirectObservation));
    // Approving c1 closed its request; c2 still waits, with the facts of its approver.
    let pending = requests::pending_of_trainee(&mut conn, w.trainee, date("2026-11-26"))
        .await
        .unwrap();
    assert_eq!(
        pending.iter().map(|p| p.item).collect::<Vec<_>>(),
        vec![ItemRef::Competency(c2)]
    );
    assert_eq!(pending[0].approver_name, "Jens Berg");

    // A second approval while the first stands is refused.
    let mut tx = t.db.begin().await.unwrap();
    assert!(matches!(
        approvals::insert_approval(&mut tx, &approval, now).await,
        Err(DbError::AlreadyApproved)
    ));
    drop(tx);

    // A reset makes it approvable again and keeps the history.
    let mut tx = t.db.begin().await.unwrap();
    approvals::insert_reset(&mut tx, a1, w.lead, "J.nr. 2026-117", "Godkendt ved en fejl", now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(
        approvals::standing_approvals_of(&mut conn, w.trainee)
            .await
            .unwrap()
            .is_empty()
    );
    let mut tx = t.db.begin().await.unwrap();
    approvals::insert_approval(&mut tx, &approval, now + Duration::seconds(1))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        approvals::standing_approvals_of(&mut conn, w.trainee)
            .await
            .unwrap()
            .len(),
        1
    );
    let history = approvals::history(&mut conn, w.trainee, ItemRef::Competency(c1))
        .await
        .unwrap();
    let kinds: Vec<_> = history.iter().map(|h| h.kind).collect();
    use approvals::HistoryKind::*;
    assert_eq!(kinds, vec![Requested, Approved, Reset, Approved]);
    assert!(history[2].text.contains("J.nr. 2026-117"));
}

async fn concurrent_approvals_give_exactly_one(t: TestDb) {
    let w = world(&t).await;
    let c = w.competencies[0];
    let mut handles = Vec::new();
    for _ in 0..4 {
        let db = t.db.clone();
        handles.push(tokio::spawn(async move {
            let mut tx = db.begin().await?;
            approvals::insert_approval(
                &mut tx,
                &NewApproval {
                    trainee_id: w.trainee,
                    item: ItemRef::Competency(c),
                    approver_id: w.supervisor,
                    approver_role: Role::Supervisor,
                    assessment_method: None,
                    basis_document: None,
                    comment: "",
                    request_id: None,
                },
                Utc::now(),
            )
            .await?;
            tx.commit().await?;
            Ok::<_, DbError>(())
        }));
    }
    let mut ok = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(()) => ok += 1,
            Err(DbError::AlreadyApproved) => {}
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert_eq!(ok, 1, "exactly one approval commits");
}

async fn relations_decide_who_sees_a_trainee(t: TestDb) {
    let w = world(&t).await;
    let mut conn = t.db.conn().await.unwrap();
    let roles = relations::relation_roles(&mut conn, w.supervisor, w.trainee, date("2026-10-10"))
        .await
        .unwrap();
    assert_eq!(roles, vec![Role::Supervisor]);
    let roles = relations::relation_roles(&mut conn, w.supervisor, w.trainee, date("2027-03-01"))
        .await
        .unwrap();
    assert!(roles.is_empty(), "access ended 2027-02-28");
    let roles = relations::relation_roles(&mut conn, w.lead, w.trainee, date("2026-10-10"))
        .await
        .unwrap();
    assert_eq!(roles, vec![Role::TrainingLead]);
    let roles = relations::relation_roles(&mut conn, w.lead, w.trainee, date("2027-03-01"))
        .await
        .unwrap();
    assert!(roles.is_empty(), "no longer employed in the department");
    let listed = relations::trainees_of_staff(&mut conn, w.lead, date("2026-10-10"))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "Ida Holm");
    assert_eq!(listed[0].site_name, "Kardiologisk Afdeling B");

    let mut tx = t.db.begin().await.unwrap();
    let sup = sqlx::query_scalar::<_, String>("SELECT id FROM supervisions")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert!(
        supervisions::end_supervision(&mut tx, sup.parse().unwrap(), date("2026-11-30"), w.lead, Utc::now())
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let roles = relations::relation_roles(&mut conn, w.supervisor, w.trainee, date("2026-12-01"))
        .await
        .unwrap();
    assert!(roles.is_empty(), "ended early by the training lead");
    let _ = w.site;
}

async fn audit_chain_detects_tampering(t: TestDb) {
    let now = Utc::now();
    let mut tx = t.db.begin().await.unwrap();
    for i in 0..5 {
        audit::append(
            &mut tx,
            &audit::NewEvent {
                actor_id: None,
                actor_role: Some(Role::Admin),
                action: logbog_domain::AuditAction::AdminCreated,
                subject: Some(logbog_domain::Subject::Person(logbog_domain::PersonId::new())),
                trainee_id: None,
                details: serde_json::json!({ "n": i }),
            },
            now,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut conn = t.db.conn().await.unwrap();
    let audit::Verification::Intact { events, head } = audit::verify(&mut conn).await.unwrap() else {
        panic!("intact")
    };
    assert_eq!(events, 5);
    assert_eq!(audit::head(&mut conn).await.unwrap(), (5, head));

    sqlx::query("UPDATE audit_events SET details = '{\"n\":99}' WHERE seq = 3")
        .execute(&mut *conn)
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&mut conn).await.unwrap(),
        audit::Verification::Broken { seq: 3, .. }
    ));
}

/// Append `n` plain events in one transaction.
async fn append_events(t: &TestDb, n: usize) {
    let mut tx = t.db.begin().await.unwrap();
    for _ in 0..n {
        let event = audit::NewEvent {
            actor_id: None,
            actor_role: None,
            action: logbog_domain::AuditAction::AdminCreated,
            subject: Some(logbog_domain::Subject::Person(logbog_domain::PersonId::new())),
            trainee_id: None,
            details: serde_json::json!({}),
        };
        audit::append(&mut tx, &event, Utc::now()).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn audit_chain_detects_removal(t: TestDb) {
    append_events(&t, 3).await;
    let mut conn = t.db.conn().await.unwrap();
    sqlx::query("DELETE FROM audit_events WHERE seq = 2")
        .execute(&mut *conn)
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&mut conn).await.unwrap(),
        audit::Verification::Broken { seq: 2, .. }
    ));
    // Cutting off the tail is caught against the head.
    let mut conn2 = t.db.conn().await.unwrap();
    sqlx::query("DELETE FROM audit_events WHERE seq >= 2")
        .execute(&mut *conn2)
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&mut conn2).await.unwrap(),
        audit::Verification::Broken { seq: 2, .. }
    ));
}

async fn audit_chain_detects_reordering(t: TestDb) {
    append_events(&t, 4).await;
    let mut conn = t.db.conn().await.unwrap();
    // Swap events 2 and 3, each keeping its own content and hash.
    for (from, to) in [(2, -1), (3, 2), (-1, 3)] {
        sqlx::query("UPDATE audit_events SET seq = $1 WHERE seq = $2")
            .bind(to as i64)
            .bind(from as i64)
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    assert!(matches!(
        audit::verify(&mut conn).await.unwrap(),
        audit::Verification::Broken { seq: 2, .. }
    ));
}

/// An employment keeps the curriculum version it is trained under; the database holds at most
/// one pending request per item.
async fn employments_keep_their_version_and_one_request_pends(t: TestDb) {
    let w = world(&t).await;
    let mut conn = t.db.conn().await.unwrap();
    let employments = employments::employments_of_trainee(&mut conn, w.trainee).await.unwrap();
    assert_eq!(employments[0].curriculum_version_id, Some(w.version));
    let (_, found) = employments::find_employment(&mut conn, employments[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.curriculum_version_id, Some(w.version));
    drop(conn);
    let request = NewRequest {
        trainee_id: w.trainee,
        item: ItemRef::Competency(w.competencies[0]),
        approver_id: w.supervisor,
        approver_role: Role::Supervisor,
        message: "",
    };
    let mut tx = t.db.begin().await.unwrap();
    requests::insert_request(&mut tx, &request, Utc::now()).await.unwrap();
    let second = requests::insert_request(&mut tx, &request, Utc::now()).await;
    assert!(second.as_ref().is_err_and(logbog_db::is_unique_violation), "{second:?}");
}

/// The tables that later capabilities fill (courses, research training, documents, notes and
/// their shares, evaluations, site responses, training plans, the regional plan, STPS
/// submissions and recognitions) take their rows on both backends, and refuse a row that points
/// nowhere.
async fn the_rest_of_the_domain_model_holds_rows(t: TestDb) {
    let w = world(&t).await;
    let mut conn = t.db.conn().await.unwrap();
    let programme = programmes::programmes_of(&mut conn, w.trainee).await.unwrap()[0]
        .id
        .to_string();
    let employment = employments::employments_of_trainee(&mut conn, w.trainee).await.unwrap()[0]
        .id
        .to_string();
    let specialty: String = sqlx::query_scalar("SELECT id FROM specialties LIMIT 1")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let (trainee, supervisor, lead) = (w.trainee.to_string(), w.supervisor.to_string(), w.lead.to_string());
    let (site, competency) = (w.site.to_string(), w.competencies[0].to_string());
    let now = "2026-11-26T10:00:00.000000Z";
    let id = || uuid::Uuid::now_v7().to_string();
    let (course, document, note, submission, evaluation) = (id(), id(), id(), id(), id());
    let statements: Vec<(&str, Vec<String>)> = vec![
        (
            "INSERT INTO courses (id, kind, code, title_da, title_en, programme_kind, specialty_id, hours, counts_as_code, provider_id) \
             VALUES ($1, 'general', 'SOL1', 'SOL 1', 'SOL 1', 'main', $2, 24, NULL, $3)",
            vec![course.clone(), specialty.clone(), lead.clone()],
        ),
        (
            "INSERT INTO documents (id, owner_id, kind, original_filename, content_type, size_bytes, sha256, storage_key, linked_kind, linked_id, uploaded_by, uploaded_at) \
             VALUES ($1, $2, 'course_certificate', 'kursusbevis.pdf', 'application/pdf', 1024, 'ab', $3, 'course', $4, $2, $5)",
            vec![
                document.clone(),
                trainee.clone(),
                format!("files/{document}"),
                course.clone(),
                now.into(),
            ],
        ),
        (
            "INSERT INTO course_participations (id, trainee_id, programme_id, course_id, start_date, end_date, location, certificate_document_id, registered_at) \
             VALUES ($1, $2, $3, $4, '2026-03-02', '2026-03-06', 'Odense', $5, $6)",
            vec![
                id(),
                trainee.clone(),
                programme.clone(),
                course.clone(),
                document.clone(),
                now.into(),
            ],
        ),
        (
            "INSERT INTO research_elements (id, programme_id, part, title, start_date, end_date, days, supervisor_id, created_at) \
             VALUES ($1, $2, 'project', 'Registerstudie', '2026-01-05', NULL, 10, $3, $4)",
            vec![id(), programme.clone(), supervisor.clone(), now.into()],
        ),
        (
            "INSERT INTO research_dispensations (id, programme_id, kind, document_id, granted_by, granted_at, note) \
             VALUES ($1, $2, 'first_author', $3, $4, $5, '')",
            vec![id(), programme.clone(), document.clone(), lead.clone(), now.into()],
        ),
        (
            "INSERT INTO notes (id, trainee_id, competency_id, body, created_at, updated_at) VALUES ($1, $2, $3, 'Første selvstændige vagt', $4, $4)",
            vec![note.clone(), trainee.clone(), competency.clone(), now.into()],
        ),
        (
            "INSERT INTO note_shares (note_id, person_id, shared_at) VALUES ($1, $2, $3)",
            vec![note.clone(), supervisor.clone(), now.into()],
        ),
        (
            "INSERT INTO evaluations (id, employment_id, submitted_at, comment) VALUES ($1, $2, $3, '')",
            vec![evaluation.clone(), employment.clone(), now.into()],
        ),
        (
            "INSERT INTO evaluation_answers (evaluation_id, question_code, score) VALUES ($1, 'introduction.1', 5)",
            vec![evaluation.clone()],
        ),
        (
            "INSERT INTO site_responses (id, site_id, period, body, author_id, created_at) VALUES ($1, $2, '2026H2', 'Tak', $3, $4)",
            vec![id(), site.clone(), lead.clone(), now.into()],
        ),
        (
            "INSERT INTO training_plans (id, employment_id, supervisor_id, agreed_on, content, created_at) VALUES ($1, $2, $3, '2025-09-15', 'Plan', $4)",
            vec![id(), employment.clone(), supervisor.clone(), now.into()],
        ),
        (
            "INSERT INTO competency_placements (programme_id, competency_id, employment_id) VALUES ($1, $2, $3)",
            vec![programme.clone(), competency.clone(), employment.clone()],
        ),
        (
            "INSERT INTO stps_submissions (id, trainee_id, programme_id, kind, submitted_at, package_sha256, document_id) \
             VALUES ($1, $2, $3, 'specialist_recognition', $4, 'cd', $5)",
            vec![
                submission.clone(),
                trainee.clone(),
                programme.clone(),
                now.into(),
                document.clone(),
            ],
        ),
        (
            "INSERT INTO specialist_recognitions (id, trainee_id, specialty_id, recognised_on, submission_id, recorded_at) \
             VALUES ($1, $2, $3, '2026-11-20', $4, $5)",
            vec![id(), trainee.clone(), specialty.clone(), submission.clone(), now.into()],
        ),
    ];
    let mut tx = t.db.begin().await.unwrap();
    for (sql, binds) in &statements {
        let mut q = sqlx::query(*sql);
        for b in binds {
            q = q.bind(b.clone());
        }
        q.execute(&mut *tx).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    tx.commit().await.unwrap();
    let mut conn = t.db.conn().await.unwrap();
    let shared: String = sqlx::query_scalar(
        "SELECT p.id FROM note_shares s JOIN people p ON p.id = s.person_id JOIN notes n ON n.id = s.note_id WHERE n.trainee_id = $1",
    )
    .bind(&trainee)
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(shared, supervisor);
    // A row that points nowhere is refused (SQLite enforces foreign keys too).
    let orphan =
        sqlx::query("INSERT INTO evaluations (id, employment_id, submitted_at, comment) VALUES ($1, $2, $3, '')")
            .bind(id())
            .bind(id())
            .bind(now)
            .execute(&mut *conn)
            .await;
    assert!(orphan.is_err(), "an evaluation of no employment");
}

dual_db_tests!(
    the_rest_of_the_domain_model_holds_rows,
    employments_keep_their_version_and_one_request_pends,
    audit_chain_detects_reordering,
    migrations_are_idempotent,
    accounts_and_grants,
    sessions_expire_and_are_deleted,
    competency_states_follow_requests_approvals_and_resets,
    concurrent_approvals_give_exactly_one,
    relations_decide_who_sees_a_trainee,
    audit_chain_detects_tampering,
    audit_chain_detects_removal,
);
