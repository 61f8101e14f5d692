//! Monthly Adminduk service reports (seed 002): each Dinas kabupaten/kota sends the province one
//! per month by the 10th of the next. A Dinas whose services run here (Gowa) has its report
//! computed from its own figures, which its Kepala Dinas reviews and submits; any other
//! kabupaten/kota's system submits over the API. A correction is a new version; every version
//! stays readable. The province oversees all of them; nothing here holds personal data.

mod compute;
mod csv;
mod remind;

use adminduk_domain::office::Office;
use adminduk_domain::report::{Month, MonthlyReport};
use adminduk_domain::workflow::Role;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

pub use compute::computed;
pub use csv::{overview_csv, parse_csv, report_csv};
pub use remind::remind_late;

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::{Actor, Person};
use crate::error::AppError;
use crate::ports::{StoredReport, Write};

/// The scope a kabupaten/kota's system needs to send and read its reports.
pub const SCOPE: &str = "laporan.bulanan";

/// Where a report stands against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// First submitted by the 10th of the next month.
    TepatWaktu,
    /// First submitted after it.
    Terlambat,
    /// Not in, and not yet due.
    BelumJatuhTempo,
    /// Not in, and overdue.
    TidakMasuk,
}

/// One Dinas's report on a month: the version asked for (the newest by default), and every
/// version's date.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportView {
    pub office: String,
    pub office_name: String,
    pub month: String,
    pub due: NaiveDate,
    pub status: ReportStatus,
    pub versions: Vec<VersionInfo>,
    pub current: Option<StoredReport>,
    /// The index's grade (A to D) and label, when the report has an index.
    pub satisfaction_grade: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VersionInfo {
    pub version: u32,
    pub submitted_at: DateTime<Utc>,
    pub channel: String,
}

/// A month across every Dinas kabupaten/kota the reader oversees: the province's table.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Overview {
    pub month: String,
    pub due: NaiveDate,
    pub rows: Vec<OverviewRow>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OverviewRow {
    pub office: String,
    pub office_name: String,
    pub status: ReportStatus,
    pub version: Option<u32>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub received: Option<u64>,
    pub completed: Option<u64>,
    /// Share of the month's deliveries within their time standard.
    pub share_on_time: Option<f64>,
    pub satisfaction: Option<f64>,
    pub blank_stock: Option<u64>,
}

fn refused(code: &'static str, message: &str) -> AppError {
    AppError::Forbidden { code, message: message.into() }
}

/// A Dinas kabupaten/kota of Sulawesi Selatan; anything else is refused.
pub fn dinas(code: &str) -> Result<Office, AppError> {
    let unknown = || AppError::NotFound {
        code: "OFFICE_NOT_REPORTING",
        message: format!("{code} bukan Dinas kabupaten/kota di Sulawesi Selatan"),
    };
    match Office::parse(code).map_err(|_| unknown())? {
        office @ Office::Kabupaten { province: adminduk_domain::region::SULSEL, kabupaten } => {
            adminduk_domain::region::kabupaten_name(adminduk_domain::region::SULSEL, kabupaten)
                .name()
                .map(|_| office)
                .ok_or_else(unknown)
        }
        _ => Err(unknown()),
    }
}

pub fn month(text: &str) -> Result<Month, AppError> {
    Month::parse(text).ok_or_else(|| AppError::Unprocessable {
        code: "MONTH_INVALID",
        message: "Bulan harus berbentuk TTTT-BB, misalnya 2026-11".into(),
    })
}

/// Officers at a Dinas (not a counter) whose Dinas oversees `office` read its reports; a system
/// reads its own Dinas's.
fn may_read(actor: &Actor, office: &Office) -> Result<(), AppError> {
    match actor {
        Actor::Client { client, .. } if client.office == *office => Ok(()),
        Actor::Client { .. } => Err(refused("REPORT_NOT_YOURS", "Sistem ini hanya melaporkan untuk Dinas-nya sendiri")),
        Actor::Person(_) => {
            let (_, own) = actor.require_officer()?;
            if own == own.dinas() && own.oversees(office) {
                Ok(())
            } else {
                Err(refused("OUTSIDE_OFFICE", &format!("Laporan {office} di luar wilayah kerja Anda")))
            }
        }
    }
}

/// The Dinas's own system, or its Kepala Dinas, submits its report.
fn may_submit(actor: &Actor, office: &Office) -> Result<&'static str, AppError> {
    match actor {
        Actor::Client { client, .. } if client.office == *office => Ok("api"),
        Actor::Client { .. } => Err(refused("REPORT_NOT_YOURS", "Sistem ini hanya melaporkan untuk Dinas-nya sendiri")),
        Actor::Person(p) => match p.as_ref() {
            Person::Officer { account, office: own } if own == office && account.roles.contains(&Role::Kadis) => {
                Ok("dasbor")
            }
            _ => {
                Err(refused("KADIS_ONLY", "Laporan bulanan dikirim oleh Kepala Dinas kabupaten/kota yang bersangkutan"))
            }
        },
    }
}

fn status(first: Option<&StoredReport>, month: Month, app: &App) -> ReportStatus {
    let local = |t: DateTime<Utc>| t.with_timezone(&app.calendar.offset()).date_naive();
    match first {
        Some(r) if local(r.submitted_at) <= month.report_due() => ReportStatus::TepatWaktu,
        Some(_) => ReportStatus::Terlambat,
        None if app.today() <= month.report_due() => ReportStatus::BelumJatuhTempo,
        None => ReportStatus::TidakMasuk,
    }
}

/// Submits `report` as the Dinas's report on `month`. The same report as the newest version
/// changes nothing (a repeated call); a different one is a correction and becomes the next
/// version. Returns the version and whether it is new.
#[tracing::instrument(name = "report_submit", skip_all)]
pub async fn submit(
    app: &App,
    actor: &Actor,
    office: &str,
    month_text: &str,
    report: MonthlyReport,
    from: &ClientAddress,
) -> Result<(StoredReport, bool), AppError> {
    let office = dinas(office)?;
    let channel = may_submit(actor, &office)?;
    let month = month(month_text)?;
    if month >= Month::of(app.today()) {
        return Err(AppError::Unprocessable {
            code: "MONTH_NOT_OVER",
            message: format!("Laporan bulan {month} dapat dikirim setelah bulan itu berakhir"),
        });
    }
    let problems = report.check();
    if !problems.is_empty() {
        return Err(crate::error::field_problems("REPORT_INVALID", problems));
    }
    let versions = app.store.report_versions(&office.to_string(), &month.to_string()).await?;
    if let Some(latest) = versions.last().filter(|v| v.report == report) {
        return Ok((latest.clone(), false));
    }
    let stored = StoredReport {
        office,
        month: month.to_string(),
        version: versions.last().map_or(1, |v| v.version + 1),
        submitted_at: app.clock.now(),
        submitted_by: actor.id().to_string(),
        channel: channel.into(),
        report,
    };
    let detail = serde_json::json!({ "month": stored.month, "version": stored.version, "channel": channel });
    let audit = crate::auth::audit(app, actor.id(), "report_submitted", &office.to_string(), detail, from);
    // Two submissions at once: one takes the version, the other is told to look again.
    app.store.commit(vec![Write::PutReport(Box::new(stored.clone())), Write::Audit(audit)]).await?;
    Ok((stored, true))
}

/// One Dinas's report on a month, at `version` or the newest.
pub async fn read(
    app: &App,
    actor: &Actor,
    office: &str,
    month_text: &str,
    version: Option<u32>,
) -> Result<ReportView, AppError> {
    let office = dinas(office)?;
    may_read(actor, &office)?;
    let month = month(month_text)?;
    let versions = app.store.report_versions(&office.to_string(), &month.to_string()).await?;
    let current = match version {
        None => versions.last().cloned(),
        Some(n) => Some(versions.iter().find(|v| v.version == n).cloned().ok_or_else(|| AppError::NotFound {
            code: "REPORT_VERSION_NOT_FOUND",
            message: format!("Versi {n} laporan ini tidak ada"),
        })?),
    };
    let grade = current.as_ref().and_then(|r| r.report.satisfaction).map(|s| {
        let g = adminduk_domain::survey::graded(s.index, s.respondents);
        format!("{} ({})", g.grade, g.label)
    });
    Ok(ReportView {
        office: office.to_string(),
        office_name: app.catalogue.office(&office).name,
        month: month.to_string(),
        due: month.report_due(),
        status: status(versions.first(), month, app),
        versions: versions
            .iter()
            .map(|v| VersionInfo { version: v.version, submitted_at: v.submitted_at, channel: v.channel.clone() })
            .collect(),
        current,
        satisfaction_grade: grade,
    })
}

/// Every Dinas kabupaten/kota the reader oversees, for `month`: whose report is in, on time or
/// late, and whose is missing, with the newest version's headline figures.
pub async fn overview(app: &App, actor: &Actor, month_text: &str) -> Result<Overview, AppError> {
    let (_, own) = actor.require_officer()?;
    if own != own.dinas() {
        return Err(refused("OUTSIDE_OFFICE", "Laporan bulanan dibaca di tingkat Dinas"));
    }
    let month = month(month_text)?;
    let all = app.store.reports_of_month(&month.to_string()).await?;
    let rows = adminduk_domain::region::sulsel_kabupaten()
        .iter()
        .map(|(code, name)| (Office::Kabupaten { province: adminduk_domain::region::SULSEL, kabupaten: *code }, name))
        .filter(|(office, _)| own.oversees(office))
        .map(|(office, name)| {
            let versions: Vec<&StoredReport> = all.iter().filter(|r| r.office == office).collect();
            let latest = versions.last().map(|r| &r.report);
            let services = latest.map(|r| r.services.iter());
            let sum =
                |f: fn(&adminduk_domain::report::ServiceLine) -> u64| services.clone().map(|s| s.map(f).sum::<u64>());
            let (on_time, late) = (sum(|s| s.on_time), sum(|s| s.late));
            OverviewRow {
                office: office.to_string(),
                office_name: (*name).to_string(),
                status: status(versions.first().copied(), month, app),
                version: versions.last().map(|r| r.version),
                submitted_at: versions.last().map(|r| r.submitted_at),
                received: sum(|s| s.received),
                completed: sum(|s| s.completed),
                share_on_time: on_time.zip(late).filter(|(a, b)| a + b > 0).map(|(a, b)| a as f64 / (a + b) as f64),
                satisfaction: latest.and_then(|r| r.satisfaction).map(|s| s.index),
                blank_stock: latest.map(|r| r.blanks.stock),
            }
        })
        .collect();
    Ok(Overview { month: month.to_string(), due: month.report_due(), rows })
}
