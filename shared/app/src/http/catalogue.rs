//! /api/v1/catalogue: the services, their variants, requirements, forms, fees and time standards,
//! as the citizen site shows them, and the kabupaten/kota of the province its forms choose from.
//! Public.

use adminduk_domain::catalogue::ServiceView;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::extract::Path;
use crate::App;
use crate::caller::Actor;
use crate::cases::Chances;
use crate::error::{AppError, ErrorBody};

/// Every service, by topic (in the order the citizen site lists them) and name.
#[utoipa::path(
    get,
    path = "/api/v1/catalogue",
    tag = "katalog",
    responses((status = 200, body = Vec<ServiceView>)),
)]
pub(super) async fn list(State(app): State<App>) -> Response {
    // By home topic in the catalogue's order, then by name: how the citizen site lists them.
    let mut services: Vec<_> = app.catalogue.services().collect();
    services.sort_by(|a, b| (a.topics.first(), &a.name).cmp(&(b.topics.first(), &b.name)));
    let hours = app.calendar.hours_label();
    let views: Vec<_> = services.into_iter().map(|s| app.catalogue.view(s).with_office_hours(hours.clone())).collect();
    Json(views).into_response()
}

#[utoipa::path(
    get,
    path = "/api/v1/catalogue/{service}",
    tag = "katalog",
    params(("service" = String, Path, description = "Kode layanan, mis. KIA")),
    responses(
        (status = 200, body = ServiceView),
        ErrorBody,
    ),
)]
pub(super) async fn service(State(app): State<App>, Path(code): Path<String>) -> Result<Response, AppError> {
    let service = app.catalogue.service(&code).ok_or_else(|| AppError::NotFound {
        code: "SERVICE_NOT_FOUND",
        message: format!("Layanan {code} tidak ada dalam katalog"),
    })?;
    Ok(Json(app.catalogue.view(service).with_office_hours(app.calendar.hours_label())).into_response())
}

/// Whether the signed-in person can file the service on this site, and for whom in their family.
#[utoipa::path(
    get,
    path = "/api/v1/catalogue/{service}/mine",
    tag = "katalog",
    params(("service" = String, Path, description = "Kode layanan, mis. KIA")),
    responses(
        (status = 200, body = Chances),
        ErrorBody,
    ),
)]
pub(super) async fn chances(
    State(app): State<App>,
    actor: Actor,
    Path(code): Path<String>,
) -> Result<Json<Chances>, AppError> {
    Ok(Json(crate::cases::chances(&app, &actor, &code).await?))
}

/// A kabupaten/kota of the province.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct Kabupaten {
    /// `73.71`
    code: String,
    /// `Kota Makassar`
    name: &'static str,
}

/// The 24 kabupaten/kota of Sulawesi Selatan, by code: where a resident of the province lives.
#[utoipa::path(
    get,
    path = "/api/v1/catalogue/kabupaten",
    tag = "katalog",
    responses((status = 200, body = Vec<Kabupaten>)),
)]
pub(super) async fn kabupaten() -> Json<Vec<Kabupaten>> {
    let province = adminduk_domain::office::Office::SULSEL.province();
    Json(
        adminduk_domain::region::sulsel_kabupaten()
            .iter()
            .map(|(code, name)| Kabupaten { code: format!("{province:02}.{code:02}"), name })
            .collect(),
    )
}
