//! The work nobody asks for, on a timer (every half minute on the local server, every minute in
//! the sweep function): cases whose state closes by itself when its time standard runs out are
//! moved on, Dinas late with their monthly report and tomorrow's appointments are reminded, and
//! what is kept only for a while is removed (drafts never filed, delivered messages, partners'
//! verification jobs and their answers).

use serde::Serialize;

use crate::App;
use crate::error::AppError;

#[derive(Debug, Default, Serialize)]
pub struct Housekeeping {
    pub cases_moved: u32,
    pub report_reminders: usize,
    pub appointment_reminders: usize,
    pub drafts_removed: u32,
    pub messages_purged: u64,
    pub verification_jobs_removed: usize,
}

/// One round, taking at most `batch` cases for each kind of work; the next round takes the rest.
/// Each kind runs even when another failed, which is logged and answered after.
pub async fn run(app: &App, batch: u32) -> Result<Housekeeping, AppError> {
    let mut done = Housekeeping::default();
    let mut failed = None;
    let mut note = |what: &str, e: AppError| {
        tracing::error!(error = %e, "{what} failed");
        failed.get_or_insert(e);
    };
    match crate::cases::sweep(app, batch).await {
        Ok(n) => done.cases_moved = n,
        Err(e) => note("deadline sweep", e),
    }
    match crate::reports::remind_late(app).await {
        Ok(n) => done.report_reminders = n,
        Err(e) => note("report reminders", e),
    }
    match crate::cases::appointments::remind(app).await {
        Ok(n) => done.appointment_reminders = n,
        Err(e) => note("appointment reminders", e),
    }
    match crate::cases::remove_abandoned(app, batch).await {
        Ok(n) => done.drafts_removed = n,
        Err(e) => note("draft retention", e),
    }
    match app.store.purge_delivered(app.clock.now()).await {
        Ok(n) => done.messages_purged = n,
        Err(e) => note("message retention", e.into()),
    }
    match crate::verification::jobs::remove_expired(app, batch).await {
        Ok(n) => done.verification_jobs_removed = n,
        Err(e) => note("verification job retention", e),
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(done),
    }
}
