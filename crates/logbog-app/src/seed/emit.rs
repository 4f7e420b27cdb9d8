//! The generated histories as rows and audit events, one calendar month (a chunk) at a time, in
//! time order: what each use case would have written that month (the programme and its
//! employments, a supervision, a request, an approval, return or withdrawal, the notifications
//! they send) and the staff's views of logbooks, with the same details JSON as the use cases.

use super::curricula::Curricula;
use super::history::{Outcome, Trainee};
use super::names::{self, rng, uuid_at};
use super::world::World;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use logbog_db::audit::NewEvent;
use logbog_db::bulk::{
    ApprovalRow, EmploymentRow, EventRow, NotificationRow, ProgrammeRow, RequestRow, SupervisionRow,
};
use logbog_domain::notices::About;
use logbog_domain::{
    AuditAction, ItemRef, Notice, PersonId, RequestState, Role, Subject, SupervisorKind, WorkingPercent,
};
use rand::Rng;
use serde_json::json;

/// Something that happened at a moment: the index of a trainee (or site) and of its part.
#[derive(Debug, Clone, Copy)]
pub(super) enum Rec {
    SiteGranted(u32),
    Programme(u32, u16),
    Supervision(u32, u16, u16),
    Request(u32, u32),
    Decision(u32, u32),
}

/// A period in which a member of staff looks at a trainee's logbook now and then.
#[derive(Debug, Clone)]
pub(super) struct Period {
    pub(super) trainee: PersonId,
    pub(super) viewer: PersonId,
    pub(super) role: Role,
    pub(super) from: NaiveDate,
    pub(super) to: NaiveDate,
    /// Views per day relative to the others, or a fixed number of views over the period.
    pub(super) weight: f64,
    pub(super) fixed: Option<u64>,
}

/// The month `t` lies in, counted from the history's first month.
pub(super) fn month_of(since: NaiveDate, day: NaiveDate) -> usize {
    let m = (day.year() - since.year()) * 12 + day.month() as i32 - since.month() as i32;
    m.max(0) as usize
}

/// Everything that happened, by month.
pub(super) fn records(world: &World, trainees: &[Trainee], since: NaiveDate, months: usize) -> Vec<Vec<Rec>> {
    let mut out: Vec<Vec<(DateTime<Utc>, Rec)>> = vec![Vec::new(); months];
    let mut put = |at: DateTime<Utc>, rec: Rec| {
        let m = month_of(since, at.date_naive()).min(months - 1);
        out[m].push((at, rec));
    };
    for (i, _) in world.site_grants.iter().enumerate() {
        put(names::instant(since, 9, 0), Rec::SiteGranted(i as u32));
    }
    for (ti, t) in trainees.iter().enumerate() {
        for (pi, p) in t.progs.iter().enumerate() {
            put(p.created, Rec::Programme(ti as u32, pi as u16));
            for (ei, e) in p.emps.iter().enumerate() {
                if let Some(s) = &e.supervision {
                    put(s.granted, Rec::Supervision(ti as u32, pi as u16, ei as u16));
                }
            }
        }
        for (ri, r) in t.reqs.iter().enumerate() {
            put(r.at, Rec::Request(ti as u32, ri as u32));
            match r.outcome {
                Outcome::Approved { at, .. } | Outcome::Returned { at } | Outcome::Withdrawn { at } => {
                    put(at, Rec::Decision(ti as u32, ri as u32))
                }
                Outcome::Pending => {}
            }
        }
    }
    out.into_iter()
        .map(|mut v| {
            v.sort_by_key(|(at, _)| *at);
            v.into_iter().map(|(_, r)| r).collect()
        })
        .collect()
}

/// The periods of staff relations to the trainees: each supervision, the site's lead during
/// each employment, the region's secretariat during each programme.
pub(super) fn periods(world: &World, trainees: &[Trainee], today: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    for t in trainees {
        for p in &t.progs {
            if p.start > today {
                continue;
            }
            if let Some(sec) = world.secretariats.get(&p.region) {
                out.push(Period {
                    trainee: t.id,
                    viewer: *sec,
                    role: Role::Secretariat,
                    from: p.start,
                    to: p.end.min(today),
                    weight: 0.05,
                    fixed: None,
                });
            }
            for e in p.emps.iter().filter(|e| e.start <= today) {
                let site = &world.sites[e.site];
                out.push(Period {
                    trainee: t.id,
                    viewer: site.lead,
                    role: site.lead_role,
                    from: e.start,
                    to: e.end.min(today),
                    weight: 0.4,
                    fixed: None,
                });
                if let Some(s) = &e.supervision {
                    out.push(Period {
                        trainee: t.id,
                        viewer: s.supervisor,
                        role: Role::Supervisor,
                        from: e.start,
                        to: e.end.min(today),
                        weight: 1.0,
                        fixed: None,
                    });
                }
            }
        }
    }
    out
}

/// The views of `p` (period number `index`) in month number `month` (from `first` to before `next`), at `rate` views per
/// weighted day: a whole number whose expectation is the rate, drawn from the period's and
/// month's own stream.
pub(super) fn views_in(
    seed: u64,
    index: usize,
    p: &Period,
    rate: f64,
    month: usize,
    first: NaiveDate,
    next: NaiveDate,
) -> (u64, NaiveDate, NaiveDate) {
    let from = p.from.max(first);
    let to = p.to.min(next.pred_opt().unwrap_or(next));
    if to < from {
        return (0, from, to);
    }
    let days = (to - from).num_days() as f64 + 1.0;
    let n = match p.fixed {
        Some(total) => {
            let all = (p.to - p.from).num_days() as f64 + 1.0;
            let before = (from - p.from).num_days() as f64;
            let upto = before + days;
            ((total as f64 * upto / all).floor() - (total as f64 * before / all).floor()) as u64
        }
        None => {
            let x = rate * p.weight * days;
            let mut r = rng(seed, 3_000_000_000 + (index as u64) * 1024 + month as u64);
            x.floor() as u64 + u64::from(r.random::<f64>() < x.fract())
        }
    };
    (n, from, to)
}

/// Weighted days of all periods (the rate's denominator).
pub(super) fn weighted_days(periods: &[Period]) -> f64 {
    periods
        .iter()
        .filter(|p| p.fixed.is_none() && p.to >= p.from)
        .map(|p| p.weight * ((p.to - p.from).num_days() as f64 + 1.0))
        .sum()
}

/// The rows and events of one month.
#[derive(Debug, Default)]
pub(super) struct Batch {
    pub(super) programmes: Vec<ProgrammeRow>,
    pub(super) employments: Vec<EmploymentRow>,
    pub(super) supervisions: Vec<SupervisionRow>,
    pub(super) requests: Vec<RequestRow>,
    pub(super) approvals: Vec<ApprovalRow>,
    pub(super) notifications: Vec<NotificationRow>,
    pub(super) events: Vec<EventRow>,
}

/// What a month is made from.
pub(super) struct Month<'a> {
    pub(super) seed: u64,
    pub(super) index: usize,
    pub(super) first: NaiveDate,
    pub(super) next: NaiveDate,
    pub(super) now: DateTime<Utc>,
    pub(super) world: &'a World,
    pub(super) curricula: &'a Curricula,
    pub(super) trainees: &'a [Trainee],
    pub(super) since: NaiveDate,
}

/// An event as `audit::record` makes it: an actor in a role, a subject, the trainee concerned.
#[allow(clippy::too_many_arguments)]
fn event(
    at: DateTime<Utc>,
    id: uuid::Uuid,
    actor: PersonId,
    role: Role,
    action: AuditAction,
    subject: Subject,
    trainee: Option<PersonId>,
    details: serde_json::Value,
) -> EventRow {
    EventRow {
        id,
        occurred_at: at,
        event: NewEvent {
            actor_id: Some(actor),
            actor_role: Some(role),
            action,
            subject: Some(subject),
            trainee_id: trainee,
            details,
        },
    }
}

impl Month<'_> {
    /// The month's rows and events, from its records and the views of `periods`.
    pub(super) fn batch(&self, recs: &[Rec], periods: &[Period], rate: f64) -> Batch {
        let mut b = Batch::default();
        let mut r = rng(self.seed, 2_000_000_000 + self.index as u64);
        for rec in recs {
            self.record(&mut b, &mut r, *rec);
        }
        const PAGES: [&str; 4] = ["logbook", "logbook", "competency", "programmes"];
        for (i, p) in periods.iter().enumerate() {
            let (n, from, to) = views_in(self.seed, i, p, rate, self.index, self.first, self.next);
            for _ in 0..n {
                let at = names::working_time(&mut r, from, to).min(self.now - Duration::minutes(1));
                let page = PAGES[r.random_range(0..PAGES.len())];
                b.events.push(event(
                    at,
                    uuid_at(&mut r, at),
                    p.viewer,
                    p.role,
                    AuditAction::LogbookViewed,
                    Subject::Logbook(p.trainee),
                    Some(p.trainee),
                    json!({ "page": page }),
                ));
            }
        }
        b.events.sort_by_key(|e| e.occurred_at);
        b
    }

    fn name(&self, person: PersonId) -> String {
        self.world.names.get(&person).cloned().unwrap_or_default()
    }

    fn note(
        &self,
        r: &mut rand::rngs::StdRng,
        to: PersonId,
        notice: Notice,
        at: DateTime<Utc>,
        read: Option<DateTime<Utc>>,
        key: Option<String>,
    ) -> NotificationRow {
        NotificationRow {
            id: uuid_at(r, at),
            recipient_id: to,
            notice,
            created_at: at,
            read_at: read.filter(|t| *t <= self.now),
            emailed_at: Some((at + Duration::minutes(1)).min(self.now)),
            dedupe_key: key,
        }
    }

    fn record(&self, b: &mut Batch, r: &mut rand::rngs::StdRng, rec: Rec) {
        let w = self.world;
        match rec {
            Rec::SiteGranted(i) => {
                let g = &w.site_grants[i as usize];
                let site = &w.sites[g.site];
                let at = names::instant(self.since, 9, 0);
                b.events.push(event(
                    at,
                    uuid_at(r, at),
                    g.by,
                    Role::Secretariat,
                    AuditAction::AccessSiteGranted,
                    Subject::Grant(g.grant),
                    None,
                    json!({ "person": site.lead, "role": site.lead_role, "site": site.id.to_string(), "from": self.since, "until": Option::<NaiveDate>::None }),
                ));
            }
            Rec::Programme(ti, pi) => {
                let t = &self.trainees[ti as usize];
                let p = &t.progs[pi as usize];
                let version = &self.curricula.list[p.curriculum].versions[p.version];
                let secretariat = w.secretariats.get(&p.region).copied().unwrap_or(t.id);
                b.programmes.push(ProgrammeRow {
                    id: p.id,
                    trainee_id: t.id,
                    kind: p.kind,
                    specialty_id: p.specialty,
                    region: p.region,
                    start_date: p.start,
                    end_date: p.end,
                    agreement_reference: p.agreement.clone(),
                    created_at: p.created,
                    curricula: vec![version.id],
                });
                b.events.push(event(
                    p.created,
                    uuid_at(r, p.created),
                    secretariat,
                    Role::Secretariat,
                    AuditAction::ProgrammeCreated,
                    Subject::Programme(p.id),
                    Some(t.id),
                    json!({
                        "kind": p.kind, "specialty": p.specialty, "region": p.region, "from": p.start, "until": p.end,
                        "agreement": p.agreement, "curricula": [version.id],
                    }),
                ));
                for (ei, e) in p.emps.iter().enumerate() {
                    let phase = version.phases.get(e.phase).map(|ph| ph.id);
                    let site = w.sites[e.site].id;
                    let percent = WorkingPercent::new(i64::from(e.percent)).unwrap_or(WorkingPercent::FULL);
                    b.employments.push(EmploymentRow {
                        id: e.id,
                        programme_id: p.id,
                        site_id: site,
                        phase_id: phase,
                        curriculum_version_id: Some(version.id),
                        ordinal: ei as i64 + 1,
                        title: e.title.to_owned(),
                        start_date: e.start,
                        end_date: e.end,
                        working_percent: percent,
                    });
                    let at = p.created + Duration::seconds(ei as i64 + 1);
                    b.events.push(event(
                        at,
                        uuid_at(r, at),
                        secretariat,
                        Role::Secretariat,
                        AuditAction::EmploymentAdded,
                        Subject::Employment(e.id),
                        Some(t.id),
                        json!({
                            "programme": p.id, "site": site, "phase": phase, "curriculum_version": Some(version.id),
                            "title": e.title, "from": e.start, "until": e.end, "working_percent": percent.get(),
                        }),
                    ));
                }
            }
            Rec::Supervision(ti, pi, ei) => {
                let t = &self.trainees[ti as usize];
                let e = &t.progs[pi as usize].emps[ei as usize];
                let Some(s) = &e.supervision else { return };
                let site = &w.sites[e.site];
                b.supervisions.push(SupervisionRow {
                    id: s.id,
                    supervisor_id: s.supervisor,
                    trainee_id: t.id,
                    site_id: site.id,
                    kind: SupervisorKind::Main,
                    valid_from: e.start,
                    valid_until: Some(e.end),
                    granted_by: site.lead,
                    granted_at: s.granted,
                });
                b.events.push(event(
                    s.granted,
                    uuid_at(r, s.granted),
                    site.lead,
                    site.lead_role,
                    AuditAction::AccessSupervisionGranted,
                    Subject::Supervision(s.id),
                    Some(t.id),
                    json!({ "supervisor": s.supervisor, "kind": SupervisorKind::Main, "site": site.id, "from": e.start, "until": e.end }),
                ));
            }
            Rec::Request(ti, ri) => self.request(b, r, ti as usize, ri as usize),
            Rec::Decision(ti, ri) => self.decision(b, r, ti as usize, ri as usize),
        }
    }

    fn item(&self, t: &Trainee, ri: usize) -> (ItemRef, String) {
        let q = &t.reqs[ri];
        let p = &t.progs[q.prog];
        let comp = &self.curricula.list[p.curriculum].versions[p.version].phases[q.phase].comps[q.comp];
        (ItemRef::Competency(comp.id), comp.code.clone())
    }

    fn request(&self, b: &mut Batch, r: &mut rand::rngs::StdRng, ti: usize, ri: usize) {
        let t = &self.trainees[ti];
        let q = &t.reqs[ri];
        let (item, code) = self.item(t, ri);
        let (state, decided_at, decided_by, comment) = match q.outcome {
            Outcome::Approved { at, .. } => (RequestState::Approved, Some(at), Some(q.approver), String::new()),
            Outcome::Returned { at } => (
                RequestState::Returned,
                Some(at),
                Some(q.approver),
                super::history::RETURN_COMMENT.to_owned(),
            ),
            Outcome::Withdrawn { at } => (RequestState::Withdrawn, Some(at), Some(t.id), String::new()),
            Outcome::Pending => (RequestState::Pending, None, None, String::new()),
        };
        b.requests.push(RequestRow {
            id: q.id,
            trainee_id: t.id,
            item,
            approver_id: q.approver,
            approver_role: q.role,
            message: String::new(),
            requested_at: q.at,
            state,
            decided_at,
            decided_by,
            decision_comment: comment,
        });
        let ItemRef::Competency(competency) = item else { return };
        b.events.push(event(
            q.at,
            uuid_at(r, q.at),
            t.id,
            Role::Trainee,
            AuditAction::ApprovalRequested,
            Subject::Request(q.id),
            Some(t.id),
            json!({ "competency": competency, "code": code, "approver": q.approver, "approver_role": q.role }),
        ));
        let seen = q.at + Duration::minutes(r.random_range(10..2880));
        let read = match decided_at {
            Some(d) => Some(seen.min(d)),
            None => Some(seen).filter(|s| *s < self.now - Duration::days(2)),
        };
        let trainee_name = t.name();
        b.notifications.push(self.note(
            r,
            q.approver,
            Notice::RequestReceived {
                trainee_name: trainee_name.clone(),
                count: 1,
                codes: vec![code.clone()],
                about: Some(About::item(t.id, item)),
            },
            q.at,
            read,
            None,
        ));
        // The reminder job's notices for a request that waited a week, and for one still waiting
        // after two, the escalation to the site's lead; keyed as the job keys them.
        let waited_until = decided_at.unwrap_or(self.now);
        if waited_until - q.at > Duration::days(7) {
            let at = q.at + Duration::days(7);
            b.notifications.push(self.note(
                r,
                q.approver,
                Notice::Reminder {
                    trainee_name: trainee_name.clone(),
                    days: 7,
                    codes: vec![code.clone()],
                    about: Some(About::item(t.id, item)),
                },
                at,
                decided_at.or(Some(at + Duration::hours(3))),
                Some(format!("reminder:{}", q.id)),
            ));
        }
        let lead = &self.world.sites[q.site];
        if decided_at.is_none() && self.now - q.at > Duration::days(14) && lead.lead != q.approver {
            let at = q.at + Duration::days(14);
            b.notifications.push(self.note(
                r,
                lead.lead,
                Notice::Escalation {
                    trainee_name,
                    approver_name: self.name(q.approver),
                    days: 14,
                    codes: vec![code],
                    about: Some(About::item(t.id, item)),
                },
                at,
                None,
                Some(format!("escalation:{}:{}", q.id, lead.lead)),
            ));
        }
    }

    fn decision(&self, b: &mut Batch, r: &mut rand::rngs::StdRng, ti: usize, ri: usize) {
        let t = &self.trainees[ti];
        let q = &t.reqs[ri];
        let (item, _) = self.item(t, ri);
        let read =
            |at: DateTime<Utc>, r: &mut rand::rngs::StdRng| Some(at + Duration::minutes(r.random_range(30..4320)));
        match q.outcome {
            Outcome::Approved { id, at, method } => {
                b.approvals.push(ApprovalRow {
                    id,
                    trainee_id: t.id,
                    item,
                    generation: 1,
                    approver_id: q.approver,
                    approver_role: q.role,
                    approved_at: at,
                    assessment_method: method,
                    comment: String::new(),
                    request_id: Some(q.id),
                });
                b.events.push(event(
                    at,
                    uuid_at(r, at),
                    q.approver,
                    q.role,
                    AuditAction::ApprovalApproved,
                    Subject::Approval(id),
                    Some(t.id),
                    json!({ "item_kind": item.kind(), "item": item.id_text(), "request": q.id, "method": method, "comment": "" }),
                ));
                let seen = read(at, r);
                b.notifications.push(self.note(
                    r,
                    t.id,
                    Notice::Approved {
                        approver_name: self.name(q.approver),
                        count: 1,
                        comment: String::new(),
                        about: Some(About::item(t.id, item)),
                    },
                    at,
                    seen,
                    None,
                ));
            }
            Outcome::Returned { at } => {
                let comment = super::history::RETURN_COMMENT;
                b.events.push(event(
                    at,
                    uuid_at(r, at),
                    q.approver,
                    q.role,
                    AuditAction::ApprovalReturned,
                    Subject::Request(q.id),
                    Some(t.id),
                    json!({ "item_kind": item.kind(), "item": item.id_text(), "comment": comment }),
                ));
                let seen = read(at, r);
                b.notifications.push(self.note(
                    r,
                    t.id,
                    Notice::Returned {
                        approver_name: self.name(q.approver),
                        comment: comment.to_owned(),
                        about: Some(About::item(t.id, item)),
                    },
                    at,
                    seen,
                    None,
                ));
            }
            Outcome::Withdrawn { at } => {
                b.events.push(event(
                    at,
                    uuid_at(r, at),
                    t.id,
                    Role::Trainee,
                    AuditAction::ApprovalWithdrawn,
                    Subject::Request(q.id),
                    Some(t.id),
                    json!({ "item_kind": item.kind(), "item": item.id_text() }),
                ));
            }
            Outcome::Pending => {}
        }
    }
}
