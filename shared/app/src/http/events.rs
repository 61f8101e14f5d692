//! /api/v1/events: the feed of a Dinas kabupaten/kota's system, the steps of the cases it filed,
//! and the webhook it takes them at as they happen.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use super::access::RecordCount;
use super::extract::{Body, Query};
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::cases::events::{self, Feed};
use crate::error::{AppError, ErrorBody};
use crate::webhooks::{self, WebhookCredentials, WebhookRequest, WebhookStatus};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct FeedQuery {
    /// The `next` of the page read before; without it the feed starts at its oldest event.
    after: Option<String>,
    /// Events per page, 1 to 500 (100 when not given).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "integrasi",
    params(FeedQuery),
    responses(
        (status = 200, body = Feed, description = "Peristiwa berikutnya, terlama dulu"),
        ErrorBody,
    )
)]
pub(super) async fn feed(
    State(app): State<App>,
    actor: Actor,
    Query(q): Query<FeedQuery>,
) -> Result<Response, AppError> {
    let feed = events::feed(&app, &actor, q.after.as_deref(), q.limit.unwrap_or(100)).await?;
    Ok((Extension(RecordCount(feed.events.len() as u64)), Json(feed)).into_response())
}

#[utoipa::path(
    put,
    path = "/api/v1/events/webhook",
    tag = "integrasi",
    request_body = WebhookRequest,
    responses(
        (status = 200, body = WebhookCredentials, description = "Webhook terpasang; rahasianya hanya ditampilkan kali ini"),
        ErrorBody,
    )
)]
pub(super) async fn set_webhook(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Body(r): Body<WebhookRequest>,
) -> Result<Json<WebhookCredentials>, AppError> {
    Ok(Json(webhooks::set(&app, &actor, r, &from).await?))
}

#[utoipa::path(
    delete,
    path = "/api/v1/events/webhook",
    tag = "integrasi",
    responses(
        (status = 204, description = "Webhook dilepas; peristiwa tetap dapat dibaca dari feed"),
        ErrorBody,
    )
)]
pub(super) async fn remove_webhook(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
) -> Result<StatusCode, AppError> {
    webhooks::remove(&app, &actor, &from).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AttemptsQuery {
    /// Attempts listed, newest first: 1 to 500 (100 when not given).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/events/webhook",
    tag = "integrasi",
    params(AttemptsQuery),
    responses(
        (status = 200, body = WebhookStatus, description = "Webhook yang terpasang dan log pengirimannya"),
        ErrorBody,
    )
)]
pub(super) async fn webhook_status(
    State(app): State<App>,
    actor: Actor,
    Query(q): Query<AttemptsQuery>,
) -> Result<Response, AppError> {
    let status = webhooks::status(&app, &actor, q.limit.unwrap_or(100)).await?;
    Ok((Extension(RecordCount(status.attempts.len() as u64)), Json(status)).into_response())
}
