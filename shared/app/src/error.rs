//! The one error enum of the application boundary. Each variant fixes the HTTP status; every
//! error carries a stable machine code and a message in Bahasa Indonesia.

use adminduk_domain::Coded;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::ports::{CommitError, Guard, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    /// The request itself is malformed (400).
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// Not logged in, or the credentials are wrong (401).
    #[error("{message}")]
    Unauthenticated { code: &'static str, message: String },
    /// Logged in, but not allowed (403).
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    #[error("{message}")]
    NotFound { code: &'static str, message: String },
    /// Conflicts with what exists (409).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Acted on a stale version (409); `current` is what the record is now.
    #[error("{message}")]
    Stale { code: &'static str, message: String, current: Box<serde_json::Value> },
    /// Well-formed, but a value or a rule says no (422).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// Several values of a form are wrong (422); `problems` lists them field by field.
    #[error("{message}")]
    Invalid { code: &'static str, message: String, problems: Vec<Problem> },
    /// The body is larger than the route takes (413).
    #[error("{message}")]
    TooLarge { code: &'static str, message: String },
    /// Too many attempts; try again after `retry_after` seconds (429).
    #[error("{message}")]
    TooManyRequests { code: &'static str, message: String, retry_after: u64 },
    /// Something failed on our side (500); the detail goes to the log, not to the client.
    #[error("Terjadi gangguan pada sistem; silakan coba lagi")]
    Internal(String),
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest { code, .. }
            | AppError::Unauthenticated { code, .. }
            | AppError::Forbidden { code, .. }
            | AppError::NotFound { code, .. }
            | AppError::Conflict { code, .. }
            | AppError::Stale { code, .. }
            | AppError::Unprocessable { code, .. }
            | AppError::Invalid { code, .. }
            | AppError::TooLarge { code, .. }
            | AppError::TooManyRequests { code, .. } => code,
            AppError::Internal(_) => "INTERNAL",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } | AppError::Stale { .. } => StatusCode::CONFLICT,
            AppError::Unprocessable { .. } | AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A domain value or rule that said no.
    pub fn invalid(e: &impl Coded) -> AppError {
        AppError::Unprocessable { code: e.code(), message: e.to_string() }
    }

    pub fn forbidden(e: &impl Coded) -> AppError {
        AppError::Forbidden { code: e.code(), message: e.to_string() }
    }

    pub fn internal(e: impl std::fmt::Display) -> AppError {
        AppError::Internal(e.to_string())
    }

    /// The 409 for a write that lost a race; the caller reads again and retries.
    pub fn changed_concurrently() -> AppError {
        AppError::Conflict {
            code: "CHANGED_CONCURRENTLY",
            message: "Data berubah pada saat yang sama; muat ulang dan coba lagi".into(),
        }
    }
}

/// An error and every cause under it, for the log.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        AppError::Internal(chain(&e))
    }
}

/// One thing wrong with a request: a field of a form, or a required document not yet uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Problem {
    /// `field` is a path such as `saksi.1.nik`.
    Field {
        field: String,
        code: String,
        message: String,
    },
    Document {
        document: String,
        name: Option<String>,
    },
}

impl Problem {
    pub(crate) fn field(field: &str, code: &str, message: &str) -> Problem {
        Problem::Field { field: field.into(), code: code.into(), message: message.into() }
    }
}

/// Every problem of a form or document at once, each naming its field.
pub(crate) fn field_problems(code: &'static str, problems: Vec<adminduk_domain::case::FieldProblem>) -> AppError {
    let message = problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ");
    let problems = problems.iter().map(|p| Problem::field(&p.field, p.code, &p.message)).collect();
    AppError::Invalid { code, message, problems }
}

/// What a failed write set means to the caller, by the guard that failed.
impl From<CommitError> for AppError {
    fn from(e: CommitError) -> AppError {
        let conflict = |code, message: &str| AppError::Conflict { code, message: message.into() };
        match e {
            CommitError::Exists(Guard::Alias(alias)) => match alias.split_once(':').map(|(kind, _)| kind) {
                Some("nik") => {
                    conflict("NIK_TAKEN", "NIK ini sudah memiliki akun; silakan masuk atau atur ulang kata sandi")
                }
                Some("email") => conflict("EMAIL_TAKEN", "Email ini sudah dipakai akun lain"),
                Some("phone") => conflict("PHONE_TAKEN", "Nomor telepon ini sudah dipakai akun lain"),
                _ => conflict("ACCOUNT_EXISTS", "Akun sudah ada"),
            },
            CommitError::Exists(Guard::Account(_)) => conflict("ACCOUNT_EXISTS", "Akun sudah ada"),
            CommitError::Exists(Guard::Case(_)) => conflict("CASE_EXISTS", "Permohonan ini sudah dibuat"),
            CommitError::Exists(Guard::IdempotencyKey { .. }) => conflict(
                "IDEMPOTENCY_KEY_USED",
                "Kunci idempotensi ini sudah dipakai untuk permintaan lain; gunakan kunci baru",
            ),
            CommitError::Exists(Guard::Report(_)) => conflict(
                "REPORT_CHANGED",
                "Laporan ini baru saja dikirim versi lain; periksa versi terbarunya lalu kirim lagi",
            ),
            CommitError::Changed(Guard::Case(_)) => {
                conflict("CASE_CHANGED", "Permohonan sudah diubah oleh orang lain; periksa status terbarunya")
            }
            CommitError::Changed(_) => AppError::changed_concurrently(),
            CommitError::Full(_) => conflict("SLOT_FULL", "Sesi ini baru saja penuh; pilih sesi lain"),
            // Random identifiers and numbers given once each never collide unless something is
            // wrong on our side.
            e @ (CommitError::Exists(
                Guard::RefreshToken
                | Guard::CaseNumber(_)
                | Guard::Slot(_)
                | Guard::Client(_)
                | Guard::Job(_)
                | Guard::Transaction,
            )
            | CommitError::Store(_)) => AppError::Internal(chain(&e)),
        }
    }
}

/// Every refusal: a stable machine code and a message in Bahasa Indonesia.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    #[schema(example = "CASE_CHANGED")]
    pub code: &'static str,
    pub message: String,
    /// On a stale version (409): the record as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<serde_json::Value>,
    /// On a form that is wrong in several places (422): every problem, field by field, or the
    /// documents still missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<Problem>>,
}

/// The refusal every route documents beside its success: `responses((status = 200, ...), ErrorBody)`.
impl utoipa::IntoResponses for ErrorBody {
    fn responses() -> std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::response::Response>> {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
        let refused = ResponseBuilder::new()
            .description("Ditolak: kode yang tetap dan pesan dalam Bahasa Indonesia")
            .content("application/json", body)
            .build();
        [("4XX".to_string(), refused.into())].into()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let (current, problems) = match &self {
            AppError::Stale { current, .. } => (Some(current.as_ref().clone()), None),
            AppError::Invalid { problems, .. } => (None, Some(problems.clone())),
            _ => (None, None),
        };
        let body = ErrorBody { code: self.code(), message: self.to_string(), current, problems };
        let mut response = (self.status(), Json(body)).into_response();
        if let AppError::TooManyRequests { retry_after, .. } = self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}
