//! /api/v1/admin: officers, institutions and their PKS, institution staff, clients, the audit log.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
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

pub fn routes() -> Router<App> {
    Router::new()
        .route("/api/v1/admin/officers", get(list_officers).post(create_officer))
        .route("/api/v1/admin/officers/{id}", patch(change_officer))
        .route("/api/v1/admin/institutions", post(create_institution))
        .route("/api/v1/admin/institutions/{id}/pks", put(renew_pks))
        .route("/api/v1/admin/institutions/{id}/users", post(create_staff))
        .route("/api/v1/admin/clients", post(create_client))
        .route("/api/v1/admin/audit", get(audit))
}

async fn list_officers(State(app): State<App>, Bearer(claims): Bearer) -> Result<Json<Vec<OfficerView>>, AppError> {
    Ok(Json(admin::list_officers(&app, &claims).await?))
}

async fn create_officer(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Body(n): Body<NewOfficer>,
) -> Result<(StatusCode, Json<CreatedOfficer>), AppError> {
    Ok((StatusCode::CREATED, Json(admin::create_officer(&app, &claims, n, &caller).await?)))
}

async fn change_officer(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Path(id): Path<String>,
    Body(c): Body<OfficerChange>,
) -> Result<Json<OfficerView>, AppError> {
    Ok(Json(admin::change_officer(&app, &claims, &id, c, &caller).await?))
}

async fn create_institution(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Body(n): Body<NewInstitution>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let created = admin::create_institution(&app, &claims, n, &caller).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": created.id }))))
}

async fn renew_pks(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Path(id): Path<String>,
    Body(pks): Body<Pks>,
) -> Result<Json<Institution>, AppError> {
    Ok(Json(admin::renew_pks(&app, &claims, &id, pks, &caller).await?))
}

async fn create_staff(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Path(id): Path<String>,
    Body(n): Body<NewStaff>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let created = admin::create_staff(&app, &claims, &id, n, &caller).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "user_id": created.id }))))
}

async fn create_client(
    State(app): State<App>,
    caller: Caller,
    Bearer(claims): Bearer,
    Body(n): Body<NewClient>,
) -> Result<(StatusCode, Json<ClientCredentials>), AppError> {
    Ok((StatusCode::CREATED, Json(admin::create_client(&app, &claims, n, &caller).await?)))
}

#[derive(Deserialize)]
struct Limit {
    limit: Option<u32>,
}

async fn audit(
    State(app): State<App>,
    Bearer(claims): Bearer,
    Query(q): Query<Limit>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    Ok(Json(admin::audit_log(&app, &claims, q.limit.unwrap_or(100).min(1000)).await?))
}
