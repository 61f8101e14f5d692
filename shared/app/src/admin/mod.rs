//! What officers with the admin role manage: officers, institutions and their PKS, institution
//! staff accounts, and machine clients.

mod audit;
mod clients;
mod institutions;
mod messages;
mod officers;

pub use audit::{AuditFilter, AuditLine, audit_csv, audit_log};
pub(crate) use clients::update_client;
pub use clients::{
    ClientChange, ClientCredentials, ClientView, KNOWN_SCOPES, NewClient, RotateSecret, TokenRequest, TokenResponse,
    change_client, create_client, issue_client_token, list_clients, rotate_secret,
};
pub use institutions::{
    InstitutionView, NewInstitution, NewStaff, StaffChange, StaffView, change_staff, create_institution, create_staff,
    list_institutions, list_staff, renew_pks,
};
pub use messages::{FailedMessage, failed_messages, resend};
pub use officers::{
    CreatedOfficer, NewOfficer, OfficerChange, OfficerView, bootstrap_officer, change_officer, create_officer,
    list_officers, reset_totp,
};

use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Account, AccountStatus, Pks};

/// An audit line for something an admin did.
fn audit(
    app: &App,
    actor: &Actor,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
    from: &crate::auth::ClientAddress,
) -> crate::ports::Write {
    crate::ports::Write::Audit(crate::auth::audit(app, actor.id(), action, subject, detail, from))
}

/// Disables or enables an account (`what` names its kind in the audit action, `officer` or
/// `institution_user`). A disabled account is refused at its next request, as the caller reads
/// the account's status, and its refresh tokens are revoked so no session renews.
fn set_disabled(
    app: &App,
    actor: &Actor,
    account: &mut Account,
    disabled: bool,
    what: &str,
    from: &crate::auth::ClientAddress,
) -> Vec<crate::ports::Write> {
    account.status = if disabled { AccountStatus::Disabled } else { AccountStatus::Active };
    let action = format!("{what}_{}", if disabled { "disabled" } else { "enabled" });
    let mut writes = vec![audit(app, actor, &action, &account.id, serde_json::json!({}), from)];
    if disabled {
        // Spent for good: enabling the account again does not bring an old session back.
        account.sessions_valid_after = Some(app.clock.now());
        writes.push(crate::ports::Write::RevokeAllRefreshTokens { account_id: account.id.clone() });
    }
    writes
}

/// Changes an account of `kind` (`what` names it in a refusal) with the writes `change` makes.
/// A change to what the admin read (roles, an office) is checked against the version they saw
/// (`seen`); one they want whatever happened since (disabling, a TOTP reset) applies to the
/// account as it is now, read again when a sign-in's bookkeeping moved it meanwhile.
async fn update_account(
    app: &App,
    id: &str,
    kind: crate::ports::AccountKind,
    what: &str,
    seen: Option<u64>,
    mut change: impl FnMut(&mut Account) -> Result<Vec<crate::ports::Write>, AppError>,
) -> Result<Account, AppError> {
    use crate::ports::{CommitError, Guard, Write};
    for _ in 0..3 {
        let mut account = app.store.account(id).await?.filter(|a| a.kind == kind).ok_or_else(|| not_found(what))?;
        let expected = seen.unwrap_or(account.version);
        let mut writes = change(&mut account)?;
        account.updated_at = app.clock.now();
        writes.push(Write::UpdateAccount { account: account.clone(), expected_version: expected });
        match app.store.commit(writes).await {
            Ok(()) => {
                account.version = expected + 1;
                return Ok(account);
            }
            Err(CommitError::Changed(Guard::Account(_))) if seen.is_none() => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(CommitError::Changed(Guard::Account(id.to_string())).into())
}

fn not_found(what: &str) -> AppError {
    AppError::NotFound { code: "NOT_FOUND", message: format!("{what} tidak ditemukan") }
}

/// The PKS an institution staff member acts under (their unit's Instansi Induk's).
pub(crate) async fn pks_of(app: &App, account: &Account) -> Result<Pks, AppError> {
    let unit = match &account.unit_id {
        Some(id) => app.store.institution(id).await?,
        None => None,
    };
    let induk = match unit.and_then(|u| u.parent_id) {
        Some(id) => app.store.institution(&id).await?,
        None => None,
    };
    induk.and_then(|i| i.pks).ok_or_else(|| AppError::Forbidden {
        code: "PKS_MISSING",
        message: "Instansi Anda belum memiliki Perjanjian Kerja Sama (PKS)".into(),
    })
}

/// As [`pks_of`], refusing when the PKS is not valid today: staff act only while it is.
pub(crate) async fn valid_pks_of(app: &App, account: &Account) -> Result<Pks, AppError> {
    valid_today(app, pks_of(app, account).await?)
}

/// The PKS if it is in force today; staff and partner systems act only while it is.
pub(crate) fn valid_today(app: &App, pks: Pks) -> Result<Pks, AppError> {
    let today = app.today();
    if today < pks.valid_from || today > pks.valid_until {
        return Err(AppError::Forbidden {
            code: "PKS_NOT_VALID",
            message: format!(
                "PKS {} berlaku {} sampai {}; akun dan sistem instansi hanya dapat digunakan selama PKS berlaku",
                pks.number, pks.valid_from, pks.valid_until
            ),
        });
    }
    Ok(pks)
}

/// A value an admin picks, with what it means.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

/// What an admin's forms offer: officer roles, client scopes and the services a PKS may cover,
/// each in words, so the screens never keep their own copy.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Choices {
    pub roles: Vec<Choice>,
    pub scopes: Vec<Choice>,
    pub pks_services: Vec<Choice>,
}

pub fn choices(app: &App, actor: &Actor) -> Result<Choices, AppError> {
    use adminduk_domain::workflow::Role;
    actor.require_admin()?;
    let choice = |code: &str, label: &str| Choice { code: code.to_string(), label: label.to_string() };
    let code = |r: &Role| serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_string));
    let roles =
        Role::ALL.iter().filter(|r| r.is_officer()).map(|r| choice(&code(r).unwrap_or_default(), r.label())).collect();
    let scopes = KNOWN_SCOPES.iter().map(|(code, label)| choice(code, label)).collect();
    let mut pks_services: Vec<Choice> = app
        .catalogue
        .services()
        .filter(|s| s.requesters.contains(&adminduk_domain::catalogue::Requester::PenggunaInstansi))
        .map(|s| choice(&s.code, &s.name))
        .collect();
    pks_services.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(Choices { roles, scopes, pks_services })
}
