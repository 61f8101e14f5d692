//! The pickup receipt (Resi Pengambilan Dokumen): a PDF with a QR code whose payload is a
//! statement signed with the service's Ed25519 key, so anyone can check it offline against the
//! published key; and a public check that shows the case's status without personal data.

use adminduk_domain::calendar::indonesian_date;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::visible_case;
use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::Case;
use crate::secrets::mask_nik;

/// What the QR code says: enough to find and check the case, nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptClaims {
    /// Always "resi": no other signed token is a receipt.
    pub typ: ReceiptType,
    /// The registration number.
    pub no: String,
    pub svc: String,
    /// Received and promised, as Unix times.
    pub iat: i64,
    pub due: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReceiptType {
    #[serde(rename = "resi")]
    Resi,
}

pub(super) fn receipt_code(app: &App, case: &Case) -> Result<String, AppError> {
    let number = case.number.clone().ok_or_else(|| AppError::Conflict {
        code: "CASE_NOT_SUBMITTED",
        message: "Resi tersedia setelah permohonan diajukan".into(),
    })?;
    let claims = ReceiptClaims {
        typ: ReceiptType::Resi,
        no: number,
        svc: case.service.clone(),
        iat: case.submitted_at.unwrap_or(case.created_at).timestamp(),
        due: case.service_due.map(|d| d.timestamp()),
    };
    Ok(app.keys.sign_statement(&claims))
}

/// The receipt PDF of a submitted case, for its reporter or an officer of its office.
pub async fn receipt_pdf(app: &App, actor: &Actor, id: &str) -> Result<Vec<u8>, AppError> {
    let who = actor.person()?;
    let case = visible_case(app, who, id).await?;
    let code = receipt_code(app, &case)?;
    let super::Resolved { service, .. } = super::resolve(app, &case)?;
    let local = |t: DateTime<Utc>| t.with_timezone(&app.calendar.offset()).date_naive();
    let collect = estimate(app, &case).await?.unwrap_or_else(|| service.products.join(", "));
    let lines: Vec<(String, String)> = vec![
        ("Nomor registrasi".into(), case.number.clone().unwrap_or_default()),
        ("Layanan".into(), service.name.clone()),
        ("Perihal".into(), super::declaration::subject_name(service, &case)),
        ("Pemohon".into(), case.applicant.name.clone()),
        ("NIK".into(), case.applicant.nik.as_deref().map(mask_nik).unwrap_or_else(|| "-".into())),
        ("Tanggal diterima".into(), case.submitted_at.map(|d| indonesian_date(local(d))).unwrap_or_default()),
        ("Dokumen yang diambil".into(), collect),
        ("Perkiraan selesai".into(), case.service_due.map(|d| indonesian_date(local(d))).unwrap_or_else(|| "-".into())),
        (
            "Tempat pengambilan".into(),
            service.pickup.clone().unwrap_or_else(|| app.settings.office_name_of(&case.office).to_string()),
        ),
    ];
    let footer: Vec<String> = [
        "Dokumen dapat diambil oleh pemohon, anggota keluarga dalam KK yang sama,",
        "atau penerima kuasa dengan Surat Kuasa (formulir F-1.07).",
        "Tunjukkan resi ini di loket pengambilan. Keaslian resi dapat diperiksa",
        "dengan memindai kode QR.",
    ]
    .into_iter()
    .map(String::from)
    .chain([String::new(), format!("Pengaduan: {}", app.settings.complaint_contact)])
    .collect();
    Ok(super::pdf::render(&super::pdf::Sheet {
        size: super::pdf::A5,
        heading: "RESI PENGAMBILAN DOKUMEN",
        office: app.settings.office_name_of(&case.office),
        lines: &lines,
        paragraphs: &[],
        qr: Some(&check_url(app, &code)),
        footer: &footer,
    }))
}

/// The documents the officer estimated at verification, when there is such a step.
async fn estimate(app: &App, case: &Case) -> Result<Option<String>, AppError> {
    let history = app.store.history(&case.id).await?;
    Ok(history.iter().rev().find_map(|e| match &e.kind {
        crate::ports::CaseEventKind::Transition { inputs, .. } if !inputs.document_estimate.is_empty() => {
            Some(inputs.document_estimate.join(", "))
        }
        _ => None,
    }))
}

/// The public answer to a scanned receipt: authentic or not, and the case's status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReceiptCheck {
    pub valid: bool,
    pub number: String,
    pub service: String,
    pub state: String,
    pub received_on: String,
    pub promised_on: Option<String>,
    pub completed: bool,
    /// For a letter the office issued: which of the service's products it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

pub(super) fn invalid_receipt() -> AppError {
    AppError::Unprocessable { code: "RECEIPT_INVALID", message: "Resi tidak sah atau tidak dikenal".into() }
}

/// What a QR code holds: the public check page's address carrying the signed statement, so any
/// phone camera opens it; the pickup counter's scanner reads the same.
pub(super) fn check_url(app: &App, code: &str) -> String {
    format!("{}/cek?kode={code}", app.settings.public_url)
}

/// The signed statement in what was scanned or pasted: the check page's address, or the
/// statement itself.
pub(super) fn statement_in(scanned: &str) -> &str {
    let scanned = scanned.trim();
    scanned.split_once("kode=").map_or(scanned, |(_, rest)| rest.split('&').next().unwrap_or_default())
}

pub(super) async fn case_of_receipt(app: &App, code: &str) -> Result<(ReceiptClaims, Case), AppError> {
    let claims: ReceiptClaims = app.keys.verify_statement(statement_in(code)).map_err(|_| invalid_receipt())?;
    let case = app.store.case_by_number(&claims.no).await?.ok_or_else(invalid_receipt)?;
    Ok((claims, case))
}

/// Checks a receipt's or an issued letter's signature and shows the case's status, without
/// personal data.
pub async fn verify_receipt(app: &App, code: &str) -> Result<ReceiptCheck, AppError> {
    if let Ok(letter) = app.keys.verify_statement::<super::letters::LetterClaims>(statement_in(code)) {
        let claims =
            ReceiptClaims { typ: ReceiptType::Resi, no: letter.no, svc: String::new(), iat: letter.iat, due: None };
        let case = app.store.case_by_number(&claims.no).await?.ok_or_else(invalid_receipt)?;
        return Ok(ReceiptCheck { document: Some(letter.doc), ..check(app, claims, &case)? });
    }
    let (claims, case) = case_of_receipt(app, code).await?;
    check(app, claims, &case)
}

fn check(app: &App, claims: ReceiptClaims, case: &Case) -> Result<ReceiptCheck, AppError> {
    let super::Resolved { service, workflow, .. } = super::resolve(app, case)?;
    let day = |t: i64| {
        DateTime::from_timestamp(t, 0).map(|d| indonesian_date(d.with_timezone(&app.calendar.offset()).date_naive()))
    };
    Ok(ReceiptCheck {
        valid: true,
        number: claims.no,
        service: service.name.clone(),
        state: workflow.state(&case.state).map_or_else(|| case.state.clone(), |s| s.name.clone()),
        received_on: day(claims.iat).unwrap_or_default(),
        promised_on: claims.due.and_then(day),
        completed: case.outcome == Some(adminduk_domain::workflow::Outcome::Completed),
        document: None,
    })
}
