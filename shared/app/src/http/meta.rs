//! Health and the public keys.

use axum::Json;
use axum::extract::State;

use crate::App;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct Health {
    #[schema(example = "ok")]
    status: &'static str,
}

#[utoipa::path(
    get,
    path = "/health",
    tag = "meta",
    responses(
        (status = 200, body = Health),
    )
)]
pub(super) async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "Dokumen OpenAPI 3.1 ini", body = Object)),
)]
pub(super) async fn openapi() -> impl axum::response::IntoResponse {
    // The committed copy, which a test holds equal to the one the annotations describe: served
    // as it is, so that no function carries the code that builds it.
    const DOCUMENT: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/openapi.json"));
    ([(axum::http::header::CONTENT_TYPE, "application/json")], DOCUMENT)
}

#[utoipa::path(
    get,
    path = "/.well-known/jwks.json",
    tag = "meta",
    responses(
        (status = 200, description = "Kunci publik penanda tangan token (JWKS)", body = Object),
    )
)]
pub(super) async fn jwks(State(app): State<App>) -> Json<serde_json::Value> {
    Json(app.keys.jwks())
}
