//! The sweep function, run on a schedule: cases whose state closes by itself when its time
//! standard runs out are moved on, Dinas whose monthly report is overdue are reminded, and
//! outbox messages whose retry is due are sent again.

use adminduk_app::App;
use adminduk_app::delivery::Drained;
use adminduk_app::ports::Sender;
use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{LambdaEvent, service_fn};
use serde::Serialize;
use tokio::sync::OnceCell;

use crate::environment::{Environment, Signing};

/// Cases moved and messages sent per run at most; the next run takes the rest.
const BATCH: u32 = 500;

#[derive(Debug, Serialize)]
pub struct Swept {
    pub cases_moved: u32,
    pub report_reminders: usize,
    pub appointment_reminders: usize,
    pub messages: Drained,
}

pub async fn run() -> Result<(), lambda_runtime::Error> {
    crate::init_logging();
    let environment = Environment::from_env().await;
    let sender = environment.aws.sender();
    let app = OnceCell::new();
    lambda_runtime::run(service_fn(|_: LambdaEvent<EventBridgeEvent<serde_json::Value>>| {
        let (app, environment, sender) = (&app, &environment, &sender);
        async move {
            let app = app.get_or_try_init(|| environment.app(Signing::None)).await?;
            sweep(app, sender).await
        }
    }))
    .await
}

pub async fn sweep(app: &App, sender: &dyn Sender) -> Result<Swept, lambda_runtime::Error> {
    let cases_moved = adminduk_app::cases::sweep(app, BATCH).await.map_err(|e| e.to_string())?;
    let report_reminders = adminduk_app::reports::remind_late(app).await.map_err(|e| e.to_string())?;
    let appointment_reminders = adminduk_app::cases::appointments::remind(app).await.map_err(|e| e.to_string())?;
    let messages = app.outbox().drain(sender, BATCH).await.map_err(|e| e.to_string())?;
    tracing::info!(
        cases_moved,
        report_reminders,
        appointment_reminders,
        delivered = messages.delivered,
        failed = messages.failed,
        "swept"
    );
    Ok(Swept { cases_moved, report_reminders, appointment_reminders, messages })
}
