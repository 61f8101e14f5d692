//! Health and the public keys.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use crate::App;

pub fn routes() -> Router<App> {
    Router::new().route("/health", get(health)).route("/.well-known/jwks.json", get(jwks))
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

async fn jwks(State(app): State<App>) -> Json<serde_json::Value> {
    Json(app.keys.jwks())
}
