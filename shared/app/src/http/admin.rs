//! /api/v1/admin: officers, institutions and their PKS, institution staff, clients, the audit log.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::extract::{Body, Path, Query};
use super::{Format, csv_file};
use crate::App;
use crate::admin::{
    self, AuditFilter, AuditLine, Choices, ClientChange, ClientCredentials, ClientView, CreatedOfficer, FailedMessage,
    InstitutionView, NewClient, NewInstitution, NewOfficer, NewStaff, OfficerChange, OfficerView, RotateSecret,
    StaffChange, StaffView,
};
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::{AppError, ErrorBody};
use crate::ports::{Institution, Pks};

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
    path = "/api/v1/admin/choices",
    tag = "admin",
    responses(
        (status = 200, body = Choices, description = "Peran petugas, cakupan klien dan layanan PKS, dengan artinya"),
        ErrorBody,
    )
)]
pub(super) async fn choices(State(app): State<App>, actor: Actor) -> Result<Json<Choices>, AppError> {
    Ok(Json(admin::choices(&app, &actor)?))
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
    path = "/api/v1/admin/officers/{id}/totp",
    tag = "admin",
    params(("id" = String, Path)),
    responses(
        (status = 200, body = CreatedOfficer, description = "Rahasia TOTP baru, ditampilkan sekali; semua sesi petugas berakhir"),
        ErrorBody,
    )
)]
pub(super) async fn reset_totp(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<CreatedOfficer>, AppError> {
    Ok(Json(admin::reset_totp(&app, &actor, &id, &from).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/institutions",
    tag = "admin",
    responses(
        (status = 200, body = Vec<InstitutionView>, description = "Instansi Induk, masing-masing diikuti Instansi Penggunanya"),
        ErrorBody,
    )
)]
pub(super) async fn list_institutions(
    State(app): State<App>,
    actor: Actor,
) -> Result<Json<Vec<InstitutionView>>, AppError> {
    Ok(Json(admin::list_institutions(&app, &actor).await?))
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/institutions/{id}/users",
    tag = "admin",
    params(("id" = String, Path, description = "Id Instansi Pengguna")),
    responses(
        (status = 200, body = Vec<StaffView>),
        ErrorBody,
    )
)]
pub(super) async fn list_staff(
    State(app): State<App>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Vec<StaffView>>, AppError> {
    Ok(Json(admin::list_staff(&app, &actor, &id).await?))
}

#[utoipa::path(
    patch,
    path = "/api/v1/admin/institutions/{id}/users/{user}",
    tag = "admin",
    request_body = StaffChange,
    params(("id" = String, Path, description = "Id Instansi Pengguna"), ("user" = String, Path)),
    responses(
        (status = 200, body = StaffView),
        ErrorBody,
    )
)]
pub(super) async fn change_staff(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path((id, user)): Path<(String, String)>,
    Body(c): Body<StaffChange>,
) -> Result<Json<StaffView>, AppError> {
    Ok(Json(admin::change_staff(&app, &actor, &id, &user, c, &from).await?))
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
    get,
    path = "/api/v1/admin/clients",
    tag = "admin",
    responses(
        (status = 200, body = Vec<ClientView>),
        ErrorBody,
    )
)]
pub(super) async fn list_clients(State(app): State<App>, actor: Actor) -> Result<Json<Vec<ClientView>>, AppError> {
    Ok(Json(admin::list_clients(&app, &actor).await?))
}

#[utoipa::path(
    patch,
    path = "/api/v1/admin/clients/{id}",
    tag = "admin",
    request_body = ClientChange,
    params(("id" = String, Path, description = "Id klien")),
    responses(
        (status = 200, body = ClientView),
        ErrorBody,
    )
)]
pub(super) async fn change_client(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path(id): Path<String>,
    Body(c): Body<ClientChange>,
) -> Result<Json<ClientView>, AppError> {
    Ok(Json(admin::change_client(&app, &actor, &id, c, &from).await?))
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

#[utoipa::path(
    get,
    path = "/api/v1/admin/messages/failed",
    tag = "admin",
    responses(
        (status = 200, body = Vec<FailedMessage>, description = "Pesan yang gagal terkirim setelah semua percobaan, terbaru dulu"),
        ErrorBody,
    )
)]
pub(super) async fn failed_messages(
    State(app): State<App>,
    actor: Actor,
) -> Result<Json<Vec<FailedMessage>>, AppError> {
    Ok(Json(admin::failed_messages(&app, &actor).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/admin/messages/{id}/resend",
    tag = "admin",
    params(("id" = String, Path, description = "Id pesan")),
    responses(
        (status = 204, description = "Pesan dijadwalkan dikirim ulang segera"),
        ErrorBody,
    )
)]
pub(super) async fn resend_message(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    admin::resend(&app, &actor, &id, &from).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AuditQuery {
    /// Who: an account or client id.
    actor: Option<String>,
    /// What: `case_viewed`, `document_viewed`, `case_search`, `pickup_lookup`, `register_lookup`,
    /// `machine_call`, `login`, ...
    action: Option<String>,
    /// On whom or what, as the entry names it (a case id, a masked NIK, a registration number).
    subject: Option<String>,
    /// From this day (WITA), inclusive: `YYYY-MM-DD`.
    from: Option<chrono::NaiveDate>,
    /// Up to this day (WITA), inclusive.
    to: Option<chrono::NaiveDate>,
    /// Entries at most, newest first: 1 to 1000 (100 when not given).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    #[param(inline)]
    format: Option<Format>,
}

#[utoipa::path(
    get,
    path = "/api/v1/admin/audit",
    tag = "admin",
    params(AuditQuery),
    responses(
        (status = 200, description = "Entri terbaru dulu; atau CSV dengan format=csv", content(
            (Vec<AuditLine> = "application/json"),
            (String = "text/csv"),
        )),
        ErrorBody,
    )
)]
pub(super) async fn audit(
    State(app): State<App>,
    actor: Actor,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let AuditQuery { actor: who, action, subject, from, to, limit, format } = q;
    let entries = admin::audit_log(&app, &actor, &AuditFilter { actor: who, action, subject, from, to, limit }).await?;
    Ok(match format.unwrap_or_default() {
        Format::Json => Json(entries).into_response(),
        Format::Csv => csv_file("log-audit".into(), admin::audit_csv(&app, &entries)?),
    })
}
