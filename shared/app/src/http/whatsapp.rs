//! The kecamatan WhatsApp channel: the WhatsApp Business Platform's webhook, the guest book its
//! link opens (public: the link's key is the person's proof), and the kecamatan's guest book.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

use super::extract::{Body, Path, Query, RawBody};
use crate::App;
use crate::caller::Actor;
use crate::cases::whatsapp::{self, GuestBookEntry, GuestBookItem, GuestBookView, Received};
use crate::cases::{Presign, Presigned};
use crate::error::{AppError, ErrorBody};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Handshake {
    #[serde(rename = "hub.mode")]
    #[param(rename = "hub.mode")]
    mode: Option<String>,
    #[serde(rename = "hub.verify_token")]
    #[param(rename = "hub.verify_token")]
    verify_token: Option<String>,
    #[serde(rename = "hub.challenge")]
    #[param(rename = "hub.challenge")]
    challenge: Option<String>,
}

/// The platform's subscription handshake: the challenge is echoed when the verify token is ours.
#[utoipa::path(
    get,
    path = "/api/v1/whatsapp/webhook",
    tag = "whatsapp",
    params(Handshake),
    responses(
        (status = 200, body = String, content_type = "text/plain"),
        ErrorBody,
    )
)]
pub(super) async fn whatsapp_handshake(State(app): State<App>, Query(q): Query<Handshake>) -> Result<String, AppError> {
    let text = |v: Option<String>| v.unwrap_or_default();
    whatsapp::webhook::handshake(&app, &text(q.mode), &text(q.verify_token), &text(q.challenge))
}

/// A delivery of the platform: signed with the app secret over the exact bytes
/// (`X-Hub-Signature-256`), each message taken once however often it is delivered.
#[utoipa::path(
    post,
    path = "/api/v1/whatsapp/webhook",
    tag = "whatsapp",
    request_body(content = serde_json::Value, description = "A WhatsApp Cloud API webhook delivery"),
    params(("X-Hub-Signature-256" = String, Header, description = "sha256=<HMAC-SHA256 of the body>")),
    responses(
        (status = 200, body = Received),
        ErrorBody,
    )
)]
pub(super) async fn whatsapp_delivery(
    State(app): State<App>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Json<Received>, AppError> {
    let signature = headers.get("x-hub-signature-256").and_then(|v| v.to_str().ok());
    Ok(Json(whatsapp::receive(&app, signature, &body).await?))
}

/// The guest book its link opens: the case as its applicant may see it.
#[utoipa::path(
    get,
    path = "/api/v1/guest-book/{id}/{key}",
    tag = "whatsapp",
    params(("id" = String, Path), ("key" = String, Path, description = "The link's key")),
    responses(
        (status = 200, body = GuestBookView),
        ErrorBody,
    )
)]
pub(super) async fn guest_book_view(
    State(app): State<App>,
    Path((id, key)): Path<(String, String)>,
) -> Result<Json<GuestBookView>, AppError> {
    Ok(Json(whatsapp::view(&app, &id, &key).await?))
}

/// The person's entry: NIK (checked in the register), the service needed, the purpose and the
/// statement; the files are sent before (`.../uploads`).
#[utoipa::path(
    post,
    path = "/api/v1/guest-book/{id}/{key}",
    tag = "whatsapp",
    params(("id" = String, Path), ("key" = String, Path)),
    request_body = GuestBookEntry,
    responses(
        (status = 200, body = GuestBookView),
        ErrorBody,
    )
)]
pub(super) async fn guest_book_fill(
    State(app): State<App>,
    Path((id, key)): Path<(String, String)>,
    Body(entry): Body<GuestBookEntry>,
) -> Result<Json<GuestBookView>, AppError> {
    Ok(Json(whatsapp::fill(&app, &id, &key, entry).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Withdrawal {
    /// The version of the case the page showed.
    version: u64,
}

/// The person withdraws their request while the guest book waits on them.
#[utoipa::path(
    post,
    path = "/api/v1/guest-book/{id}/{key}/withdraw",
    tag = "whatsapp",
    params(("id" = String, Path), ("key" = String, Path)),
    request_body = Withdrawal,
    responses(
        (status = 200, body = GuestBookView),
        ErrorBody,
    )
)]
pub(super) async fn guest_book_withdraw(
    State(app): State<App>,
    Path((id, key)): Path<(String, String)>,
    Body(w): Body<Withdrawal>,
) -> Result<Json<GuestBookView>, AppError> {
    Ok(Json(whatsapp::withdraw(&app, &id, &key, w.version).await?))
}

/// An upload URL for a file of the guest book, while it takes entries.
#[utoipa::path(
    post,
    path = "/api/v1/guest-book/{id}/{key}/uploads",
    tag = "whatsapp",
    params(("id" = String, Path), ("key" = String, Path)),
    request_body = Presign,
    responses(
        (status = 201, body = Presigned),
        ErrorBody,
    )
)]
pub(super) async fn guest_book_presign(
    State(app): State<App>,
    Path((id, key)): Path<(String, String)>,
    Body(p): Body<Presign>,
) -> Result<(StatusCode, Json<Presigned>), AppError> {
    Ok((StatusCode::CREATED, Json(whatsapp::presign(&app, &id, &key, p).await?)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct SearchQuery {
    /// A registration number, a NIK or a WhatsApp number; without it, the open entries.
    q: Option<String>,
}

/// The kecamatan's guest book, for its officers: each entry with who handled each step and how
/// long it took against its time standard.
#[utoipa::path(
    get,
    path = "/api/v1/guest-book",
    tag = "petugas",
    params(SearchQuery),
    responses(
        (status = 200, body = Vec<GuestBookItem>),
        ErrorBody,
    )
)]
pub(super) async fn guest_book(
    State(app): State<App>,
    actor: Actor,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Vec<GuestBookItem>>, AppError> {
    Ok(Json(whatsapp::guest_book(&app, &actor, q.q.as_deref()).await?))
}
