use adminduk_domain::case::{missing, registration_number};
use adminduk_domain::catalogue::{Facts, Service, Variant};
use adminduk_domain::workflow::{ActionInputs, Role};
use chrono::Datelike;

use super::{facts, filing_action, visible_case};
use crate::App;
use crate::caller::{Actor, Person};
use crate::error::{AppError, Problem};
use crate::ports::{Case, Statement, Write};

/// The applicant must meet the service's and the variant's conditions (KTP-el: 17 or married;
/// KIA: the age band): asked when the draft is made and again when it is filed.
pub(super) fn refuse_ineligible(service: &Service, variant: &Variant, facts: &Facts) -> Result<(), AppError> {
    if [&service.eligibility, &variant.eligibility].into_iter().flatten().all(|c| c.holds(facts)) {
        return Ok(());
    }
    Err(AppError::Unprocessable {
        code: "NOT_ELIGIBLE",
        message: format!("Pemohon tidak memenuhi syarat {} ({})", service.name, variant.name),
    })
}

/// What the reporter states when filing (the person's own words on the citizen site).
pub const STATEMENT: &str = "Saya menyatakan bahwa data dan dokumen yang saya sampaikan benar dan sesuai aslinya, dan saya \
     bertanggung jawab secara hukum atas kebenarannya.";
/// What a counter officer confirms when filing for a walk-in who signed the paper form.
pub const STATEMENT_AT_COUNTER: &str = "Pemohon telah menyatakan di hadapan petugas, dengan menandatangani formulir, \
     bahwa data dan dokumen yang disampaikan benar dan sesuai aslinya.";

/// Files a draft: complete answers, an eligible applicant and every applicable document. The
/// case gets its registration number and promised date, moves to its first officer step and
/// the reporter is told, all in one write. Retried with the same idempotency key (or raced by
/// a duplicate), it answers with the first result.
#[tracing::instrument(name = "submit", skip_all, fields(case = %id))]
pub async fn submit(
    app: &App,
    actor: &Actor,
    id: &str,
    version: u64,
    declared: bool,
    inputs: ActionInputs,
    idempotency_key: Option<&str>,
) -> Result<Case, AppError> {
    let who = actor.person()?;
    let case = visible_case(app, who, id).await?;
    if case.reporter != who.id() {
        return Err(AppError::Forbidden {
            code: "NOT_REPORTER",
            message: "Hanya pelapor yang dapat mengajukan permohonan ini".into(),
        });
    }
    // Only a keyed request is compared with the one its key first filed.
    let keyed = idempotency_key.map(|key| (key, super::request_digest(&(id, version, declared, &inputs))));
    if let Some(done) = already_submitted(app, who, &case, keyed.as_ref()).await? {
        return Ok(done);
    }
    // Filed already (by this caller with another key, or on another device): say so, not that
    // the answers changed.
    if case.submitted_at.is_some() {
        return Err(AppError::Conflict { code: "ALREADY_SUBMITTED", message: "Permohonan sudah diajukan".into() });
    }
    if version != case.version {
        return Err(AppError::Stale {
            code: "CASE_CHANGED",
            message: "Permohonan sudah diubah; periksa isian terbarunya sebelum mengajukan".into(),
            current: Box::new(serde_json::to_value(&case).unwrap_or_default()),
        });
    }
    let super::Resolved { service, variant, workflow, .. } = super::resolve(app, &case)?;
    if case.state != workflow.initial || case.outcome.is_some() {
        return Err(AppError::Conflict { code: "ALREADY_SUBMITTED", message: "Permohonan sudah diajukan".into() });
    }
    let reporter = who.account();
    let mut reads = super::RegisterReads::knowing(who.resident()).expecting(&case.applicant);
    let nik = case.applicant.nik.as_ref();
    let choices = super::declaration::check(app, &mut reads, reporter, nik, service, &case.answers, true).await?;
    let others = super::declaration::open_cases_about(app, service, &case).await?;
    super::declaration::refuse_duplicate(service, &case, &others)?;
    let facts = facts(app, &mut reads, &case, choices).await?;
    if let Some(facts) = &facts {
        refuse_ineligible(service, variant, facts)?;
    }
    let uploaded: Vec<&str> = case.documents.iter().map(|d| d.document.as_str()).collect();
    let absent = missing(variant, facts.as_ref(), &uploaded);
    if !absent.is_empty() {
        let problems: Vec<_> = absent
            .iter()
            .map(|r| Problem::Document {
                document: r.document.clone(),
                name: app.catalogue.document(&r.document).map(|d| d.name.clone()),
            })
            .collect();
        let names: Vec<_> = problems
            .iter()
            .filter_map(|p| match p {
                Problem::Document { name, .. } => name.clone(),
                Problem::Field { .. } => None,
            })
            .collect();
        return Err(AppError::Invalid {
            code: "REQUIREMENTS_MISSING",
            message: format!("Dokumen persyaratan belum lengkap: {}", names.join("; ")),
            problems,
        });
    }
    // Last, once the answers and documents stand: the statement that they are true.
    if !declared {
        return Err(AppError::Unprocessable {
            code: "STATEMENT_REQUIRED",
            message: "Nyatakan bahwa data dan dokumen yang disampaikan benar sebelum mengajukan permohonan".into(),
        });
    }
    // Before the case is filed: a failure here leaves at worst a kept file of a draft.
    super::uploads::keep_documents(app, &case.documents).await?;
    let filing = filing_action(workflow);
    let role = match &who {
        Person::Officer { account, .. } => {
            account.roles.iter().copied().find(|r| filing.roles.contains(r)).unwrap_or(Role::Pelapor)
        }
        _ => Role::Pelapor,
    };
    let now = app.clock.now();
    let standard = service.time_standard_of(variant);
    let due = app
        .calendar_at(&case.office)
        .deadline(now.with_timezone(&app.calendar.offset()), standard)
        .map_err(AppError::internal)?;
    let year = now.with_timezone(&app.calendar.offset()).year();
    // Given once per case, atomically: parallel filings in one Dinas never fail for each
    // other, and a retried or duplicated filing keeps the number it was given.
    let n = app.store.number_case(&format!("regno:{}:{year}", case.office.dinas()), &case.id).await?;
    let mut filed = case.clone();
    filed.number = Some(registration_number(case.office, year, n));
    filed.submitted_at = Some(now);
    // Every office's cases count here; the case view names only those the reader's office covers.
    filed.possible_duplicate = !super::declaration::near_duplicates(app, service, &others, None).is_empty();
    filed.service_due = Some(due.due.to_utc());
    let text = if matches!(who, Person::Officer { .. }) { STATEMENT_AT_COUNTER } else { STATEMENT };
    filed.statement = Some(Statement { text: text.into(), by: who.id().to_string(), at: now });
    let mut extra = Vec::new();
    if let Some((key, digest)) = &keyed {
        extra.push(Write::ClaimIdempotencyKey {
            account_id: who.id().to_string(),
            key: key.to_string(),
            case_id: case.id.clone(),
            request: Some(digest.clone()),
        });
    }
    match super::act::transition(app, (who.id(), who.account()), role, filed, &filing.code, inputs, extra).await {
        Ok(done) => Ok(done),
        Err(e) => {
            // Raced by a duplicate of this very submission: answer with its result.
            match already_submitted(app, who, &case, keyed.as_ref()).await? {
                Some(done) => Ok(done),
                None => Err(e),
            }
        }
    }
}

/// The submitted case, when this request repeats one that already filed it under its key (with
/// the request's digest); refused when the key filed it with another body.
async fn already_submitted(
    app: &App,
    who: &Person,
    case: &Case,
    keyed: Option<&(&str, String)>,
) -> Result<Option<Case>, AppError> {
    let Some((key, digest)) = keyed else { return Ok(None) };
    let Some(bound) = app.store.idempotent_case(who.id(), key).await? else { return Ok(None) };
    if bound.case_id != case.id {
        return Ok(None);
    }
    if bound.request.as_deref().is_some_and(|first| first != digest) {
        return Err(super::key_reused());
    }
    let current = visible_case(app, who, &case.id).await?;
    Ok(current.submitted_at.is_some().then_some(current))
}
