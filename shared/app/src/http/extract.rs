//! Extractors that turn what a request carries into typed values, or into our errors.

use std::net::SocketAddr;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::App;
use crate::auth::{ClientAddress, authenticate};
use crate::caller::Actor;
use crate::error::AppError;

/// A JSON body; a malformed one is a 400, one of the wrong shape a 422, both in our format.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
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

/// The caller of a request with an `Authorization: Bearer` token, resolved against the store
/// as it is now (see [`crate::caller`]).
impl FromRequestParts<App> for Actor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(AUTHORIZATION).and_then(|h| h.to_str().ok());
        let claims = authenticate(app, header)?;
        crate::caller::resolve(app, &claims).await
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
