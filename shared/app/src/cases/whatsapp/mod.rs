//! The kecamatan WhatsApp channel (seed 001): a message to a kecamatan's WhatsApp number opens
//! a case at that kecamatan and is answered with the guest-book link; the person fills the guest
//! book (`guestbook.rs`) and the counter officer works the case. The person has no account: the
//! case's reporter is `wa:<their number>`, and the guest-book link (signed per case) is their
//! way back to it. Each step of the workflow is one of the SOP's, timed from the real events.

mod guestbook;
pub mod webhook;

use adminduk_domain::case::registration_number;
use adminduk_domain::ids::Phone;
use adminduk_domain::office::Office;
use adminduk_domain::workflow::{ActionInputs, Role};
use chrono::Datelike;
use serde::Serialize;

pub(crate) use guestbook::works_guest_book;
pub use guestbook::{GuestBookEntry, GuestBookItem, GuestBookView, fill, guest_book, presign, view, withdraw};

use crate::App;
use crate::error::AppError;
use crate::ports::{Applicant, Case, CaseEvent, CaseEventKind, CommitError, Contact, Guard, ReporterKind, Write};

/// The service a WhatsApp conversation files.
pub const SERVICE: &str = "PERMOHONAN_WA";
/// The workflow's steps the channel takes by itself: the greeting files the case, the system
/// answers with the link.
const GREETED: &str = "sapa_layanan";
const LINK_SENT: &str = "kirim_tautan_buku_tamu";

/// The reporter of a case opened from WhatsApp: the number it came from.
fn reporter_of(number: &str) -> String {
    format!("wa:{number}")
}

/// Whether the case was opened from WhatsApp (its reporter has no account).
pub(crate) fn from_whatsapp(case: &Case) -> bool {
    case.reporter.starts_with("wa:")
}

/// The link the applicant's side follows for `case`: the case page, or for a case opened from
/// WhatsApp the guest book signed for it.
pub(crate) fn case_link(app: &App, case: &Case) -> String {
    if from_whatsapp(case) {
        format!("{}/buku-tamu/{}/{}", app.settings.public_url, case.id, guestbook::key(app, &case.id))
    } else {
        format!("{}/permohonan/{}", app.settings.public_url, case.id)
    }
}

/// What one delivery did, message by message.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Received {
    /// Messages that opened a case (and were answered with the guest-book link).
    pub opened: u32,
    /// Messages about a case already open, answered with its link or status.
    pub answered: u32,
    /// Messages delivered before: nothing was done again.
    pub repeated: u32,
    /// Messages to a number no kecamatan has, or from a number that is not an Indonesian mobile.
    pub ignored: u32,
}

/// Takes a webhook delivery: the signature must hold over the exact bytes received; each
/// message is taken once however often the platform delivers it.
#[tracing::instrument(name = "whatsapp_delivery", skip_all)]
pub async fn receive(app: &App, signature: Option<&str>, body: &[u8]) -> Result<Received, AppError> {
    webhook::check_signature(app, signature, body)?;
    let delivery = webhook::Delivery::parse(body)?;
    let mut received = Received::default();
    for message in delivery.incoming() {
        match take(app, &message).await? {
            Taken::Opened => received.opened += 1,
            Taken::Answered => received.answered += 1,
            Taken::Repeated => received.repeated += 1,
            Taken::Ignored => received.ignored += 1,
        }
    }
    Ok(received)
}

enum Taken {
    Opened,
    Answered,
    Repeated,
    Ignored,
}

async fn take(app: &App, m: &webhook::Incoming) -> Result<Taken, AppError> {
    let Some(office) = app.catalogue.office_of_whatsapp(&m.number_id) else {
        tracing::warn!(number_id = %m.number_id, "WhatsApp message to a number no kecamatan has");
        return Ok(Taken::Ignored);
    };
    let Ok(phone) = Phone::parse(&m.from) else { return Ok(Taken::Ignored) };
    let reporter = reporter_of(phone.e164());
    // The message id, claimed with the first write it causes: a redelivery finds it taken.
    let channel = format!("wa:{}", m.number_id);
    let key = format!("pesan:{}", m.message_id);
    if app.store.idempotent_case(&channel, &key).await?.is_some() {
        return Ok(Taken::Repeated);
    }
    // Messages of one person at once: the one that finds the case changed reads it again (only
    // the first two steps change it; answers later change nothing but the outbox).
    for _ in 0..6 {
        let theirs: Vec<Case> = app
            .store
            .cases_of_reporter(&reporter)
            .await?
            .into_iter()
            .filter(|c| c.office == office && c.service == SERVICE)
            .collect();
        let case = match theirs.iter().find(|c| c.outcome.is_none()) {
            Some(case) => case.clone(),
            None => open_case(app, office, phone.e164(), m.profile_name.as_deref(), theirs.len()).await?,
        };
        let claim = Write::ClaimIdempotencyKey {
            account_id: channel.clone(),
            key: key.clone(),
            case_id: case.id.clone(),
            request: None,
        };
        match advance(app, case, claim, &m.message_id).await {
            Ok(taken) => return Ok(taken),
            // The same message delivered twice at once: the other delivery took it.
            Err(AppError::Conflict { code: "IDEMPOTENCY_KEY_USED", .. }) => return Ok(Taken::Repeated),
            Err(AppError::Stale { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(AppError::changed_concurrently())
}

/// A new case at `office` for the person writing from `number`, their `earlier`-th there. The
/// conversation is claimed with it, so that messages arriving together open one case: the one
/// that finds it claimed takes the case the other opened.
async fn open_case(
    app: &App,
    office: Office,
    number: &str,
    profile: Option<&str>,
    earlier: usize,
) -> Result<Case, AppError> {
    let service = app.catalogue.service(SERVICE).ok_or_else(|| AppError::internal("layanan PERMOHONAN_WA"))?;
    let variant = service.variants.first().ok_or_else(|| AppError::internal("varian PERMOHONAN_WA"))?;
    let workflow = app.catalogue.workflow(service.workflow_of(variant)).ok_or_else(|| AppError::internal("alur"))?;
    let now = app.clock.now();
    let reporter = reporter_of(number);
    // Who they are is known once the guest book is filled (the NIK checked in the register).
    let applicant = Applicant { nik: None, no_kk: None, name: profile.unwrap_or("Pemohon WhatsApp").to_string() };
    // The sender's profile name stays with the case: the NIK given later may be someone else's.
    let answers = profile.map(|p| [("nama_pengirim".to_string(), serde_json::Value::from(p))].into_iter().collect());
    let case = Case {
        contact: Some(Contact { phone: Some(number.to_string()), email: None, whatsapp: Some(number.to_string()) }),
        answers: answers.unwrap_or_default(),
        // A resident reporting for themselves, without an account.
        ..super::new_case(service, variant, workflow, office, applicant, (reporter.clone(), ReporterKind::Pribadi), now)
    };
    let created = CaseEvent {
        case_id: case.id.clone(),
        at: now,
        actor: reporter.clone(),
        role: None,
        kind: CaseEventKind::Created,
    };
    let key = format!("percakapan:{office}:{earlier}");
    let claim = Write::ClaimIdempotencyKey {
        account_id: reporter.clone(),
        key: key.clone(),
        case_id: case.id.clone(),
        request: None,
    };
    match app
        .store
        .commit(vec![crate::cases::listing::create(app, case.clone()), Write::AppendCaseEvent(created), claim])
        .await
    {
        Ok(()) => Ok(case),
        Err(CommitError::Exists(Guard::IdempotencyKey { .. })) => {
            let bound = app.store.idempotent_case(&reporter, &key).await?.ok_or_else(AppError::changed_concurrently)?;
            app.store.case(&bound.case_id).await?.ok_or_else(AppError::changed_concurrently)
        }
        Err(e) => Err(e.into()),
    }
}

/// Moves a WhatsApp case on from wherever it stands, writing `claim` with the move: a fresh
/// case is filed (the greeting, step 1) and answered with the guest-book link (step 2); a case
/// waiting on its applicant gets the link again; any other gets its status. A case left
/// half-way by a crash is taken on by the next message. Says whether this message opened the case.
async fn advance(app: &App, case: Case, claim: Write, message_id: &str) -> Result<Taken, AppError> {
    let super::Resolved { workflow, .. } = super::resolve(app, &case)?;
    let system = |case, extra| {
        super::act::transition(app, ("sistem", None), Role::Sistem, case, LINK_SENT, ActionInputs::default(), extra)
    };
    if case.state == workflow.initial {
        // Filed, this message is taken: a case moved on meanwhile had its link sent by another.
        let filed = file(app, case, claim).await?;
        return match system(filed, vec![]).await {
            Ok(_) | Err(AppError::Stale { .. }) => Ok(Taken::Opened),
            Err(e) => Err(e),
        };
    }
    if workflow.state(&case.state).is_some_and(|s| s.actions.iter().any(|a| a.code == LINK_SENT)) {
        return system(case, vec![claim]).await.map(|_| Taken::Answered);
    }
    let template = if super::reporters_turn(workflow, &case) { "tautan_buku_tamu" } else { "status_wa" };
    let mut writes = vec![claim];
    writes.extend(super::notify::messages_once(app, &case, template, message_id).await?);
    app.store.commit(writes).await?;
    Ok(Taken::Answered)
}

/// Files the case as the greeting: its registration number and promised date, in the
/// workflow's first step.
async fn file(app: &App, case: Case, claim: Write) -> Result<Case, AppError> {
    let super::Resolved { service, variant, workflow, .. } = super::resolve(app, &case)?;
    let now = app.clock.now();
    let local = now.with_timezone(&app.calendar.offset());
    let due =
        app.calendar_at(&case.office).deadline(local, service.time_standard_of(variant)).map_err(AppError::internal)?;
    let n = app.store.number_case(&format!("regno:{}:{}", case.office.dinas(), local.year()), &case.id).await?;
    let mut filed = case.clone();
    filed.number = Some(registration_number(case.office, local.year(), n));
    filed.submitted_at = Some(now);
    filed.service_due = Some(due.due.to_utc());
    let reporter = case.reporter.clone();
    let greeted = super::filing_action(workflow).code.clone();
    debug_assert_eq!(greeted, GREETED);
    super::act::transition(app, (&reporter, None), Role::Pelapor, filed, &greeted, ActionInputs::default(), vec![claim])
        .await
}
