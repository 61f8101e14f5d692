//! A resident's own data and its processing record (UU 27/2022, the data subject's rights to
//! access and to know who processed their data): their account, their register record, their
//! cases with answers, documents and history, and every read or step by someone else, as JSON
//! or as a PDF to keep.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::App;
use crate::caller::{Actor, Person};
use crate::cases::{HistoryEntry, pdf};
use crate::error::AppError;
use crate::ports::{AccountStatus, AuditEntry, Case, CaseEventKind};

/// Processing record lines read for one export, newest first.
const PROCESSING_READ: u32 = 1_000;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonalData {
    pub generated_at: DateTime<Utc>,
    pub account: AccountData,
    /// The register's record of the person and of their family (KK), as SIAK holds them.
    #[schema(value_type = Object)]
    pub register: serde_json::Value,
    pub cases: Vec<CaseData>,
    /// Who read or processed the data, newest first: officers, counters, partners' systems.
    pub processing: Vec<Processing>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AccountData {
    pub user_id: String,
    pub name: String,
    pub nik: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub status: AccountStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseData {
    #[serde(flatten)]
    pub case: Case,
    pub service_name: String,
    pub history: Vec<HistoryEntry>,
}

/// One processing of the person's data by someone else.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Processing {
    pub at: DateTime<Utc>,
    /// Who, by name (an officer, a counter, a system), and their id.
    pub by: String,
    pub by_id: String,
    /// What, in words ("Membuka permohonan", "Verifikasi berkas → Menunggu Validasi").
    pub what: String,
    /// The case it was for, when it was for one.
    pub case_id: Option<String>,
}

/// What a read in the audit log was, in words.
fn read_words(action: &str) -> &str {
    match action {
        "case_viewed" => "Membuka permohonan",
        "document_viewed" => "Melihat berkas",
        "case_search" => "Mencari permohonan dengan NIK",
        "pickup_lookup" => "Mencari tanda terima pengambilan",
        "register_lookup" => "Mencari data di database kependudukan",
        other => other,
    }
}

/// The calling resident's data and processing record.
pub async fn personal_data(app: &App, actor: &Actor) -> Result<PersonalData, AppError> {
    let who = actor.person()?;
    // A resident's register record and the cases filed for them; for one outside the register,
    // their statement and what they filed themselves (their NIK is only their word).
    let (account, register, nik, vouched) = match who {
        Person::Resident { account, resident } => {
            let family = app.store.family(&resident.no_kk).await?.map(|(f, _)| f);
            (account, serde_json::json!({ "penduduk": resident, "keluarga": family }), &resident.nik, true)
        }
        Person::ProvinceResident { account } => {
            let nik = account.nik.as_ref().ok_or_else(|| AppError::internal("a declared account without NIK"))?;
            (account, serde_json::json!({ "pernyataan": account.declared }), nik, false)
        }
        _ => {
            return Err(AppError::Forbidden {
                code: "RESIDENTS_ONLY",
                message: "Unduhan data pribadi untuk akun penduduk; akun lain dikelola Dinas".into(),
            });
        }
    };

    // Their own cases and those filed for them, as their list shows them.
    let mut cases = app.store.cases_of_reporter(&account.id).await?;
    if vouched {
        cases.extend(app.store.cases_of_applicant(nik).await?.into_iter().filter(|c| c.submitted_at.is_some()));
    }
    cases.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    cases.dedup_by(|a, b| a.id == b.id);

    let mut names: HashMap<String, String> = HashMap::new();
    let mut processing = Vec::new();
    let mut data = Vec::new();
    for case in cases {
        let history = crate::cases::history_of(app, &case).await?;
        for entry in &history {
            let e = &entry.event;
            // A document view is in the processing record already, as every read is.
            if e.actor == account.id || matches!(e.kind, CaseEventKind::Created | CaseEventKind::DocumentViewed { .. })
            {
                continue;
            }
            let what = match (&entry.action_name, &entry.state_name) {
                (Some(action), Some(state)) => format!("{action} → {state}"),
                _ => words_of_event(&e.kind).to_string(),
            };
            processing.push(Processing {
                at: e.at,
                by: name_of(app, &mut names, &e.actor).await?,
                by_id: e.actor.clone(),
                what,
                case_id: Some(case.id.clone()),
            });
        }
        let service_name =
            crate::cases::resolve(app, &case).map_or_else(|_| case.service.clone(), |r| r.service.name.clone());
        data.push(CaseData { case, service_name, history });
    }
    // Reads about them, and reads of the cases they reported about someone else (a child's KIA):
    // those are recorded under the other person's NIK, and only their cases' are theirs to see.
    let own: std::collections::HashSet<&str> = data.iter().map(|c| c.case.id.as_str()).collect();
    let mut others: Vec<&adminduk_domain::ids::Nik> =
        data.iter().filter_map(|c| c.case.applicant.nik.as_ref()).filter(|n| *n != nik).collect();
    others.sort();
    others.dedup();
    let mut reads = app.store.processing_record(nik, PROCESSING_READ).await?;
    if !vouched {
        reads.retain(|e| own.contains(e.subject.as_str()));
    }
    for nik in others {
        let about_them = app.store.processing_record(nik, PROCESSING_READ).await?;
        reads.extend(about_them.into_iter().filter(|e| own.contains(e.subject.as_str())));
    }
    for AuditEntry { at, actor: by_id, action, subject, .. } in reads {
        if by_id == account.id {
            continue;
        }
        // These reads name the case they were of; searches and lookups name a masked NIK.
        let case_id = matches!(action.as_str(), "case_viewed" | "document_viewed" | "pickup_lookup").then_some(subject);
        processing.push(Processing {
            at,
            by: name_of(app, &mut names, &by_id).await?,
            by_id,
            what: read_words(&action).to_string(),
            case_id,
        });
    }
    processing.sort_by_key(|p| std::cmp::Reverse(p.at));
    Ok(PersonalData {
        generated_at: app.clock.now(),
        account: AccountData {
            user_id: account.id.clone(),
            name: account.name.clone(),
            nik: account.nik.as_ref().map(ToString::to_string),
            phone: account.phone.clone(),
            email: account.email.clone(),
            status: account.status,
            created_at: account.created_at,
        },
        register,
        cases: data,
        processing,
    })
}

fn words_of_event(kind: &CaseEventKind) -> &'static str {
    match kind {
        CaseEventKind::AnswersChanged => "Mengubah isian permohonan",
        CaseEventKind::AnswerCorrected { .. } => "Membetulkan isian permohonan",
        CaseEventKind::DocumentAttached { .. } => "Melampirkan berkas",
        CaseEventKind::DocumentReused { .. } => "Melampirkan berkas dari permohonan sebelumnya",
        CaseEventKind::ProductAttached { .. } => "Melampirkan dokumen yang terbit",
        CaseEventKind::Appointment { .. } => "Mengatur janji temu",
        _ => "Memproses permohonan",
    }
}

/// An officer's, system's or person's name, read once per export.
async fn name_of(app: &App, names: &mut HashMap<String, String>, id: &str) -> Result<String, AppError> {
    if let Some(name) = names.get(id) {
        return Ok(name.clone());
    }
    let name = match app.store.account(id).await? {
        Some(account) => account.name,
        None => match app.store.client(id).await? {
            Some(client) => client.name,
            None if id == "sistem" => "Sistem (otomatis)".to_string(),
            None => id.to_string(),
        },
    };
    names.insert(id.to_string(), name.clone());
    Ok(name)
}

/// The same as a PDF to keep: the account, the register record, each case and the processing
/// record, under the letterhead of the Dinas that holds the data.
pub fn personal_data_pdf(app: &App, data: &PersonalData) -> Vec<u8> {
    // One outside the register gave their data to the province.
    let declared = data.register.get("pernyataan");
    let holder = if declared.is_some() { adminduk_domain::office::Office::SULSEL } else { app.settings.home };
    let office = app.catalogue.office(&holder);
    let when = |t: DateTime<Utc>| t.with_timezone(&app.calendar.offset()).format("%d-%m-%Y %H.%M WITA").to_string();
    let a = &data.account;
    let mut lines = vec![
        ("Nama".to_string(), a.name.clone()),
        ("NIK".to_string(), a.nik.clone().unwrap_or_default()),
        ("Nomor HP".to_string(), a.phone.clone().unwrap_or_default()),
        ("Email".to_string(), a.email.clone().unwrap_or_default()),
        ("Akun dibuat".to_string(), when(a.created_at)),
        ("Dicetak".to_string(), when(data.generated_at)),
    ];
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    match declared {
        Some(stated) => {
            lines.push(("Tanggal lahir (pernyataan)".to_string(), text(&stated["birth_date"])));
            lines.push(("Kabupaten/kota (pernyataan)".to_string(), text(&stated["kabupaten"])));
        }
        None => {
            let resident = &data.register["penduduk"];
            for (label, key) in [("Tempat lahir", "birth_place"), ("Tanggal lahir", "birth_date"), ("No. KK", "no_kk")]
            {
                lines.push((label.to_string(), text(&resident[key])));
            }
        }
    }
    let mut paragraphs = vec!["PERMOHONAN".to_string()];
    for c in &data.cases {
        let number = c.case.number.clone().unwrap_or_else(|| format!("draf {}", c.case.id));
        paragraphs.push(format!(
            "{number}: {} (dibuat {}; tahap {})",
            c.service_name,
            when(c.case.created_at),
            c.case.state
        ));
    }
    paragraphs.push("RIWAYAT PEMROSESAN DATA OLEH PIHAK LAIN".to_string());
    if data.processing.is_empty() {
        paragraphs.push("Belum ada.".to_string());
    }
    for p in &data.processing {
        let case = p.case_id.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        paragraphs.push(format!("{}: {} oleh {}{case}", when(p.at), p.what, p.by));
    }
    pdf::render(&pdf::Sheet {
        signatures: &[],
        size: pdf::A4,
        heading: "DATA PRIBADI DAN RIWAYAT PEMROSESANNYA",
        office: &office,
        lines: &lines,
        paragraphs: &paragraphs,
        qr: None,
        footer: &["Diunduh sendiri oleh pemilik data sesuai UU 27/2022 tentang Pelindungan Data Pribadi.".to_string()],
    })
}
