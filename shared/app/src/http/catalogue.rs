//! /api/v1/catalogue: the services, their variants, requirements, forms, fees and time standards,
//! as the citizen site shows them. Public.

use adminduk_domain::catalogue::ServiceView;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::extract::Path;
use crate::App;
use crate::error::{AppError, ErrorBody};

#[utoipa::path(
    get,
    path = "/api/v1/catalogue",
    tag = "katalog",
    responses((status = 200, body = Vec<ServiceView>)),
)]
pub(super) async fn list(State(app): State<App>) -> Response {
    let views: Vec<_> = app.catalogue.services().map(|s| app.catalogue.view(s)).collect();
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
    Ok(Json(app.catalogue.view(service)).into_response())
}
