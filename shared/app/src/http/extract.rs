//! Extractors that turn what a request carries into typed values, or into our errors.

use std::net::SocketAddr;

use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;

/// A JSON body; a malformed one is a 400, one of the wrong shape a 422, both in our format and
/// in Indonesian, naming the field (serde's own words are for programmers, not officers).
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|essence| essence.trim().to_ascii_lowercase())
            .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"));
        if !json {
            return Err(AppError::BadRequest {
                code: "REQUEST_MALFORMED",
                message: "Permintaan harus berupa JSON (Content-Type: application/json)".into(),
            });
        }
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(bytes_refused)?;
        let mut reader = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut reader)
            .map_err(|e| refused_json(&e.path().to_string(), e.inner()))?;
        reader.end().map_err(|e| refused_json(".", &e))?;
        Ok(Body(value))
    }
}

/// A body that is no JSON (400), or JSON of the wrong shape (422, naming the field).
fn refused_json(field: &str, e: &serde_json::Error) -> AppError {
    if !e.is_data() {
        return AppError::BadRequest {
            code: "REQUEST_MALFORMED",
            message: format!("Permintaan bukan JSON yang sah (baris {}, kolom {})", e.line(), e.column()),
        };
    }
    let serde_message = e.to_string();
    let what = explain(&serde_message);
    // An unknown field's path ends with it, and the explanation names it already.
    let field = match serde_message.starts_with("unknown field") {
        true => field.rsplit_once('.').map_or(".", |(parent, _)| parent),
        false => field,
    };
    let message = if field == "." {
        format!("Isian permintaan tidak sesuai: {what}")
    } else {
        format!("Isian permintaan tidak sesuai pada `{field}`: {what}")
    };
    AppError::Unprocessable { code: "REQUEST_INVALID", message }
}

/// serde's account of a wrong shape, in the words of the form.
fn explain(serde_message: &str) -> String {
    let quoted = |text: &str| text.split('`').nth(1).unwrap_or_default().to_string();
    let expected = serde_message.rsplit_once("expected ").map_or("", |(_, e)| e);
    let expected = expected.split(" at line").next().unwrap_or_default();
    let wanted = match expected {
        e if e.starts_with('u') && e[1..].parse::<u8>().is_ok() => "bilangan bulat tidak negatif",
        e if e.starts_with('i') && e[1..].parse::<u8>().is_ok() => "bilangan bulat",
        e if e.starts_with('f') && e[1..].parse::<u8>().is_ok() => "angka",
        "a string" | "a borrowed string" => "teks",
        "a boolean" => "true atau false",
        "a sequence" => "daftar",
        e if e.starts_with("struct") || e.starts_with("a map") => "objek",
        _ => "",
    };
    let wanted = if wanted.is_empty() { String::new() } else { format!(" (harus {wanted})") };
    if serde_message.starts_with("unknown field") {
        format!("isian `{}` tidak dikenal", quoted(serde_message))
    } else if serde_message.starts_with("missing field") {
        format!("isian `{}` wajib ada", quoted(serde_message))
    } else if serde_message.starts_with("unknown variant") {
        format!("pilihan `{}` tidak dikenal", quoted(serde_message))
    } else if serde_message.starts_with("invalid type") {
        format!("jenis nilainya tidak sesuai{wanted}")
    } else if serde_message.starts_with("invalid length") {
        "jumlah isiannya tidak sesuai".to_string()
    } else {
        format!("nilainya tidak sah{wanted}")
    }
}

/// The caller of a request, as its route's guard resolved and admitted it (see
/// [`super::access`]); a route declared public has none.
impl FromRequestParts<App> for Actor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &App) -> Result<Self, Self::Rejection> {
        parts.extensions.remove::<Actor>().ok_or_else(|| AppError::internal("a public route asked for its caller"))
    }
}

/// The caller's address, for rate limits and the audit log. The local server knows it from
/// the connection.
impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(a)| a.ip().to_string());
        Ok(ClientAddress { ip: address })
    }
}

fn too_large() -> AppError {
    AppError::TooLarge { code: "BODY_TOO_LARGE", message: "Isi permintaan melebihi batas ukuran yang diterima".into() }
}

fn bytes_refused(e: BytesRejection) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        AppError::BadRequest {
            code: "REQUEST_MALFORMED",
            message: format!("Isi permintaan tidak terbaca: {}", e.body_text()),
        }
    }
}

/// The raw bytes of a body; one over the route's limit is a 413 in our format.
pub struct RawBody(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::body::Bytes::from_request(req, state).await.map(RawBody).map_err(bytes_refused)
    }
}

/// Query parameters; wrong ones are a 400 in our format (axum's own answer is plain text).
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state).await.map(|q| Query(q.0)).map_err(|e| {
            AppError::BadRequest {
                code: "QUERY_INVALID",
                message: format!("Parameter alamat tidak sah: {}", e.body_text()),
            }
        })
    }
}

/// Path segments; wrong ones are a 400 in our format.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state).await.map(|p| Path(p.0)).map_err(|e| {
            AppError::BadRequest { code: "PATH_INVALID", message: format!("Alamat tidak sah: {}", e.body_text()) }
        })
    }
}
