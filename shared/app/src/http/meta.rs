//! Health and the public keys.

use axum::Json;
use axum::extract::State;

use crate::App;

pub(super) async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

pub(super) async fn jwks(State(app): State<App>) -> Json<serde_json::Value> {
    Json(app.keys.jwks())
}
