//! Answers of outside systems (BSrE certification, biometric deduplication, SIAK confirmations):
//! the `sistem` actions of the workflows. A machine client holding the `integrasi.jawaban` scope
//! sends them, each once per external reference; while an integration is down, an officer of a
//! role the Dinas names (the Kadis by default) records the same answer by hand, with a reason.

use adminduk_domain::workflow::{Action, ActionInputs, Role};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::{Actor, Person};
use crate::error::AppError;
use crate::ports::{Case, Write};

/// The scope a machine client needs to send answers.
pub const SCOPE: &str = "integrasi.jawaban";

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntegrationAnswer {
    /// The outside system's own reference of this answer: the same reference is answered once.
    pub reference: String,
    /// The case's registration number.
    pub number: String,
    /// The workflow's `sistem` action this answer takes, e.g. `bsre_disetujui`.
    pub action: String,
    #[serde(default)]
    pub inputs: ActionInputs,
}

/// The case after the answer, and whether this reference was answered before.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AnswerRecorded {
    pub number: String,
    pub state: String,
    pub repeated: bool,
}

/// Longest external reference kept.
const MAX_REFERENCE: usize = 100;

fn bad(code: &'static str, message: String) -> AppError {
    AppError::Unprocessable { code, message }
}

/// Records an outside system's answer on the case it names. A repeated reference returns what
/// the first delivery did; every delivery is audited with its reference, action and outcome (a
/// caller without the scope is refused, and audited, by the route's guard).
pub async fn record(
    app: &App,
    actor: &Actor,
    a: IntegrationAnswer,
    from: &ClientAddress,
) -> Result<AnswerRecorded, AppError> {
    let client = actor.require_scope(SCOPE)?;
    let result = take(app, &client.id, &a).await;
    let outcome = match &result {
        Ok(r) if r.repeated => "repeated".to_string(),
        Ok(_) => "recorded".to_string(),
        Err(e) => e.code().to_string(),
    };
    let detail = serde_json::json!({ "reference": a.reference, "action": a.action, "outcome": outcome });
    let audit = crate::auth::audit(app, actor.id(), "integration_answer", &a.number, detail, from);
    app.store.commit(vec![Write::Audit(audit)]).await?;
    result
}

async fn take(app: &App, client: &str, a: &IntegrationAnswer) -> Result<AnswerRecorded, AppError> {
    let reference = a.reference.trim();
    if reference.is_empty() || reference.chars().count() > MAX_REFERENCE || reference.chars().any(char::is_control) {
        return Err(bad("REFERENCE_INVALID", format!("Referensi wajib diisi, paling banyak {MAX_REFERENCE} karakter")));
    }
    let key = format!("integrasi:{reference}");
    let case = app.store.case_by_number(a.number.trim()).await?.ok_or_else(|| AppError::NotFound {
        code: "CASE_NOT_FOUND",
        message: format!("Permohonan {} tidak ditemukan", a.number.trim()),
    })?;
    let answered = |case: &Case, repeated| AnswerRecorded {
        number: case.number.clone().unwrap_or_default(),
        state: case.state.clone(),
        repeated,
    };
    let earlier = |id: String, case: &Case| {
        if id == case.id {
            Ok(answered(case, true))
        } else {
            Err(AppError::Conflict {
                code: "REFERENCE_REUSED",
                message: format!("Referensi {reference} sudah dipakai untuk permohonan lain"),
            })
        }
    };
    if let Some(bound) = app.store.idempotent_case(client, &key).await? {
        return earlier(bound.case_id, &case);
    }
    let claim = Write::ClaimIdempotencyKey {
        account_id: client.to_string(),
        key: key.clone(),
        case_id: case.id.clone(),
        request: None,
    };
    match super::act::transition(
        app,
        (client, None),
        Role::Sistem,
        case.clone(),
        &a.action,
        a.inputs.clone(),
        vec![claim],
    )
    .await
    {
        Ok(case) => Ok(answered(&case, false)),
        // The same reference delivered twice at once: the other delivery recorded it.
        Err(e) => match app.store.idempotent_case(client, &key).await? {
            Some(bound) => {
                let now = app.store.case(&bound.case_id).await?.ok_or_else(super::not_found)?;
                earlier(bound.case_id, &now)
            }
            None => Err(e),
        },
    }
}

/// Whether `who` takes `action` by hand in place of an outside system: the action is the
/// system's, none of the officer's roles is named on it, and they hold a role the Dinas lets
/// record such answers.
pub(crate) fn by_hand(app: &App, who: &Person, action: &Action) -> bool {
    let Person::Officer { account, .. } = who else { return false };
    action.roles.contains(&Role::Sistem)
        && !action.roles.iter().any(|r| account.roles.contains(r))
        && account.roles.iter().any(|r| app.settings.integration_fallback_roles.contains(r))
}

/// An answer recorded by hand says why the integration was not used.
pub(crate) fn require_reason(inputs: &ActionInputs) -> Result<(), AppError> {
    match inputs.reason.as_deref().map(str::trim) {
        Some(r) if r.chars().count() >= 10 => Ok(()),
        _ => Err(bad(
            "REASON_REQUIRED",
            "Jawaban sistem yang dicatat manual wajib disertai alasan (minimal 10 karakter)".into(),
        )),
    }
}
