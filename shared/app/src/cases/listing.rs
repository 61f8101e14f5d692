//! A case's line in the officers' queues (its listing), made whenever the case is written and
//! kept beside it, so that a queue page is answered without reading and parsing each case's
//! document (the queue is the most read list of all). What depends on the hour, whether the case
//! is near or past its step's deadline, is added when the page is read. A listing carries a mark
//! of the catalogue its names came from; a case listed with a catalogue since adjusted (or written
//! before cases had listings) is listed from its head instead.

use adminduk_domain::catalogue::Catalogue;
use adminduk_domain::ids::Nik;
use chrono::{DateTime, Utc};

use super::queries::{QueueLine, summary};
use crate::App;
use crate::ports::{Case, CaseHead, Listing, Write};

/// Creates `case`, with its listing.
pub fn create(app: &App, case: Case) -> Write {
    Write::CreateCase { listing: listing(app, &case), case }
}

/// Replaces `case` at `expected_version`, with its listing.
pub fn update(app: &App, case: Case, expected_version: u64) -> Write {
    Write::UpdateCase { listing: listing(app, &case), case, expected_version }
}

fn listing(app: &App, case: &Case) -> Listing {
    Listing { json: json(app, CaseHead::from(case)), catalogue: app.catalogue_mark.to_string() }
}

/// The listing's JSON of a case's head: its `QueueLine`.
pub(super) fn json(app: &App, head: CaseHead) -> String {
    let line = QueueLine {
        applicant_nik: head.applicant.nik.as_ref().map(Nik::masked),
        state_due: head.state_due,
        summary: summary(app, head),
    };
    serde_json::to_string(&line).unwrap_or_else(|e| unreachable!("a listing serializes: {e}"))
}

/// Adds a queue item to `items` as `QueueItem` serializes: the listing `json` (a `QueueLine`)
/// with its deadline flags at `now` (near: due by `near`).
pub(super) fn push_item(
    items: &mut String,
    json: &str,
    state_due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    near: DateTime<Utc>,
) {
    let (near, past) = (state_due.is_some_and(|d| d >= now && d <= near), state_due.is_some_and(|d| d < now));
    items.push_str(json.strip_suffix('}').unwrap_or(json));
    items.push_str(if near { ",\"near_deadline\":true" } else { ",\"near_deadline\":false" });
    items.push_str(if past { ",\"past_deadline\":true}" } else { ",\"past_deadline\":false}" });
}

/// The mark of what listings take from `catalogue` (service and state names, how a service names
/// its subject): listings made under another mark are listed afresh.
pub(crate) fn catalogue_mark(catalogue: &Catalogue) -> String {
    let mut named = String::new();
    for s in catalogue.services() {
        let subject = s.subject.as_ref();
        let (field, prefix) = (subject.and_then(|s| s.field.as_deref()), subject.and_then(|s| s.prefix.as_deref()));
        named += &format!("{}\t{}\t{}\t{}\n", s.code, s.name, field.unwrap_or(""), prefix.unwrap_or(""));
    }
    for w in catalogue.workflows() {
        for state in &w.states {
            named += &format!("{}/{}\t{}\n", w.code, state.code, state.name);
        }
    }
    crate::secrets::sha256_hex(&named)[..16].to_string()
}
