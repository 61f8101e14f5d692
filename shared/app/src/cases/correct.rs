//! Officers correcting a filed declaration: a field at a time, with a reason, by an officer
//! whose roles act on the case in its current state; the history keeps the old and new value.

use serde::Deserialize;
use serde_json::Value;

use super::visible_case;
use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Case, CaseEvent, CaseEventKind, Write};

/// Longest reason a correction takes.
const MAX_REASON: usize = 500;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The version of the case the officer saw.
    pub version: u64,
    /// A field of the service's declaration.
    pub field: String,
    /// The corrected answer; `null` removes it.
    #[schema(value_type = serde_json::Value)]
    pub value: Value,
    pub reason: String,
}

fn refused(code: &'static str, message: &str) -> AppError {
    AppError::Unprocessable { code, message: message.into() }
}

pub async fn correct(app: &App, actor: &Actor, id: &str, c: Correction) -> Result<Case, AppError> {
    let (officer, _) = actor.require_officer()?;
    let case = visible_case(app, actor.person()?, id).await?;
    if case.submitted_at.is_none() || case.outcome.is_some() {
        return Err(AppError::Conflict {
            code: "CASE_NOT_IN_PROCESS",
            message: "Isian hanya dapat dikoreksi pada permohonan yang sedang diproses".into(),
        });
    }
    let super::Resolved { service, state, .. } = super::resolve(app, &case)?;
    if !state.actions.iter().any(|a| a.roles.iter().any(|r| officer.roles.contains(r))) {
        return Err(AppError::Forbidden {
            code: "NOT_AT_THIS_STEP",
            message: "Koreksi isian dilakukan oleh petugas yang menangani tahap ini".into(),
        });
    }
    let reason = c.reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON || reason.chars().any(char::is_control) {
        return Err(refused("REASON_INVALID", "Alasan koreksi wajib diisi, satu baris, paling banyak 500 karakter"));
    }
    if service.field(&c.field).is_none() {
        return Err(refused("FIELD_UNKNOWN", &format!("Isian {} tidak ada pada layanan ini", c.field)));
    }
    let from = case.answers.get(&c.field).cloned().unwrap_or(Value::Null);
    if from == c.value {
        return Err(refused("NOTHING_CHANGED", "Nilai koreksi sama dengan isian semula"));
    }
    let mut corrected = case.clone();
    match &c.value {
        Value::Null => corrected.answers.remove(&c.field),
        v => corrected.answers.insert(c.field.clone(), v.clone()),
    };
    // Checked as the filed declaration it becomes, in the reporter's family context.
    let reporter = app.store.account(&case.reporter).await?;
    let applicant = case.applicant.nik.as_ref();
    let mut reads = super::RegisterReads::default().expecting(&case.applicant);
    super::declaration::check(app, &mut reads, reporter.as_ref(), applicant, service, &corrected.answers, true).await?;
    corrected.updated_at = app.clock.now();
    let event = CaseEvent {
        case_id: case.id.clone(),
        at: corrected.updated_at,
        actor: officer.id.clone(),
        role: officer.roles.iter().copied().find(|r| state.actions.iter().any(|a| a.roles.contains(r))),
        kind: CaseEventKind::AnswerCorrected {
            field: c.field,
            from: Box::new(from),
            to: Box::new(c.value),
            reason: reason.to_string(),
        },
    };
    super::act::commit_case(app, corrected, c.version, vec![Write::AppendCaseEvent(event)]).await
}
