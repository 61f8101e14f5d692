//! The register as a counter reads it.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use super::extract::Query;
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::{AppError, ErrorBody};
use crate::register::lookup::{self, RegisterFamily};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct LookupQuery {
    /// A NIK or a No. KK (16 digits).
    #[param(pattern = r"^[0-9]{16}$")]
    q: String,
}

/// A walk-in applicant's family, found by NIK or No. KK: officers and institution staff; audited.
#[utoipa::path(
    get,
    path = "/api/v1/register/lookup",
    tag = "petugas",
    params(LookupQuery),
    responses(
        (status = 200, body = RegisterFamily),
        ErrorBody,
    )
)]
pub(super) async fn lookup(
    State(app): State<App>,
    actor: Actor,
    from: ClientAddress,
    Query(q): Query<LookupQuery>,
) -> Result<Json<RegisterFamily>, AppError> {
    Ok(Json(lookup::lookup(&app, &actor, &q.q, &from).await?))
}
