//! The pickup counter: a receipt scanned or typed shows whose case it is, what is handed over and
//! who may collect it; the collector is checked (the applicant by their NIK, a member of the
//! applicant's KK in the register, or an attorney whose F-1.07 is scanned onto the case) before
//! the handover ends the case; a receipt collected before says when and to whom.

use adminduk_domain::calendar::indonesian_date;
use adminduk_domain::catalogue::POWER_OF_ATTORNEY;
use adminduk_domain::ids::Nik;
use adminduk_domain::office::Office;
use adminduk_domain::workflow::{Action, ActionInputs, Collector, CollectorRelation, InputKind, Outcome, Role, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::receipt::{case_of_receipt, invalid_receipt};
use super::visible_case;
use crate::App;
use crate::caller::{Actor, Person};
use crate::error::AppError;
use crate::ports::{AttachedDocument, Case, CaseEvent, CaseEventKind};
use crate::secrets::mask_nik;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    /// The scanned QR code, or the registration number typed from the receipt.
    pub receipt: String,
    pub collected_by: Collector,
}

/// What the pickup officer sees on scanning a receipt.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PickupView {
    pub case_id: String,
    pub number: String,
    pub service_name: String,
    pub state_name: String,
    pub applicant_name: String,
    /// Masked: enough to compare with the KTP-el shown.
    pub applicant_nik: Option<String>,
    /// Who the event is about, when it is not the applicant (a newborn, "alm. ...").
    pub subject_name: String,
    /// Whether the caller may hand it over now.
    pub ready: bool,
    /// What is handed over: the documents with their registered numbers, else the service's
    /// products.
    pub documents: Vec<String>,
    /// Files the office produced, for the applicant.
    pub issued: Vec<AttachedDocument>,
    /// The attorney's F-1.07 scanned onto the case, once it is.
    pub power_of_attorney: Option<AttachedDocument>,
    /// When and to whom it was handed over, if it was.
    pub collected: Option<Collected>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Collected {
    pub at: DateTime<Utc>,
    pub by: Collector,
}

/// The case behind a scanned QR code or a typed registration number, if the officer's office
/// covers it.
async fn case_of(app: &App, who: &Person, receipt: &str) -> Result<Case, AppError> {
    // A scanned QR code (the check page's address or the bare statement), or a typed number.
    let number = if receipt.contains('.') || receipt.contains("kode=") {
        let (claims, _) = case_of_receipt(app, receipt).await?;
        if claims.typ != super::receipt::ReceiptType::Resi {
            return Err(AppError::Unprocessable {
                code: "NOT_A_PICKUP_RECEIPT",
                message: "Ini tanda terima permohonan, bukan resi pengambilan dokumen".into(),
            });
        }
        claims.no
    } else {
        receipt.trim().to_string()
    };
    let case = app.store.case_by_number(&number).await?.ok_or_else(invalid_receipt)?;
    visible_case(app, who, &case.id).await
}

fn officer(actor: &Actor) -> Result<&Person, AppError> {
    actor.require_officer()?;
    actor.person()
}

/// The handover recorded in a case's history, if any.
fn collected(history: &[CaseEvent]) -> Option<Collected> {
    history.iter().rev().find_map(|e| match &e.kind {
        CaseEventKind::Transition { inputs, .. } => inputs.collected_by.clone().map(|by| Collected { at: e.at, by }),
        _ => None,
    })
}

/// The handover action the caller may take on the case now, if it is ready for them.
fn handover<'a>(state: &'a State, who: &Person, case: &Case) -> Option<&'a Action> {
    let roles = super::roles_on(who, case);
    state.actions.iter().find(|a| hands_over_by(a, &roles))
}

/// Whether `action` is a handover (it records who collected) one of `roles` takes.
fn hands_over_by(action: &Action, roles: &[Role]) -> bool {
    action.inputs.contains(&InputKind::Collector) && action.roles.iter().any(|r| roles.contains(r))
}

/// Whether one of `roles` hands documents over in a workflow of `office`'s level.
pub(crate) fn hands_over(app: &App, office: &Office, roles: &[Role]) -> bool {
    super::workflows_at(app, office).flat_map(|w| &w.states).flat_map(|s| &s.actions).any(|a| hands_over_by(a, roles))
}

/// Shows a receipt's case to the pickup officer.
pub async fn lookup(
    app: &App,
    actor: &Actor,
    receipt: &str,
    from: &crate::auth::ClientAddress,
) -> Result<PickupView, AppError> {
    let who = officer(actor)?;
    let case = case_of(app, who, receipt).await?;
    let detail = serde_json::json!({ "number": case.number });
    let nik = case.applicant.nik.as_ref();
    crate::auth::record_read(app, who.id(), "pickup_lookup", &case.id, detail, nik, from).await?;
    let super::Resolved { service, state, .. } = super::resolve(app, &case)?;
    let history = app.store.history(&case.id).await?;
    let numbered: Vec<String> = history
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            CaseEventKind::Transition { inputs, .. } if !inputs.document_numbers.is_empty() => {
                Some(inputs.document_numbers.iter().map(|d| format!("{} No. {}", d.document, d.number)).collect())
            }
            _ => None,
        })
        .unwrap_or_else(|| service.products.clone());
    Ok(PickupView {
        case_id: case.id.clone(),
        number: case.number.clone().unwrap_or_default(),
        service_name: service.name.clone(),
        state_name: state.name.clone(),
        applicant_name: case.applicant.name.clone(),
        applicant_nik: case.applicant.nik.as_ref().map(Nik::masked),
        subject_name: super::declaration::subject_name(service, &case.answers, &case.applicant.name),
        ready: handover(state, who, &case).is_some(),
        documents: numbered,
        issued: case.issued.clone(),
        power_of_attorney: case.documents.iter().find(|d| d.document == POWER_OF_ATTORNEY).cloned(),
        collected: collected(&history),
    })
}

/// Hands the documents over: the pickup officer scans or types the receipt and records who
/// collected; the case's handover action ends it.
#[tracing::instrument(name = "hand_over", skip_all)]
pub async fn hand_over(app: &App, actor: &Actor, h: Handover) -> Result<Case, AppError> {
    let who = officer(actor)?;
    let case = case_of(app, who, &h.receipt).await?;
    let number = case.number.clone().unwrap_or_default();
    if case.outcome == Some(Outcome::Completed) {
        if let Some(c) = collected(&app.store.history(&case.id).await?) {
            let day = indonesian_date(c.at.with_timezone(&app.calendar.offset()).date_naive());
            return Err(AppError::Conflict {
                code: "ALREADY_COLLECTED",
                message: format!("Dokumen permohonan {number} sudah diambil oleh {} pada {day}", c.by.name),
            });
        }
    }
    let super::Resolved { state, .. } = super::resolve(app, &case)?;
    let action = handover(state, who, &case).ok_or_else(|| AppError::Conflict {
        code: "NOT_READY_FOR_PICKUP",
        message: format!("Permohonan {number} belum siap diambil (status: {})", state.name),
    })?;
    let request = super::act::ActRequest {
        action: action.code.clone(),
        version: case.version,
        inputs: ActionInputs { collected_by: Some(h.collected_by), ..Default::default() },
    };
    super::act(app, actor, &case.id, request).await
}

fn refused(code: &'static str, message: String) -> AppError {
    AppError::Unprocessable { code, message }
}

/// Checks who collects against the case and the register, and masks their NIK for the record:
/// the applicant by their own NIK; a member of the applicant's KK; an attorney whose F-1.07 is
/// scanned onto the case.
pub(super) async fn check_collector(app: &App, case: &Case, inputs: &mut ActionInputs) -> Result<(), AppError> {
    let Some(collector) = inputs.collected_by.as_mut() else { return Ok(()) };
    let nik = collector.nik.as_deref().map(str::trim).unwrap_or_default().to_string();
    let reference = collector.power_of_attorney.as_deref().map(str::trim).unwrap_or_default();
    let incomplete = match collector.relation {
        CollectorRelation::Attorney => reference.is_empty(),
        _ => nik.is_empty(),
    };
    if incomplete {
        // The workflow engine names what is missing.
        return Ok(());
    }
    // Who the NIK is, by name: the register's, else (an applicant outside it) the case's.
    let parsed = nik.parse::<Nik>().ok();
    let registered = match collector.relation {
        CollectorRelation::Applicant => {
            if case.applicant.nik.as_ref().is_some_and(|own| own.as_str() != nik) {
                return Err(refused(
                    "COLLECTOR_NOT_APPLICANT",
                    "NIK pengambil tidak sama dengan NIK pemohon; periksa KTP-el pengambil".into(),
                ));
            }
            let resident = match &parsed {
                Some(nik) => app.store.resident(nik).await?,
                None => None,
            };
            Some(resident.map_or_else(|| case.applicant.name.clone(), |r| r.name))
        }
        CollectorRelation::KkMember => {
            let member = match &parsed {
                Some(nik) => app.store.resident(nik).await?.filter(|r| r.alive),
                None => None,
            };
            match member {
                Some(m) if Some(&m.no_kk) == case.applicant.no_kk.as_ref() => Some(m.name),
                _ => {
                    return Err(refused(
                        "COLLECTOR_NOT_IN_KK",
                        "Pengambil tidak tercatat dalam Kartu Keluarga yang sama dengan pemohon".into(),
                    ));
                }
            }
        }
        CollectorRelation::Attorney => None,
    };
    if let Some(name) = registered {
        // The name typed from the KTP-el must be the NIK's: one word of it at least.
        let words = |s: &str| s.to_lowercase().split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let own = words(&name);
        if !words(&collector.name).iter().any(|w| own.contains(w)) {
            return Err(refused(
                "COLLECTOR_NAME_MISMATCH",
                format!("Nama pengambil tidak sesuai dengan NIK-nya (tercatat: {name}); periksa KTP-el pengambil"),
            ));
        }
        collector.name = name;
    }
    match collector.relation {
        CollectorRelation::Applicant | CollectorRelation::KkMember => {}
        CollectorRelation::Attorney => {
            if !case.documents.iter().any(|d| d.document == POWER_OF_ATTORNEY) {
                return Err(refused(
                    "POWER_OF_ATTORNEY_MISSING",
                    "Pindai dan lampirkan Surat Kuasa (F-1.07) penerima kuasa sebelum menyerahkan dokumen".into(),
                ));
            }
        }
    }
    collector.nik = collector.nik.as_deref().map(mask_nik);
    Ok(())
}
