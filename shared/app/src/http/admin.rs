//! /api/v1/admin: officers, institutions and their PKS, institution staff, clients, the audit log.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;

use super::extract::{Bearer, Body};
use crate::App;
use crate::admin::{
    self, ClientCredentials, CreatedOfficer, NewClient, NewInstitution, NewOfficer, NewStaff, OfficerChange,
    OfficerView,
};
use crate::auth::Caller;
use crate::error::AppError;
use crate::ports::{AuditEntry, Institution, Pks};

pub(super) async fn list_officers(
    State(app): State<App>,
    Bearer(claims): Bearer,
) -> Result<Json<Vec<OfficerView>>, AppError> {
    Ok(Json(admin::list_officers(&app, &claims).await?))
}

pub(super) async fn create_officer(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Body(n): Body<NewOfficer>,
) -> Result<(StatusCode, Json<CreatedOfficer>), AppError> {
    Ok((StatusCode::CREATED, Json(admin::create_officer(&app, &claims, n, &caller).await?)))
}

pub(super) async fn change_officer(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Path(id): Path<String>,
    Body(c): Body<OfficerChange>,
) -> Result<Json<OfficerView>, AppError> {
    Ok(Json(admin::change_officer(&app, &claims, &id, c, &caller).await?))
}

pub(super) async fn create_institution(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Body(n): Body<NewInstitution>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let created = admin::create_institution(&app, &claims, n, &caller).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": created.id }))))
}

pub(super) async fn renew_pks(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Path(id): Path<String>,
    Body(pks): Body<Pks>,
) -> Result<Json<Institution>, AppError> {
    Ok(Json(admin::renew_pks(&app, &claims, &id, pks, &caller).await?))
}

pub(super) async fn create_staff(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Path(id): Path<String>,
    Body(n): Body<NewStaff>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let created = admin::create_staff(&app, &claims, &id, n, &caller).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "user_id": created.id }))))
}

pub(super) async fn create_client(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Body(n): Body<NewClient>,
) -> Result<(StatusCode, Json<ClientCredentials>), AppError> {
    Ok((StatusCode::CREATED, Json(admin::create_client(&app, &claims, n, &caller).await?)))
}

#[derive(Deserialize)]
pub(super) struct Limit {
    limit: Option<u32>,
}

pub(super) async fn audit(
    State(app): State<App>,
    Bearer(claims): Bearer,
    Query(q): Query<Limit>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    Ok(Json(admin::audit_log(&app, &claims, q.limit.unwrap_or(100).min(1000)).await?))
}
