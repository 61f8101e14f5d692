//! Cases (permohonan): drafts, answers, uploads, submission, workflow actions, queues.

mod act;
pub mod appointments;
mod chances;
mod correct;
mod declaration;
mod draft;
pub mod events;
pub(crate) mod figures;
mod filecheck;
pub mod integration;
mod letters;
pub mod listing;
mod notify;
pub(crate) mod pdf;
mod pickup;
mod queries;
mod receipt;
pub(crate) mod register_reads;
mod reuse;
mod submit;
pub(crate) mod survey;
mod uploads;
pub mod whatsapp;

pub use act::{ActRequest, act, sweep};
pub use appointments::{AppointmentChange, BookRequest, DayList, SlotOffer};
pub use chances::{Chances, MemberChance, chances};
pub use correct::{Correction, correct};
pub use declaration::{DeclaredField, DeclaredSection, RelatedCase};
pub use draft::{NewCase, create_draft, delete_draft, remove_abandoned, update_answers};
pub use figures::{Figures, ServiceFigures, figures};
pub use letters::LetterClaims;
pub(crate) use pickup::hands_over;
pub use pickup::{Collected, Handover, PickupView, hand_over, lookup};
pub(crate) use queries::history_of;
pub(crate) use queries::queue_states;
pub use queries::{
    CaseSummary, CaseView, HistoryEntry, QueueItem, QueueLine, QueuePage, QueueState, QueueView, get, history,
    list_mine, queue, search,
};
pub use receipt::{ReceiptCheck, ReceiptClaims, ReceiptType, receipt_pdf, slip_pdf, verify_by_number, verify_receipt};
pub use reuse::{Reusable, Reuse, reusable, reuse};
pub use submit::submit;
pub use survey::{SurveyAnswers, answer_survey};
pub use uploads::{
    Arrival, DocumentLink, Presign, Presigned, UploadView, arrived, download, extension, presign, receive,
    safe_file_name, upload_status, view_document,
};

use adminduk_domain::access::Denial;
use adminduk_domain::age::age_in_years;
use adminduk_domain::case::ApplicantFacts;
use adminduk_domain::catalogue::{Facts, OfficeLevel, Service, Variant};
use adminduk_domain::ids::Nik;
use adminduk_domain::office::Office;
use adminduk_domain::workflow::{Action, Role, State, Workflow};

use crate::App;
use crate::caller::Person;
use crate::error::AppError;
use crate::ports::Case;
use register_reads::RegisterReads;

fn not_found() -> AppError {
    AppError::NotFound { code: "CASE_NOT_FOUND", message: "Permohonan tidak ditemukan".into() }
}

fn denied(d: &Denial) -> AppError {
    AppError::forbidden(d)
}

/// The digest an idempotency key keeps of the request it first came with (JSON objects serialize
/// with sorted keys here, so the same body always gives the same digest).
fn request_digest(request: &impl serde::Serialize) -> String {
    crate::secrets::sha256_hex(&serde_json::to_string(request).unwrap_or_default())
}

fn key_reused() -> AppError {
    AppError::Unprocessable {
        code: "IDEMPOTENCY_KEY_REUSED",
        message: "Kunci idempotensi ini sudah dipakai untuk permintaan lain; gunakan kunci baru".into(),
    }
}

/// A new case in its workflow's first state, reported by `reporter` (an account id, or the
/// `wa:` number of a WhatsApp conversation, with its kind): nothing answered, sent or decided yet.
pub fn new_case(
    service: &Service,
    variant: &Variant,
    workflow: &Workflow,
    office: Office,
    applicant: crate::ports::Applicant,
    reporter: (String, crate::ports::ReporterKind),
    now: chrono::DateTime<chrono::Utc>,
) -> Case {
    Case {
        id: crate::secrets::random_id("K-"),
        number: None,
        service: service.code.clone(),
        variant: variant.code.clone(),
        workflow: workflow.code.clone(),
        office,
        applicant,
        contact: None,
        reporter: reporter.0,
        reporter_kind: reporter.1,
        state: workflow.initial.clone(),
        answers: Default::default(),
        documents: vec![],
        issued: vec![],
        promised: vec![],
        quantity: None,
        state_due: None,
        service_due: None,
        service_paused_at: None,
        service_done_at: None,
        possible_duplicate: false,
        survey: None,
        appointment: None,
        statement: None,
        outcome: None,
        version: 1,
        created_at: now,
        submitted_at: None,
        updated_at: now,
    }
}

/// A case's place in the loaded catalogue: its service, variant, workflow and state.
pub(crate) struct Resolved<'a> {
    pub service: &'a Service,
    pub variant: &'a Variant,
    pub workflow: &'a Workflow,
    pub state: &'a State,
}

/// Finds a case's service, variant, workflow and state in the catalogue. A catalogue adjusted
/// since the case was made may no longer have them: that is reported (and logged), not a panic.
pub(crate) fn resolve<'a>(app: &'a App, case: &Case) -> Result<Resolved<'a>, AppError> {
    let service = app.catalogue.service(&case.service);
    let variant = service.and_then(|s| s.variant(&case.variant));
    let workflow = app.catalogue.workflow(&case.workflow);
    let state = workflow.and_then(|w| w.state(&case.state));
    match (service, variant, workflow, state) {
        (Some(service), Some(variant), Some(workflow), Some(state)) => {
            Ok(Resolved { service, variant, workflow, state })
        }
        _ => {
            tracing::error!(
                case = %case.id, service = %case.service, variant = %case.variant,
                workflow = %case.workflow, state = %case.state, "case outside the loaded catalogue"
            );
            Err(AppError::Unprocessable {
                code: "CASE_OUTSIDE_CATALOGUE",
                message:
                    "Layanan atau tahapan permohonan ini tidak ada lagi dalam katalog layanan; silakan hubungi Dinas"
                        .into(),
            })
        }
    }
}

/// Where the case's documents are collected: the service's own counter, else its office's.
pub(crate) fn pickup_place(app: &App, service: &Service, case: &Case) -> String {
    service.pickup.clone().unwrap_or_else(|| app.catalogue.office(&case.office).pickup)
}

/// The action that files a case: the first one from the initial state that does not end it.
pub(crate) fn filing_action(workflow: &Workflow) -> &Action {
    let initial = workflow.state(&workflow.initial).expect("checked catalogue");
    initial
        .actions
        .iter()
        .find(|a| workflow.state(&a.to).is_some_and(|s| s.outcome.is_none()))
        .expect("every workflow can be filed (checked catalogue)")
}

/// Whether the case waits on its reporter: a draft, or a state the workflow marks as the
/// reporter's turn (returned to be completed, asked for more); not once it is closed.
pub(crate) fn reporters_turn(workflow: &Workflow, case: &Case) -> bool {
    case.outcome.is_none()
        && (case.state == workflow.initial || workflow.state(&case.state).is_some_and(|s| s.reporter_turn))
}

/// The workflows of the services provided at `office`'s level (the province's own, or those of a
/// kabupaten and its counters): where an officer's roles take part. Roles are named alike at
/// both levels; a province Kadis does not work Gowa's steps.
pub(crate) fn workflows_at<'a>(app: &'a App, office: &Office) -> impl Iterator<Item = &'a Workflow> + 'a {
    let level = if matches!(office, Office::Provinsi(_)) { OfficeLevel::Provinsi } else { OfficeLevel::Kabupaten };
    app.catalogue
        .services()
        .filter(move |s| s.office == level)
        .flat_map(|s| s.variants.iter().map(move |v| s.workflow_of(v)))
        .filter_map(|code| app.catalogue.workflow(code))
}

/// Where a new case sits: a counter's own cases at that counter, everything else at the Dinas
/// that provides the service.
fn case_office(service: &Service, who: &Person) -> Office {
    match (service.office, who) {
        (OfficeLevel::Provinsi, _) => Office::SULSEL,
        (
            OfficeLevel::Kabupaten,
            Person::Officer { office: office @ (Office::Kecamatan(_) | Office::Desa { .. }), .. },
        ) => *office,
        (OfficeLevel::Kabupaten, _) => Office::GOWA,
    }
}

/// The services an officer or institution staff may file now, for someone else (the intake at a
/// counter), or one outside the register for themselves: the access policy asked about each
/// service's filing action at the office the case would sit at. Residents file for their family
/// (the citizen site asks per person).
pub(crate) fn fileable(app: &App, who: &Person) -> Vec<String> {
    // One outside the register files for themselves.
    let nik = match who {
        Person::Resident { .. } => return Vec::new(),
        Person::ProvinceResident { account } => account.nik.as_ref().map_or("", |n| n.as_str()),
        _ => "",
    };
    let anyone = adminduk_domain::access::Applicant { nik, no_kk: "" };
    app.catalogue
        .services()
        .filter(|service| {
            service.variants.iter().any(|variant| {
                let Some(workflow) = app.catalogue.workflow(service.workflow_of(variant)) else { return false };
                let request = adminduk_domain::access::Request {
                    applicant: anyone,
                    service,
                    action: filing_action(workflow),
                    case_office: case_office(service, who),
                };
                adminduk_domain::access::decide(&who.policy_actor(), &request, app.today()).is_ok()
            })
        })
        .map(|s| s.code.clone())
        .collect()
}

/// What the service's conditions read: the applicant from the register and the chosen options.
async fn facts(
    app: &App,
    reads: &mut RegisterReads,
    case: &Case,
    choices: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Result<Option<Facts>, AppError> {
    Ok(applicant_facts(app, reads, case.applicant.nik.as_ref()).await?.map(|a| a.with_answers(choices)))
}

/// The applicant's situation in the register, as eligibility, requirements and form conditions
/// read it.
pub(crate) async fn applicant_facts(
    app: &App,
    reads: &mut RegisterReads,
    nik: Option<&Nik>,
) -> Result<Option<ApplicantFacts>, AppError> {
    let Some(nik) = nik else { return Ok(None) };
    let Some(applicant) = reads.resident(app, nik).await? else { return Ok(None) };
    let family = reads.family(app, &applicant.no_kk).await?.map(|(_, m)| m).unwrap_or_default();
    Ok(Some(ApplicantFacts {
        age_years: age_in_years(applicant.birth_date, app.today()),
        marital_status: applicant.marital_status,
        citizenship: applicant.citizenship,
        family: family.iter().filter(|m| m.alive).map(|m| m.marital_status).collect(),
    }))
}

/// Whether `who` sees the products issued on a case in `state`: officers always; the applicant's
/// side once no state holds them for checking or signing.
pub(crate) fn sees_products(who: &Person, state: &State) -> bool {
    matches!(who, Person::Officer { .. }) || !state.holds_products
}

/// Whether `who` reads the case as someone other than the person who reported it or whom it is
/// about: an officer, a counter, another system. Such reads are recorded (`auth::record_read`).
pub(crate) fn someone_else(who: &Person, case: &Case) -> bool {
    case.reporter != who.id() && !is_applicant(who, case)
}

/// Whether `who` is the person a filed case is about, signed in with their own account: a
/// resident whose case a counter or an institution filed sees it and takes the applicant's steps.
/// One outside the register is the applicant of what they filed only: their NIK is their own
/// statement, so cases others filed about it stay hidden from them.
pub(crate) fn is_applicant(who: &Person, case: &Case) -> bool {
    let filed = case.submitted_at.is_some();
    match who {
        Person::Resident { resident, .. } => filed && case.applicant.nik.as_ref() == Some(&resident.nik),
        Person::ProvinceResident { account } => {
            filed && case.reporter == account.id && case.applicant.nik.is_some() && case.applicant.nik == account.nik
        }
        _ => false,
    }
}

/// The roles `who` holds on `case`: an officer's own; otherwise the reporter's (`pelapor`) and
/// the applicant's (`pemohon`), as far as they are either.
pub(crate) fn roles_on(who: &Person, case: &Case) -> Vec<Role> {
    if let Person::Officer { account, .. } = who {
        return account.roles.clone();
    }
    let reporter = (case.reporter == who.id()).then_some(Role::Pelapor);
    let applicant = is_applicant(who, case).then_some(Role::Pemohon);
    reporter.into_iter().chain(applicant).collect()
}

/// Whether `who` is on the served side of the case (its reporter or its applicant, not an
/// officer): who answers the survey and is told at every step.
pub(crate) fn served(who: &Person, case: &Case) -> bool {
    !matches!(who, Person::Officer { .. }) && !roles_on(who, case).is_empty()
}

/// The case, if this caller may see it: its reporter, its applicant once it is filed, or an
/// officer whose office covers it once it is filed (a draft is its reporter's alone).
pub(crate) async fn visible_case(app: &App, who: &Person, id: &str) -> Result<Case, AppError> {
    let case = app.store.case(id).await?.ok_or_else(not_found)?;
    let visible = case.reporter == who.id()
        || is_applicant(who, &case)
        || matches!(who, Person::Officer { office, .. } if office.covers(&case.office) && case.submitted_at.is_some());
    if visible { Ok(case) } else { Err(not_found()) }
}
