use adminduk_domain::catalogue::Requester;
use adminduk_domain::ids::{Email, Nik, Phone};
use adminduk_domain::office::Office;
use adminduk_domain::password;
use serde::{Deserialize, Serialize};

use super::{audit, not_found, set_disabled, update_account};
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Account, AccountKind, AccountStatus, Institution, InstitutionKind, Pks, StaffRecord, Write};
use crate::secrets::random_id;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInstitution {
    pub name: String,
    pub kind: InstitutionKind,
    /// An Instansi Pengguna's Instansi Induk.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// An Instansi Induk's agreement.
    #[serde(default)]
    pub pks: Option<Pks>,
}

#[derive(Debug, Serialize)]
pub struct Created {
    pub id: String,
}

fn unprocessable(code: &'static str, message: String) -> AppError {
    AppError::Unprocessable { code, message }
}

/// A PKS names its number, a validity that ends after it starts, and only services that
/// institution staff may report.
fn check_pks(app: &App, pks: &Pks) -> Result<(), AppError> {
    if pks.number.trim().is_empty() {
        return Err(unprocessable("PKS_INVALID", "Nomor PKS wajib diisi".into()));
    }
    if pks.valid_until < pks.valid_from {
        return Err(unprocessable("PKS_INVALID", "Masa berlaku PKS berakhir sebelum dimulai".into()));
    }
    if pks.services.is_empty() {
        return Err(unprocessable("PKS_INVALID", "PKS harus mencakup paling sedikit satu layanan".into()));
    }
    for code in &pks.services {
        let open = app.catalogue.service(code).is_some_and(|s| s.requesters.contains(&Requester::PenggunaInstansi));
        if !open {
            return Err(unprocessable(
                "PKS_INVALID",
                format!("Layanan {code} tidak ada atau tidak dapat dilaporkan oleh Pengguna Instansi"),
            ));
        }
    }
    Ok(())
}

pub async fn create_institution(
    app: &App,
    actor: &Actor,
    n: NewInstitution,
    from: &ClientAddress,
) -> Result<Created, AppError> {
    let (_, own) = actor.require_admin()?;
    let name = n.name.trim().to_string();
    if name.is_empty() {
        return Err(unprocessable("NAME_REQUIRED", "Nama instansi wajib diisi".into()));
    }
    // An Instansi Induk is the admin's Dinas's; an Instansi Pengguna belongs where its Induk does.
    let office = match (n.kind, &n.parent_id, &n.pks) {
        (InstitutionKind::Induk, None, Some(pks)) => {
            check_pks(app, pks)?;
            own.dinas()
        }
        (InstitutionKind::Pengguna, Some(parent), None) => {
            let parent = app.store.institution(parent).await?.filter(|p| p.kind == InstitutionKind::Induk);
            let parent =
                parent.ok_or_else(|| unprocessable("PARENT_INVALID", "Instansi Induk tidak ditemukan".into()))?;
            actor.require_admin_of(&parent.office)?;
            parent.office
        }
        (InstitutionKind::Induk, _, _) => {
            return Err(unprocessable(
                "INSTITUTION_INVALID",
                "Instansi Induk memiliki PKS dan tidak memiliki induk".into(),
            ));
        }
        (InstitutionKind::Pengguna, _, _) => {
            return Err(unprocessable(
                "INSTITUTION_INVALID",
                "Instansi Pengguna memiliki Instansi Induk dan tidak memiliki PKS sendiri".into(),
            ));
        }
    };
    let institution =
        Institution { id: random_id("INS-"), name, kind: n.kind, parent_id: n.parent_id, pks: n.pks, office };
    let detail = serde_json::json!({ "name": institution.name, "kind": institution.kind, "pks": institution.pks });
    let writes = vec![
        audit(app, actor, "institution_created", &institution.id, detail, from),
        Write::PutInstitution(institution.clone()),
    ];
    app.store.commit(writes).await?;
    Ok(Created { id: institution.id })
}

/// Records a new or renewed PKS of an Instansi Induk.
pub async fn renew_pks(
    app: &App,
    actor: &Actor,
    id: &str,
    pks: Pks,
    from: &ClientAddress,
) -> Result<Institution, AppError> {
    actor.require_admin()?;
    check_pks(app, &pks)?;
    let mut induk = app
        .store
        .institution(id)
        .await?
        .filter(|i| i.kind == InstitutionKind::Induk)
        .ok_or_else(|| not_found("Instansi Induk"))?;
    actor.require_admin_of(&induk.office)?;
    let detail = serde_json::json!({ "from": induk.pks, "to": pks });
    induk.pks = Some(pks);
    app.store
        .commit(vec![audit(app, actor, "pks_renewed", id, detail, from), Write::PutInstitution(induk.clone())])
        .await?;
    Ok(induk)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStaff {
    pub name: String,
    pub nik: String,
    pub email: String,
    pub phone: String,
    /// The first password, handed over at the Dinas.
    pub password: String,
    pub staff: StaffRecord,
}

/// Registers a Pengguna Instansi at the Dinas once seed 000's requirements are on file.
pub async fn create_staff(
    app: &App,
    actor: &Actor,
    unit_id: &str,
    n: NewStaff,
    from: &ClientAddress,
) -> Result<Created, AppError> {
    let unit = unit_of(app, actor, unit_id).await?;
    let nik = Nik::parse(&n.nik, app.today()).map_err(|e| AppError::invalid(&e))?;
    let email = Email::parse(&n.email).map_err(|e| AppError::invalid(&e))?;
    let phone = Phone::parse(&n.phone).map_err(|e| AppError::invalid(&e))?;
    password::check(&n.password, &[nik.as_str(), &phone.local()[1..], email.as_str()])
        .map_err(|e| AppError::invalid(&e))?;
    let s = &n.staff;
    let a = &s.alamat;
    let required = [
        ("nama", n.name.as_str()),
        ("SK Tugas", s.sk_tugas.as_str()),
        ("surat permohonan Instansi Induk", s.surat_permohonan.as_str()),
        ("jabatan", s.jabatan.as_str()),
        ("tempat lahir", s.tempat_lahir.as_str()),
        ("alamat", a.alamat.as_str()),
        ("RT", a.rt.as_str()),
        ("RW", a.rw.as_str()),
        ("kelurahan", a.kelurahan.as_str()),
        ("kecamatan", a.kecamatan.as_str()),
        ("kabupaten", a.kabupaten.as_str()),
        ("provinsi", a.provinsi.as_str()),
    ];
    if let Some((what, _)) = required.iter().find(|(_, v)| v.trim().is_empty()) {
        return Err(unprocessable(
            "STAFF_RECORD_INCOMPLETE",
            format!("Persyaratan Pengguna Instansi belum lengkap: {what}"),
        ));
    }
    if s.tanggal_lahir != nik.birth_date(app.today()) {
        tracing::warn!(nik = %nik.masked(), "staff birth date differs from the one the NIK encodes");
    }
    let now = app.clock.now();
    let account = Account {
        id: random_id("I-"),
        kind: AccountKind::Instansi,
        name: n.name.trim().to_string(),
        nik: Some(nik.clone()),
        email: Some(email.to_string()),
        phone: Some(phone.e164().to_string()),
        password_hash: app.hasher.hash(&n.password),
        status: AccountStatus::Active,
        totp_secret: None,
        office: None,
        roles: vec![],
        unit_id: Some(unit.id.clone()),
        staff: Some(n.staff.clone()),
        version: 1,
        created_at: now,
        updated_at: now,
        sessions_valid_after: None,
        declared: None,
    };
    let writes = vec![
        Write::CreateAccount(account.clone()),
        Write::ClaimAlias { alias: format!("id:{}", account.id), account_id: account.id.clone() },
        Write::ClaimAlias { alias: format!("email:{email}"), account_id: account.id.clone() },
        Write::ClaimAlias { alias: format!("phone:{}", phone.e164()), account_id: account.id.clone() },
        audit(
            app,
            actor,
            "institution_user_created",
            &account.id,
            serde_json::json!({ "unit": unit.id, "nik": nik.masked() }),
            from,
        ),
    ];
    app.store.commit(writes).await?;
    Ok(Created { id: account.id })
}

/// An institution as its admin sees it: whether its PKS is in force today, and its staff count.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InstitutionView {
    pub id: String,
    pub name: String,
    pub kind: InstitutionKind,
    pub parent_id: Option<String>,
    pub pks: Option<Pks>,
    /// An Instansi Induk's PKS is valid today.
    pub pks_in_force: Option<bool>,
    #[schema(value_type = String)]
    pub office: Office,
    /// An Instansi Pengguna's staff accounts (active or not).
    pub staff: usize,
}

/// The institutions of the admin's office and what it covers, Instansi Induk first, each
/// followed by its units.
pub async fn list_institutions(app: &App, actor: &Actor) -> Result<Vec<InstitutionView>, AppError> {
    let (_, own) = actor.require_admin()?;
    let today = app.today();
    let staff = app.store.accounts_of_kind(AccountKind::Instansi).await?;
    let mine: Vec<Institution> =
        app.store.institutions().await?.into_iter().filter(|i| own.covers(&i.office)).collect();
    let view = |i: &Institution| InstitutionView {
        id: i.id.clone(),
        name: i.name.clone(),
        kind: i.kind,
        parent_id: i.parent_id.clone(),
        pks: i.pks.clone(),
        pks_in_force: i.pks.as_ref().map(|p| p.valid_from <= today && today <= p.valid_until),
        office: i.office,
        staff: staff.iter().filter(|a| a.unit_id.as_deref() == Some(i.id.as_str())).count(),
    };
    let mut out = Vec::with_capacity(mine.len());
    let mut induk: Vec<&Institution> = mine.iter().filter(|i| i.kind == InstitutionKind::Induk).collect();
    induk.sort_by(|a, b| a.name.cmp(&b.name));
    for parent in induk {
        out.push(view(parent));
        let mut units: Vec<&Institution> =
            mine.iter().filter(|i| i.parent_id.as_deref() == Some(parent.id.as_str())).collect();
        units.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(units.into_iter().map(view));
    }
    Ok(out)
}

/// A staff account of an Instansi Pengguna, as its admin sees it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StaffView {
    pub user_id: String,
    pub name: String,
    /// Masked: the admin recognises the person, the list does not hand out their NIK.
    pub nik: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub jabatan: Option<String>,
    pub status: AccountStatus,
    pub version: u64,
}

/// The unit an admin manages, or why not.
async fn unit_of(app: &App, actor: &Actor, unit_id: &str) -> Result<Institution, AppError> {
    actor.require_admin()?;
    let unit = app
        .store
        .institution(unit_id)
        .await?
        .filter(|i| i.kind == InstitutionKind::Pengguna)
        .ok_or_else(|| not_found("Instansi Pengguna"))?;
    actor.require_admin_of(&unit.office)?;
    Ok(unit)
}

fn staff_view(a: Account) -> StaffView {
    StaffView {
        user_id: a.id,
        name: a.name,
        nik: a.nik.map(|n| n.masked()),
        email: a.email,
        phone: a.phone,
        jabatan: a.staff.map(|s| s.jabatan),
        status: a.status,
        version: a.version,
    }
}

pub async fn list_staff(app: &App, actor: &Actor, unit_id: &str) -> Result<Vec<StaffView>, AppError> {
    let unit = unit_of(app, actor, unit_id).await?;
    let staff = app.store.accounts_of_kind(AccountKind::Instansi).await?;
    Ok(staff.into_iter().filter(|a| a.unit_id.as_deref() == Some(unit.id.as_str())).map(staff_view).collect())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffChange {
    /// Applied to the account as it is now: the admin wants it whatever happened since.
    pub disabled: bool,
}

/// Disables a staff member who left the unit, or enables them again.
pub async fn change_staff(
    app: &App,
    actor: &Actor,
    unit_id: &str,
    id: &str,
    change: StaffChange,
    from: &ClientAddress,
) -> Result<StaffView, AppError> {
    let unit = unit_of(app, actor, unit_id).await?;
    let account = update_account(app, id, AccountKind::Instansi, "Pengguna Instansi", None, |account| {
        if account.unit_id.as_deref() != Some(unit.id.as_str()) {
            return Err(not_found("Pengguna Instansi"));
        }
        Ok(set_disabled(app, actor, account, change.disabled, "institution_user", from))
    })
    .await?;
    Ok(staff_view(account))
}
