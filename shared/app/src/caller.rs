//! Who is calling: resolved once per request from the bearer token and the store as it is now,
//! so a disabled account, a demoted officer, an expired PKS or a disabled machine client loses
//! its rights at its next request, not when its token runs out. The guards here are the only
//! place a use case asks "may this caller ...".

use adminduk_domain::access;
use adminduk_domain::office::Office;
use adminduk_domain::workflow::Role;

use crate::App;
use crate::error::AppError;
use crate::ports::{Account, AccountKind, AccountStatus, MachineClient, Pks, ReporterKind, Resident};
use crate::tokens::{Claims, SubjectKind};

/// The caller of a request.
#[derive(Clone)]
pub enum Actor {
    Person(Box<Person>),
    /// A partner or province system, with the scopes its token was given and its client still has.
    Client {
        client: Box<MachineClient>,
        scopes: Vec<String>,
        /// A Dinas kabupaten/kota's system holding [`PROVINCE_SCOPE`]: it reports its Dinas's
        /// requests to the province as a reporter of cases does.
        reporter: Option<Box<Person>>,
    },
}

/// The scope of a Dinas kabupaten/kota's system filing and following its requests to the
/// province (blank KTP-el, data verification) on the case routes.
pub const PROVINCE_SCOPE: &str = "provinsi.layanan";

/// Who reports and follows cases: a person with an account in good standing, or a Dinas's system.
#[derive(Clone)]
pub enum Person {
    Resident {
        account: Account,
        resident: Resident,
    },
    /// A resident of the province outside the register, on their own statement (the account's
    /// `declared` identity): the province's public services only.
    ProvinceResident {
        account: Account,
    },
    Staff {
        account: Account,
        pks: Pks,
    },
    Officer {
        account: Account,
        office: Office,
    },
    /// A Dinas kabupaten/kota's system (scope [`PROVINCE_SCOPE`]): its client id, its Dinas and
    /// the Dinas's name.
    System {
        id: String,
        office: Office,
        name: String,
    },
}

fn refused(code: &'static str, message: &str) -> AppError {
    AppError::Forbidden { code, message: message.into() }
}

/// A machine client where only people (or a Dinas's system) are served.
pub(crate) fn not_a_person() -> AppError {
    refused("NOT_A_PERSON", "Layanan ini untuk pengguna perorangan, bukan klien mesin")
}

/// Resolves the caller behind verified `claims`.
pub async fn resolve(app: &App, claims: &Claims) -> Result<Actor, AppError> {
    if claims.kind == SubjectKind::Client {
        let client = app.store.client(&claims.sub).await?.filter(|c| !c.disabled).ok_or_else(|| {
            AppError::Unauthenticated { code: "CLIENT_DISABLED", message: "Klien mesin tidak aktif".into() }
        })?;
        // Scopes taken from the client since the token was issued no longer count.
        let scopes = claims
            .scope
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .filter(|s| client.scopes.iter().any(|c| c == s))
            .map(str::to_string)
            .collect::<Vec<_>>();
        let reporter = (client.is_dinas_system() && scopes.iter().any(|s| s == PROVINCE_SCOPE)).then(|| {
            let name = app.catalogue.office(&client.office).name;
            Box::new(Person::System { id: client.id.clone(), office: client.office, name })
        });
        return Ok(Actor::Client { client: Box::new(client), scopes, reporter });
    }
    let (account, resident) = app.store.account_and_resident(&claims.sub).await?.ok_or_else(|| {
        AppError::Unauthenticated { code: "ACCOUNT_NOT_FOUND", message: "Akun tidak ditemukan".into() }
    })?;
    // A token from before the account's sessions ended (logout, a new password, ...) is spent.
    if account.sessions_valid_after.is_some_and(|after| claims.iat < after.timestamp()) {
        return Err(AppError::Unauthenticated {
            code: "SESSION_ENDED",
            message: "Sesi ini sudah berakhir; silakan masuk kembali".into(),
        });
    }
    Ok(Actor::Person(Box::new(standing(app, account, resident).await?)))
}

/// The person behind `account` if it may hold a session now: active; a resident still alive and
/// active in the register; institution staff under a valid PKS; an officer with an office.
/// Login, session renewal and every request ask this same question.
pub(crate) async fn in_good_standing(app: &App, account: Account) -> Result<Person, AppError> {
    let resident = match account.register_nik() {
        Some(nik) => app.store.resident(nik).await?,
        None => None,
    };
    standing(app, account, resident).await
}

/// `in_good_standing`, with the register's record of the account's `register_nik` read.
async fn standing(app: &App, account: Account, resident: Option<Resident>) -> Result<Person, AppError> {
    match account.status {
        AccountStatus::Active => {}
        AccountStatus::PendingActivation => {
            return Err(refused(
                "ACCOUNT_NOT_ACTIVATED",
                "Akun belum diaktifkan; masukkan kode aktivasi yang dikirim melalui SMS dan email",
            ));
        }
        AccountStatus::Disabled => return Err(refused("ACCOUNT_DISABLED", "Akun dinonaktifkan")),
    }
    match account.kind {
        AccountKind::Pribadi if account.declared.is_some() => Ok(Person::ProvinceResident { account }),
        AccountKind::Pribadi => {
            let resident = resident.filter(|r| r.alive && r.active).ok_or_else(|| {
                refused(
                    "RESIDENT_NOT_ACTIVE",
                    "Status kependudukan Anda tidak aktif dalam database; silakan hubungi Dinas Dukcapil",
                )
            })?;
            Ok(Person::Resident { account, resident })
        }
        AccountKind::Instansi => {
            let pks = crate::admin::valid_pks_of(app, &account).await?;
            Ok(Person::Staff { account, pks })
        }
        AccountKind::Officer => {
            let office = account.office.ok_or_else(|| AppError::internal("officer without office"))?;
            Ok(Person::Officer { account, office })
        }
    }
}

impl Actor {
    /// The account id or client id, as the audit log names the caller.
    pub fn id(&self) -> &str {
        match self {
            Actor::Person(p) => p.id(),
            Actor::Client { client, .. } => &client.id,
        }
    }

    /// Who reports and follows cases: a person, or a Dinas's system on the routes open to
    /// [`PROVINCE_SCOPE`]; other machine clients are refused.
    pub fn person(&self) -> Result<&Person, AppError> {
        match self {
            Actor::Person(p) => Ok(p),
            Actor::Client { reporter: Some(p), .. } => Ok(p),
            Actor::Client { .. } => Err(not_a_person()),
        }
    }

    /// An officer, with their office.
    pub fn require_officer(&self) -> Result<(&Account, Office), AppError> {
        match self.person()? {
            Person::Officer { account, office } => Ok((account, *office)),
            _ => Err(refused("OFFICERS_ONLY", "Hanya petugas yang dapat melakukan ini")),
        }
    }

    /// An officer who holds the admin role now, with the office their rights cover.
    pub fn require_admin(&self) -> Result<(&Account, Office), AppError> {
        match self.require_officer() {
            Ok((account, office)) if account.roles.contains(&Role::Admin) => Ok((account, office)),
            _ => Err(refused("ADMIN_ONLY", "Hanya administrator yang dapat melakukan ini")),
        }
    }

    /// An officer who may read the audit log (an admin or an inspector), with their office.
    pub fn require_auditor(&self) -> Result<(&Account, Office), AppError> {
        match self.require_officer() {
            Ok((account, office)) if account.roles.iter().any(|r| matches!(r, Role::Admin | Role::Inspektur)) => {
                Ok((account, office))
            }
            _ => Err(refused("AUDITORS_ONLY", "Hanya administrator atau inspektur yang dapat membaca log audit")),
        }
    }

    /// An admin whose office covers `office`.
    pub fn require_admin_of(&self, office: &Office) -> Result<&Account, AppError> {
        let (account, own) = self.require_admin()?;
        if own.covers(office) {
            Ok(account)
        } else {
            Err(refused("OUTSIDE_OFFICE", &format!("Kantor {office} di luar wilayah kerja Anda")))
        }
    }

    /// An admin whose office oversees `office` (see [`Office::oversees`]): the province's admins
    /// manage the systems of every kabupaten/kota that reports to them.
    pub fn require_admin_overseeing(&self, office: &Office) -> Result<&Account, AppError> {
        let (account, own) = self.require_admin()?;
        if own.oversees(office) {
            Ok(account)
        } else {
            Err(refused("OUTSIDE_OFFICE", &format!("Kantor {office} di luar wilayah kerja Anda")))
        }
    }

    /// A machine client whose token carries `scope`; a person, or a client without it, is refused
    /// naming the scope.
    pub fn require_scope(&self, scope: &str) -> Result<&MachineClient, AppError> {
        match self {
            Actor::Client { client, scopes, .. } if scopes.iter().any(|s| s == scope) => Ok(client),
            _ => Err(AppError::Forbidden {
                code: "SCOPE_MISSING",
                message: format!("Token ini tidak memiliki cakupan {scope}"),
            }),
        }
    }
}

impl Person {
    /// A resident's register record, as the session read it.
    pub fn resident(&self) -> Option<&crate::ports::Resident> {
        match self {
            Person::Resident { resident, .. } => Some(resident),
            _ => None,
        }
    }

    /// The account of a person; `None` for a Dinas's system.
    pub fn account(&self) -> Option<&Account> {
        match self {
            Person::Resident { account, .. }
            | Person::ProvinceResident { account }
            | Person::Staff { account, .. }
            | Person::Officer { account, .. } => Some(account),
            Person::System { .. } => None,
        }
    }

    /// The account id, or the system's client id: what a case names as its reporter.
    pub fn id(&self) -> &str {
        match self {
            Person::Resident { account, .. }
            | Person::ProvinceResident { account }
            | Person::Staff { account, .. }
            | Person::Officer { account, .. } => &account.id,
            Person::System { id, .. } => id,
        }
    }

    /// The person's name, or the system's Dinas.
    pub fn name(&self) -> &str {
        match self {
            Person::Resident { account, .. }
            | Person::ProvinceResident { account }
            | Person::Staff { account, .. }
            | Person::Officer { account, .. } => &account.name,
            Person::System { name, .. } => name,
        }
    }

    pub fn kind(&self) -> ReporterKind {
        match self {
            Person::Resident { account, .. }
            | Person::ProvinceResident { account }
            | Person::Staff { account, .. }
            | Person::Officer { account, .. } => account.kind.into(),
            Person::System { .. } => ReporterKind::Sistem,
        }
    }

    /// The access policy's view of this person.
    pub(crate) fn policy_actor(&self) -> access::Actor<'_> {
        match self {
            Person::Resident { resident, .. } => access::Actor::Resident {
                nik: resident.nik.as_str(),
                no_kk: resident.no_kk.as_str(),
                shdk: resident.shdk,
            },
            Person::ProvinceResident { account } => {
                access::Actor::ProvinceResident { nik: account.nik.as_ref().map_or("", |n| n.as_str()) }
            }
            Person::Staff { pks, .. } => access::Actor::InstitutionStaff {
                pks: access::PksTerms {
                    valid_from: pks.valid_from,
                    valid_until: pks.valid_until,
                    services: &pks.services,
                },
            },
            Person::Officer { account, office } => access::Actor::Officer { office: *office, roles: &account.roles },
            Person::System { office, .. } => access::Actor::DinasSystem { office: *office },
        }
    }
}
