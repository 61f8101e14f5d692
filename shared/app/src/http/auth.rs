//! /api/v1/auth, /api/v1/me and the OAuth2 token endpoint.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::{Form, Json};
use base64::Engine as _;

use super::extract::Body;
use crate::App;
use crate::admin::{TokenRequest, TokenResponse, issue_client_token};
use crate::auth::{
    self, Activate, ClientAddress, Login, Me, ProvinceRegistration, RefreshRequest, Registered, Registration,
    ResendCode, ResetConfirm, ResetRequest, Session,
};
use crate::caller::Actor;
use crate::error::{AppError, ErrorBody};
use crate::ports::AccountStatus;
use crate::privacy::PersonalData;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct Activated {
    user_id: String,
    status: AccountStatus,
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/register",
    tag = "akun",
    request_body = Registration,
    responses(
        (status = 201, body = Registered),
        ErrorBody,
    )
)]
pub(super) async fn register(
    State(app): State<App>,
    from: ClientAddress,
    Body(r): Body<Registration>,
) -> Result<(StatusCode, Json<Registered>), AppError> {
    Ok((StatusCode::CREATED, Json(auth::register(&app, r, &from).await?)))
}

/// A resident of Sulawesi Selatan outside Kabupaten Gowa's register, for the province's public
/// services (PPID data, IKD activation, complaints), on their own statement.
#[utoipa::path(
    post,
    path = "/api/v1/auth/register/provinsi",
    tag = "akun",
    request_body = ProvinceRegistration,
    responses(
        (status = 201, body = Registered),
        ErrorBody,
    )
)]
pub(super) async fn register_in_province(
    State(app): State<App>,
    from: ClientAddress,
    Body(r): Body<ProvinceRegistration>,
) -> Result<(StatusCode, Json<Registered>), AppError> {
    Ok((StatusCode::CREATED, Json(auth::register_in_province(&app, r, &from).await?)))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/activate",
    tag = "akun",
    request_body = Activate,
    responses(
        (status = 200, body = Activated),
        ErrorBody,
    )
)]
pub(super) async fn activate(
    State(app): State<App>,
    from: ClientAddress,
    Body(a): Body<Activate>,
) -> Result<Json<Activated>, AppError> {
    let account = auth::activate(&app, a, &from).await?;
    Ok(Json(Activated { user_id: account.id, status: account.status }))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/activation-code",
    tag = "akun",
    request_body = ResendCode,
    responses(
        (status = 202, description = "Kode baru dikirim"),
        ErrorBody,
    )
)]
pub(super) async fn resend(
    State(app): State<App>,
    from: ClientAddress,
    Body(r): Body<ResendCode>,
) -> Result<StatusCode, AppError> {
    auth::resend_activation(&app, r, &from).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "akun",
    request_body = Login,
    responses(
        (status = 200, body = Session),
        ErrorBody,
    )
)]
pub(super) async fn login(
    State(app): State<App>,
    from: ClientAddress,
    Body(l): Body<Login>,
) -> Result<Json<Session>, AppError> {
    Ok(Json(auth::login(&app, l, &from).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/refresh",
    tag = "akun",
    request_body = RefreshRequest,
    responses(
        (status = 200, body = Session),
        ErrorBody,
    )
)]
pub(super) async fn refresh(
    State(app): State<App>,
    from: ClientAddress,
    Body(r): Body<RefreshRequest>,
) -> Result<Json<Session>, AppError> {
    Ok(Json(auth::refresh(&app, r, &from).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "akun",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Sesi diakhiri"),
        ErrorBody,
    )
)]
pub(super) async fn logout(
    State(app): State<App>,
    from: ClientAddress,
    Body(r): Body<RefreshRequest>,
) -> Result<StatusCode, AppError> {
    auth::logout(&app, r, &from).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset",
    tag = "akun",
    request_body = ResetRequest,
    responses(
        (status = 202, description = "Kode dikirim bila akun ada"),
        ErrorBody,
    )
)]
pub(super) async fn request_reset(
    State(app): State<App>,
    from: ClientAddress,
    Body(r): Body<ResetRequest>,
) -> Result<StatusCode, AppError> {
    auth::request_reset(&app, r, &from).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/api/v1/auth/password-reset/confirm",
    tag = "akun",
    request_body = ResetConfirm,
    responses(
        (status = 204, description = "Kata sandi diganti"),
        ErrorBody,
    )
)]
pub(super) async fn confirm_reset(
    State(app): State<App>,
    from: ClientAddress,
    Body(r): Body<ResetConfirm>,
) -> Result<StatusCode, AppError> {
    auth::confirm_reset(&app, r, &from).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "akun",
    responses(
        (status = 200, body = Me),
        ErrorBody,
    )
)]
pub(super) async fn me(State(app): State<App>, actor: Actor) -> Result<Json<Me>, AppError> {
    Ok(Json(auth::me(&app, &actor).await?))
}

/// A resident's own data and who processed it (UU 27/2022), as JSON.
#[utoipa::path(
    get,
    path = "/api/v1/me/data",
    tag = "akun",
    responses(
        (status = 200, body = PersonalData, description = "Akun, data kependudukan, permohonan dan riwayat pemrosesan"),
        ErrorBody,
    )
)]
pub(super) async fn my_data(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
) -> Result<Json<PersonalData>, AppError> {
    let data = crate::privacy::personal_data(&app, &actor).await?;
    record_export(&app, &actor, "json", &from).await?;
    Ok(Json(data))
}

/// The same as a PDF to keep.
#[utoipa::path(
    get,
    path = "/api/v1/me/data.pdf",
    tag = "akun",
    responses(
        (status = 200, description = "Data pribadi dan riwayat pemrosesannya (PDF)", content_type = "application/pdf"),
        ErrorBody,
    )
)]
pub(super) async fn my_data_pdf(
    State(app): State<App>,
    from: ClientAddress,
    actor: Actor,
) -> Result<axum::response::Response, AppError> {
    let data = crate::privacy::personal_data(&app, &actor).await?;
    record_export(&app, &actor, "pdf", &from).await?;
    Ok(super::pdf_file("data-pribadi".into(), crate::privacy::personal_data_pdf(&app, &data)))
}

/// A download of one's own data is in the audit log too (not in the processing record: it is no
/// one else's processing).
async fn record_export(app: &App, actor: &Actor, format: &str, from: &ClientAddress) -> Result<(), AppError> {
    let detail = serde_json::json!({ "format": format });
    crate::auth::record_read(app, actor.id(), "personal_data_exported", actor.id(), detail, None, from).await
}

/// Client credentials from an HTTP Basic header (RFC 6749 section 2.3.1).
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(value.trim()).ok()?;
    let (id, secret) = String::from_utf8(decoded).ok()?.split_once(':').map(|(a, b)| (a.to_string(), b.to_string()))?;
    Some((id, secret))
}

#[utoipa::path(
    post,
    path = "/api/v1/oauth/token",
    tag = "akun",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, body = TokenResponse),
        ErrorBody,
    )
)]
pub(super) async fn token(
    State(app): State<App>,
    from: ClientAddress,
    headers: HeaderMap,
    form: Result<Form<TokenRequest>, axum::extract::rejection::FormRejection>,
) -> Result<Json<TokenResponse>, AppError> {
    let Form(request) = form.map_err(|e| AppError::BadRequest {
        code: "INVALID_REQUEST",
        message: format!("Permintaan token tidak sah: {}", e.body_text()),
    })?;
    Ok(Json(issue_client_token(&app, request, basic_credentials(&headers), &from).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/accounts/recover",
    tag = "akun",
    request_body = crate::auth::Recovery,
    responses(
        (status = 200, body = crate::auth::Recovered, description = "Nomor HP baru tercatat, semua sesi berakhir, kode atur ulang kata sandi dikirim ke nomor baru"),
        ErrorBody,
    )
)]
pub(super) async fn recover(
    State(app): State<App>,
    actor: Actor,
    from: ClientAddress,
    Body(r): Body<crate::auth::Recovery>,
) -> Result<Json<crate::auth::Recovered>, AppError> {
    Ok(Json(auth::recover(&app, &actor, r, &from).await?))
}
