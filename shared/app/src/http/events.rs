//! /api/v1/events: the feed of a Dinas kabupaten/kota's system, the steps of the cases it filed.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use super::access::RecordCount;
use super::extract::Query;
use crate::App;
use crate::caller::Actor;
use crate::cases::events::{self, Feed};
use crate::error::{AppError, ErrorBody};

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
