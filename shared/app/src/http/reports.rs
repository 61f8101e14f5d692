//! /api/v1/reports: the monthly reports of the Dinas kabupaten/kota and the province's table.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use super::access::RecordCount;
use super::extract::{Path, Query, RawBody};
use super::{Format, csv_file};
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::{AppError, ErrorBody};
use crate::ports::StoredReport;
use crate::reports::{self, Overview, ReportView};
use adminduk_domain::report::MonthlyReport;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct MonthQuery {
    /// `YYYY-MM`.
    #[param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    month: String,
    #[param(inline)]
    format: Option<Format>,
}

/// The month across the Dinas kabupaten/kota the officer's Dinas oversees (all 24 for the
/// province): whose report is in, on time or late, and whose is missing.
#[utoipa::path(
    get,
    path = "/api/v1/reports",
    operation_id = "reports_overview",
    tag = "laporan",
    params(MonthQuery),
    responses(
        (status = 200, description = "Atau CSV dengan format=csv", content(
            (Overview = "application/json"),
            (String = "text/csv"),
        )),
        ErrorBody,
    )
)]
pub(super) async fn overview(
    State(app): State<App>,
    actor: Actor,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let o = reports::overview(&app, &actor, &q.month).await?;
    Ok(match q.format.unwrap_or_default() {
        Format::Json => Json(o).into_response(),
        Format::Csv => csv_file(format!("laporan-bulanan-{}", o.month), reports::overview_csv(&o)?),
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct VersionQuery {
    /// A version number; the newest when absent.
    version: Option<u32>,
    #[param(inline)]
    format: Option<Format>,
}

/// One Dinas's report on a month with its versions: its own system, or officers of a Dinas
/// overseeing it.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{office}/{month}",
    operation_id = "read_report",
    tag = "laporan",
    params(
        ("office" = String, Path, description = "Kode Dinas kabupaten/kota, mis. 73.06"),
        ("month" = String, Path, description = "TTTT-BB"),
        VersionQuery,
    ),
    responses(
        (status = 200, description = "Atau CSV versi yang diminta dengan format=csv", content(
            (ReportView = "application/json"),
            (String = "text/csv"),
        )),
        ErrorBody,
    )
)]
pub(super) async fn read(
    State(app): State<App>,
    actor: Actor,
    Path((office, month)): Path<(String, String)>,
    Query(q): Query<VersionQuery>,
) -> Result<Response, AppError> {
    let view = reports::read(&app, &actor, &office, &month, q.version).await?;
    let count = Extension(RecordCount(view.versions.len() as u64));
    Ok(match (q.format.unwrap_or_default(), &view.current) {
        (Format::Json, _) => (count, Json(view)).into_response(),
        (Format::Csv, Some(r)) => (
            count,
            csv_file(format!("laporan-{}-{}-v{}", r.office, r.month, r.version), reports::report_csv(&r.report)?),
        )
            .into_response(),
        (Format::Csv, None) => {
            return Err(AppError::NotFound { code: "REPORT_NOT_FOUND", message: "Laporan ini belum dikirim".into() });
        }
    })
}

/// Submits a Dinas's report on a finished month, as JSON or as CSV (`Content-Type: text/csv`,
/// header `bagian,kode,langkah,ukuran,nilai`): 201 with the new version, or 200 when it is the
/// same as the newest (a repeated call changes nothing). A different report is a correction.
#[utoipa::path(
    put,
    path = "/api/v1/reports/{office}/{month}",
    operation_id = "submit_report",
    tag = "laporan",
    params(
        ("office" = String, Path, description = "Kode Dinas kabupaten/kota, mis. 73.06"),
        ("month" = String, Path, description = "TTTT-BB"),
    ),
    request_body(
        content(
            (MonthlyReport = "application/json"),
            (String = "text/csv"),
        )
    ),
    responses(
        (status = 201, body = StoredReport, description = "Versi baru"),
        (status = 200, body = StoredReport, description = "Sama dengan versi terbaru; tidak ada yang berubah"),
        ErrorBody,
    )
)]
pub(super) async fn submit(
    State(app): State<App>,
    actor: Actor,
    from: ClientAddress,
    headers: HeaderMap,
    Path((office, month)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> Result<Response, AppError> {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let report = if content_type.starts_with("text/csv") {
        reports::parse_csv(&body)?
    } else if content_type.starts_with("application/json") {
        serde_json::from_slice::<MonthlyReport>(&body).map_err(|e| AppError::Unprocessable {
            code: "REQUEST_INVALID",
            message: format!("Isian laporan tidak sesuai: {e}"),
        })?
    } else {
        return Err(AppError::BadRequest {
            code: "CONTENT_TYPE_UNSUPPORTED",
            message: "Kirim laporan sebagai application/json atau text/csv".into(),
        });
    };
    let (stored, new) = reports::submit(&app, &actor, &office, &month, report, &from).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Extension(RecordCount(1)), Json(stored)).into_response())
}

/// A Dinas's report computed from its own figures here: what its Kepala Dinas reviews before
/// submitting (blank receipts, damage and stock start at zero).
#[utoipa::path(
    get,
    path = "/api/v1/reports/{office}/{month}/computed",
    operation_id = "computed_report",
    tag = "laporan",
    params(
        ("office" = String, Path, description = "Kode Dinas kabupaten/kota, mis. 73.06"),
        ("month" = String, Path, description = "TTTT-BB"),
    ),
    responses(
        (status = 200, body = MonthlyReport),
        ErrorBody,
    )
)]
pub(super) async fn computed(
    State(app): State<App>,
    actor: Actor,
    Path((office, month)): Path<(String, String)>,
) -> Result<Json<MonthlyReport>, AppError> {
    Ok(Json(reports::computed(&app, &actor, &office, &month).await?))
}
