//! The pickup receipt (Resi Pengambilan Dokumen): a PDF with a QR code whose payload is a
//! statement signed with the service's Ed25519 key, so anyone can check it offline against the
//! published key; and a public check that shows the case's status without personal data.

use adminduk_domain::calendar::indonesian_date;
use chrono::{DateTime, Utc};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
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
        ("Tempat pengambilan".into(), service.pickup.clone().unwrap_or_else(|| app.settings.office_name.clone())),
    ];
    Ok(render(&app.settings.office_name, &lines, &code, &app.settings.complaint_contact))
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

/// Latin-1 bytes for the PDF's standard font; what it cannot show becomes '?'.
fn latin1(text: &str) -> Vec<u8> {
    text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect()
}

/// One A5 page: heading, the lines, the QR code, who may collect, where to complain.
fn render(office: &str, lines: &[(String, String)], code: &str, complaints: &str) -> Vec<u8> {
    let (catalog, pages, page, font, bold, contents) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6));
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let (width, height) = (420.0_f32, 595.0_f32);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, width, height)).parent(pages).contents(contents);
    p.resources().fonts().pair(Name(b"F1"), font).pair(Name(b"F2"), bold);
    p.finish();
    pdf.type1_font(font).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));

    let mut c = Content::new();
    let text = |c: &mut Content, font: &[u8], size: f32, x: f32, y: f32, s: &str| {
        c.begin_text().set_font(Name(font), size).next_line(x, y).show(Str(&latin1(s))).end_text();
    };
    text(&mut c, b"F2", 13.0, 30.0, 560.0, "RESI PENGAMBILAN DOKUMEN");
    text(&mut c, b"F1", 9.0, 30.0, 545.0, office);
    let mut y = 515.0;
    for (label, value) in lines {
        text(&mut c, b"F1", 9.0, 30.0, y, label);
        // Long values wrap at about 45 characters.
        let mut chunk = String::new();
        for word in value.split_whitespace() {
            if chunk.len() + word.len() > 45 {
                text(&mut c, b"F2", 9.0, 150.0, y, &chunk);
                y -= 12.0;
                chunk.clear();
            }
            if !chunk.is_empty() {
                chunk.push(' ');
            }
            chunk.push_str(word);
        }
        text(&mut c, b"F2", 9.0, 150.0, y, &chunk);
        y -= 18.0;
    }
    // The QR code, drawn as filled squares.
    if let Ok(qr) = qrcode::QrCode::new(code.as_bytes()) {
        let modules = qr.width();
        let size = 150.0_f32;
        let cell = size / modules as f32;
        let (x0, y0) = ((width - size) / 2.0, y - size - 10.0);
        c.set_fill_gray(0.0);
        for (i, colour) in qr.to_colors().iter().enumerate() {
            if *colour == qrcode::Color::Dark {
                let (col, row) = ((i % modules) as f32, (i / modules) as f32);
                c.rect(x0 + col * cell, y0 + size - (row + 1.0) * cell, cell, cell);
            }
        }
        c.fill_nonzero();
        y = y0 - 20.0;
    }
    for line in [
        "Dokumen dapat diambil oleh pemohon, anggota keluarga dalam KK yang sama,",
        "atau penerima kuasa dengan Surat Kuasa (formulir F-1.07).",
        "Tunjukkan resi ini di loket pengambilan. Keaslian resi dapat diperiksa",
        "dengan memindai kode QR.",
    ] {
        text(&mut c, b"F1", 8.0, 30.0, y, line);
        y -= 11.0;
    }
    text(&mut c, b"F1", 8.0, 30.0, y - 6.0, &format!("Pengaduan: {complaints}"));
    pdf.stream(contents, &c.finish());
    pdf.finish()
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
}

pub(super) fn invalid_receipt() -> AppError {
    AppError::Unprocessable { code: "RECEIPT_INVALID", message: "Resi tidak sah atau tidak dikenal".into() }
}

pub(super) async fn case_of_receipt(app: &App, code: &str) -> Result<(ReceiptClaims, Case), AppError> {
    let claims: ReceiptClaims = app.keys.verify_statement(code.trim()).map_err(|_| invalid_receipt())?;
    let case = app.store.case_by_number(&claims.no).await?.ok_or_else(invalid_receipt)?;
    Ok((claims, case))
}

/// Checks a receipt's signature and shows the case's status, without personal data.
pub async fn verify_receipt(app: &App, code: &str) -> Result<ReceiptCheck, AppError> {
    let (claims, case) = case_of_receipt(app, code).await?;
    let super::Resolved { service, workflow, .. } = super::resolve(app, &case)?;
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_is_a_pdf_with_its_text() {
        let lines = vec![("Nomor registrasi".to_string(), "7306-2026-000001".to_string())];
        let pdf = render("Dinas Dukcapil Gowa", &lines, "kode", "lapor.go.id");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("7306-2026-000001") && text.contains("RESI PENGAMBILAN DOKUMEN"));
        assert_eq!(latin1("Pengambilan ✓"), b"Pengambilan ?");
    }
}
