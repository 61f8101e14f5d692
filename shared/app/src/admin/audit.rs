//! The audit log as its readers see it: a Dinas's admin or inspector reads (and exports as CSV)
//! what the officers and systems of the offices theirs covers did and read, filtered by who,
//! what, whom and when.

use std::collections::HashMap;

use adminduk_domain::office::Office;
use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};

use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::AuditEntry;

/// Entries read from the log for one page at most, however narrow the filter: a page of a
/// filter that matches rarely may be short, and says so by being shorter than asked.
const READ_AT_MOST: u32 = 5_000;

/// Which entries to read; every part is optional.
#[derive(Debug, Default)]
pub struct AuditFilter {
    /// Who: an account or client id.
    pub actor: Option<String>,
    pub action: Option<String>,
    /// On whom or what, as the entry names it.
    pub subject: Option<String>,
    /// From this day (office time), inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this day (office time), inclusive.
    pub to: Option<NaiveDate>,
    /// Entries at most, newest first (100 when not given, at most 1000).
    pub limit: Option<u32>,
}

impl AuditFilter {
    fn matches(&self, e: &AuditEntry) -> bool {
        let same = |wanted: &Option<String>, value: &str| wanted.as_deref().is_none_or(|w| w.trim() == value);
        same(&self.actor, &e.actor) && same(&self.action, &e.action) && same(&self.subject, &e.subject)
    }
}

/// An entry with its actor's name, as its reader sees it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AuditLine {
    #[serde(flatten)]
    pub entry: AuditEntry,
    /// The officer's, person's or system's name; none for an anonymous caller.
    pub actor_name: Option<String>,
}

/// The newest entries an admin or inspector may read that pass `filter`: those of the officers
/// and machine clients of the offices theirs covers. What residents, institution staff and
/// anonymous callers did is the kabupaten Dinas's, whose register it concerns.
pub async fn audit_log(app: &App, actor: &Actor, filter: &AuditFilter) -> Result<Vec<AuditLine>, AppError> {
    let (_, own) = actor.require_auditor()?;
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err(AppError::BadRequest {
            code: "PERIOD_INVALID",
            message: "Tanggal awal harus sebelum atau sama dengan tanggal akhir".into(),
        });
    }
    let offset = app.calendar.offset();
    let start_of = |day: NaiveDate| {
        day.and_hms_opt(0, 0, 0).and_then(|t| offset.from_local_datetime(&t).single()).map(|t| t.with_timezone(&Utc))
    };
    let until = filter.to.and_then(|d| start_of(d + TimeDelta::days(1))).map(|t| t - TimeDelta::microseconds(1));
    let until = until.unwrap_or_else(|| app.clock.now()).min(app.clock.now());
    let since = filter.from.and_then(start_of);
    let limit = filter.limit.unwrap_or(100).clamp(1, 1000) as usize;
    let entries = app.store.audit(until, READ_AT_MOST).await?;
    // Each actor's office and name, read once per page.
    let mut actors: HashMap<String, (Office, Option<String>)> = HashMap::new();
    let mut mine = Vec::new();
    for entry in entries {
        if since.is_some_and(|s| entry.at < s) {
            break;
        }
        if !filter.matches(&entry) {
            continue;
        }
        if !actors.contains_key(&entry.actor) {
            let (office, name) = match app.store.account(&entry.actor).await? {
                Some(account) => (account.office, Some(account.name)),
                None => match app.store.client(&entry.actor).await? {
                    Some(client) => (Some(client.office), Some(client.name)),
                    None => (None, None),
                },
            };
            actors.insert(entry.actor.clone(), (office.unwrap_or(app.settings.home), name));
        }
        let (office, name) = &actors[&entry.actor];
        if own.covers(office) {
            mine.push(AuditLine { actor_name: name.clone(), entry });
        }
        if mine.len() >= limit {
            break;
        }
    }
    Ok(mine)
}

/// The same entries as CSV, for the inspectorate's own tools: one line each, the detail as JSON.
pub fn audit_csv(app: &App, lines: &[AuditLine]) -> Result<String, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let offset = app.calendar.offset();
    let header = ["waktu_wita", "pelaku", "nama_pelaku", "tindakan", "subjek", "alamat", "rincian"];
    out.write_record(header).map_err(AppError::internal)?;
    for AuditLine { entry: e, actor_name } in lines {
        let at = e.at.with_timezone(&offset).format("%Y-%m-%d %H:%M:%S").to_string();
        let detail = e.detail.to_string();
        let (address, name) =
            (e.client_address.as_deref().unwrap_or_default(), actor_name.as_deref().unwrap_or_default());
        out.write_record([at.as_str(), &e.actor, name, &e.action, &e.subject, address, &detail])
            .map_err(AppError::internal)?;
    }
    String::from_utf8(out.into_inner().map_err(AppError::internal)?).map_err(AppError::internal)
}
