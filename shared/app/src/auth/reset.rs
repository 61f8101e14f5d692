//! Password reset by a code sent to the account's phone and e-mail.

use adminduk_domain::password;
use serde::Deserialize;

use super::names::LoginName;
use super::{ClientAddress, audit, codes, limits};
use crate::App;
use crate::error::AppError;
use crate::ports::{AccountStatus, CodePurpose, Write};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub login: String,
}

/// Sends a reset code. The answer is the same whether or not the account exists, and a request
/// within the cool-down sends nothing new.
pub async fn request_reset(app: &App, r: ResetRequest, from: &ClientAddress) -> Result<(), AppError> {
    limits::attempt_from(app, "reset", from).await?;
    let account = app.store.account_by_alias(&LoginName::parse(&r.login).alias()).await?;
    let Some(account) = account.filter(|a| a.status != AccountStatus::Disabled) else { return Ok(()) };
    if codes::cooled_down(app, &account, CodePurpose::PasswordReset).await?.is_some() {
        return Ok(());
    }
    let mut writes = codes::issue(app, &account, CodePurpose::PasswordReset)?;
    writes.push(Write::Audit(audit(
        app,
        &account.id,
        "password_reset_requested",
        &account.id,
        serde_json::json!({}),
        from,
    )));
    app.store.commit(writes).await.map_err(AppError::from)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirm {
    pub login: String,
    pub code: String,
    pub new_password: String,
}

/// Sets a new password with the code. Every session of the account ends; an account still
/// waiting for activation is activated, since the code proves the phone or e-mail.
#[tracing::instrument(name = "confirm_reset", skip_all)]
pub async fn confirm_reset(app: &App, r: ResetConfirm, from: &ClientAddress) -> Result<(), AppError> {
    let (name, mut account) = codes::account_for(app, &r.login, from, |a| a.status != AccountStatus::Disabled).await?;
    let phone_digits = account.phone.as_deref().map(|p| p.trim_start_matches("+62")).unwrap_or_default().to_string();
    let local_part = account.email.as_deref().and_then(|e| e.split('@').next()).unwrap_or_default().to_string();
    let nik = account.nik.as_ref().map(|n| n.to_string()).unwrap_or_default();
    password::check(&r.new_password, &[&nik, &phone_digits, &local_part]).map_err(|e| AppError::invalid(&e))?;
    let consumed = codes::check(app, &account, &name, CodePurpose::PasswordReset, &r.code, from).await?;
    let expected_version = account.version;
    account.password_hash = app.hasher.hash(&r.new_password);
    if account.status == AccountStatus::PendingActivation {
        account.status = AccountStatus::Active;
    }
    account.updated_at = app.clock.now();
    account.sessions_valid_after = Some(account.updated_at);
    let mut writes = consumed;
    writes.push(Write::RevokeAllRefreshTokens { account_id: account.id.clone() });
    writes.push(Write::Audit(audit(app, &account.id, "password_reset", &account.id, serde_json::json!({}), from)));
    writes.push(Write::UpdateAccount { account, expected_version });
    app.store.commit(writes).await.map_err(AppError::from)
}
