//! Finding a walk-in applicant in the register at a counter: by NIK or No. KK, the family as the
//! register holds it (living, active members), for officers and institution staff, each lookup
//! audited (UU 27/2022: every processing of personal data is recorded).

use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use serde::Serialize;

use crate::App;
use crate::auth::{ClientAddress, FamilyMember};
use crate::caller::{Actor, Person};
use crate::error::AppError;
use crate::secrets::mask_nik;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegisterFamily {
    pub no_kk: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub desa: Office,
    /// The member whose NIK was asked for, if it was a NIK.
    pub found_nik: Option<String>,
    pub members: Vec<FamilyMember>,
}

fn not_found() -> AppError {
    AppError::NotFound {
        code: "NOT_IN_REGISTER",
        message: "NIK atau No. KK tidak ditemukan dalam database kependudukan".into(),
    }
}

/// The family of the NIK or No. KK in `query`.
pub async fn lookup(app: &App, actor: &Actor, query: &str, from: &ClientAddress) -> Result<RegisterFamily, AppError> {
    let who = actor.person()?;
    if matches!(who, Person::Resident { .. } | Person::ProvinceResident { .. }) {
        return Err(AppError::Forbidden {
            code: "OFFICERS_ONLY",
            message: "Pencarian database kependudukan untuk petugas dan pengguna instansi".into(),
        });
    }
    let query: String = query.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
    if query.len() != 16 || !query.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::Unprocessable {
            code: "LOOKUP_INVALID",
            message: "Masukkan NIK atau No. KK: 16 angka".into(),
        });
    }
    // A NIK and a No. KK are both 16 digits: the register tells which it is.
    let found = match query.parse::<Nik>() {
        Ok(nik) => app.store.resident(&nik).await?,
        Err(_) => None,
    };
    let no_kk = found.as_ref().map(|r| r.no_kk.clone()).or_else(|| query.parse::<NoKk>().ok());
    let register = match no_kk {
        Some(no_kk) => app.store.family(&no_kk).await?,
        None => None,
    };
    // Asking is recorded whether or not the register knows the number.
    let detail = serde_json::json!({ "found": register.is_some() });
    let about = found.as_ref().map(|r| &r.nik);
    crate::auth::record_read(app, actor.id(), "register_lookup", &mask_nik(&query), detail, about, from).await?;
    let (family, members) = register.ok_or_else(not_found)?;
    let members: Vec<FamilyMember> = members
        .into_iter()
        .filter(|m| m.alive && m.active)
        .map(|m| FamilyMember {
            nik: m.nik.to_string(),
            name: m.name,
            shdk: m.shdk,
            shdk_label: m.shdk.label(),
            birth_date: Some(m.birth_date),
            may_report_for: true,
        })
        .collect();
    Ok(RegisterFamily {
        no_kk: family.no_kk.to_string(),
        address: family.address,
        rt: family.rt,
        rw: family.rw,
        desa: family.desa,
        found_nik: found.map(|r| r.nik.to_string()),
        members,
    })
}
