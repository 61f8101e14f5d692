//! The guest book (buku tamu) of a WhatsApp case: the page its link opens, where the person
//! says who they are (the NIK checked in the register), what they need and sends the files; and
//! the book as the kecamatan's record, each entry with who handled each step and how long it
//! took against its time standard.

use adminduk_domain::calendar::Calendar;
use adminduk_domain::catalogue::{OfficeCard, OfficeLevel, Requester};
use adminduk_domain::ids::{Nik, Phone};
use adminduk_domain::office::Office;
use adminduk_domain::workflow::{ActionInputs, Role, Workflow};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::SERVICE;
use crate::App;
use crate::caller::{Actor, Person};
use crate::error::{AppError, Problem};
use crate::ports::{Applicant, Case, CaseEventKind, Statement};

/// The link's key: 16 characters of the service key's signature over the case id, so only this
/// service can make it and each case has its own.
pub(super) fn key(app: &App, case_id: &str) -> String {
    app.keys.short_code(&serde_json::json!({ "typ": "buku-tamu", "case": case_id }), 16).to_lowercase()
}

/// The case the link names, if its key is the one this service made for it.
async fn opened(app: &App, id: &str, given: &str) -> Result<Case, AppError> {
    let refused =
        || AppError::NotFound { code: "GUEST_BOOK_NOT_FOUND", message: "Tautan buku tamu tidak dikenal".into() };
    let case = app.store.case(id).await?.filter(super::from_whatsapp).ok_or_else(refused)?;
    let expected = key(app, &case.id);
    if !crate::secrets::same_secret(given.as_bytes(), expected.as_bytes()) {
        return Err(refused());
    }
    Ok(case)
}

/// A service the person may say they need.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WantedService {
    pub code: String,
    pub name: String,
}

/// What the guest-book page shows: the case as its applicant may see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GuestBookView {
    pub number: Option<String>,
    /// The version an entry is sent against.
    pub version: u64,
    pub state: String,
    pub state_name: String,
    /// What the person does now, or what happens next.
    pub next_step: String,
    /// Whether the book takes their entry now (not yet filled, or returned to be completed).
    pub open: bool,
    /// Whether the person may withdraw the request now.
    pub may_withdraw: bool,
    /// The officer's reason, when the entry was returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returned_because: Option<String>,
    /// The name their WhatsApp profile shows (until the NIK names them).
    pub name: String,
    pub nik_masked: Option<String>,
    /// The number they wrote from, masked.
    pub whatsapp_masked: String,
    #[schema(value_type = std::collections::BTreeMap<String, serde_json::Value>)]
    pub answers: adminduk_domain::case::Answers,
    /// The files sent so far.
    pub files: Vec<SentFile>,
    /// The requirement the files are sent for, and how many it takes.
    pub document: String,
    pub document_name: String,
    pub max_files: usize,
    pub max_upload_bytes: u64,
    /// The service and purpose given before (an entry returned to be completed keeps them).
    pub service: Option<String>,
    pub purpose: Option<String>,
    pub services: Vec<WantedService>,
    pub office: OfficeCard,
    pub statement: String,
}

/// A file sent with the guest book.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SentFile {
    pub content_type: String,
    pub size: u64,
}

/// The entry the person sends.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuestBookEntry {
    /// Left out when the entry was returned to be completed: the NIK given before stands.
    #[serde(default)]
    pub nik: Option<String>,
    /// The service they need (a code from the view's `services`).
    pub service: String,
    /// Their purpose, in their words.
    pub purpose: String,
    /// The version of the case the page showed.
    pub version: u64,
    /// They declare the data and files true (seed 000).
    pub declared: bool,
}

const MAX_PURPOSE: usize = 500;
/// Entries one link may send in a limit window: enough for a few corrections, too few to read the
/// register through it.
const MAX_ENTRIES_PER_WINDOW: u32 = 10;

fn mask_phone(number: &str) -> String {
    let n = number.chars().count();
    number.chars().enumerate().map(|(i, c)| if i >= 5 && i + 3 < n { '•' } else { c }).collect()
}

/// The services a resident may ask a kecamatan about on WhatsApp: the Dinas's services for
/// residents.
fn wanted(app: &App) -> Vec<WantedService> {
    app.catalogue
        .services()
        .filter(|s| s.code != SERVICE && s.office == OfficeLevel::Kabupaten)
        .filter(|s| s.requesters.iter().any(|r| matches!(r, Requester::PenggunaPribadi | Requester::Masyarakat)))
        .map(|s| WantedService { code: s.code.clone(), name: s.name.clone() })
        .collect()
}

pub async fn view(app: &App, id: &str, key: &str) -> Result<GuestBookView, AppError> {
    let case = opened(app, id, key).await?;
    shown(app, &case).await
}

async fn shown(app: &App, case: &Case) -> Result<GuestBookView, AppError> {
    let super::super::Resolved { workflow, state, variant, .. } = super::super::resolve(app, case)?;
    let requirement = variant.requirements.first().ok_or_else(|| AppError::internal("persyaratan WA"))?;
    let returned_because = if case.state == "dikembalikan" {
        app.store.history(&case.id).await?.into_iter().rev().find_map(|e| match e.kind {
            CaseEventKind::Transition { to, inputs, .. } if to == case.state => inputs.reason,
            _ => None,
        })
    } else {
        None
    };
    let whatsapp = case.contact.as_ref().and_then(|c| c.whatsapp.clone()).unwrap_or_default();
    let services = wanted(app);
    Ok(GuestBookView {
        number: case.number.clone(),
        version: case.version,
        state: case.state.clone(),
        state_name: state.name.clone(),
        next_step: super::super::notify::next_step_now(app, case, &case.applicant.name)?,
        open: super::super::reporters_turn(workflow, case),
        may_withdraw: super::super::reporters_turn(workflow, case) && reporters(workflow, state, true).is_some(),
        returned_because,
        name: case.applicant.name.clone(),
        nik_masked: case.applicant.nik.as_ref().map(Nik::masked),
        whatsapp_masked: mask_phone(&whatsapp),
        answers: case.answers.clone(),
        files: case.documents.iter().map(|d| SentFile { content_type: d.content_type.clone(), size: d.size }).collect(),
        document: requirement.document.clone(),
        document_name: app.catalogue.document(&requirement.document).map_or_else(String::new, |d| d.name.clone()),
        max_files: requirement.files(),
        max_upload_bytes: app.settings.max_upload_bytes,
        service: services
            .iter()
            .find(|s| case.answers.get("layanan_dimohon").and_then(|v| v.as_str()) == Some(s.name.as_str()))
            .map(|s| s.code.clone()),
        purpose: case.answers.get("keperluan").and_then(|v| v.as_str()).map(str::to_string),
        services,
        office: app.catalogue.office(&case.office),
        statement: super::super::submit::STATEMENT.into(),
    })
}

/// An upload URL for a file of the guest book, while it takes entries.
pub async fn presign(
    app: &App,
    id: &str,
    key: &str,
    p: super::super::Presign,
) -> Result<super::super::Presigned, AppError> {
    let case = opened(app, id, key).await?;
    if p.purpose != crate::ports::UploadPurpose::Requirement {
        return Err(AppError::Forbidden {
            code: "OFFICERS_ONLY",
            message: "Buku tamu hanya menerima berkas permohonan".into(),
        });
    }
    super::super::uploads::presign_for(app, &case, &case.reporter.clone(), p).await
}

fn problem(field: &str, code: &'static str, message: &str) -> AppError {
    AppError::Invalid { code, message: message.into(), problems: vec![Problem::field(field, code, message)] }
}

/// Takes the guest-book entry: the NIK must be of a living, active resident of this kecamatan;
/// the case is then theirs (the applicant), with their answers and statement, and moves to the
/// officer's check (step 3), or back to it when it was returned.
#[tracing::instrument(name = "guest_book_fill", skip_all, fields(case = %id))]
pub async fn fill(app: &App, id: &str, key: &str, e: GuestBookEntry) -> Result<GuestBookView, AppError> {
    let case = opened(app, id, key).await?;
    let super::super::Resolved { workflow, state, .. } = super::super::resolve(app, &case)?;
    if !super::super::reporters_turn(workflow, &case) {
        return Err(AppError::Conflict {
            code: "GUEST_BOOK_CLOSED",
            message: "Buku tamu sudah dikirim dan sedang diperiksa petugas".into(),
        });
    }
    if e.version != case.version {
        return Err(AppError::Stale {
            code: "CASE_CHANGED",
            message: "Permohonan sudah berubah; muat ulang halaman ini".into(),
            current: Box::new(serde_json::to_value(shown(app, &case).await?).unwrap_or_default()),
        });
    }
    // Every problem of the form at once; the register is asked only about a complete entry, and
    // each link only so often (a link is easy to get: one message to the number).
    let mut problems = Vec::new();
    let given = e.nik.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let nik = match (given, &case.applicant.nik) {
        (Some(n), _) => Nik::parse(n, app.today()).map_err(|err| err.to_string()),
        // Returned to be completed: the NIK checked before stands.
        (None, Some(known)) => Ok(known.clone()),
        (None, None) => Err("NIK wajib diisi".to_string()),
    };
    if let Err(message) = &nik {
        problems.push(("nik", "NIK_INVALID", message.clone()));
    }
    let service = wanted(app).into_iter().find(|s| s.code == e.service);
    if service.is_none() {
        problems.push(("service", "SERVICE_NOT_FOUND", "Pilih layanan yang dimohon".into()));
    }
    let purpose = e.purpose.trim();
    if purpose.is_empty()
        || purpose.chars().count() > MAX_PURPOSE
        || purpose.chars().any(|c| c.is_control() && c != '\n')
    {
        problems.push(("purpose", "PURPOSE_INVALID", "Tulis keperluan Anda (paling banyak 500 karakter)".into()));
    }
    if case.documents.is_empty() {
        problems.push(("files", "REQUIREMENTS_MISSING", "Kirim foto atau berkas dokumen permohonan".into()));
    }
    if !e.declared {
        problems.push((
            "declared",
            "STATEMENT_REQUIRED",
            "Nyatakan bahwa data dan dokumen yang Anda kirim benar".into(),
        ));
    }
    if let Some((_, code, _)) = problems.first() {
        let list = problems.iter().map(|(field, code, message)| Problem::field(field, code, message)).collect();
        let message = problems.iter().map(|(_, _, m)| m.as_str()).collect::<Vec<_>>().join("; ");
        return Err(AppError::Invalid { code, message, problems: list });
    }
    let (Ok(nik), Some(service)) = (nik, service) else { return Err(AppError::internal("buku tamu")) };
    let hits = app.store.hit(&format!("buku-tamu:{}", case.id), app.settings.limit_window, app.clock.now()).await?;
    if hits > MAX_ENTRIES_PER_WINDOW {
        return Err(AppError::TooManyRequests {
            code: "TOO_MANY_ATTEMPTS",
            message:
                "Terlalu banyak percobaan dari tautan ini; coba lagi nanti atau kirim pesan ke nomor WhatsApp layanan"
                    .into(),
            retry_after: crate::auth::window_left(app).unsigned_abs(),
        });
    }
    let resident = app.store.resident(&nik).await?;
    let resident = match resident {
        Some(r) if r.alive && r.active => r,
        Some(_) => return Err(problem("nik", "APPLICANT_NOT_ACTIVE", "Status kependudukan NIK ini tidak aktif")),
        None => {
            return Err(problem("nik", "APPLICANT_NOT_REGISTERED", "NIK tidak terdaftar dalam database kependudukan"));
        }
    };
    let home = app.store.family(&resident.no_kk).await?.map(|(f, _)| f.desa);
    if let Some(Office::Desa { kecamatan, .. }) = home.filter(|_| matches!(case.office, Office::Kecamatan(_))) {
        let theirs = Office::Kecamatan(kecamatan);
        if theirs != case.office {
            let card = app.catalogue.office(&theirs);
            let reach = card.whatsapp.map_or_else(
                || "datang ke kantor kecamatan itu".to_string(),
                |w| format!("kirim pesan ke nomor WhatsApp layanannya, {}", w.number),
            );
            let message = format!(
                "NIK ini berdomisili di {}; layanan WhatsApp melayani sesuai domisili: {reach}",
                card.short_name
            );
            return Err(problem("nik", "NOT_THIS_KECAMATAN", &message));
        }
    }
    let now = app.clock.now();
    let mut filled = case.clone();
    filled.applicant =
        Applicant { nik: Some(resident.nik.clone()), no_kk: Some(resident.no_kk.clone()), name: resident.name };
    filled.answers.insert("layanan_dimohon".into(), serde_json::Value::String(service.name));
    filled.answers.insert("keperluan".into(), serde_json::Value::String(purpose.to_string()));
    filled.statement =
        Some(Statement { text: super::super::submit::STATEMENT.into(), by: case.reporter.clone(), at: now });
    super::super::uploads::keep_documents(app, &filled.documents).await?;
    let action = reporters(workflow, state, false)
        .ok_or_else(|| AppError::internal(format!("aksi pelapor pada {}", state.code)))?;
    let reporter = case.reporter.clone();
    let done = super::super::act::transition(
        app,
        (&reporter, None),
        Role::Pelapor,
        filled,
        &action.code,
        ActionInputs::default(),
        vec![],
    )
    .await?;
    shown(app, &done).await
}

/// The person's action in `state`: the one that closes the case (withdrawing), or the one that
/// sends the entry on.
fn reporters<'a>(
    workflow: &'a adminduk_domain::workflow::Workflow,
    state: &'a adminduk_domain::workflow::State,
    closing: bool,
) -> Option<&'a adminduk_domain::workflow::Action> {
    let closes = |a: &adminduk_domain::workflow::Action| workflow.state(&a.to).is_some_and(|s| s.outcome.is_some());
    state.actions.iter().find(|a| a.roles.contains(&Role::Pelapor) && closes(a) == closing)
}

/// Withdraws the request while the guest book waits on the person (their `tarik`).
#[tracing::instrument(name = "guest_book_withdraw", skip_all, fields(case = %id))]
pub async fn withdraw(app: &App, id: &str, key: &str, version: u64) -> Result<GuestBookView, AppError> {
    let case = opened(app, id, key).await?;
    let super::super::Resolved { workflow, state, .. } = super::super::resolve(app, &case)?;
    let action = reporters(workflow, state, true);
    let Some(action) = action.filter(|_| super::super::reporters_turn(workflow, &case)) else {
        return Err(AppError::Conflict {
            code: "ACTION_NOT_AVAILABLE",
            message: "Permohonan tidak dapat ditarik pada tahap ini; hubungi kantor kecamatan".into(),
        });
    };
    if version != case.version {
        return Err(AppError::Stale {
            code: "CASE_CHANGED",
            message: "Permohonan sudah berubah; muat ulang halaman ini".into(),
            current: Box::new(serde_json::to_value(shown(app, &case).await?).unwrap_or_default()),
        });
    }
    let reporter = case.reporter.clone();
    let code = action.code.clone();
    let done = super::super::act::transition(
        app,
        (&reporter, None),
        Role::Pelapor,
        case,
        &code,
        ActionInputs::default(),
        vec![],
    )
    .await?;
    shown(app, &done).await
}

/// One step of a guest-book entry: who took it, when, and whether within its time standard.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StepTime {
    pub state: String,
    pub state_name: String,
    pub entered_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
    /// Office seconds spent in the step (so far, while it is open).
    pub seconds: u64,
    pub standard_seconds: Option<u64>,
    /// Within the standard (`None` for a step without one).
    pub kept: Option<bool>,
    /// Who moved the case on: an officer's name, "sistem" or "pemohon".
    pub by: Option<String>,
}

/// A guest-book entry as the kecamatan's record shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GuestBookItem {
    pub case_id: String,
    pub number: Option<String>,
    pub name: String,
    pub nik_masked: Option<String>,
    pub whatsapp: Option<String>,
    pub service_wanted: Option<String>,
    pub purpose: Option<String>,
    pub state_name: String,
    pub greeted_at: DateTime<Utc>,
    pub steps: Vec<StepTime>,
}

/// The workflow WhatsApp requests follow.
fn workflow(app: &App) -> Option<&Workflow> {
    let service = app.catalogue.service(SERVICE)?;
    app.catalogue.workflow(service.workflow_of(service.variants.first()?))
}

/// Whether one of `roles` acts on the WhatsApp requests of `office`'s level: the guest book is
/// their desk.
pub(crate) fn works_guest_book(app: &App, office: &Office, roles: &[Role]) -> bool {
    let Some(wa) = workflow(app) else { return false };
    let acts = |r: &Role| r != &Role::Pelapor && roles.contains(r);
    super::super::workflows_at(app, office).any(|w| w.code == wa.code)
        && wa.states.iter().flat_map(|s| &s.actions).any(|a| a.roles.iter().any(acts))
}

/// The kecamatan's guest book: open entries at the officer's office (or below it), or those a
/// search finds (registration number, NIK or WhatsApp number), newest first.
pub async fn guest_book(app: &App, actor: &Actor, query: Option<&str>) -> Result<Vec<GuestBookItem>, AppError> {
    actor.require_officer()?;
    let who = actor.person()?;
    let Person::Officer { office, .. } = who else { return Err(AppError::internal("petugas")) };
    let workflow = workflow(app).ok_or_else(|| AppError::internal("alur PERMOHONAN_WA"))?;
    let found = match query.map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => match (q.parse::<Nik>(), Phone::parse(q)) {
            (Ok(nik), _) => app.store.cases_of_applicant(&nik).await?,
            (_, Ok(phone)) => app.store.cases_of_reporter(&super::reporter_of(phone.e164())).await?,
            _ => app.store.case_by_number(q).await?.into_iter().collect(),
        },
        None => {
            let keys: Vec<String> = workflow
                .states
                .iter()
                .filter(|s| s.outcome.is_none())
                .map(|s| format!("{}/{}", workflow.code, s.code))
                .collect();
            // A queue lists its cases' heads; an entry shows the whole case (contact, greeting).
            let mut cases = Vec::new();
            for queued in app.store.queue(office, true, &keys, None, 200, None).await? {
                cases.extend(app.store.case(queued.id()).await?);
            }
            cases
        }
    };
    let mut items = Vec::new();
    for case in found.into_iter().filter(|c| c.service == SERVICE && office.covers(&c.office)) {
        items.push(item(app, case).await?);
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.greeted_at));
    Ok(items)
}

async fn item(app: &App, case: Case) -> Result<GuestBookItem, AppError> {
    let super::super::Resolved { workflow, state, .. } = super::super::resolve(app, &case)?;
    let mut steps: Vec<StepTime> = Vec::new();
    let mut names = std::collections::BTreeMap::new();
    let mut entered = (workflow.initial.clone(), case.created_at);
    let calendar = app.calendar_at(&case.office);
    for event in app.store.history(&case.id).await? {
        let CaseEventKind::Transition { from, to, .. } = &event.kind else { continue };
        let by = match event.actor.as_str() {
            "sistem" => "sistem".to_string(),
            a if a.starts_with("wa:") => "pemohon".to_string(),
            a => match names.get(a) {
                Some(name) => String::clone(name),
                None => {
                    let name = app.store.account(a).await?.map_or_else(|| a.to_string(), |acc| acc.name);
                    names.insert(a.to_string(), name.clone());
                    name
                }
            },
        };
        steps.push(step(app, &calendar, workflow, from, entered.1, Some(event.at), Some(by))?);
        entered = (to.clone(), event.at);
    }
    if case.outcome.is_none() {
        steps.push(step(app, &calendar, workflow, &entered.0, entered.1, None, None)?);
    }
    let text = |key: &str| case.answers.get(key).and_then(|v| v.as_str()).map(str::to_string);
    Ok(GuestBookItem {
        case_id: case.id.clone(),
        number: case.number.clone(),
        name: case.applicant.name.clone(),
        nik_masked: case.applicant.nik.as_ref().map(Nik::masked),
        whatsapp: case.contact.as_ref().and_then(|c| c.whatsapp.clone()),
        service_wanted: text("layanan_dimohon"),
        purpose: text("keperluan"),
        state_name: state.name.clone(),
        greeted_at: case.submitted_at.unwrap_or(case.created_at),
        steps,
    })
}

fn step(
    app: &App,
    calendar: &Calendar,
    workflow: &adminduk_domain::workflow::Workflow,
    code: &str,
    entered_at: DateTime<Utc>,
    left_at: Option<DateTime<Utc>>,
    by: Option<String>,
) -> Result<StepTime, AppError> {
    let local = |t: DateTime<Utc>| t.with_timezone(&app.calendar.offset());
    let state = workflow.state(code);
    let until = left_at.unwrap_or_else(|| app.clock.now());
    let seconds = calendar.office_seconds_between(local(entered_at), local(until)).map_err(AppError::internal)?;
    let standard = state.and_then(|s| s.time_standard);
    let due = standard.map(|t| calendar.deadline(local(entered_at), t)).transpose().map_err(AppError::internal)?;
    let standard_seconds = match (standard, &due) {
        (Some(_), Some(d)) => {
            Some(calendar.office_seconds_between(local(entered_at), d.due).map_err(AppError::internal)?)
        }
        _ => None,
    };
    Ok(StepTime {
        state: code.to_string(),
        state_name: state.map_or_else(|| code.to_string(), |s| s.name.clone()),
        entered_at,
        left_at,
        seconds,
        standard_seconds,
        kept: due.map(|d| until <= d.due.to_utc()),
        by,
    })
}
