//! A Dinas's report computed from the month's figures its transitions counted (see
//! `cases::figures`): what its Kepala Dinas reviews before submitting. Blank receipts, damage
//! and stock have no source here; they start at zero for the Kepala Dinas to fill in.

use std::collections::BTreeMap;

use adminduk_domain::report::{Blanks, Complaints, DocumentLine, MonthlyReport, Satisfaction, ServiceLine, StepLine};

use super::{dinas, may_read, month};
use crate::App;
use crate::caller::Actor;
use crate::cases::figures as f;
use crate::error::AppError;

/// Services whose cases are complaints (seed 003: pengaduan, saran dan masukan).
const COMPLAINTS_WORKFLOW: &str = "pengaduan";

/// Products printed on a KTP-el blank: each one issued used one.
fn uses_a_blank(product: &str) -> bool {
    product.starts_with("KTP-el")
}

/// The report of `office` on `month`, as its own figures give it.
pub async fn computed(app: &App, actor: &Actor, office: &str, month_text: &str) -> Result<MonthlyReport, AppError> {
    let office = dinas(office)?;
    may_read(actor, &office)?;
    let month = month(month_text)?;
    Ok(from_tallies(app, app.store.tallies(&f::scope(office, month.first_day())).await?))
}

fn from_tallies(app: &App, tallies: Vec<(String, u64)>) -> MonthlyReport {
    let mut services: BTreeMap<String, ServiceLine> = BTreeMap::new();
    let mut steps: BTreeMap<(String, String), StepLine> = BTreeMap::new();
    let mut documents: BTreeMap<String, u64> = BTreeMap::new();
    let mut survey = ([0u64; 9], 0u64);
    for (key, value) in tallies {
        let Some((service, name)) = key.split_once('/') else { continue };
        let line = || ServiceLine { service: service.to_string(), ..ServiceLine::default() };
        let mut count = |set: fn(&mut ServiceLine) -> &mut u64| {
            *set(services.entry(service.to_string()).or_insert_with(line)) += value;
        };
        match name {
            f::RECEIVED => count(|l| &mut l.received),
            "hasil/selesai" => count(|l| &mut l.completed),
            "hasil/ditolak" => count(|l| &mut l.rejected),
            "hasil/dibatalkan" => count(|l| &mut l.cancelled),
            f::ON_TIME => count(|l| &mut l.on_time),
            f::LATE => count(|l| &mut l.late),
            crate::cases::survey::RESPONDENTS => survey.1 += value,
            other => {
                if let Some(product) = other.strip_prefix("produk/") {
                    *documents.entry(product.to_string()).or_default() += value;
                } else if let Some((step, measure)) = other.strip_prefix("langkah/").and_then(|s| s.rsplit_once('/')) {
                    let l = steps.entry((service.to_string(), step.to_string())).or_insert_with(|| StepLine {
                        service: service.to_string(),
                        step: step.to_string(),
                        ..StepLine::default()
                    });
                    if measure == f::ON_TIME {
                        l.on_time += value;
                    } else {
                        l.late += value;
                    }
                } else if let Some(i) = (0..9).find(|&i| crate::cases::survey::element(i) == other) {
                    survey.0[i] += value;
                }
            }
        }
    }
    let complaints = services
        .values()
        .filter(|l| app.catalogue.service(&l.service).is_some_and(|s| s.workflow == COMPLAINTS_WORKFLOW))
        .fold(Complaints::default(), |c, l| Complaints {
            received: c.received + l.received,
            answered: c.answered + l.completed,
        });
    let used = documents.iter().filter(|(p, _)| uses_a_blank(p)).map(|(_, n)| n).sum();
    MonthlyReport {
        services: services.into_values().collect(),
        steps: steps.into_values().collect(),
        documents: documents.into_iter().map(|(product, count)| DocumentLine { product, count }).collect(),
        satisfaction: adminduk_domain::survey::index(survey.0, survey.1)
            .map(|i| Satisfaction { respondents: i.respondents, index: i.value }),
        complaints,
        blanks: Blanks { used, ..Blanks::default() },
    }
}
