use adminduk_domain::case::{applicable, choices_of};
use adminduk_domain::catalogue::{Catalogue, Need};
use adminduk_domain::ids::Nik;
use adminduk_domain::office::Office;
use adminduk_domain::workflow::{InputKind, Outcome, Role};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{facts, listing, visible_case};
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::{Actor, Person};
use crate::error::AppError;
use crate::ports::{Case, CaseEvent, CaseEventKind, CaseHead, QueueAfter, Queued, ReporterKind};

/// A case with what a person needs to act on it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: Case,
    pub service_name: String,
    pub state_name: String,
    /// Who the event is about ("alm. ...", a newborn's name).
    pub subject_name: String,
    /// Who reported it (the account's name).
    pub reporter_name: String,
    /// For officers: other open cases about the same person and kind of event (possible duplicates).
    pub related: Vec<super::RelatedCase>,
    /// The documents the service issues: what an estimate and the registered numbers name.
    pub products: Vec<String>,
    /// The declaration in readable sections, with the register's value beside what it changes.
    pub declaration: Vec<super::DeclaredSection>,
    /// The actions the caller may take now, with the inputs each asks for.
    pub actions: Vec<ActionView>,
    /// Whether the caller may change the answers and documents now: its reporter, while the case
    /// is a draft or waits on them (returned to be completed).
    pub editable: bool,
    /// Every document of the variant: whether this case needs it now (required, optional or not
    /// applicable to these answers), and whether it has arrived.
    pub requirements: Vec<RequirementStatus>,
    /// The signed payload of the registration slip's QR code, once filed.
    pub slip_code: Option<String>,
    /// The short check code printed beside the registration number, once filed.
    pub check_code: Option<String>,
    /// The signed payload of the pickup receipt's QR code, once documents are promised.
    pub receipt_code: Option<String>,
    /// What the applicant's side reads now: what happens in this state and what they must do,
    /// where and by when (the state's text in the workflow data, filled for this case).
    pub next_step: String,
    /// The booked appointment in words: day, time, place ("Senin, 7 Desember 2026 pukul 09.00–09.20
    /// WITA, Meja perekaman KTP-el (Kantor Kecamatan Somba Opu, Jl. ...)"), as the messages name it.
    pub appointment_label: Option<String>,
    /// The visit the caller may book (or move, or cancel) a slot for now, if the case waits for one.
    pub appointment_visit: Option<adminduk_domain::appointment::Visit>,
    /// For the reporter of a completed case not yet rated: the survey's elements to score 1-4.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub survey_elements: Option<Vec<&'static str>>,
    /// A draft never filed: when it is erased if left unchanged (UU 27/2022 retention).
    pub erased_after: Option<chrono::DateTime<chrono::Utc>>,
    /// The office working the case, as the applicant looks for it: name, address, contact.
    pub office_card: adminduk_domain::catalogue::OfficeCard,
    /// Its opening hours in words.
    pub office_hours: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActionView {
    pub code: String,
    pub name: String,
    pub inputs: Vec<InputKind>,
    /// The step confirms the case's appointment, so it needs one booked first.
    pub needs_appointment: bool,
}

/// Whether a case needs a document now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequirementNeed {
    Required,
    Optional,
    NotApplicable,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RequirementStatus {
    pub document: String,
    pub name: String,
    pub need: Need,
    /// For this case now; only `required` ones are asked for at submission.
    pub status: RequirementNeed,
    /// The decree's words for a conditional document ("bila perkawinan orang tua tercatat").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    pub uploaded: bool,
    /// The largest file this requirement takes.
    pub max_bytes: u64,
}

/// The case as `actor` may see it; someone else's opening of it is recorded first.
pub async fn get(app: &App, actor: &Actor, id: &str, from: &ClientAddress) -> Result<CaseView, AppError> {
    let who = actor.person()?;
    let case = visible_case(app, who, id).await?;
    if super::someone_else(who, &case) {
        let nik = case.applicant.nik.as_ref();
        let detail = serde_json::json!({ "number": case.number, "applicant_nik": nik.map(Nik::masked) });
        crate::auth::record_read(app, who.id(), "case_viewed", &case.id, detail, nik, from).await?;
    }
    view(app, who, case).await
}

async fn view(app: &App, who: &Person, mut case: Case) -> Result<CaseView, AppError> {
    let super::Resolved { service, variant, workflow, state } = super::resolve(app, &case)?;
    if !super::sees_products(who, state) {
        case.issued.clear();
    }
    let roles = super::roles_on(who, &case);
    let is_reporter = case.reporter == who.id();
    // A draft is filed through submit and takes no action before (`act` refuses them); after,
    // each action is open to the roles it names.
    let actions = state
        .actions
        .iter()
        .filter(|_| case.submitted_at.is_some())
        .filter(|a| a.roles.iter().any(|r| roles.contains(r)) || super::integration::by_hand(app, who, a))
        .map(|a| {
            let mut inputs = a.inputs.clone();
            // Recorded by hand, an outside system's answer says why.
            if super::integration::by_hand(app, who, a) && !inputs.contains(&InputKind::Reason) {
                inputs.insert(0, InputKind::Reason);
            }
            ActionView { code: a.code.clone(), name: a.name.clone(), inputs, needs_appointment: a.needs_appointment }
        })
        .collect();
    // The register is read once for the whole view; the caller's own record is known already.
    let mut reads = super::RegisterReads::knowing(who.resident()).expecting(&case.applicant);
    let choices = choices_of(service, &case.answers);
    let facts = facts(app, &mut reads, &case, choices).await?;
    let applies: Vec<&str> = applicable(variant, facts.as_ref()).into_iter().map(|r| r.document.as_str()).collect();
    let requirements = variant
        .requirements
        .iter()
        .map(|r| RequirementStatus {
            document: r.document.clone(),
            name: app.catalogue.document(&r.document).map(|d| d.name.clone()).unwrap_or_default(),
            need: r.need(),
            status: match (applies.contains(&r.document.as_str()), r.need()) {
                (false, _) => RequirementNeed::NotApplicable,
                (true, Need::IfAvailable) => RequirementNeed::Optional,
                (true, _) => RequirementNeed::Required,
            },
            condition: r.condition.clone(),
            uploaded: case.documents.iter().any(|d| d.document == r.document),
            max_bytes: r.max_mb.map_or(app.settings.max_upload_bytes, |mb| u64::from(mb) * 1024 * 1024),
        })
        .collect();
    use super::receipt::{ReceiptType, check_code, promised, receipt_code};
    let check_code = case.number.as_deref().map(|n| check_code(app, n));
    let slip_code = case.number.is_some().then(|| receipt_code(app, &case, ReceiptType::TandaTerima)).transpose()?;
    let receipt_code = promised(app, &case).is_ok().then(|| receipt_code(app, &case, ReceiptType::Resi)).transpose()?;
    let survey_due = super::served(who, &case) && case.outcome == Some(Outcome::Completed) && case.survey.is_none();
    let survey_elements = survey_due.then(|| adminduk_domain::survey::ELEMENTS.to_vec());
    let officer = match who {
        Person::Officer { office, .. } => Some(*office),
        _ => None,
    };
    // The reporter is most often the reader, whose account the request has read already.
    let reporter = match who.account() {
        Some(own) if own.id == case.reporter => Some(own.clone()),
        _ => app.store.account(&case.reporter).await?,
    };
    let declaration =
        super::declaration::sections(app, &mut reads, service, &case, reporter.as_ref(), officer.is_some()).await?;
    let reporter_name = match &reporter {
        Some(account) => account.name.clone(),
        // A Dinas's system, by its client's name ("SIAK Dukcapil Bone").
        None if case.reporter_kind == ReporterKind::Sistem => {
            app.store.client(&case.reporter).await?.map(|c| c.name).unwrap_or_default()
        }
        None => String::new(),
    };
    let related = match officer {
        Some(office) => {
            let others = super::declaration::open_cases_about(app, service, &case).await?;
            super::declaration::near_duplicates(app, service, &others, Some(office))
        }
        None => Vec::new(),
    };
    Ok(CaseView {
        subject_name: super::declaration::subject_name(service, &case.answers, &case.applicant.name),
        reporter_name,
        products: service.products.clone(),
        declaration,
        related,
        service_name: service.name.clone(),
        state_name: state.name.clone(),
        actions,
        editable: is_reporter && super::reporters_turn(workflow, &case),
        requirements,
        slip_code,
        check_code,
        receipt_code,
        survey_elements,
        appointment_visit: super::appointments::bookable(app, who, &case),
        appointment_label: case
            .appointment
            .as_ref()
            .filter(|b| b.status == crate::ports::BookingStatus::Booked)
            .map(|b| super::appointments::label(app, b)),
        next_step: super::notify::next_step_now(app, &case, "")?,
        erased_after: (case.submitted_at.is_none() && case.outcome.is_none())
            .then(|| case.updated_at + crate::ports::kept::DRAFT),
        office_card: app.catalogue.office(&case.office),
        office_hours: app.calendar_at(&case.office).hours_label(),
        case,
    })
}

/// One line of a case's history with the names a person reads.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    #[serde(flatten)]
    pub event: CaseEvent,
    /// For a transition: the action taken and the state it led to, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_name: Option<String>,
}

pub async fn history(app: &App, actor: &Actor, id: &str) -> Result<Vec<HistoryEntry>, AppError> {
    let case = visible_case(app, actor.person()?, id).await?;
    history_of(app, &case).await
}

/// The history of a case the caller may see already.
pub(crate) async fn history_of(app: &App, case: &Case) -> Result<Vec<HistoryEntry>, AppError> {
    let super::Resolved { workflow, .. } = super::resolve(app, case)?;
    let events = app.store.history(&case.id).await?;
    Ok(events
        .into_iter()
        .map(|event| {
            let (action_name, state_name) = match &event.kind {
                CaseEventKind::Transition { action, from, to, .. } => (
                    workflow
                        .state(from)
                        .and_then(|s| s.actions.iter().find(|a| &a.code == action))
                        .map(|a| a.name.clone()),
                    workflow.state(to).map(|s| s.name.clone()),
                ),
                _ => (None, None),
            };
            HistoryEntry { event, action_name, state_name }
        })
        .collect())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseSummary {
    pub id: String,
    pub number: Option<String>,
    pub service: String,
    pub service_name: String,
    pub applicant_name: String,
    /// Who the event is about ("alm. ...", a newborn's name), as lists and messages name it.
    pub subject_name: String,
    /// Another open case of the same person and kind of event existed when it was filed.
    pub possible_duplicate: bool,
    pub state: String,
    pub state_name: String,
    pub service_due: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub closed: bool,
}

/// An officer looks cases of their office up by the registration number on a receipt or by the
/// applicant's NIK; newest first.
/// An officer's search by NIK or registration number; every search is recorded, the NIK masked.
pub async fn search(app: &App, actor: &Actor, query: &str, from: &ClientAddress) -> Result<Vec<CaseSummary>, AppError> {
    actor.require_officer()?;
    let who = actor.person()?;
    let query = query.trim();
    let nik = query.parse::<Nik>().ok();
    let found = match &nik {
        Some(nik) => app.store.cases_of_applicant(nik).await?,
        None => app.store.case_by_number(query).await?.into_iter().collect(),
    };
    let mut visible = Vec::new();
    for case in found {
        if let Ok(case) = visible_case(app, who, &case.id).await {
            visible.push(summary(app, (&case).into()));
        }
    }
    let subject = nik.as_ref().map_or_else(|| query.chars().take(64).collect(), Nik::masked);
    let detail = serde_json::json!({ "found": visible.len() });
    crate::auth::record_read(app, who.id(), "case_search", &subject, detail, nik.as_ref(), from).await?;
    Ok(visible)
}

pub(super) fn summary(app: &App, c: CaseHead) -> CaseSummary {
    // A list still shows a case an adjusted catalogue no longer knows, by its codes.
    let service = app.catalogue.service(&c.service);
    let state = app.catalogue.workflow(&c.workflow).and_then(|w| w.state(&c.state));
    let subject_name = service.map_or_else(
        || c.applicant.name.clone(),
        |s| super::declaration::subject_name(s, &c.answers, &c.applicant.name),
    );
    CaseSummary {
        service_name: service.map_or_else(|| c.service.clone(), |s| s.name.clone()),
        state_name: state.map_or_else(|| c.state.clone(), |s| s.name.clone()),
        subject_name,
        id: c.id,
        number: c.number,
        service: c.service,
        applicant_name: c.applicant.name,
        possible_duplicate: c.possible_duplicate,
        state: c.state,
        service_due: c.service_due,
        updated_at: c.updated_at,
        closed: c.outcome.is_some(),
    }
}

/// The caller's cases: those they reported and, for a resident, those filed for them elsewhere
/// (at a counter, by an institution); newest first.
pub async fn list_mine(app: &App, actor: &Actor) -> Result<Vec<CaseSummary>, AppError> {
    let who = actor.person()?;
    let mut cases = app.store.cases_of_reporter(who.id()).await?;
    if let Person::Resident { resident, .. } = who {
        let filed_for_them = app.store.cases_of_applicant(&resident.nik).await?;
        cases.extend(filed_for_them.into_iter().filter(|c| super::is_applicant(who, c)));
        cases.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
        cases.dedup_by(|a, b| a.id == b.id);
    }
    // A deleted draft is gone from the reporter's list.
    let kept = cases.into_iter().filter(|c| c.submitted_at.is_some() || c.outcome.is_none());
    Ok(kept.map(|c| summary(app, (&c).into())).collect())
}

/// A case in a queue, whatever the hour.
// What a case's listing holds (listing.rs).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueueLine {
    #[serde(flatten)]
    pub summary: CaseSummary,
    /// Masked: a queue does not need the full NIK.
    pub applicant_nik: Option<String>,
    pub state_due: Option<DateTime<Utc>>,
}

/// A case in a queue, with what the hour says of its deadline.
// Written out as `listing::push_item` makes it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueueItem {
    #[serde(flatten)]
    pub line: QueueLine,
    pub near_deadline: bool,
    pub past_deadline: bool,
}

/// A page of an officer's queue.
// Written out as `QueuePage::to_json`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueueView {
    #[serde(flatten)]
    pub page: QueuePage,
    /// One page, the soonest due first.
    pub items: Vec<QueueItem>,
}

/// The whole queue's counts and the page's cursor.
// With the page's items as their JSON array, made from the cases' listings (listing.rs) and
// written out as it is.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueuePage {
    pub office: Office,
    /// The office as people read it ("Kantor Kecamatan Somba Opu").
    pub office_name: String,
    /// The whole queue's open cases, not the page's.
    pub total: u64,
    /// Of the whole queue: due within the near-deadline warning.
    pub near_deadline: u64,
    /// Of the whole queue: past their step's deadline.
    pub past_deadline: u64,
    /// The cursor of the next page (`after`), while there is one.
    pub next: Option<String>,
    #[serde(skip)]
    items: String,
}

impl QueuePage {
    /// The page as `QueueView` JSON: the counts serialized, the items added as they are.
    pub fn to_json(&self) -> Vec<u8> {
        let mut json = Vec::with_capacity(self.items.len() + 512);
        serde_json::to_writer(&mut json, self).unwrap_or_else(|e| unreachable!("a queue page serializes: {e}"));
        json.pop();
        json.extend_from_slice(b",\"items\":");
        json.extend_from_slice(self.items.as_bytes());
        json.push(b'}');
        json
    }
}

/// A state cases wait in for an officer (any but a workflow's first): its queue's key
/// (`workflow/state`) and the roles with an action there. Worked out once from the catalogue.
pub struct QueueState {
    key: String,
    state: String,
    roles: Vec<Role>,
}

pub(crate) fn queue_states(catalogue: &Catalogue) -> Vec<QueueState> {
    let mut states = Vec::new();
    for w in catalogue.workflows() {
        for s in w.states.iter().filter(|s| s.code != w.initial) {
            let mut roles: Vec<Role> = s.actions.iter().flat_map(|a| a.roles.iter().copied()).collect();
            roles.sort_unstable();
            roles.dedup();
            if !roles.is_empty() {
                states.push(QueueState { key: format!("{}/{}", w.code, s.code), state: s.code.clone(), roles });
            }
        }
    }
    states
}

/// The officer's work: open cases of their office (and its counters) in states where one of
/// their roles has an action, the soonest due first, a page at a time from `after` (a `next`
/// cursor), with the whole queue's counts.
pub async fn queue(
    app: &App,
    actor: &Actor,
    state: Option<&str>,
    after: Option<&str>,
    limit: u32,
) -> Result<QueuePage, AppError> {
    let who = actor.person()?;
    let Person::Officer { account, office } = &who else {
        return Err(AppError::Forbidden { code: "OFFICERS_ONLY", message: "Antrian hanya untuk petugas".into() });
    };
    let after = after
        .map(|token| {
            QueueAfter::parse(token).ok_or_else(|| AppError::BadRequest {
                code: "CURSOR_INVALID",
                message: "Penanda halaman antrian tidak dikenali; muat ulang antrian dari awal".into(),
            })
        })
        .transpose()?;
    let keys: Vec<String> = app
        .queue_states
        .iter()
        .filter(|s| state.is_none_or(|wanted| s.state == wanted) && s.roles.iter().any(|r| account.roles.contains(r)))
        .map(|s| s.key.clone())
        .collect();
    let below = !matches!(office, Office::Provinsi(_));
    let now = app.clock.now();
    let near = now + app.settings.near_deadline;
    let (mut cases, counts) = tokio::try_join!(
        app.store.queue(office, below, &keys, after.as_ref(), limit + 1, Some(&app.catalogue_mark)),
        app.store.queue_counts(office, below, &keys, now, near),
    )?;
    let next = (cases.len() > limit as usize).then(|| {
        cases.truncate(limit as usize);
        cases.last().map(|c| QueueAfter::case(c).token())
    });
    let mut items = String::with_capacity(cases.len() * 640);
    for c in cases {
        items.push(if items.is_empty() { '[' } else { ',' });
        match c {
            Queued::Listed { json, state_due, .. } => listing::push_item(&mut items, &json, state_due, now, near),
            Queued::Head(head) => {
                let state_due = head.state_due;
                listing::push_item(&mut items, &listing::json(app, *head), state_due, now, near)
            }
        }
    }
    items.push_str(if items.is_empty() { "[]" } else { "]" });
    Ok(QueuePage {
        office: *office,
        office_name: app.catalogue.office(office).name,
        total: counts.open,
        near_deadline: counts.near,
        past_deadline: counts.past,
        next: next.flatten(),
        items,
    })
}
