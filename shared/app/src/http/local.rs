//! Routes only the local server mounts: the mailbox that stands in for SMS and e-mail. It shows
//! one-time codes, so it is served on the loopback address of a development machine only.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use super::extract::Query;
use crate::error::AppError;
use crate::ports::{Channel, Delivered, Mailbox};

pub fn mailbox_routes(mailbox: Arc<dyn Mailbox>) -> Router {
    Router::new().route("/api/v1/local/mailbox", get(list)).with_state(mailbox)
}

#[derive(Deserialize)]
struct Filter {
    recipient: Option<String>,
    limit: Option<u32>,
}

/// A delivered message as its recipient sees it: an e-mail with its HTML part too.
#[derive(serde::Serialize)]
struct Seen {
    #[serde(flatten)]
    delivered: Delivered,
    #[serde(skip_serializing_if = "Option::is_none")]
    html: Option<String>,
}

async fn list(State(mailbox): State<Arc<dyn Mailbox>>, Query(f): Query<Filter>) -> Result<Json<Vec<Seen>>, AppError> {
    let delivered = mailbox.delivered(f.recipient.as_deref(), f.limit.unwrap_or(50).min(500)).await?;
    let seen = delivered.into_iter().map(|d| {
        let m = &d.message;
        let html = (m.channel == Channel::Email)
            .then(|| crate::email::html(m.subject.as_deref().unwrap_or_default(), &m.body));
        Seen { delivered: d, html }
    });
    Ok(Json(seen.collect()))
}
