//! Extractors that turn what a request carries into typed values, or into our errors.

use std::net::SocketAddr;

use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;

/// A JSON body; a malformed one is a 400, one of the wrong shape a 422, both in our format.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(JsonRejection::BytesRejection(e)) => Err(bytes_refused(e)),
            Err(JsonRejection::JsonDataError(e)) => Err(AppError::Unprocessable {
                code: "REQUEST_INVALID",
                message: format!("Isian permintaan tidak sesuai: {}", e.body_text()),
            }),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::BadRequest {
                code: "REQUEST_MALFORMED",
                message: "Permintaan harus berupa JSON (Content-Type: application/json)".into(),
            }),
            Err(e) => Err(AppError::BadRequest {
                code: "REQUEST_MALFORMED",
                message: format!("Permintaan bukan JSON yang sah: {}", e.body_text()),
            }),
        }
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
