//! Status events for the machine clients that filed cases (a Dinas kabupaten/kota's system): each
//! step of such a case writes one to the outbox with the step itself, and the client reads them
//! from its feed with a cursor, in the order written.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Case, Channel, OutboxMessage, ReporterKind, Write};

/// One step of a case, as its filing system reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatusEvent {
    /// Unique per event; the same event read twice has the same id.
    pub event_id: String,
    pub case_id: String,
    /// The registration number, once filed.
    pub number: Option<String>,
    pub service: String,
    /// The action taken (`ajukan`, `verifikasi`, `tolak`, ...).
    pub action: String,
    /// The state the case is in now, by code and by name.
    pub state: String,
    pub state_name: String,
    /// Set when the step closed the case (`completed`, `rejected`, ...).
    pub outcome: Option<adminduk_domain::workflow::Outcome>,
    pub at: DateTime<Utc>,
}

/// The event of a step that left `case` as it is now, for the system that filed it; nothing for
/// a case a person filed.
pub(super) fn on_step(app: &App, case: &Case, action: &str) -> Result<Option<Write>, AppError> {
    if case.reporter_kind != ReporterKind::Sistem {
        return Ok(None);
    }
    let super::Resolved { state, .. } = super::resolve(app, case)?;
    let at = app.clock.now();
    let event = StatusEvent {
        event_id: format!("{}:{}", case.id, case.version + 1),
        case_id: case.id.clone(),
        number: case.number.clone(),
        service: case.service.clone(),
        action: action.to_string(),
        state: case.state.clone(),
        state_name: state.name.clone(),
        outcome: case.outcome,
        at,
    };
    Ok(Some(Write::Enqueue(OutboxMessage {
        id: format!("{}:peristiwa", event.event_id),
        channel: Channel::Sistem,
        recipient: case.reporter.clone(),
        template: "status_permohonan".into(),
        subject: None,
        body: serde_json::to_string(&event).map_err(AppError::internal)?,
        created_at: at,
        office: Some(case.office.dinas()),
    })))
}

/// An event with the cursor to read on after it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FeedEntry {
    pub cursor: String,
    #[serde(flatten)]
    pub event: StatusEvent,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Feed {
    pub events: Vec<FeedEntry>,
    /// What to send as `after` next: the last event's cursor, or the one sent when nothing is new.
    pub next: Option<String>,
}

/// The calling system's events after `after` (a cursor from an earlier page), oldest first.
/// Cursors are opaque and safe in a URL: the store's own position, base64url-encoded.
pub async fn feed(app: &App, actor: &Actor, after: Option<&str>, limit: u32) -> Result<Feed, AppError> {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let client = actor.require_scope(crate::caller::PROVINCE_SCOPE)?;
    let position = after
        .map(|a| URL_SAFE_NO_PAD.decode(a).ok().and_then(|b| String::from_utf8(b).ok()))
        .map(|p| {
            p.ok_or(AppError::BadRequest {
                code: "CURSOR_INVALID",
                message: "Kursor tidak dikenal; gunakan nilai next dari halaman sebelumnya".into(),
            })
        })
        .transpose()?;
    let page = app.store.feed(&client.id, position.as_deref(), limit.clamp(1, 500)).await?;
    let events = page
        .into_iter()
        .map(|(position, message)| {
            let event = serde_json::from_str(&message.body).map_err(AppError::internal)?;
            Ok(FeedEntry { cursor: URL_SAFE_NO_PAD.encode(position), event })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let next = events.last().map(|e| e.cursor.clone()).or_else(|| after.map(str::to_string));
    Ok(Feed { events, next })
}
