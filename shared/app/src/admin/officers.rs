use adminduk_domain::ids::{Email, Nik, Phone};
use adminduk_domain::office::Office;
use adminduk_domain::password;
use adminduk_domain::workflow::Role;
use serde::{Deserialize, Serialize};
use totp_rs::Secret;

use super::{audit, set_disabled, update_account};
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Account, AccountKind, AccountStatus, Write};
use crate::secrets::random_id;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOfficer {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub nik: Option<String>,
    pub office: Office,
    pub roles: Vec<Role>,
    /// The first password, handed over in person; the officer changes it by password reset.
    pub password: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedOfficer {
    pub user_id: String,
    /// Shown once: the officer adds it to an authenticator app (the URI as a QR code).
    pub totp_secret: String,
    pub totp_uri: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OfficerView {
    pub user_id: String,
    pub name: String,
    pub email: Option<String>,
    pub office: Option<Office>,
    pub roles: Vec<Role>,
    pub status: AccountStatus,
    pub version: u64,
}

impl From<Account> for OfficerView {
    fn from(a: Account) -> Self {
        OfficerView {
            user_id: a.id,
            name: a.name,
            email: a.email,
            office: a.office,
            roles: a.roles,
            status: a.status,
            version: a.version,
        }
    }
}

fn check_roles(roles: &[Role]) -> Result<(), AppError> {
    if roles.is_empty() || roles.iter().any(|r| !r.is_officer()) {
        return Err(AppError::Unprocessable {
            code: "ROLES_INVALID",
            message: "Petugas harus memiliki paling sedikit satu peran petugas".into(),
        });
    }
    Ok(())
}

fn outside(office: &Office) -> AppError {
    AppError::Forbidden { code: "OUTSIDE_OFFICE", message: format!("Kantor {office} di luar wilayah kerja Anda") }
}

/// Creates an officer within the admin's office.
pub async fn create_officer(
    app: &App,
    actor: &Actor,
    n: NewOfficer,
    from: &ClientAddress,
) -> Result<CreatedOfficer, AppError> {
    let (_, admin_office) = actor.require_admin()?;
    if !admin_office.covers(&n.office) {
        return Err(outside(&n.office));
    }
    insert_officer(app, actor.id(), n, from).await
}

/// Creates an officer without an admin: the first admin of a new installation, or demo data.
/// Only the command line calls it; no route does.
pub async fn bootstrap_officer(app: &App, n: NewOfficer) -> Result<CreatedOfficer, AppError> {
    insert_officer(app, "sistem", n, &ClientAddress::default()).await
}

async fn insert_officer(
    app: &App,
    actor: &str,
    n: NewOfficer,
    from: &ClientAddress,
) -> Result<CreatedOfficer, AppError> {
    check_roles(&n.roles)?;
    let name = n.name.trim().to_string();
    if name.is_empty() {
        return Err(AppError::Unprocessable { code: "NAME_REQUIRED", message: "Nama petugas wajib diisi".into() });
    }
    let email = Email::parse(&n.email).map_err(|e| AppError::invalid(&e))?;
    let phone = n.phone.as_deref().map(Phone::parse).transpose().map_err(|e| AppError::invalid(&e))?;
    let nik = n.nik.as_deref().map(|s| Nik::parse(s, app.today())).transpose().map_err(|e| AppError::invalid(&e))?;
    password::check(&n.password, &[nik.as_ref().map_or("", |n| n.as_str()), email.as_str()])
        .map_err(|e| AppError::invalid(&e))?;

    let totp_secret = new_totp_secret()?;
    let now = app.clock.now();
    let account = Account {
        id: random_id("O-"),
        kind: AccountKind::Officer,
        name,
        nik,
        email: Some(email.to_string()),
        phone: phone.as_ref().map(|p| p.e164().to_string()),
        password_hash: app.hasher.hash(&n.password),
        status: AccountStatus::Active,
        totp_secret: Some(totp_secret.clone()),
        office: Some(n.office),
        roles: n.roles.clone(),
        unit_id: None,
        staff: None,
        version: 1,
        created_at: now,
        updated_at: now,
        sessions_valid_after: None,
        declared: None,
    };
    let totp_uri = crate::auth::totp_uri(app, &account)?.expect("secret just set");
    let mut writes = vec![
        Write::CreateAccount(account.clone()),
        Write::ClaimAlias { alias: format!("id:{}", account.id), account_id: account.id.clone() },
        Write::ClaimAlias { alias: format!("email:{email}"), account_id: account.id.clone() },
    ];
    if let Some(p) = &phone {
        writes.push(Write::ClaimAlias { alias: format!("phone:{}", p.e164()), account_id: account.id.clone() });
    }
    let detail = serde_json::json!({ "office": n.office, "roles": n.roles });
    writes.push(Write::Audit(crate::auth::audit(app, actor, "officer_created", &account.id, detail, from)));
    app.store.commit(writes).await?;
    Ok(CreatedOfficer { user_id: account.id, totp_secret, totp_uri })
}

/// A fresh TOTP secret (RFC 6238's 160 bits), base32 as authenticator apps take it.
fn new_totp_secret() -> Result<String, AppError> {
    let mut secret = [0u8; 20];
    getrandom::fill(&mut secret).map_err(AppError::internal)?;
    Ok(Secret::from(secret).to_base32())
}

pub async fn list_officers(app: &App, actor: &Actor) -> Result<Vec<OfficerView>, AppError> {
    let (_, admin_office) = actor.require_admin()?;
    let officers = app.store.accounts_of_kind(AccountKind::Officer).await?;
    Ok(officers
        .into_iter()
        .filter(|o| o.office.is_some_and(|office| admin_office.covers(&office)))
        .map(OfficerView::from)
        .collect())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficerChange {
    /// The version the admin saw; a change made by someone else since is a conflict.
    pub version: u64,
    #[serde(default)]
    pub roles: Option<Vec<Role>>,
    #[serde(default)]
    pub office: Option<Office>,
    #[serde(default)]
    pub disabled: Option<bool>,
}

pub async fn change_officer(
    app: &App,
    actor: &Actor,
    id: &str,
    change: OfficerChange,
    from: &ClientAddress,
) -> Result<OfficerView, AppError> {
    let (_, admin_office) = actor.require_admin()?;
    if change.disabled == Some(true) && id == actor.id() {
        return Err(AppError::Unprocessable {
            code: "SELF_DISABLE",
            message: "Anda tidak dapat menonaktifkan akun Anda sendiri".into(),
        });
    }
    if let Some(roles) = &change.roles {
        check_roles(roles)?;
    }
    if let Some(office) = change.office.filter(|o| !admin_office.covers(o)) {
        return Err(outside(&office));
    }
    // Roles and an office replace what the admin read: only over the version they saw.
    let seen = (change.roles.is_some() || change.office.is_some()).then_some(change.version);
    let account = update_account(app, id, AccountKind::Officer, "Petugas", seen, |account| {
        if !account.office.is_some_and(|o| admin_office.covers(&o)) {
            return Err(outside(&account.office.unwrap_or(admin_office)));
        }
        let mut writes = Vec::new();
        if let Some(roles) = &change.roles {
            let detail = serde_json::json!({ "from": account.roles, "to": roles });
            writes.push(audit(app, actor, "officer_roles_changed", id, detail, from));
            account.roles = roles.clone();
        }
        if let Some(office) = change.office {
            let detail = serde_json::json!({ "from": account.office, "to": office });
            writes.push(audit(app, actor, "officer_office_changed", id, detail, from));
            account.office = Some(office);
        }
        if let Some(disabled) = change.disabled {
            writes.extend(set_disabled(app, actor, account, disabled, "officer", from));
        }
        Ok(writes)
    })
    .await?;
    Ok(account.into())
}

/// Gives an officer a new TOTP secret, shown once, for a lost or replaced phone: the old one stops
/// at once and every session of the officer ends, so whoever holds the old phone is out.
pub async fn reset_totp(app: &App, actor: &Actor, id: &str, from: &ClientAddress) -> Result<CreatedOfficer, AppError> {
    let (_, admin_office) = actor.require_admin()?;
    let totp_secret = new_totp_secret()?;
    let account = update_account(app, id, AccountKind::Officer, "Petugas", None, |account| {
        if !account.office.is_some_and(|o| admin_office.covers(&o)) {
            return Err(outside(&account.office.unwrap_or(admin_office)));
        }
        account.totp_secret = Some(totp_secret.clone());
        account.sessions_valid_after = Some(app.clock.now());
        Ok(vec![
            audit(app, actor, "officer_totp_reset", id, serde_json::json!({}), from),
            Write::RevokeAllRefreshTokens { account_id: id.to_string() },
        ])
    })
    .await?;
    let totp_uri = crate::auth::totp_uri(app, &account)?.expect("secret just set");
    Ok(CreatedOfficer { user_id: id.to_string(), totp_secret, totp_uri })
}
