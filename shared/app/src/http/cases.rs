//! /api/v1/cases, uploads, files and the officers' queue.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;

use super::extract::{Body, Path, Query, RawBody};
use super::pdf_file;
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::cases::{self, ActRequest, CaseView, DocumentLink, NewCase, Presign, Presigned, QueueView, UploadView};
use crate::error::{AppError, ErrorBody};
use crate::ports::Case;

/// The routes that carry file bytes through the application itself: used where the blob store
/// cannot hand out its own signed URLs (files on disk). On S3 the bytes go to the bucket directly.
pub fn transfer_routes() -> Router<App> {
    // The largest any requirement may allow; each upload is then held to its own declared size.
    let max_mb = *adminduk_domain::catalogue::UPLOAD_LIMIT_MB.end() as usize;
    let body_limit = max_mb * 1024 * 1024 + 64 * 1024;
    Router::new()
        .route("/api/v1/uploads/{upload}", put(receive).layer(DefaultBodyLimit::max(body_limit)))
        .route("/api/v1/files/{upload}", get(file))
}

/// The `Idempotency-Key` header: repeating a request with the same key answers with the first
/// result.
#[derive(utoipa::IntoParams)]
#[into_params(names("Idempotency-Key"), parameter_in = Header)]
pub(super) struct IdempotencyKey(Option<String>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, AppError> {
        match parts.headers.get("idempotency-key") {
            None => Ok(IdempotencyKey(None)),
            Some(v) => match v.to_str().map(str::trim) {
                Ok(k) if !k.is_empty() && k.len() <= 128 => Ok(IdempotencyKey(Some(k.to_string()))),
                _ => Err(AppError::BadRequest {
                    code: "IDEMPOTENCY_KEY_INVALID",
                    message: "Idempotency-Key harus 1 sampai 128 karakter".into(),
                }),
            },
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/cases",
    tag = "permohonan",
    request_body = NewCase,
    params(IdempotencyKey),
    responses(
        (status = 201, body = Case),
        ErrorBody,
    )
)]
pub(super) async fn create(
    State(app): State<App>,
    actor: Actor,
    IdempotencyKey(key): IdempotencyKey,
    Body(n): Body<NewCase>,
) -> Result<(StatusCode, Json<Case>), AppError> {
    Ok((StatusCode::CREATED, Json(cases::create_draft(&app, &actor, n, key.as_deref()).await?)))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases",
    tag = "permohonan",
    responses(
        (status = 200, body = Vec<cases::CaseSummary>),
        ErrorBody,
    )
)]
pub(super) async fn list_mine(State(app): State<App>, actor: Actor) -> Result<Json<Vec<cases::CaseSummary>>, AppError> {
    Ok(Json(cases::list_mine(&app, &actor).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}",
    tag = "permohonan",
    params(("id" = String, Path)),
    responses(
        (status = 200, body = CaseView),
        ErrorBody,
    )
)]
pub(super) async fn get_case(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<CaseView>, AppError> {
    Ok(Json(cases::get(&app, &actor, &id, &from).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AnswersBody {
    version: u64,
    /// Form answers by field code (see the service's form in the catalogue).
    #[schema(value_type = std::collections::BTreeMap<String, serde_json::Value>)]
    answers: adminduk_domain::case::Answers,
}

#[utoipa::path(
    put,
    path = "/api/v1/cases/{id}/answers",
    tag = "permohonan",
    request_body = AnswersBody,
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Case),
        ErrorBody,
    )
)]
pub(super) async fn answers(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Body(b): Body<AnswersBody>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(cases::update_answers(&app, &actor, &id, b.version, b.answers).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/corrections",
    tag = "petugas",
    request_body = cases::Correction,
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Case),
        ErrorBody,
    )
)]
pub(super) async fn correct(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Body(c): Body<cases::Correction>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(cases::correct(&app, &actor, &id, c).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/reusable",
    tag = "berkas",
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Vec<cases::Reusable>),
        ErrorBody,
    )
)]
pub(super) async fn reusable(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Vec<cases::Reusable>>, AppError> {
    Ok(Json(cases::reusable(&app, &actor, &id).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/reuse",
    tag = "berkas",
    request_body = cases::Reuse,
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Case),
        ErrorBody,
    )
)]
pub(super) async fn reuse(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Body(r): Body<cases::Reuse>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(cases::reuse(&app, &actor, &id, r).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct VersionQuery {
    /// The version of the case the caller saw.
    version: u64,
}

#[utoipa::path(
    delete,
    path = "/api/v1/cases/{id}",
    tag = "permohonan",
    params(("id" = String, Path), VersionQuery),
    responses(
        (status = 204, description = "Draf dihapus"),
        ErrorBody,
    )
)]
pub(super) async fn delete_draft(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Query(q): Query<VersionQuery>,
) -> Result<StatusCode, AppError> {
    cases::delete_draft(&app, &actor, &id, q.version).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/uploads",
    tag = "berkas",
    request_body = Presign,
    params(("id" = String, Path)),
    responses(
        (status = 201, body = Presigned),
        ErrorBody,
    )
)]
pub(super) async fn presign(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Body(p): Body<Presign>,
) -> Result<(StatusCode, Json<Presigned>), AppError> {
    Ok((StatusCode::CREATED, Json(cases::presign(&app, &actor, &id, p).await?)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct MonthQuery {
    /// `YYYY-MM`, e.g. `2026-11`.
    #[param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    month: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/figures",
    tag = "petugas",
    params(MonthQuery),
    responses(
        (status = 200, body = cases::Figures),
        ErrorBody,
    )
)]
pub(super) async fn figures(
    State(app): State<App>,
    actor: Actor,
    Query(q): Query<MonthQuery>,
) -> Result<Json<cases::Figures>, AppError> {
    Ok(Json(cases::figures(&app, &actor, &q.month).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/uploads/{upload}",
    tag = "berkas",
    params(("id" = String, Path), ("upload" = String, Path)),
    responses(
        (status = 200, body = UploadView),
        ErrorBody,
    )
)]
pub(super) async fn upload_status(
    State(app): State<App>,
    actor: Actor,
    Path((id, upload)): Path<(String, String)>,
) -> Result<Json<UploadView>, AppError> {
    Ok(Json(cases::upload_status(&app, &actor, &id, &upload).await?))
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
    /// The file's name on a download link.
    name: Option<String>,
}

async fn receive(
    State(app): State<App>,
    Path(upload): Path<String>,
    Query(q): Query<TokenQuery>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Json<Case>, AppError> {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    Ok(Json(cases::receive(&app, &upload, q.token.as_deref().unwrap_or_default(), content_type, body.to_vec()).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SubmitBody {
    version: u64,
    /// The reporter states that the data and documents are true and answers for them (at a
    /// counter: the officer confirms the walk-in signed that statement). Required.
    #[serde(default)]
    declared: bool,
    /// What the filing action asks for, if anything (a quantity of KTP-el blanks).
    #[serde(default)]
    inputs: adminduk_domain::workflow::ActionInputs,
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/submit",
    tag = "permohonan",
    request_body = SubmitBody,
    params(("id" = String, Path), IdempotencyKey),
    responses(
        (status = 200, body = Case),
        ErrorBody,
    )
)]
pub(super) async fn submit(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    IdempotencyKey(key): IdempotencyKey,
    Body(b): Body<SubmitBody>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(cases::submit(&app, &actor, &id, b.version, b.declared, b.inputs, key.as_deref()).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/actions",
    tag = "petugas",
    request_body = ActRequest,
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Case),
        ErrorBody,
    )
)]
pub(super) async fn act(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Body(r): Body<ActRequest>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(cases::act(&app, &actor, &id, r).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/history",
    tag = "permohonan",
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Vec<cases::HistoryEntry>),
        ErrorBody,
    )
)]
pub(super) async fn history(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Vec<cases::HistoryEntry>>, AppError> {
    Ok(Json(cases::history(&app, &actor, &id).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/documents/{upload}",
    tag = "berkas",
    params(("id" = String, Path), ("upload" = String, Path)),
    responses(
        (status = 200, body = DocumentLink),
        ErrorBody,
    )
)]
pub(super) async fn document(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path((id, upload)): Path<(String, String)>,
) -> Result<Json<DocumentLink>, AppError> {
    Ok(Json(cases::view_document(&app, &actor, &id, &upload, &from).await?))
}

async fn file(
    State(app): State<App>,
    Path(upload): Path<String>,
    Query(q): Query<TokenQuery>,
) -> Result<impl IntoResponse, AppError> {
    let (content_type, bytes) = cases::download(&app, &upload, q.token.as_deref().unwrap_or_default()).await?;
    // The link's name, as view_document wrote it; whatever else it says is dropped.
    let name = q.name.as_deref().map(cases::safe_file_name).filter(|n| !n.is_empty());
    let name = name.unwrap_or_else(|| format!("{upload}.{}", cases::extension(&content_type)));
    // Shown in the officer's preview, never run: the browser may not guess another type, and
    // the file is a sandboxed document that loads nothing.
    let headers = [
        (CONTENT_TYPE, content_type),
        (CONTENT_DISPOSITION, format!("inline; filename=\"{name}\"")),
        (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        (CONTENT_SECURITY_POLICY, "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox".to_string()),
    ];
    Ok((headers, bytes))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/survey",
    tag = "permohonan",
    request_body = cases::SurveyAnswers,
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Case),
        ErrorBody,
    )
)]
pub(super) async fn survey(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Body(a): Body<cases::SurveyAnswers>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(cases::answer_survey(&app, &actor, &id, a).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct SearchQuery {
    /// A registration number (`7306-2026-000123`) or an applicant's NIK (16 digits).
    q: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "petugas",
    params(SearchQuery),
    responses(
        (status = 200, body = Vec<cases::CaseSummary>),
        ErrorBody,
    )
)]
pub(super) async fn search(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Vec<cases::CaseSummary>>, AppError> {
    Ok(Json(cases::search(&app, &actor, &q.q, &from).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct QueueQuery {
    /// One state only, e.g. `menunggu_verifikasi`.
    state: Option<String>,
    /// The `next` cursor of the page before.
    after: Option<String>,
    /// Cases per page: 25 unless asked, at most 100.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/queue",
    tag = "petugas",
    params(QueueQuery),
    responses(
        (status = 200, body = QueueView),
        ErrorBody,
    )
)]
pub(super) async fn queue(
    State(app): State<App>,
    actor: Actor,
    Query(q): Query<QueueQuery>,
) -> Result<impl IntoResponse, AppError> {
    let limit = q.limit.unwrap_or(25).clamp(1, 100);
    let page = cases::queue(&app, &actor, q.state.as_deref(), q.after.as_deref(), limit).await?;
    Ok(([(CONTENT_TYPE, "application/json")], page.to_json()))
}

/// The pickup receipt (Resi Pengambilan Dokumen): once the documents are promised, never for a
/// rejected or cancelled case (409 `NO_PICKUP_RECEIPT` says why not yet).
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/receipt.pdf",
    tag = "permohonan",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Resi pengambilan dokumen (PDF) dengan kode QR bertanda tangan", content_type = "application/pdf"),
        ErrorBody,
    )
)]
pub(super) async fn receipt(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    Ok(pdf_file(format!("resi-pengambilan-{id}"), cases::receipt_pdf(&app, &actor, &id).await?))
}

/// The registration slip (Tanda Terima Permohonan) of a filed case; not for pickup.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/slip.pdf",
    tag = "permohonan",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "Tanda terima permohonan (PDF) dengan kode QR bertanda tangan", content_type = "application/pdf"),
        ErrorBody,
    )
)]
pub(super) async fn slip(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    Ok(pdf_file(format!("tanda-terima-{id}"), cases::slip_pdf(&app, &actor, &id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct CodeQuery {
    /// The signed payload of the QR code (or the check page's address holding it).
    code: Option<String>,
    /// Without a QR code: the registration number ...
    number: Option<String>,
    /// ... and the check code printed beside it (e.g. `7K3M-Q9TD`).
    check: Option<String>,
}

/// Public: anyone holding a slip, a pickup receipt or a letter may check it, by its QR code or by
/// the registration number with the check code printed beside it.
#[utoipa::path(
    get,
    path = "/api/v1/receipts/verify",
    tag = "permohonan",
    params(CodeQuery),
    responses(
        (status = 200, body = cases::ReceiptCheck),
        ErrorBody,
    )
)]
pub(super) async fn verify_receipt(
    State(app): State<App>,
    from: ClientAddress,
    Query(q): Query<CodeQuery>,
) -> Result<Json<cases::ReceiptCheck>, AppError> {
    Ok(Json(match (q.code, q.number, q.check) {
        (Some(code), _, _) => cases::verify_receipt(&app, &code).await?,
        (None, Some(number), Some(check)) => cases::verify_by_number(&app, &number, &check, &from).await?,
        _ => {
            return Err(AppError::BadRequest {
                code: "QUERY_INVALID",
                message: "Sertakan kode QR (code), atau nomor registrasi (number) dengan kode cek (check)".into(),
            });
        }
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ReceiptQuery {
    /// The scanned QR code, or the registration number typed from the receipt.
    receipt: String,
}

/// The pickup counter reads a receipt: whose case, what is handed over, whether it is ready, and
/// when and to whom it was collected if it was.
#[utoipa::path(
    get,
    path = "/api/v1/pickup",
    tag = "petugas",
    params(ReceiptQuery),
    responses(
        (status = 200, body = cases::PickupView),
        ErrorBody,
    )
)]
pub(super) async fn pickup_lookup(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Query(q): Query<ReceiptQuery>,
) -> Result<Json<cases::PickupView>, AppError> {
    Ok(Json(cases::lookup(&app, &actor, &q.receipt, &from).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/pickup",
    tag = "petugas",
    request_body = cases::Handover,
    responses(
        (status = 200, body = Case),
        ErrorBody,
    )
)]
pub(super) async fn pickup(
    State(app): State<App>,
    actor: Actor,
    Body(h): Body<cases::Handover>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(cases::hand_over(&app, &actor, h).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/integrations/answers",
    tag = "integrasi",
    request_body = cases::integration::IntegrationAnswer,
    responses(
        (status = 200, body = cases::integration::AnswerRecorded),
        ErrorBody,
    )
)]
/// An outside system (BSrE, biometric deduplication, SIAK) answers on a case: a machine client
/// with the `integrasi.jawaban` scope; each external reference is recorded once.
pub(super) async fn integration_answer(
    State(app): State<App>,
    actor: Actor,
    from: ClientAddress,
    Body(a): Body<cases::integration::IntegrationAnswer>,
) -> Result<Json<cases::integration::AnswerRecorded>, AppError> {
    Ok(Json(cases::integration::record(&app, &actor, a, &from).await?))
}
