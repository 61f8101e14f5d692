//! An account whose phone is lost, recovered at a counter: an officer who has checked the
//! person's KTP-el in front of them records the new phone (and e-mail); the old ones are let go,
//! every session ends, and a password-reset code goes to the new phone for the person to choose
//! a new password. Only a counter whose office covers the person's desa may, and it is audited.

use adminduk_domain::ids::{Email, Nik, Phone};
use adminduk_domain::workflow::Role;
use serde::{Deserialize, Serialize};

use super::names::{alias_email, alias_nik, alias_phone};
use super::{ClientAddress, audit, codes};
use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{AccountKind, AccountStatus, CodePurpose, Write};

/// The desks that receive residents in person.
const COUNTER_ROLES: [Role; 4] = [Role::PetugasLoket, Role::FrontOffice, Role::OperatorDesa, Role::OperatorKecamatan];

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    pub nik: String,
    /// The new mobile number.
    pub phone: String,
    /// A new e-mail address; the old one stays when left out.
    #[serde(default)]
    pub email: Option<String>,
    /// The officer saw the original KTP-el and it matches the person and the register.
    pub ktp_el_checked: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Recovered {
    pub user_id: String,
    pub name: String,
    /// Where the password-reset code went, masked.
    pub code_sent_to: Vec<String>,
}

/// Whether `roles` meet residents face to face at a counter, as recovering an account needs.
pub(crate) fn at_counter(roles: &[Role]) -> bool {
    roles.iter().any(|role| COUNTER_ROLES.contains(role))
}

pub async fn recover(app: &App, actor: &Actor, r: Recovery, from: &ClientAddress) -> Result<Recovered, AppError> {
    let (officer, office) = actor.require_officer()?;
    if !at_counter(&officer.roles) {
        return Err(AppError::Forbidden {
            code: "COUNTER_ONLY",
            message: "Pemulihan akun dilakukan petugas loket yang bertemu langsung dengan warga".into(),
        });
    }
    if !r.ktp_el_checked {
        return Err(AppError::Unprocessable {
            code: "KTP_EL_NOT_CHECKED",
            message: "Periksa KTP-el asli warga dan cocokkan dengan data kependudukan sebelum memulihkan akun".into(),
        });
    }
    let nik = Nik::parse(&r.nik, app.today()).map_err(|e| AppError::invalid(&e))?;
    let phone = Phone::parse(&r.phone).map_err(|e| AppError::invalid(&e))?;
    let email = r.email.as_deref().map(Email::parse).transpose().map_err(|e| AppError::invalid(&e))?;
    let not_found = || AppError::NotFound {
        code: "ACCOUNT_NOT_FOUND",
        message: "NIK ini belum memiliki akun; warga dapat mendaftar di situs".into(),
    };
    let resident = app.store.resident(&nik).await?.ok_or_else(not_found)?;
    let family = app.store.family(&resident.no_kk).await?.map(|(f, _)| f).ok_or_else(not_found)?;
    if !office.covers(&family.desa) {
        return Err(AppError::Forbidden {
            code: "OFFICE_NOT_COVERED",
            message: "Warga ini berdomisili di luar wilayah kantor Anda".into(),
        });
    }
    let account = app
        .store
        .account_by_alias(&alias_nik(nik.as_str()))
        .await?
        .filter(|a| a.kind == AccountKind::Pribadi)
        .ok_or_else(not_found)?;
    if account.status == AccountStatus::Disabled {
        return Err(AppError::Conflict {
            code: "ACCOUNT_DISABLED",
            message: "Akun ini dinonaktifkan admin; hubungi admin Dinas".into(),
        });
    }
    let mut updated = account.clone();
    updated.phone = Some(phone.e164().to_string());
    if let Some(email) = &email {
        updated.email = Some(email.to_string());
    }
    updated.updated_at = app.clock.now();
    // Whoever holds the lost phone is signed out everywhere.
    updated.sessions_valid_after = Some(updated.updated_at);
    let mut writes = vec![Write::UpdateAccount { account: updated.clone(), expected_version: account.version }];
    // The old contacts are let go; the new ones claimed (refused if another account holds them).
    let pairs = [
        (
            account.phone.as_deref().and_then(|p| Phone::parse(p).ok()).map(|p| alias_phone(&p)),
            Some(alias_phone(&phone)),
        ),
        (
            account.email.as_deref().and_then(|e| Email::parse(e).ok()).map(|e| alias_email(&e)),
            email.as_ref().map(alias_email),
        ),
    ];
    for (old, new) in pairs {
        match (old, new) {
            (Some(old), Some(new)) if old == new => {}
            (old, Some(new)) => {
                writes.extend(old.map(|alias| Write::ReleaseAlias { alias }));
                writes.push(Write::ClaimAlias { alias: new, account_id: account.id.clone() });
            }
            (_, None) => {}
        }
    }
    writes.push(Write::RevokeAllRefreshTokens { account_id: account.id.clone() });
    writes.extend(codes::issue(app, &updated, CodePurpose::PasswordReset)?);
    let detail = serde_json::json!({
        "office": office.to_string(),
        "phone": phone.masked(),
        "email_changed": email.is_some(),
        "ktp_el_checked": true,
    });
    let subject = nik.masked();
    writes.push(Write::Audit(audit(app, &officer.id, "account_recovered_at_counter", &subject, detail, from)));
    app.store.commit(writes).await?;
    tracing::info!(account = %account.id, officer = %officer.id, "account recovered at a counter");
    let mut sent_to = vec![phone.masked()];
    sent_to.extend(updated.email.as_deref().and_then(|e| Email::parse(e).ok()).map(|e| e.masked()));
    Ok(Recovered { user_id: account.id, name: account.name, code_sent_to: sent_to })
}
