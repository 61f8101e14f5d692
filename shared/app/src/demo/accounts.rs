//! Demo accounts for every kind of user, made through the same use cases as real ones.

use adminduk_domain::office::Office;
use adminduk_domain::workflow::Role;
use chrono::Datelike;
use serde::Serialize;

use crate::App;
use crate::admin::{self, KNOWN_SCOPES, NewClient, NewInstitution, NewOfficer, NewStaff};
use crate::auth::{self, Activate, ClientAddress, Registration};
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Address, InstitutionKind, Pks, StaffRecord};

/// The password of every demo account. Demo data only: never seed a production installation.
pub const DEMO_PASSWORD: &str = "Demo-Gowa-2026";

#[derive(Debug, Clone, Serialize)]
pub struct DemoAccount {
    pub who: String,
    pub login: String,
    pub password: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totp_secret: Option<String>,
}

const OFFICERS: &[(&str, &str, &str, &[Role])] = &[
    ("Administrator Dinas Gowa", "admin@demo.gowakab.go.id", "73.06", &[Role::Admin]),
    ("Inspektur Data Pribadi", "inspektur@demo.gowakab.go.id", "73.06", &[Role::Inspektur]),
    ("Front Office", "fo@demo.gowakab.go.id", "73.06", &[Role::FrontOffice]),
    ("Petugas Loket", "loket@demo.gowakab.go.id", "73.06", &[Role::PetugasLoket, Role::VerifikatorBerkas]),
    ("Kasi/Validator", "validator@demo.gowakab.go.id", "73.06", &[Role::Validator]),
    ("Operator SIAK", "siak@demo.gowakab.go.id", "73.06", &[Role::OperatorSiak]),
    ("Bagian Produksi", "produksi@demo.gowakab.go.id", "73.06", &[Role::Produksi]),
    ("Kepala Bidang", "kabid@demo.gowakab.go.id", "73.06", &[Role::Kabid]),
    ("Kepala Dinas", "kadis@demo.gowakab.go.id", "73.06", &[Role::Kadis]),
    ("Loket Pengambilan", "pengambilan@demo.gowakab.go.id", "73.06", &[Role::LoketPengambilan]),
    // Also the counter officer of the kecamatan's WhatsApp service (seed 001).
    (
        "Operator Kecamatan Somba Opu",
        "kec.sombaopu@demo.gowakab.go.id",
        "73.06.08",
        &[Role::OperatorKecamatan, Role::PetugasLoket],
    ),
    ("Operator Kelurahan Sungguminasa", "kel.sungguminasa@demo.gowakab.go.id", "73.06.08.1001", &[Role::OperatorDesa]),
    ("Administrator Dinas Provinsi", "admin@demo.sulselprov.go.id", "73", &[Role::Admin]),
    ("Petugas PPID Provinsi", "ppid@demo.sulselprov.go.id", "73", &[Role::PetugasPpid, Role::PetugasLayanan]),
    // Each step of a blank request or a BAST has its own officer, as it has in the Dinas: the
    // analyst's and the head of division's checks are two people's.
    ("Analis Kebijakan Provinsi", "analis@demo.sulselprov.go.id", "73", &[Role::AnalisKebijakan]),
    ("Kepala Bidang Provinsi", "kabid@demo.sulselprov.go.id", "73", &[Role::Kabid]),
    ("Kepala Dinas Provinsi", "kadis@demo.sulselprov.go.id", "73", &[Role::Kadis]),
];

/// Creates the demo officers, an institution with a PKS and a staff account, a province client
/// and an activated citizen (the head of `citizen_nik`'s family). Run again, it creates nothing
/// twice and lists the same accounts (a client secret is only shown when it is made).
pub async fn seed_accounts(app: &App, citizen_nik: &str) -> Result<Vec<DemoAccount>, AppError> {
    let mut out = Vec::new();
    let first_run = app.store.account_by_alias("email:admin@demo.gowakab.go.id").await?.is_none();
    let mut gowa_admin = None;
    for (who, email, office, roles) in OFFICERS {
        let existing = app.store.account_by_alias(&format!("email:{email}")).await?;
        let (id, secret) = match existing {
            Some(a) => (a.id, a.totp_secret.unwrap_or_default()),
            None => {
                let created = admin::bootstrap_officer(
                    app,
                    NewOfficer {
                        name: who.to_string(),
                        email: email.to_string(),
                        phone: None,
                        nik: None,
                        office: Office::parse(office).expect("demo office"),
                        roles: roles.to_vec(),
                        password: DEMO_PASSWORD.into(),
                    },
                )
                .await?;
                (created.user_id, created.totp_secret)
            }
        };
        if *email == "admin@demo.gowakab.go.id" {
            gowa_admin = Some(id.clone());
        }
        out.push(DemoAccount {
            who: who.to_string(),
            login: email.to_string(),
            password: DEMO_PASSWORD.into(),
            totp_secret: Some(secret),
        });
    }
    // The demo data is made as the Gowa admin would make it, through the same guards.
    let admin_id = gowa_admin.expect("the Gowa admin is the first officer");
    let admin_account = app.store.account(&admin_id).await?.ok_or_else(|| AppError::internal("demo admin missing"))?;
    let admin = Actor::Person(Box::new(crate::caller::in_good_standing(app, admin_account).await?));
    let from = ClientAddress::default();

    let staff_email = "rekammedis@demo.rsudsyekhyusuf.go.id";
    if first_run {
        let year = app.today().year();
        let induk = admin::create_institution(
            app,
            &admin,
            NewInstitution {
                name: "RSUD Syekh Yusuf Kabupaten Gowa".into(),
                kind: InstitutionKind::Induk,
                parent_id: None,
                pks: Some(Pks {
                    number: format!("470/001/PKS-DISDUKCAPIL/{year}"),
                    valid_from: chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("a date"),
                    valid_until: chrono::NaiveDate::from_ymd_opt(year + 1, 12, 31).expect("a date"),
                    services: vec!["KELAHIRAN".into(), "KEMATIAN".into()],
                }),
            },
            &from,
        )
        .await?;
        let induk_id = induk.id.clone();
        let unit = admin::create_institution(
            app,
            &admin,
            NewInstitution {
                name: "Instalasi Rekam Medis".into(),
                kind: InstitutionKind::Pengguna,
                parent_id: Some(induk.id.clone()),
                pks: None,
            },
            &from,
        )
        .await?;
        admin::create_staff(
            app,
            &admin,
            &unit.id,
            NewStaff {
                name: "Hasnawati".into(),
                nik: "7306085708900002".into(),
                email: staff_email.into(),
                phone: "081355556666".into(),
                password: DEMO_PASSWORD.into(),
                staff: StaffRecord {
                    sk_tugas: "800/45/RSUD/DEMO".into(),
                    surat_permohonan: "445/210/RSUD/DEMO".into(),
                    nip: None,
                    jabatan: "Petugas Rekam Medis".into(),
                    tempat_lahir: "Sungguminasa".into(),
                    tanggal_lahir: chrono::NaiveDate::from_ymd_opt(1990, 8, 17).expect("a date"),
                    alamat: Address {
                        alamat: "Jl. Poros Malino".into(),
                        rt: "001".into(),
                        rw: "003".into(),
                        kelurahan: "Bontoala".into(),
                        kecamatan: "Pallangga".into(),
                        kabupaten: "Gowa".into(),
                        provinsi: "Sulawesi Selatan".into(),
                    },
                },
            },
            &from,
        )
        .await?;
        let client = admin::create_client(
            app,
            &admin,
            NewClient {
                name: "SIAK Dinas Dukcapil Kabupaten Gowa".into(),
                scopes: KNOWN_SCOPES.iter().map(|(s, _)| s.to_string()).collect(),
                office: None,
                institution_id: None,
            },
            &from,
        )
        .await?;
        out.push(DemoAccount {
            who: "Klien mesin sistem Dinas Gowa (client_credentials)".into(),
            login: client.client_id,
            password: client.client_secret,
            totp_secret: None,
        });
        // A partner's system under the hospital's PKS, for batch NIK verification.
        let partner = admin::create_client(
            app,
            &admin,
            NewClient {
                name: "SIMRS RSUD Syekh Yusuf".into(),
                scopes: vec![crate::verification::SCOPE.into()],
                office: None,
                institution_id: Some(induk_id),
            },
            &from,
        )
        .await?;
        out.push(DemoAccount {
            who: "Klien mesin mitra RSUD (verifikasi NIK)".into(),
            login: partner.client_id,
            password: partner.client_secret,
            totp_secret: None,
        });
        let province_admin = app
            .store
            .account_by_alias("email:admin@demo.sulselprov.go.id")
            .await?
            .ok_or_else(|| AppError::internal("demo province admin missing"))?;
        let province_admin = Actor::Person(Box::new(crate::caller::in_good_standing(app, province_admin).await?));
        super::reports::seed_reports(app, &province_admin).await?;

        // A resident registers and activates as a citizen would, with the code from the outbox.
        let phone = "081234500001";
        let nik: adminduk_domain::ids::Nik = citizen_nik.parse().map_err(|e| AppError::invalid(&e))?;
        let resident =
            app.store.resident(&nik).await?.ok_or_else(|| AppError::internal("demo citizen not in the register"))?;
        let registered = auth::register(
            app,
            Registration {
                nik: citizen_nik.into(),
                no_kk: resident.no_kk.to_string(),
                birth_date: resident.birth_date.to_string(),
                email: "warga@demo.gowakab.go.id".into(),
                phone: phone.into(),
                password: DEMO_PASSWORD.into(),
            },
            &from,
        )
        .await?;
        let code = latest_code(app, "+6281234500001").await?;
        auth::activate(app, Activate { login: registered.user_id, code }, &from).await?;
    }
    out.push(DemoAccount {
        who: "Pengguna Instansi (RSUD Syekh Yusuf)".into(),
        login: staff_email.into(),
        password: DEMO_PASSWORD.into(),
        totp_secret: None,
    });
    out.push(DemoAccount {
        who: "Pengguna Pribadi (Kepala Keluarga)".into(),
        login: citizen_nik.into(),
        password: DEMO_PASSWORD.into(),
        totp_secret: None,
    });
    Ok(out)
}

async fn latest_code(app: &App, phone: &str) -> Result<String, AppError> {
    let messages = app.store.pending_messages(10_000).await?;
    messages
        .iter()
        .rev()
        .find(|m| m.recipient == phone)
        .and_then(|m| m.body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_string))
        .ok_or_else(|| AppError::internal("kode aktivasi demo tidak ditemukan"))
}
