//! Reports as CSV: a Dinas's system may send its report in the long form of
//! [`adminduk_domain::report::Row`]; the province exports a report or a month's table.

use adminduk_domain::case::FieldProblem;
use adminduk_domain::report::{MonthlyReport, Row};

use super::Overview;
use crate::error::AppError;

const HEADER: [&str; 5] = ["bagian", "kode", "langkah", "ukuran", "nilai"];

fn unreadable(message: String) -> AppError {
    let problem = FieldProblem { field: "csv".into(), code: "CSV_UNREADABLE", message: message.clone() };
    crate::error::field_problems("REPORT_INVALID", vec![problem])
}

/// A report from its CSV form (header `bagian,kode,langkah,ukuran,nilai`); every bad row is
/// named at once.
pub fn parse_csv(text: &[u8]) -> Result<MonthlyReport, AppError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text);
    let header = reader.headers().map_err(|e| unreadable(format!("CSV tidak terbaca: {e}")))?;
    if header.iter().map(str::to_lowercase).ne(HEADER) {
        return Err(unreadable(format!("Baris judul CSV harus: {}", HEADER.join(","))));
    }
    let rows = reader
        .deserialize::<Row>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(format!("CSV tidak terbaca: {e}")))?;
    MonthlyReport::from_rows(&rows).map_err(|p| crate::error::field_problems("REPORT_INVALID", p))
}

fn written(writer: csv::Writer<Vec<u8>>) -> Result<String, AppError> {
    let bytes = writer.into_inner().map_err(AppError::internal)?;
    String::from_utf8(bytes).map_err(AppError::internal)
}

/// A report in its CSV form.
pub fn report_csv(report: &MonthlyReport) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in report.rows() {
        w.serialize(row).map_err(AppError::internal)?;
    }
    written(w)
}

/// The province's table of a month, one row per Dinas kabupaten/kota.
pub fn overview_csv(o: &Overview) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "bulan",
        "kode",
        "dinas",
        "status",
        "versi",
        "dikirim",
        "diterima",
        "selesai",
        "tepat_waktu_persen",
        "ikm",
        "stok_blangko",
    ])
    .map_err(AppError::internal)?;
    let text = |v: Option<String>| v.unwrap_or_default();
    for r in &o.rows {
        let status = serde_json::to_value(r.status).ok().and_then(|v| v.as_str().map(str::to_string));
        w.write_record([
            o.month.clone(),
            r.office.clone(),
            r.office_name.clone(),
            text(status),
            text(r.version.map(|v| v.to_string())),
            text(r.submitted_at.map(|t| t.to_rfc3339())),
            text(r.received.map(|v| v.to_string())),
            text(r.completed.map(|v| v.to_string())),
            text(r.share_on_time.map(|s| format!("{:.1}", s * 100.0))),
            text(r.satisfaction.map(|v| v.to_string())),
            text(r.blank_stock.map(|v| v.to_string())),
        ])
        .map_err(AppError::internal)?;
    }
    written(w)
}
