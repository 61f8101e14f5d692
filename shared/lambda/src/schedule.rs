//! The sweep function, run on a schedule: the housekeeping round (deadlines, reminders,
//! retention), then the outbox messages whose retry is due are sent again.

use adminduk_app::App;
use adminduk_app::delivery::Drained;
use adminduk_app::housekeeping::Housekeeping;
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
    #[serde(flatten)]
    pub housekeeping: Housekeeping,
    pub messages: Drained,
}

pub async fn run() -> Result<(), lambda_runtime::Error> {
    crate::init_logging();
    let environment = Environment::from_env()?;
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
    // A failed kind of work is logged and the rest still runs; the messages are sent regardless.
    let housekeeping = adminduk_app::housekeeping::run(app, BATCH).await;
    let messages = app.outbox().drain(sender, BATCH).await.map_err(|e| e.to_string())?;
    let housekeeping = housekeeping.map_err(|e| e.to_string())?;
    tracing::info!(
        cases_moved = housekeeping.cases_moved,
        report_reminders = housekeeping.report_reminders,
        appointment_reminders = housekeeping.appointment_reminders,
        drafts_removed = housekeeping.drafts_removed,
        delivered = messages.delivered,
        failed = messages.failed,
        "swept"
    );
    Ok(Swept { housekeeping, messages })
}
