//! Appointments: a case's slots, booking, cancelling, a no-show, and the desk's day list.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::Deserialize;

use super::extract::{Body, Path, Query};
use crate::App;
use crate::caller::Actor;
use crate::cases::{AppointmentChange, BookRequest, DayList, SlotOffer, appointments};
use crate::error::{AppError, ErrorBody};
use crate::ports::Case;

#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/slots",
    tag = "janji temu",
    params(("id" = String, Path)),
    responses(
        (status = 200, body = SlotOffer, description = "Sesi hari kerja berikutnya di meja yang ditunggu tahap ini, dengan tempat tersisa"),
        ErrorBody,
    )
)]
pub(super) async fn slots(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<SlotOffer>, AppError> {
    Ok(Json(appointments::slots(&app, &actor, &id).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/appointment",
    tag = "janji temu",
    request_body = BookRequest,
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Case, description = "Janji temu dipesan atau dipindah; 409 SLOT_FULL bila sesi baru saja penuh"),
        ErrorBody,
    )
)]
pub(super) async fn book(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Body(r): Body<BookRequest>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(appointments::book(&app, &actor, &id, r).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/appointment/cancel",
    tag = "janji temu",
    request_body = AppointmentChange,
    params(("id" = String, Path)),
    responses((status = 200, body = Case), ErrorBody)
)]
pub(super) async fn cancel(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Body(r): Body<AppointmentChange>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(appointments::cancel(&app, &actor, &id, r).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/appointment/no-show",
    tag = "janji temu",
    request_body = AppointmentChange,
    params(("id" = String, Path)),
    responses((status = 200, body = Case, description = "Ketidakhadiran dicatat dan sesinya dibebaskan"), ErrorBody)
)]
pub(super) async fn no_show(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
    Body(r): Body<AppointmentChange>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(appointments::no_show(&app, &actor, &id, r).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DayQuery {
    /// The day (YYYY-MM-DD); today when left out.
    #[param(value_type = Option<String>, format = Date)]
    date: Option<NaiveDate>,
}

#[utoipa::path(
    get,
    path = "/api/v1/appointments",
    tag = "janji temu",
    params(DayQuery),
    responses((status = 200, body = DayList, description = "Janji temu hari itu di kantor petugas, per meja"), ErrorBody)
)]
pub(super) async fn day_list(
    State(app): State<App>,
    actor: Actor,
    Query(q): Query<DayQuery>,
) -> Result<Json<DayList>, AppError> {
    Ok(Json(appointments::day_list(&app, &actor, q.date).await?))
}
