//! Monthly figures per Dinas: how often each action was taken per service, and how many services
//! were delivered within their time standard. Counted by every transition in its own commit (see
//! `act::transition`), so they need no scan and never drift from the cases.

use std::collections::BTreeMap;

use adminduk_domain::office::Office;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Case, Queued, Write};

/// Figure names beside the actions: services delivered within, or after, their time standard;
/// cases filed; cases closed by outcome (`hasil/...`); steps left within or after their own time
/// standard (`langkah/<state>/...`); documents registered per product (`produk/<name>`).
pub(crate) const ON_TIME: &str = "tepat_waktu";
pub(crate) const LATE: &str = "terlambat";
pub(crate) const RECEIVED: &str = "hasil/diterima";

pub(super) fn closed(outcome: adminduk_domain::workflow::Outcome) -> &'static str {
    use adminduk_domain::workflow::Outcome;
    match outcome {
        Outcome::Completed => "hasil/selesai",
        Outcome::Rejected => "hasil/ditolak",
        Outcome::Cancelled => "hasil/dibatalkan",
    }
}

pub(super) fn step(state: &str, on_time: bool) -> String {
    format!("langkah/{state}/{}", if on_time { ON_TIME } else { LATE })
}

pub(super) fn product(name: &str) -> String {
    format!("produk/{name}")
}

/// Open cases counted at most (the dashboard's picture of the work in hand).
const OPEN_CASES_READ: u32 = 10_000;

/// The tallies of one Dinas in one month (local time).
pub(crate) fn scope(dinas: Office, day: NaiveDate) -> String {
    format!("{dinas}:{:04}-{:02}", day.year(), day.month())
}

/// Adds `by` to the figure `name` of a case's service, in its Dinas and the month of `now`: a
/// write for the same commit as what it counts.
pub(super) fn tally(app: &App, case: &Case, now: DateTime<Utc>, name: &str, by: u64) -> Write {
    let day = now.with_timezone(&app.calendar.offset()).date_naive();
    Write::Tally { scope: scope(case.office.dinas(), day), name: format!("{}/{name}", case.service), by }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub office: String,
    pub month: String,
    pub services: Vec<ServiceFigures>,
}

#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ServiceFigures {
    pub service: String,
    pub name: String,
    /// How often each workflow action was taken this month, by action code.
    pub actions: BTreeMap<String, u64>,
    /// The names of those actions, as officers read them.
    pub action_names: BTreeMap<String, String>,
    /// The open cases now, by the name of the state they wait in.
    pub open_by_state: BTreeMap<String, u64>,
    pub delivered_on_time: u64,
    pub delivered_late: u64,
    /// Share of the deliveries within the time standard, when there were any.
    pub share_on_time: Option<f64>,
    /// The satisfaction index of the month's surveys, when there were any.
    pub satisfaction: Option<adminduk_domain::survey::Index>,
    #[serde(skip)]
    survey_sums: [u64; 9],
    #[serde(skip)]
    respondents: u64,
}

/// An action's name in the workflows the service's variants follow (the code if none has it).
fn action_name(app: &App, service: &str, code: &str) -> String {
    let Some(service) = app.catalogue.service(service) else { return code.to_string() };
    service
        .variants
        .iter()
        .filter_map(|v| app.catalogue.workflow(service.workflow_of(v)))
        .flat_map(|w| w.states.iter().flat_map(|s| s.actions.iter()))
        .find(|a| a.code == code)
        .map_or_else(|| code.to_string(), |a| a.name.clone())
}

/// The figures of one service, created when first needed.
fn entry<'a>(app: &App, services: &'a mut BTreeMap<String, ServiceFigures>, code: &str) -> &'a mut ServiceFigures {
    services.entry(code.to_string()).or_insert_with(|| ServiceFigures {
        service: code.to_string(),
        name: app.catalogue.service(code).map(|s| s.name.clone()).unwrap_or_default(),
        ..ServiceFigures::default()
    })
}

/// The figures of the caller's Dinas for `month` (`YYYY-MM`): officers only.
pub async fn figures(app: &App, actor: &Actor, month: &str) -> Result<Figures, AppError> {
    let (_, office) = actor.require_officer()?;
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").map_err(|_| AppError::Unprocessable {
        code: "MONTH_INVALID",
        message: "Bulan harus berbentuk TTTT-BB, misalnya 2026-11".into(),
    })?;
    let dinas = office.dinas();
    let mut services: BTreeMap<String, ServiceFigures> = BTreeMap::new();
    // Open cases, read from the queues of every waiting state (no scan).
    let waiting: Vec<String> = app
        .catalogue
        .workflows()
        .flat_map(|w| w.states.iter().filter(|s| s.outcome.is_none()).map(move |s| format!("{}/{}", w.code, s.code)))
        .collect();
    let below = !matches!(dinas, Office::Provinsi(_));
    // Read without a catalogue mark, every case comes as its head.
    let open = app.store.queue(&dinas, below, &waiting, None, OPEN_CASES_READ, None).await?;
    for case in open.into_iter().filter_map(Queued::head) {
        // A state an adjusted catalogue no longer knows is counted by its code.
        let named = app.catalogue.workflow(&case.workflow).and_then(|w| w.state(&case.state));
        let state = named.map_or(case.state.clone(), |s| s.name.clone());
        *entry(app, &mut services, &case.service).open_by_state.entry(state).or_default() += 1;
    }
    for (key, value) in app.store.tallies(&scope(dinas, first)).await? {
        let Some((service, name)) = key.split_once('/') else { continue };
        let entry = entry(app, &mut services, service);
        match name {
            ON_TIME => entry.delivered_on_time = value,
            LATE => entry.delivered_late = value,
            super::survey::RESPONDENTS => entry.respondents = value,
            other => match (0..9).find(|&i| super::survey::element(i) == other) {
                Some(i) => entry.survey_sums[i] = value,
                // Outcomes, steps and products are the monthly report's.
                None if other.contains('/') => {}
                None => {
                    entry.actions.insert(other.to_string(), value);
                }
            },
        }
    }
    let services = services
        .into_values()
        .map(|mut s| {
            let delivered = s.delivered_on_time + s.delivered_late;
            s.share_on_time = (delivered > 0).then(|| s.delivered_on_time as f64 / delivered as f64);
            s.satisfaction = adminduk_domain::survey::index(s.survey_sums, s.respondents);
            s.action_names = s.actions.keys().map(|code| (code.clone(), action_name(app, &s.service, code))).collect();
            s
        })
        .collect();
    Ok(Figures { office: dinas.to_string(), month: format!("{:04}-{:02}", first.year(), first.month()), services })
}
