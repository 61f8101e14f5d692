//! Two documents of a filed case, each a PDF with a QR code whose payload is a statement signed
//! with the service's Ed25519 key (anyone can check it offline against the published key):
//! the registration slip (Tanda Terima Permohonan), from filing on; and the pickup receipt
//! (Resi Pengambilan Dokumen), only once documents are promised and never for a rejected or
//! cancelled case. And the public check that shows the case's status without personal data.

use adminduk_domain::calendar::indonesian_date;
use adminduk_domain::ids::Nik;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::visible_case;
use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::Case;

/// What the QR code says: enough to find and check the case, nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptClaims {
    /// Which of the two documents; no other signed statement is either.
    pub typ: ReceiptType,
    /// The registration number.
    pub no: String,
    pub svc: String,
    /// Received and promised, as Unix times.
    pub iat: i64,
    pub due: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ReceiptType {
    /// Resi Pengambilan Dokumen: shown at the pickup counter.
    #[serde(rename = "resi")]
    Resi,
    /// Tanda Terima Permohonan: the case was filed; not for pickup.
    #[serde(rename = "tanda_terima")]
    TandaTerima,
}

pub(super) fn receipt_code(app: &App, case: &Case, typ: ReceiptType) -> Result<String, AppError> {
    let number = case.number.clone().ok_or_else(|| AppError::Conflict {
        code: "CASE_NOT_SUBMITTED",
        message: "Tanda terima tersedia setelah permohonan diajukan".into(),
    })?;
    let claims = ReceiptClaims {
        typ,
        no: number,
        svc: case.service.clone(),
        iat: case.submitted_at.unwrap_or(case.created_at).timestamp(),
        due: case.service_due.map(|d| d.timestamp()),
    };
    Ok(app.keys.sign_statement(&claims))
}

/// What a case promises to hand over, once it does: the documents to collect. `Err` says why
/// there is no pickup receipt (yet): not filed, rejected or cancelled, a service with nothing to
/// collect, or documents not yet promised at verification.
pub(super) fn promised(app: &App, case: &Case) -> Result<String, AppError> {
    use adminduk_domain::workflow::{InputKind, Outcome};
    let none = |message: &str| AppError::Conflict { code: "NO_PICKUP_RECEIPT", message: message.into() };
    let super::Resolved { service, workflow, .. } = super::resolve(app, case)?;
    if case.number.is_none() {
        return Err(none("Resi pengambilan tersedia setelah permohonan diajukan dan diverifikasi"));
    }
    if matches!(case.outcome, Some(Outcome::Rejected | Outcome::Cancelled)) {
        return Err(none("Permohonan ini ditolak atau dibatalkan; tidak ada dokumen untuk diambil"));
    }
    let actions = || workflow.states.iter().flat_map(|s| s.actions.iter());
    if !actions().any(|a| a.inputs.contains(&InputKind::Collector)) {
        return Err(none("Layanan ini tidak memiliki pengambilan dokumen di loket"));
    }
    // Where a verification step estimates the documents, they are promised from then on; a
    // counter checks the originals before filing, so its cases promise them at filing.
    if case.promised.is_empty() && actions().any(|a| a.inputs.contains(&InputKind::DocumentEstimate)) {
        return Err(none("Resi pengambilan tersedia setelah berkas diverifikasi petugas"));
    }
    let promised = if case.promised.is_empty() { &service.products } else { &case.promised };
    Ok(promised.join(", "))
}

/// The pickup receipt of a case whose documents are promised, for its reporter or an officer of
/// its office.
pub async fn receipt_pdf(app: &App, actor: &Actor, id: &str) -> Result<Vec<u8>, AppError> {
    let case = visible_case(app, actor.person()?, id).await?;
    let collect = promised(app, &case)?;
    let super::Resolved { service, .. } = super::resolve(app, &case)?;
    let pickup = super::pickup_place(app, service, &case);
    let sheet = Document {
        typ: ReceiptType::Resi,
        heading: "RESI PENGAMBILAN DOKUMEN",
        more: vec![("Dokumen yang diambil".into(), collect), ("Tempat pengambilan".into(), pickup)],
        notes: &[
            "Dokumen dapat diambil oleh pemohon, anggota keluarga dalam KK yang sama,",
            "atau penerima kuasa dengan Surat Kuasa (formulir F-1.07).",
            "Tunjukkan resi ini di loket pengambilan. Keaslian resi dapat diperiksa",
            "dengan memindai kode QR.",
        ],
    };
    render(app, &case, sheet)
}

/// The registration slip of a filed case: that it was received, under which number, and what
/// happens next. It is not a pickup receipt.
pub async fn slip_pdf(app: &App, actor: &Actor, id: &str) -> Result<Vec<u8>, AppError> {
    let case = visible_case(app, actor.person()?, id).await?;
    let super::Resolved { state, .. } = super::resolve(app, &case)?;
    let sheet = Document {
        typ: ReceiptType::TandaTerima,
        heading: "TANDA TERIMA PERMOHONAN",
        more: vec![("Tahap sekarang".into(), state.name.clone())],
        notes: &[
            "Ini tanda terima permohonan, bukan resi pengambilan dokumen.",
            "Perkembangan permohonan dikirim melalui SMS dan email, dan dapat dipantau",
            "di situs dengan nomor registrasi atau dengan memindai kode QR.",
        ],
    };
    render(app, &case, sheet)
}

/// What one of the two documents adds to what both say.
struct Document<'a> {
    typ: ReceiptType,
    heading: &'a str,
    /// Lines after the case's own (number, check code, service, subject, applicant, received).
    more: Vec<(String, String)>,
    notes: &'a [&'a str],
}

/// A slip or a receipt: the case's lines, the document's own, the promised date, its notes, the
/// office's complaint channel and the QR code of the check page.
fn render(app: &App, case: &Case, d: Document<'_>) -> Result<Vec<u8>, AppError> {
    let code = receipt_code(app, case, d.typ)?;
    let super::Resolved { service, .. } = super::resolve(app, case)?;
    let local = |t: DateTime<Utc>| t.with_timezone(&app.calendar.offset()).date_naive();
    let day = |t: Option<DateTime<Utc>>| t.map(|d| indonesian_date(local(d)));
    let mut lines: Vec<(String, String)> = vec![
        ("Nomor registrasi".into(), case.number.clone().unwrap_or_default()),
        ("Kode cek".into(), check_code(app, case.number.as_deref().unwrap_or_default())),
        ("Layanan".into(), service.name.clone()),
        ("Perihal".into(), super::declaration::subject_name(service, &case.answers, &case.applicant.name)),
        ("Pemohon".into(), case.applicant.name.clone()),
        ("NIK".into(), case.applicant.nik.as_ref().map(Nik::masked).unwrap_or_else(|| "-".into())),
        ("Tanggal diterima".into(), day(case.submitted_at).unwrap_or_default()),
    ];
    lines.extend(d.more);
    if let Some(booking) = case.appointment.as_ref().filter(|b| b.status == crate::ports::BookingStatus::Booked) {
        lines.push(("Janji temu".into(), super::appointments::label(app, booking)));
    }
    lines.push(("Perkiraan selesai".into(), day(case.service_due).unwrap_or_else(|| "-".into())));
    let dinas = app.catalogue.office(&case.office.dinas());
    let footer: Vec<String> = d
        .notes
        .iter()
        .map(|n| n.to_string())
        .chain([String::new(), format!("Pengaduan: {}", dinas.complaint)])
        .collect();
    Ok(super::pdf::render(&super::pdf::Sheet {
        signatures: &[],
        size: super::pdf::A5,
        heading: d.heading,
        office: &dinas,
        lines: &lines,
        paragraphs: &[],
        qr: Some(&check_url(app, &code)),
        footer: &footer,
    }))
}

/// The public answer to a scanned receipt: authentic or not, and the case's status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReceiptCheck {
    pub valid: bool,
    /// A pickup receipt or a registration slip (for a letter, the case's slip kind is not used).
    pub kind: ReceiptType,
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

/// The short check code printed beside the registration number ("7K3M-Q9TD"): the hash of the
/// number's signature, so only this service can make it, and anyone with the number and the code
/// can check the case without a camera. Forty bits, and guesses are rate limited per address.
pub(super) fn check_code(app: &App, number: &str) -> String {
    let code = app.keys.short_code(&serde_json::json!({ "typ": "cek", "no": number }), 8);
    format!("{}-{}", &code[..4], &code[4..])
}

/// Checks a registration number with its printed check code, as the public page does when the
/// QR code cannot be scanned.
pub async fn verify_by_number(
    app: &App,
    number: &str,
    code: &str,
    from: &crate::auth::ClientAddress,
) -> Result<ReceiptCheck, AppError> {
    crate::auth::limits_attempt(app, "cek", from).await?;
    let number = number.trim();
    let typed: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_uppercase();
    if typed != check_code(app, number).replace('-', "") {
        return Err(invalid_receipt());
    }
    let case = app.store.case_by_number(number).await?.ok_or_else(invalid_receipt)?;
    let claims = ReceiptClaims {
        typ: ReceiptType::TandaTerima,
        no: number.to_string(),
        svc: case.service.clone(),
        iat: case.submitted_at.unwrap_or(case.created_at).timestamp(),
        due: case.service_due.map(|d| d.timestamp()),
    };
    check(app, claims, &case)
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
        let claims = ReceiptClaims {
            typ: ReceiptType::TandaTerima,
            no: letter.no,
            svc: String::new(),
            iat: letter.iat,
            due: None,
        };
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
        kind: claims.typ,
        number: claims.no,
        service: service.name.clone(),
        state: workflow.state(&case.state).map_or_else(|| case.state.clone(), |s| s.name.clone()),
        received_on: day(claims.iat).unwrap_or_default(),
        promised_on: claims.due.and_then(day),
        completed: case.outcome == Some(adminduk_domain::workflow::Outcome::Completed),
        document: None,
    })
}
