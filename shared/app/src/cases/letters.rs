//! The letters a workflow step issues (its action's `produces`): written from the catalogue's
//! letter template with the case's values, put on the office's letterhead with a QR code holding
//! a signed statement (the receipts' key, so anyone can check it against the published key),
//! stored, and listed on the case among what the office produced, in the transition's commit.

use adminduk_domain::workflow::ActionInputs;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::App;
use crate::error::AppError;
use crate::ports::{
    AttachedDocument, Case, CaseEvent, CaseEventKind, ReporterKind, Upload, UploadPurpose, UploadStatus, Write,
};
use crate::secrets::random_id;

/// What a letter's QR code says: which case and which document, nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterClaims {
    /// Always "surat": no other signed statement is a letter.
    pub typ: LetterType,
    /// The case's registration number.
    pub no: String,
    /// The product the letter is.
    pub doc: String,
    pub iat: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LetterType {
    #[serde(rename = "surat")]
    Surat,
}

/// Writes the letter `key` for `case` (already in its new state) and returns it as a product
/// with the writes that record it. The file is stored first; the transition keeps it once its
/// commit holds and removes it if the commit fails.
pub(super) async fn issue(
    app: &App,
    case: &Case,
    key: &str,
    inputs: &ActionInputs,
) -> Result<(AttachedDocument, Vec<Write>), AppError> {
    let letter = app.catalogue.letter(key).ok_or_else(|| AppError::internal(format!("surat {key}")))?;
    let mut values = super::notify::values(app, case, inputs, &case.applicant.name)?;
    values.insert("kantor_pemohon", asking_office(app, case).await?);
    let text = letter.render(&values).map_err(|missing| AppError::internal(format!("isian {missing}")))?;
    let now = app.clock.now();
    let number = case.number.clone().unwrap_or_else(|| case.id.clone());
    let claims =
        LetterClaims { typ: LetterType::Surat, no: number.clone(), doc: letter.product.clone(), iat: now.timestamp() };
    let code = app.keys.sign_statement(&claims);
    let lines = vec![
        ("Nomor registrasi".to_string(), number),
        ("Perihal".to_string(), values.get("perihal").cloned().unwrap_or_default()),
        ("Tanggal".to_string(), values.get("tanggal").cloned().unwrap_or_default()),
    ];
    let footer = vec![
        "Ditandatangani secara elektronik. Keaslian surat ini dapat diperiksa dengan memindai kode QR.".to_string(),
    ];
    let bytes = super::pdf::render(&super::pdf::Sheet {
        size: super::pdf::A4,
        heading: &text.title,
        office: &app.catalogue.office(&case.office.dinas()),
        lines: &lines,
        paragraphs: &text.paragraphs,
        signatures: &text.signatures,
        qr: Some(&super::receipt::check_url(app, &code)),
        footer: &footer,
    });
    let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let upload = Upload {
        id: random_id("U-"),
        case_id: case.id.clone(),
        purpose: UploadPurpose::Product,
        sender: None,
        document: letter.product.clone(),
        content_type: "application/pdf".into(),
        size: bytes.len() as u64,
        sha256: sha256.clone(),
        status: UploadStatus::Received,
        expires_at: now,
    };
    app.blobs.put(&upload.id, bytes).await?;
    let attached = AttachedDocument {
        document: upload.document.clone(),
        upload_id: upload.id.clone(),
        content_type: upload.content_type.clone(),
        size: upload.size,
        sha256,
        reused_from: None,
    };
    let event = CaseEvent {
        case_id: case.id.clone(),
        at: now,
        actor: "sistem".into(),
        role: None,
        kind: CaseEventKind::ProductAttached { document: upload.document.clone(), upload_id: upload.id.clone() },
    };
    Ok((attached, vec![Write::PutUpload(upload), Write::AppendCaseEvent(event)]))
}

/// The office that asked, by name: a Dinas's system's or officer's Dinas; for a person, the case's
/// applicant.
async fn asking_office(app: &App, case: &Case) -> Result<String, AppError> {
    let office = match case.reporter_kind {
        ReporterKind::Sistem => app.store.client(&case.reporter).await?.map(|c| c.office),
        _ => app.store.account(&case.reporter).await?.and_then(|a| a.office),
    };
    Ok(office.map_or_else(|| case.applicant.name.clone(), |o| app.catalogue.office(&o.dinas()).name))
}
