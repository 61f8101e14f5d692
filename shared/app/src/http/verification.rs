//! /api/v1/verifications: batch NIK verification for partners' systems, in one request or, for
//! large batches, as a file answered by a job.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;

use super::extract::{Body as JsonBody, Path, Query};
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::{AppError, ErrorBody};
use crate::verification::jobs::{self, JobView, NewJob};
use crate::verification::{self, Format};

/// The routes that carry a job's file and its answers through the application itself, where
/// the blob store cannot sign its own URLs (files on disk); on S3 the partner uses the bucket.
pub fn transfer_routes() -> Router<App> {
    Router::new()
        .route("/api/v1/verifications/files/{id}", put(receive))
        .route("/api/v1/verifications/files/{id}/answers", get(answers_file))
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn receive(
    State(app): State<App>,
    Path(id): Path<String>,
    Query(q): Query<TokenQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<JobView>, AppError> {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let token = q.token.as_deref().unwrap_or_default();
    Ok(Json(jobs::receive(&app, &id, token, content_type, body.into_data_stream()).await?))
}

async fn answers_file(
    State(app): State<App>,
    Path(id): Path<String>,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let (content_type, name, bytes) = jobs::answers_file(&app, &id, q.token.as_deref().unwrap_or_default()).await?;
    let headers = [(CONTENT_TYPE, content_type), (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))];
    Ok((headers, Body::from_stream(bytes)).into_response())
}

/// Opens a job for a batch too large for one request (up to 100,000 records, 51 MB): declare
/// the file's form, length and SHA-256, then PUT it to `upload.url` with `upload.headers`, and
/// poll the job until `status` is `done` (download `answers.url`) or `failed` (`problem`).
#[utoipa::path(
    post,
    path = "/api/v1/verifications/jobs",
    operation_id = "verification_job_create",
    tag = "mitra",
    request_body = NewJob,
    responses(
        (status = 201, body = JobView),
        ErrorBody,
    )
)]
pub(super) async fn create_job(
    State(app): State<App>,
    actor: Actor,
    from: ClientAddress,
    JsonBody(new): JsonBody<NewJob>,
) -> Result<(StatusCode, Json<JobView>), AppError> {
    Ok((StatusCode::CREATED, Json(jobs::create(&app, &actor, &from, new).await?)))
}

/// A job of the calling system, as it stands: awaiting its file (with where to send it),
/// running, done (with its counts and where to download the answers) or failed (with why).
#[utoipa::path(
    get,
    path = "/api/v1/verifications/jobs/{id}",
    operation_id = "verification_job_status",
    tag = "mitra",
    params(("id" = String, Path)),
    responses(
        (status = 200, body = JobView),
        ErrorBody,
    )
)]
pub(super) async fn job_status(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<JobView>, AppError> {
    Ok(Json(jobs::status(&app, &actor, &id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct BatchQuery {
    /// Why the partner checks these people (kept in the audit log), 5 to 200 characters.
    purpose: Option<String>,
}

/// Checks up to 100,000 records against the register: a partner's system under a PKS in force.
/// Send JSON lines (`application/x-ndjson`: `{"nik", "name", "birth_date", "birth_place"?,
/// "sex"?, "no_kk"?, "reference"?}` per line) or CSV (`text/csv`, a header with those names);
/// the answers come back in the same form, one per record, while they are made: `status`
/// (`found`, `not_found`, `deceased`, `inactive`, `invalid`) and, for a found NIK, whether each
/// field sent matches. No register data comes back.
#[utoipa::path(
    post,
    path = "/api/v1/verifications",
    operation_id = "verify_batch",
    tag = "mitra",
    params(BatchQuery),
    request_body(
        content(
            (String = "application/x-ndjson"),
            (String = "text/csv"),
        )
    ),
    responses(
        (status = 200, description = "Satu jawaban per rekaman, JSON lines atau CSV sesuai kiriman", content(
            (String = "application/x-ndjson"),
            (String = "text/csv"),
        )),
        ErrorBody,
    )
)]
pub(super) async fn verify(
    State(app): State<App>,
    actor: Actor,
    from: ClientAddress,
    headers: HeaderMap,
    Query(q): Query<BatchQuery>,
    body: Body,
) -> Result<Response, AppError> {
    let client = verification::partner(&app, &actor).await?;
    let purpose = verification::purpose(q.purpose.as_deref())?;
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (format, answer_type) = if content_type.starts_with("text/csv") {
        (Format::Csv, "text/csv; charset=utf-8")
    } else if content_type.starts_with("application/x-ndjson") || content_type.starts_with("application/jsonl") {
        (Format::Jsonl, "application/x-ndjson")
    } else {
        return Err(AppError::BadRequest {
            code: "CONTENT_TYPE_UNSUPPORTED",
            message: "Kirim rekaman sebagai application/x-ndjson atau text/csv".into(),
        });
    };
    let (answers, _) = verification::answers(app, client.id, purpose, format, body.into_data_stream(), from).await?;
    Ok(([(CONTENT_TYPE, answer_type)], Body::from_stream(answers)).into_response())
}
