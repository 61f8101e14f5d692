//! Uploads: presigned, checked on arrival (type by bytes, size, checksum) and attached whole, or
//! refused with nothing left behind.

use adminduk_domain::workflow::InputKind;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{reporters_turn, visible_case};
use crate::App;
use crate::caller::{Actor, Person};
use crate::error::AppError;
use crate::ports::{
    AttachedDocument, Case, CaseEvent, CaseEventKind, CommitError, Declared, Guard, Upload, UploadPurpose,
    UploadStatus, Write,
};
use crate::secrets::random_id;
use crate::tokens::{TokenError, capability_link};

/// What may be uploaded: PDF scans and photos.
const ACCEPTED: &[&str] = &["application/pdf", "image/jpeg", "image/png"];

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Presign {
    /// The requirement's document code (`surat_kehilangan_polisi`); for a `product`, the
    /// service's product as the catalogue names it; for a `power_of_attorney`,
    /// `surat_kuasa_pengambilan`.
    pub document: String,
    #[serde(default)]
    pub purpose: UploadPurpose,
    pub content_type: String,
    pub size: u64,
    /// Hex SHA-256 of the exact bytes that will be sent.
    pub sha256: String,
}

/// Where and how to send the bytes: `PUT url` with exactly these headers, before `expires_at`.
/// On S3 the file goes to the bucket directly and is attached when its arrival is checked
/// (follow it with `GET .../uploads/{upload_id}`); otherwise the answer to the PUT is the case.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Presigned {
    pub upload_id: String,
    pub method: &'static str,
    pub url: String,
    pub headers: std::collections::BTreeMap<String, String>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

fn unprocessable(code: &'static str, message: String) -> AppError {
    AppError::Unprocessable { code, message }
}

/// The type the bytes say they are.
/// An upload URL bound to the declared type, exact size and checksum, for one requirement of a
/// case waiting on its reporter.
#[tracing::instrument(name = "presign", skip_all, fields(case = %case_id, document = %p.document))]
pub async fn presign(app: &App, actor: &Actor, case_id: &str, p: Presign) -> Result<Presigned, AppError> {
    let who = actor.person()?;
    let case = visible_case(app, who, case_id).await?;
    match p.purpose {
        UploadPurpose::Requirement if case.reporter != who.id() => {
            return Err(AppError::Forbidden {
                code: "NOT_REPORTER",
                message: "Hanya pelapor yang dapat mengunggah berkas".into(),
            });
        }
        UploadPurpose::Requirement => {}
        purpose => officer_may_attach(app, who, &case, purpose, &p.document)?,
    }
    presign_for(app, &case, who.id(), p).await
}

/// The upload URL for `sender`, who may send this file for `case` (checked by the caller): a
/// requirement only while the case waits on its reporter.
pub(super) async fn presign_for(app: &App, case: &Case, sender: &str, p: Presign) -> Result<Presigned, AppError> {
    let limit = match p.purpose {
        UploadPurpose::Requirement => {
            let super::Resolved { variant, workflow, .. } = super::resolve(app, case)?;
            if !reporters_turn(workflow, case) {
                return Err(AppError::Conflict {
                    code: "CASE_NOT_EDITABLE",
                    message: "Berkas hanya dapat diunggah pada draf atau permohonan yang dikembalikan".into(),
                });
            }
            let requirement = variant.requirements.iter().find(|r| r.document == p.document).ok_or_else(|| {
                unprocessable("DOCUMENT_NOT_REQUIRED", format!("Dokumen {} bukan persyaratan layanan ini", p.document))
            })?;
            let sent = case.documents.iter().filter(|d| d.document == p.document).count();
            if requirement.files() > 1 && sent >= requirement.files() {
                return Err(unprocessable(
                    "FILES_TOO_MANY",
                    format!("Paling banyak {} berkas untuk dokumen ini", requirement.files()),
                ));
            }
            requirement.max_mb.map_or(app.settings.max_upload_bytes, |mb| u64::from(mb) * 1024 * 1024)
        }
        _ => app.settings.max_upload_bytes,
    };
    if !ACCEPTED.contains(&p.content_type.as_str()) {
        return Err(unprocessable("FILE_TYPE_NOT_ALLOWED", "Berkas harus PDF, JPEG atau PNG".into()));
    }
    if p.size == 0 || p.size > limit {
        return Err(unprocessable(
            "FILE_TOO_LARGE",
            format!("Ukuran berkas harus antara 1 bita dan {} MB", limit / (1024 * 1024)),
        ));
    }
    let sha256 = crate::secrets::declared_sha256(&p.sha256)?;
    let now = app.clock.now();
    let upload = Upload {
        id: random_id("U-"),
        case_id: case.id.clone(),
        purpose: p.purpose,
        sender: Some(sender.to_string()),
        document: p.document,
        content_type: p.content_type.clone(),
        size: p.size,
        sha256,
        status: UploadStatus::Pending,
        expires_at: now + app.settings.upload_url_ttl,
    };
    app.store.commit(vec![Write::PutUpload(upload.clone())]).await?;
    let direct = app.blobs.presign_put(&upload.id, &declared(&upload), app.settings.upload_url_ttl).await;
    let request = match direct? {
        Some(signed) => signed,
        None => crate::ports::SignedRequest {
            url: capability_link(
                app,
                &format!("/api/v1/uploads/{}", upload.id),
                format!("upload:{}", upload.id),
                upload.expires_at,
            ),
            headers: [("content-type".to_string(), upload.content_type.clone())].into(),
        },
    };
    Ok(Presigned {
        upload_id: upload.id,
        method: "PUT",
        url: request.url,
        headers: request.headers,
        expires_at: upload.expires_at,
    })
}

fn declared(upload: &Upload) -> Declared {
    Declared { content_type: upload.content_type.clone(), size: upload.size, sha256: upload.sha256.clone() }
}

/// What an upload is now, for the applicant who sent it straight to the blob store.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UploadView {
    pub upload_id: String,
    pub document: String,
    /// `"pending"`, `"received"`, or `{"rejected": {"code", "message"}}`.
    pub status: UploadStatus,
}

pub async fn upload_status(app: &App, actor: &Actor, case_id: &str, upload_id: &str) -> Result<UploadView, AppError> {
    let who = actor.person()?;
    let case = visible_case(app, who, case_id).await?;
    let upload = app.store.upload(upload_id).await?.filter(|u| u.case_id == case.id);
    let upload = upload.ok_or_else(|| AppError::NotFound {
        code: "UPLOAD_NOT_FOUND",
        message: "Unggahan tidak ditemukan pada permohonan ini".into(),
    })?;
    Ok(UploadView { upload_id: upload.id, document: upload.document, status: upload.status })
}

/// An officer attaches what their step produced (a product of the service), or, at the pickup
/// counter, the attorney's F-1.07, while the case is open and one of their roles works its state.
fn officer_may_attach(
    app: &App,
    who: &Person,
    case: &Case,
    purpose: UploadPurpose,
    document: &str,
) -> Result<(), AppError> {
    let Person::Officer { account, .. } = who else {
        return Err(AppError::Forbidden {
            code: "OFFICERS_ONLY",
            message: "Dokumen hasil layanan dan surat kuasa dilampirkan oleh petugas".into(),
        });
    };
    if case.submitted_at.is_none() || case.outcome.is_some() {
        return Err(AppError::Conflict {
            code: "CASE_NOT_OPEN",
            message: "Berkas petugas hanya dapat dilampirkan pada permohonan yang sedang diproses".into(),
        });
    }
    let super::Resolved { service, workflow, state, .. } = super::resolve(app, case)?;
    let mine = |a: &&adminduk_domain::workflow::Action| a.roles.iter().any(|r| account.roles.contains(r));
    match purpose {
        UploadPurpose::Product if !service.products.iter().any(|p| p == document) => Err(unprocessable(
            "PRODUCT_UNKNOWN",
            format!("{document} bukan produk {}; pilih dari: {}", service.name, service.products.join(", ")),
        )),
        // A letter a step writes and the office signs is never replaced by a file.
        UploadPurpose::Product if written_by_a_step(app, workflow, document) => Err(AppError::Conflict {
            code: "PRODUCT_WRITTEN_BY_STEP",
            message: format!("{document} dibuat sistem pada tahapnya; tidak dapat diganti dengan berkas unggahan"),
        }),
        UploadPurpose::Product if !state.actions.iter().any(|a| mine(&a)) => Err(AppError::Forbidden {
            code: "ROLE_NOT_ALLOWED",
            message: format!("Dokumen hasil dilampirkan oleh petugas yang menangani tahap {}", state.name),
        }),
        UploadPurpose::PowerOfAttorney if document != adminduk_domain::catalogue::POWER_OF_ATTORNEY => {
            Err(unprocessable(
                "DOCUMENT_NOT_REQUIRED",
                format!("Pada pengambilan hanya {} yang dilampirkan", adminduk_domain::catalogue::POWER_OF_ATTORNEY),
            ))
        }
        UploadPurpose::PowerOfAttorney
            if !state.actions.iter().any(|a| mine(&a) && a.inputs.contains(&InputKind::Collector)) =>
        {
            Err(AppError::Conflict {
                code: "NOT_READY_FOR_PICKUP",
                message: format!("Permohonan belum siap diambil (status: {})", state.name),
            })
        }
        _ => Ok(()),
    }
}

/// Bytes against what their presign declared: size, checksum, and the type the bytes show.
fn check(upload: &Upload, bytes: &[u8]) -> Result<(), AppError> {
    if bytes.len() as u64 != upload.size {
        return Err(unprocessable(
            "FILE_SIZE_MISMATCH",
            format!("Ukuran berkas {} bita, yang dinyatakan {} bita", bytes.len(), upload.size),
        ));
    }
    if crate::secrets::hex(&Sha256::digest(bytes)) != upload.sha256 {
        return Err(unprocessable(
            "CHECKSUM_MISMATCH",
            "SHA-256 berkas tidak sesuai dengan yang dinyatakan; unggah ulang".into(),
        ));
    }
    if super::filecheck::file_type(bytes) != Some(upload.content_type.as_str()) {
        return Err(unprocessable(
            "FILE_TYPE_NOT_ALLOWED",
            "Isi berkas bukan PDF, JPEG atau PNG utuh seperti yang dinyatakan (tanpa skrip atau isi lain)".into(),
        ));
    }
    Ok(())
}

/// Receives the bytes of an upload through the application (where the blob store cannot take
/// them directly). Everything declared must hold (type header, size, checksum, and the type the
/// bytes themselves show) before anything is stored; then the file is written whole and
/// attached to its case in one write.
#[tracing::instrument(name = "receive_upload", skip_all, fields(upload = %upload_id))]
pub async fn receive(
    app: &App,
    upload_id: &str,
    token: &str,
    content_type: Option<&str>,
    bytes: Vec<u8>,
) -> Result<Case, AppError> {
    app.keys
        .verify_capability(token, &format!("upload:{upload_id}"), app.clock.now())
        .map_err(crate::tokens::link_refused)?;
    let upload = app.store.upload(upload_id).await?.ok_or_else(|| crate::tokens::link_refused(TokenError::Invalid))?;
    if upload.status != UploadStatus::Pending {
        return Err(AppError::Conflict { code: "UPLOAD_DONE", message: "Berkas ini sudah diterima".into() });
    }
    if content_type.map(|c| c.split(';').next().unwrap_or_default().trim()) != Some(upload.content_type.as_str()) {
        return Err(unprocessable("FILE_TYPE_MISMATCH", format!("Content-Type harus {}", upload.content_type)));
    }
    check(&upload, &bytes)?;
    app.blobs.put(&upload.id, bytes).await?;
    attach(app, &upload).await
}

/// What the check on arrival did with a file that reached the blob store directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Arrival {
    Attached {
        case_id: String,
    },
    Rejected {
        code: String,
    },
    /// Checked before (blob stores announce an object at least once).
    AlreadyDone,
    /// Not an upload this application promised, or gone already: nothing is kept.
    Unknown,
}

/// The check on arrival of a file sent straight to the blob store (S3's ObjectCreated event):
/// the bytes must be what was declared and the case must still take them; then the file is
/// attached, else removed and the upload marked rejected with the reason. Failures of the store
/// itself are returned, so that the event is delivered again.
#[tracing::instrument(name = "upload_arrived", skip_all, fields(upload = %upload_id))]
pub async fn arrived(app: &App, upload_id: &str) -> Result<Arrival, AppError> {
    let Some(upload) = app.store.upload(upload_id).await? else {
        app.blobs.delete(upload_id).await?;
        return Ok(Arrival::Unknown);
    };
    match upload.status {
        UploadStatus::Pending => {}
        UploadStatus::Received => return Ok(Arrival::AlreadyDone),
        UploadStatus::Rejected { .. } => {
            app.blobs.delete(upload_id).await?;
            return Ok(Arrival::AlreadyDone);
        }
    }
    let Some(bytes) = app.blobs.get(upload_id).await? else {
        return Ok(Arrival::Unknown);
    };
    let outcome = match check(&upload, &bytes) {
        Ok(()) => attach(app, &upload).await,
        Err(e) => {
            app.blobs.delete(&upload.id).await?;
            Err(e)
        }
    };
    match outcome {
        Ok(case) => Ok(Arrival::Attached { case_id: case.id }),
        Err(AppError::Unprocessable { code, message } | AppError::Conflict { code, message }) => {
            let status = UploadStatus::Rejected { code: code.to_string(), message };
            let rejected = Upload { status, ..upload };
            app.store.commit(vec![Write::PutUpload(rejected)]).await?;
            Ok(Arrival::Rejected { code: code.to_string() })
        }
        Err(e) => Err(e),
    }
}

/// Marks the files of a case being filed as kept, so that the clean-up of abandoned drafts
/// leaves them; a file already cleaned up must be uploaded again.
pub(super) async fn keep_documents(app: &App, documents: &[AttachedDocument]) -> Result<(), AppError> {
    for doc in documents {
        if !app.blobs.keep(&doc.upload_id).await? {
            let name = app.catalogue.document(&doc.document).map_or(doc.document.as_str(), |d| d.name.as_str());
            return Err(unprocessable(
                "DOCUMENT_EXPIRED",
                format!("Berkas {name} sudah dihapus karena draf lama tidak diajukan; unggah ulang"),
            ));
        }
    }
    Ok(())
}

/// Attaches a stored upload to its case, replacing an earlier file for the same requirement;
/// the file is removed again when the case no longer takes it.
async fn attach(app: &App, upload: &Upload) -> Result<Case, AppError> {
    // Other uploads of the same case may land at the same moment: attach again on a conflict.
    for _ in 0..8 {
        let case = app.store.case(&upload.case_id).await?.ok_or_else(super::not_found)?;
        // The same upload arriving twice (a resent request, a repeated bucket event) attaches once.
        if app.store.upload(&upload.id).await?.is_some_and(|u| u.status == UploadStatus::Received) {
            return Ok(case);
        }
        let super::Resolved { workflow, variant, .. } = super::resolve(app, &case)?;
        let takes_it = match upload.purpose {
            UploadPurpose::Requirement => reporters_turn(workflow, &case),
            UploadPurpose::Product | UploadPurpose::PowerOfAttorney => case.outcome.is_none(),
        };
        if !takes_it {
            app.blobs.delete(&upload.id).await?;
            return Err(AppError::Conflict {
                code: "CASE_NOT_EDITABLE",
                message: "Permohonan sudah diajukan atau selesai; berkas tidak dapat ditambah".into(),
            });
        }
        let attached = AttachedDocument {
            document: upload.document.clone(),
            upload_id: upload.id.clone(),
            content_type: upload.content_type.clone(),
            size: upload.size,
            sha256: upload.sha256.clone(),
            reused_from: None,
        };
        if case.submitted_at.is_some() {
            // A case returned for a fix is filed already: its new file is kept at once.
            keep_documents(app, std::slice::from_ref(&attached)).await?;
        }
        let mut updated = case.clone();
        let (document, upload_id) = (upload.document.clone(), upload.id.clone());
        let (list, kind) = match upload.purpose {
            UploadPurpose::Product => (&mut updated.issued, CaseEventKind::ProductAttached { document, upload_id }),
            _ => (&mut updated.documents, CaseEventKind::DocumentAttached { document, upload_id }),
        };
        // One file stands for a requirement unless it takes several (up to its count: files
        // presigned together may arrive beyond it).
        let room = variant.requirements.iter().find(|r| r.document == upload.document).map_or(1, |r| r.files());
        if upload.purpose != UploadPurpose::Requirement || room == 1 {
            list.retain(|d| d.document != upload.document);
        } else if list.iter().filter(|d| d.document == upload.document).count() >= room {
            app.blobs.delete(&upload.id).await?;
            return Err(unprocessable("FILES_TOO_MANY", format!("Paling banyak {room} berkas untuk dokumen ini")));
        }
        list.push(attached);
        updated.updated_at = app.clock.now();
        let received = Upload { status: UploadStatus::Received, ..upload.clone() };
        let event = CaseEvent {
            case_id: case.id.clone(),
            at: updated.updated_at,
            actor: upload.sender.clone().unwrap_or_else(|| case.reporter.clone()),
            role: None,
            kind,
        };
        let writes = vec![
            super::listing::update(app, updated.clone(), case.version),
            Write::PutUpload(received),
            Write::AppendCaseEvent(event),
        ];
        match app.store.commit(writes).await {
            Ok(()) => return Ok(Case { version: case.version + 1, ..updated }),
            Err(CommitError::Changed(Guard::Case(_) | Guard::Transaction)) => continue,
            Err(e) => {
                app.blobs.delete(&upload.id).await?;
                return Err(e.into());
            }
        }
    }
    app.blobs.delete(&upload.id).await?;
    Err(AppError::Conflict { code: "CHANGED_CONCURRENTLY", message: "Permohonan sedang diubah; unggah ulang".into() })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentLink {
    pub url: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Whether some action of `workflow` writes `document` as a letter (its `produces`).
fn written_by_a_step(app: &App, workflow: &adminduk_domain::workflow::Workflow, document: &str) -> bool {
    let letters = workflow.states.iter().flat_map(|s| &s.actions).filter_map(|a| a.produces.as_deref());
    letters.filter_map(|key| app.catalogue.letter(key)).any(|letter| letter.product == document)
}

/// A short-lived link to one of a case's documents. Every officer's view is written into the
/// case's history (UU 27/2022: processing of personal data is recorded).
pub async fn view_document(
    app: &App,
    actor: &Actor,
    case_id: &str,
    upload_id: &str,
    from: &crate::auth::ClientAddress,
) -> Result<DocumentLink, AppError> {
    let who = actor.person()?;
    let case = visible_case(app, who, case_id).await?;
    let super::Resolved { state, .. } = super::resolve(app, &case)?;
    let issued = if super::sees_products(who, state) { case.issued.as_slice() } else { &[] };
    let doc = case.documents.iter().chain(issued).find(|d| d.upload_id == upload_id);
    let doc = doc.ok_or_else(|| AppError::NotFound {
        code: "DOCUMENT_NOT_FOUND",
        message: "Dokumen tidak ditemukan pada permohonan ini".into(),
    })?;
    let now = app.clock.now();
    // Someone else's view is recorded, in one commit: the audit line and the person's processing
    // record, and for an officer a line in the case's history too.
    if super::someone_else(who, &case) {
        let detail = serde_json::json!({ "upload": upload_id, "document": doc.document });
        let nik = case.applicant.nik.as_ref();
        let mut writes = crate::auth::read_writes(app, who.id(), "document_viewed", &case.id, detail, nik, from);
        if let Person::Officer { account, .. } = &who {
            let kind =
                CaseEventKind::DocumentViewed { document: doc.document.clone(), upload_id: doc.upload_id.clone() };
            let role = account.roles.first().copied();
            let event = CaseEvent { case_id: case.id.clone(), at: now, actor: account.id.clone(), role, kind };
            writes.push(Write::AppendCaseEvent(event));
        }
        app.store.commit(writes).await?;
    }
    let ttl = app.settings.download_url_ttl;
    let expires_at = now + ttl;
    let name = file_name(&case, doc);
    if let Some(url) = app.blobs.presign_get(upload_id, &doc.content_type, &name, ttl).await? {
        return Ok(DocumentLink { url, expires_at });
    }
    let link = capability_link(app, &format!("/api/v1/files/{upload_id}"), format!("download:{upload_id}"), expires_at);
    Ok(DocumentLink { url: format!("{link}&name={name}"), expires_at })
}

/// What a downloaded document is called: its requirement or product and the case's number
/// ("akta_kelahiran-7306-2026-000001.pdf"), in characters safe in a header and a URL.
fn file_name(case: &Case, doc: &AttachedDocument) -> String {
    let stem = format!("{}-{}", doc.document, case.number.as_deref().unwrap_or(&case.id));
    format!("{}.{}", safe_file_name(&stem), extension(&doc.content_type))
}

/// The extension of a checked file type.
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    }
}

/// Letters, digits, `-`, `_` and `.` only: a name taken from a link goes into a header.
pub fn safe_file_name(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).take(100).collect()
}

/// The bytes behind a download link, with their type.
pub async fn download(app: &App, upload_id: &str, token: &str) -> Result<(String, Vec<u8>), AppError> {
    app.keys
        .verify_capability(token, &format!("download:{upload_id}"), app.clock.now())
        .map_err(crate::tokens::link_refused)?;
    let upload = app.store.upload(upload_id).await?.filter(|u| u.status == UploadStatus::Received);
    let upload = upload
        .ok_or_else(|| AppError::NotFound { code: "DOCUMENT_NOT_FOUND", message: "Dokumen tidak ditemukan".into() })?;
    let bytes =
        app.blobs.get(upload_id).await?.ok_or_else(|| AppError::internal(format!("berkas {upload_id} hilang")))?;
    Ok((upload.content_type, bytes))
}
