//! /api/v1/admin: officers, institutions and their PKS, institution staff, clients, the audit log.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use super::extract::{Body, Path, Query};
use crate::App;
use crate::admin::{
    self, ClientCredentials, CreatedOfficer, NewClient, NewInstitution, NewOfficer, NewStaff, OfficerChange,
    OfficerView, RotateSecret,
};
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::{AppError, ErrorBody};
use crate::ports::{AuditEntry, Institution, Pks};

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct CreatedId {
    id: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct CreatedUser {
    user_id: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/officers",
    tag = "admin",
    responses(
        (status = 200, body = Vec<OfficerView>),
        ErrorBody,
    )
)]
pub(super) async fn list_officers(State(app): State<App>, actor: Actor) -> Result<Json<Vec<OfficerView>>, AppError> {
    Ok(Json(admin::list_officers(&app, &actor).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/officers",
    tag = "admin",
    request_body = NewOfficer,
    responses(
        (status = 201, body = CreatedOfficer),
        ErrorBody,
    )
)]
pub(super) async fn create_officer(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Body(n): Body<NewOfficer>,
) -> Result<(StatusCode, Json<CreatedOfficer>), AppError> {
    Ok((StatusCode::CREATED, Json(admin::create_officer(&app, &actor, n, &from).await?)))
}

#[utoipa::path(
    patch,
    path = "/api/v1/admin/officers/{id}",
    tag = "admin",
    request_body = OfficerChange,
    params(("id" = String, Path)),
    responses(
        (status = 200, body = OfficerView),
        ErrorBody,
    )
)]
pub(super) async fn change_officer(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path(id): Path<String>,
    Body(c): Body<OfficerChange>,
) -> Result<Json<OfficerView>, AppError> {
    Ok(Json(admin::change_officer(&app, &actor, &id, c, &from).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/institutions",
    tag = "admin",
    request_body = NewInstitution,
    responses(
        (status = 201, body = CreatedId),
        ErrorBody,
    )
)]
pub(super) async fn create_institution(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Body(n): Body<NewInstitution>,
) -> Result<(StatusCode, Json<CreatedId>), AppError> {
    let created = admin::create_institution(&app, &actor, n, &from).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id: created.id })))
}

#[utoipa::path(
    put,
    path = "/api/v1/admin/institutions/{id}/pks",
    tag = "admin",
    request_body = Pks,
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Institution),
        ErrorBody,
    )
)]
pub(super) async fn renew_pks(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path(id): Path<String>,
    Body(pks): Body<Pks>,
) -> Result<Json<Institution>, AppError> {
    Ok(Json(admin::renew_pks(&app, &actor, &id, pks, &from).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/institutions/{id}/users",
    tag = "admin",
    request_body = NewStaff,
    params(("id" = String, Path)),
    responses(
        (status = 201, body = CreatedUser),
        ErrorBody,
    )
)]
pub(super) async fn create_staff(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path(id): Path<String>,
    Body(n): Body<NewStaff>,
) -> Result<(StatusCode, Json<CreatedUser>), AppError> {
    let created = admin::create_staff(&app, &actor, &id, n, &from).await?;
    Ok((StatusCode::CREATED, Json(CreatedUser { user_id: created.id })))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/clients",
    tag = "admin",
    request_body = NewClient,
    responses(
        (status = 201, body = ClientCredentials),
        ErrorBody,
    )
)]
pub(super) async fn create_client(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Body(n): Body<NewClient>,
) -> Result<(StatusCode, Json<ClientCredentials>), AppError> {
    Ok((StatusCode::CREATED, Json(admin::create_client(&app, &actor, n, &from).await?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/clients/{id}/secret",
    tag = "admin",
    params(("id" = String, Path, description = "Id klien")),
    request_body = RotateSecret,
    responses(
        (status = 200, body = ClientCredentials),
        ErrorBody,
    )
)]
pub(super) async fn rotate_secret(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path(id): Path<String>,
    Body(r): Body<RotateSecret>,
) -> Result<Json<ClientCredentials>, AppError> {
    Ok(Json(admin::rotate_secret(&app, &actor, &id, r, &from).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Limit {
    /// At most this many, newest first (default 100, at most 1000).
    limit: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/audit",
    tag = "admin",
    params(Limit),
    responses(
        (status = 200, body = Vec<AuditEntry>),
        ErrorBody,
    )
)]
pub(super) async fn audit(
    State(app): State<App>,
    actor: Actor,
    Query(q): Query<Limit>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    Ok(Json(admin::audit_log(&app, &actor, q.limit.unwrap_or(100).min(1000)).await?))
}
