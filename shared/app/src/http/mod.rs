//! The HTTP API: axum routers grouped by capability, merged into one router for the local
//! server (each Lambda function serves its own group).

mod admin;
mod auth;
mod cases;
mod extract;
mod local;
mod meta;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::App;
use crate::error::AppError;

pub use extract::{Bearer, Body};
pub use local::mailbox_routes;

/// Every route of the API.
pub fn router(app: App) -> Router {
    Router::new()
        .merge(meta::routes())
        .merge(auth::routes())
        .merge(admin::routes())
        .merge(cases::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app)
}

async fn not_found() -> AppError {
    AppError::NotFound { code: "ROUTE_NOT_FOUND", message: "Alamat tidak ditemukan".into() }
}

async fn method_not_allowed() -> Response {
    let body = axum::Json(
        serde_json::json!({ "code": "METHOD_NOT_ALLOWED", "message": "Metode tidak didukung untuk alamat ini" }),
    );
    (StatusCode::METHOD_NOT_ALLOWED, body).into_response()
}
