//! The HTTP API: handlers grouped by capability, and one route table (`routes`) saying which
//! Lambda function serves each route. The local server mounts every route.

mod access;
mod admin;
mod appointments;
mod auth;
mod cases;
mod catalogue;
mod events;
mod extract;
mod local;
mod meta;
mod register;
mod reports;
mod routes;
mod trace;
mod verification;
mod web;
mod whatsapp;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::App;
use crate::error::AppError;

pub use access::Access;
pub use extract::Body;
pub use local::mailbox_routes;
pub use routes::{ApiDoc, Function, ROUTES, Route};
pub use web::with_web;

/// Every route of the API, with the application's own upload and download routes: what the
/// local server serves.
pub fn router(app: App) -> Router {
    let all = routes::function_routes::<{ routes::ALL_ROUTES }>(&app);
    // API addresses that match nothing answer in JSON, whatever else is served beside them.
    let all = all
        .merge(cases::transfer_routes())
        .merge(verification::transfer_routes())
        .route("/api/{*rest}", axum::routing::any(not_found));
    finish(all, app)
}

/// The routes one Lambda function serves: `F` is `Function::X as u8`, a constant so that the
/// function's binary carries no other function's handlers.
pub fn function_router<const F: u8>(app: App) -> Router {
    finish(routes::function_routes::<F>(&app), app)
}

fn finish(routes: Router<App>, app: App) -> Router {
    routes
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(trace::span))
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

/// A read's form where it has two: `json` (the default) or `csv` (reports, the audit log).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum Format {
    #[default]
    Json,
    Csv,
}

/// CSV text as a file to save, named `name.csv`.
fn csv_file(name: String, text: String) -> Response {
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    let disposition = format!("attachment; filename=\"{name}.csv\"");
    ([(CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (CONTENT_DISPOSITION, disposition)], text).into_response()
}

/// A PDF shown in the browser, named `name.pdf` when saved.
fn pdf_file(name: String, pdf: Vec<u8>) -> Response {
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    let disposition = format!("inline; filename=\"{name}.pdf\"");
    ([(CONTENT_TYPE, "application/pdf".to_string()), (CONTENT_DISPOSITION, disposition)], pdf).into_response()
}
