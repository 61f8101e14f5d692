//! Routes only the local server mounts: the mailbox that stands in for SMS and e-mail. It shows
//! one-time codes, so it is served on the loopback address of a development machine only.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use super::extract::Query;
use crate::error::AppError;
use crate::ports::{Delivered, Mailbox};

pub fn mailbox_routes(mailbox: Arc<dyn Mailbox>) -> Router {
    Router::new().route("/api/v1/local/mailbox", get(list)).with_state(mailbox)
}

#[derive(Deserialize)]
struct Filter {
    recipient: Option<String>,
    limit: Option<u32>,
}

async fn list(
    State(mailbox): State<Arc<dyn Mailbox>>,
    Query(f): Query<Filter>,
) -> Result<Json<Vec<Delivered>>, AppError> {
    Ok(Json(mailbox.delivered(f.recipient.as_deref(), f.limit.unwrap_or(50).min(500)).await?))
}
