//! /api/v1/verifications: batch NIK verification for partners' systems.

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::Query;
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::{AppError, ErrorBody};
use crate::verification::{self, Format};

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
        (Format::JsonLines, "application/x-ndjson")
    } else {
        return Err(AppError::BadRequest {
            code: "CONTENT_TYPE_UNSUPPORTED",
            message: "Kirim rekaman sebagai application/x-ndjson atau text/csv".into(),
        });
    };
    let answers = verification::answers(app, client.id, purpose, format, body.into_data_stream(), from).await?;
    Ok(([(CONTENT_TYPE, answer_type)], Body::from_stream(answers)).into_response())
}
