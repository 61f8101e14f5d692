//! Pengguna Pribadi: registration against the register, activation with a code.

use adminduk_domain::age::age_in_years;
use adminduk_domain::codes::Citizenship;
use adminduk_domain::ids::{Email, Nik, NoKk, Phone};
use adminduk_domain::office::Office;
use adminduk_domain::password;
use adminduk_domain::region::{Lookup, kabupaten_name};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::names::{LoginName, alias_email, alias_id, alias_nik, alias_phone};
use super::{ClientAddress, audit, codes, limits};
use crate::App;
use crate::error::AppError;
use crate::ports::{Account, AccountKind, AccountStatus, CodePurpose, DeclaredIdentity, Write};
use crate::secrets::random_id;

/// Seed 000: a Pengguna Pribadi is at least 17.
const MINIMUM_AGE: u32 = 17;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    #[schema(pattern = r"^[0-9]{16}$")]
    pub nik: String,
    /// The number of the holder's Kartu Keluarga, and their birth date as it stands there: what
    /// only the holder of the KK card knows, asked before anything about the NIK is told.
    #[schema(pattern = r"^[0-9]{16}$")]
    pub no_kk: String,
    /// YYYY-MM-DD.
    #[schema(format = Date)]
    pub birth_date: String,
    pub email: String,
    pub phone: String,
    pub password: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Registered {
    pub user_id: String,
    pub status: AccountStatus,
    /// Where the activation code went, masked.
    pub code_sent_to: Vec<String>,
}

fn unprocessable(code: &'static str, message: &str) -> AppError {
    AppError::Unprocessable { code, message: message.into() }
}

/// The one answer to a NIK, No. KK and birth date that do not belong together in the register,
/// whichever part is wrong and whether or not the NIK is there at all.
fn not_matched() -> AppError {
    unprocessable(
        "IDENTITY_NOT_MATCHED",
        "NIK, nomor KK dan tanggal lahir tidak cocok dengan data kependudukan. Periksa kembali sesuai \
         Kartu Keluarga Anda; bila sudah sesuai, hubungi Dinas Dukcapil.",
    )
}

/// Registers a resident who shows what only the holder of their KK knows (NIK, No. KK and birth
/// date together); only then may the answer say more (not active, not WNI, under 17, registered
/// already). The register must know them as alive, active, WNI and 17 or older. The account
/// waits for the activation code sent by SMS and e-mail.
#[tracing::instrument(name = "register", skip_all)]
pub async fn register(app: &App, r: Registration, from: &ClientAddress) -> Result<Registered, AppError> {
    limits::not_blocked(app, "register", from).await?;
    let now = app.clock.now();
    let today = app.today();
    let nik = Nik::parse(&r.nik, today).map_err(|e| AppError::invalid(&e))?;
    let no_kk = NoKk::parse(&r.no_kk).map_err(|e| AppError::invalid(&e))?;
    let birth_date = NaiveDate::parse_from_str(r.birth_date.trim(), "%Y-%m-%d")
        .map_err(|_| unprocessable("BIRTH_DATE_INVALID", "Tanggal lahir tidak valid (format TTTT-BB-HH)"))?;
    let email = Email::parse(&r.email).map_err(|e| AppError::invalid(&e))?;
    let phone = Phone::parse(&r.phone).map_err(|e| AppError::invalid(&e))?;
    let local_part = email.as_str().split('@').next().unwrap_or_default();
    password::check(&r.password, &[nik.as_str(), &phone.local()[1..], local_part])
        .map_err(|e| AppError::invalid(&e))?;
    // Guesses count per NIK as well as per address; the password is hashed before the register
    // is read, so a NIK that is there and one that is not take the same time.
    limits::not_locked(app, "register", nik.as_str()).await?;
    let password_hash = app.hasher.hash(&r.password);
    let resident = app.store.resident(&nik).await?.filter(|r| r.no_kk == no_kk && r.birth_date == birth_date);
    let Some(resident) = resident else {
        limits::failed_as(app, "register", nik.as_str(), from).await?;
        return Err(not_matched());
    };
    if !resident.alive || !resident.active {
        return Err(unprocessable(
            "RESIDENT_NOT_ACTIVE",
            "Status kependudukan NIK ini tidak aktif; silakan hubungi Dinas Dukcapil",
        ));
    }
    if resident.citizenship != Citizenship::Wni {
        return Err(unprocessable("NOT_WNI", "Pengguna Pribadi harus Warga Negara Indonesia"));
    }
    if age_in_years(resident.birth_date, today) < MINIMUM_AGE {
        return Err(unprocessable("UNDER_17", "Pengguna Pribadi minimal berusia 17 tahun"));
    }

    // A registration never activated, whose code has run out (a mistyped phone, say), is started
    // again by registering anew; one still waiting for its code is not taken over.
    let earlier = app.store.account_by_alias(&alias_nik(nik.as_str())).await?;
    let expired = match earlier {
        Some(a) if a.status == AccountStatus::PendingActivation => {
            let code = app.store.code(&a.id, CodePurpose::Activation).await?;
            if let Some(until) = code.map(|c| c.expires_at).filter(|t| *t > now) {
                let until = until.with_timezone(&app.calendar.offset()).format("%H.%M");
                let sent_to =
                    a.phone.as_deref().and_then(|p| Phone::parse(p).ok()).map(|p| p.masked()).unwrap_or_default();
                return Err(AppError::Conflict {
                    code: "REGISTRATION_PENDING",
                    message: format!(
                        "NIK ini baru saja didaftarkan dan menunggu aktivasi dengan kode yang dikirim ke {sent_to}. \
                         Bila nomor itu salah, daftar ulang setelah pukul {until} {}.",
                        app.calendar.zone_name()
                    ),
                });
            }
            Some(a)
        }
        _ => None,
    };
    let account = Account {
        id: expired.as_ref().map_or_else(|| random_id("P-"), |a| a.id.clone()),
        kind: AccountKind::Pribadi,
        name: resident.name.clone(),
        nik: Some(nik.clone()),
        email: Some(email.to_string()),
        phone: Some(phone.e164().to_string()),
        password_hash,
        status: AccountStatus::PendingActivation,
        totp_secret: None,
        office: None,
        roles: vec![],
        unit_id: None,
        staff: None,
        version: 1,
        created_at: now,
        updated_at: now,
        sessions_valid_after: None,
        declared: None,
    };
    let event = if expired.is_some() { "registration_restarted" } else { "account_registered" };
    open_account(app, account, (&nik, &email, &phone), expired.as_ref(), event, from).await
}

/// Writes a new account that waits for its activation code (or starts `expired`'s again), with
/// its login names and the code sent by SMS and e-mail. The `nik:` login name is claimed only
/// for one the register vouches for, so a statement never keeps a resident out of their own.
async fn open_account(
    app: &App,
    account: Account,
    (nik, email, phone): (&Nik, &Email, &Phone),
    expired: Option<&Account>,
    event: &str,
    from: &ClientAddress,
) -> Result<Registered, AppError> {
    let mut writes = match expired {
        None => {
            let mut writes = vec![
                Write::CreateAccount(account.clone()),
                Write::ClaimAlias { alias: alias_id(&account.id), account_id: account.id.clone() },
            ];
            if account.declared.is_none() {
                writes.push(Write::ClaimAlias { alias: alias_nik(nik.as_str()), account_id: account.id.clone() });
            }
            writes
        }
        // The same account starts again: its old e-mail and phone are let go.
        Some(old) => {
            let mut writes = vec![Write::UpdateAccount { account: account.clone(), expected_version: old.version }];
            let old_aliases = [
                old.email.as_deref().and_then(|e| Email::parse(e).ok()).map(|e| alias_email(&e)),
                old.phone.as_deref().and_then(|p| Phone::parse(p).ok()).map(|p| alias_phone(&p)),
            ];
            let kept = [alias_email(email), alias_phone(phone)];
            let gone = old_aliases.into_iter().flatten().filter(|a| !kept.contains(a));
            writes.extend(gone.map(|alias| Write::ReleaseAlias { alias }));
            writes
        }
    };
    writes.push(Write::ClaimAlias { alias: alias_email(email), account_id: account.id.clone() });
    writes.push(Write::ClaimAlias { alias: alias_phone(phone), account_id: account.id.clone() });
    writes.extend(codes::issue(app, &account, CodePurpose::Activation)?);
    writes.push(Write::Audit(audit(app, &account.id, event, &nik.masked(), serde_json::json!({}), from)));
    app.store.commit(writes).await?;
    tracing::info!(account = %account.id, nik = %nik.masked(), event, "citizen registered");
    Ok(Registered { user_id: account.id, status: account.status, code_sent_to: vec![phone.masked(), email.masked()] })
}

/// A resident of the province outside this register, for the province's public services (PPID
/// data, IKD activation, complaints), as seed 002's online IKD form asks: NIK, the name on the
/// KTP-el, the kabupaten/kota, e-mail and phone.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvinceRegistration {
    #[schema(pattern = r"^[0-9]{16}$")]
    pub nik: String,
    /// As on the KTP-el.
    pub name: String,
    /// YYYY-MM-DD; it must agree with the NIK.
    #[schema(format = Date)]
    pub birth_date: String,
    /// The kabupaten/kota one lives in, e.g. `73.71` (Kota Makassar).
    pub kabupaten: String,
    pub email: String,
    pub phone: String,
    pub password: String,
}

/// Registers a resident of the province on their own statement. The register is not read: the
/// answer tells nothing of who is in it, and such an account serves its holder's own province
/// requests only, which the province's officers check when they serve them. The statement must
/// hold together: a NIK of the province whose birth date is the one given, 17 or older.
#[tracing::instrument(name = "register_in_province", skip_all)]
pub async fn register_in_province(
    app: &App,
    r: ProvinceRegistration,
    from: &ClientAddress,
) -> Result<Registered, AppError> {
    limits::not_blocked(app, "register", from).await?;
    let now = app.clock.now();
    let today = app.today();
    let nik = Nik::parse(&r.nik, today).map_err(|e| AppError::invalid(&e))?;
    let province = Office::SULSEL;
    if nik.region().province != province.province() {
        return Err(unprocessable(
            "NIK_OUTSIDE_PROVINCE",
            "Pendaftaran ini untuk penduduk Sulawesi Selatan: NIK harus berawalan 73",
        ));
    }
    let birth_date = NaiveDate::parse_from_str(r.birth_date.trim(), "%Y-%m-%d")
        .map_err(|_| unprocessable("BIRTH_DATE_INVALID", "Tanggal lahir tidak valid (format TTTT-BB-HH)"))?;
    if nik.check_birth_date(birth_date).is_some() {
        return Err(unprocessable("BIRTH_DATE_NOT_NIK", "Tanggal lahir tidak sesuai dengan NIK; periksa KTP-el Anda"));
    }
    if age_in_years(birth_date, today) < MINIMUM_AGE {
        return Err(unprocessable("UNDER_17", "Pengguna Pribadi minimal berusia 17 tahun"));
    }
    let name = r.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() < 2
        || name.chars().count() > 100
        || name.chars().any(|c| c.is_ascii_digit() || c.is_control())
    {
        return Err(unprocessable("NAME_INVALID", "Tulis nama lengkap sesuai KTP-el, tanpa angka"));
    }
    let kabupaten = Office::parse(r.kabupaten.trim())
        .ok()
        .filter(|k| match *k {
            Office::Kabupaten { province: p, kabupaten } => {
                p == province.province() && matches!(kabupaten_name(p, kabupaten), Lookup::Found(_))
            }
            _ => false,
        })
        .ok_or_else(|| {
            unprocessable("KABUPATEN_INVALID", "Pilih kabupaten/kota tempat tinggal Anda di Sulawesi Selatan")
        })?;
    let email = Email::parse(&r.email).map_err(|e| AppError::invalid(&e))?;
    let phone = Phone::parse(&r.phone).map_err(|e| AppError::invalid(&e))?;
    let local_part = email.as_str().split('@').next().unwrap_or_default();
    password::check(&r.password, &[nik.as_str(), &phone.local()[1..], local_part])
        .map_err(|e| AppError::invalid(&e))?;
    let account = Account {
        id: random_id("P-"),
        kind: AccountKind::Pribadi,
        name,
        nik: Some(nik.clone()),
        email: Some(email.to_string()),
        phone: Some(phone.e164().to_string()),
        password_hash: app.hasher.hash(&r.password),
        status: AccountStatus::PendingActivation,
        totp_secret: None,
        office: None,
        roles: vec![],
        unit_id: None,
        staff: None,
        version: 1,
        created_at: now,
        updated_at: now,
        sessions_valid_after: None,
        declared: Some(DeclaredIdentity { birth_date, kabupaten }),
    };
    open_account(app, account, (&nik, &email, &phone), None, "account_registered_in_province", from).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Activate {
    pub login: String,
    pub code: String,
}

/// Activates an account with the code it was sent.
#[tracing::instrument(name = "activate", skip_all)]
pub async fn activate(app: &App, a: Activate, from: &ClientAddress) -> Result<Account, AppError> {
    // An account active already answers like an unknown one: the call tells nothing to one who
    // has no code.
    let (name, mut account) =
        codes::account_for(app, &a.login, from, |a| a.status == AccountStatus::PendingActivation).await?;
    let consumed = codes::check(app, &account, &name, CodePurpose::Activation, &a.code, from).await?;
    let expected_version = account.version;
    account.status = AccountStatus::Active;
    account.updated_at = app.clock.now();
    let subject = account.nik.as_ref().map(Nik::masked).unwrap_or_else(|| account.id.clone());
    let mut writes = consumed;
    writes.push(Write::Audit(audit(app, &account.id, "account_activated", &subject, serde_json::json!({}), from)));
    writes.push(Write::UpdateAccount { account: account.clone(), expected_version });
    app.store.commit(writes).await?;
    account.version = expected_version + 1;
    Ok(account)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResendCode {
    pub login: String,
}

/// Sends a new activation code, once the cool-down has passed. Unknown or already active
/// accounts get the same answer, so the call reveals nothing.
pub async fn resend_activation(app: &App, r: ResendCode, from: &ClientAddress) -> Result<(), AppError> {
    limits::attempt_from(app, "resend", from).await?;
    let account = app.store.account_by_alias(&LoginName::parse(&r.login).alias()).await?;
    let Some(account) = account.filter(|a| a.status == AccountStatus::PendingActivation) else { return Ok(()) };
    if let Some(wait) = codes::cooled_down(app, &account, CodePurpose::Activation).await? {
        return Err(AppError::TooManyRequests {
            code: "RESEND_TOO_SOON",
            message: format!("Kode baru dapat diminta {wait} detik lagi"),
            retry_after: wait,
        });
    }
    let mut writes = codes::issue(app, &account, CodePurpose::Activation)?;
    writes.push(Write::Audit(audit(
        app,
        &account.id,
        "activation_code_resent",
        &account.id,
        serde_json::json!({}),
        from,
    )));
    app.store.commit(writes).await.map_err(AppError::from)
}
