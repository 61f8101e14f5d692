//! The notify function: the table's stream hands over each outbox message as it is written; it
//! leaves through SNS (SMS) or SES (e-mail) and its delivery is recorded.
//!
//! Failures stay per record. A channel that refuses is recorded as a failed attempt and retried
//! by the scheduled drain with backoff, so it does not hold up the shard. Only a record whose
//! outcome could not be read or recorded is reported in `batchItemFailures`: Lambda then retries
//! from it, and the records after it that were delivered already are skipped, not sent again.

use adminduk_app::delivery::{Outbox, Outcome};
use adminduk_app::ports::Sender;
use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use lambda_runtime::{LambdaEvent, service_fn};

use crate::environment::Environment;

pub async fn run() -> Result<(), lambda_runtime::Error> {
    crate::init_logging();
    let environment = Environment::from_env()?;
    let sender = environment.aws.sender();
    // Made on the first event (the data key is read from Secrets Manager).
    let outbox = tokio::sync::OnceCell::new();
    lambda_runtime::run(service_fn(|event: LambdaEvent<Event>| {
        let (outbox, sender, environment) = (&outbox, &sender, &environment);
        async move {
            let outbox = outbox.get_or_try_init(|| environment.outbox()).await?;
            Ok::<_, lambda_runtime::Error>(deliver(outbox, sender, event.payload).await)
        }
    }))
    .await
}

/// The outbox message a stream record is about: new `OUT#<id>` items only.
fn message_id(record: &EventRecord) -> Option<&str> {
    if record.event_name != "INSERT" {
        return None;
    }
    match record.change.keys.get("PK") {
        Some(serde_dynamo::AttributeValue::S(pk)) => pk.strip_prefix("OUT#"),
        _ => None,
    }
}

/// Delivers the batch's messages, reporting the records to try again.
pub async fn deliver(outbox: &Outbox, sender: &dyn Sender, event: Event) -> DynamoDbEventResponse {
    let mut response = DynamoDbEventResponse::default();
    for record in &event.records {
        let Some(id) = message_id(record) else { continue };
        match outbox.deliver(sender, id).await {
            Ok(Outcome::Delivered | Outcome::Skipped) => {}
            Ok(Outcome::Failed) => tracing::warn!(id, "channel refused; the scheduled drain retries it"),
            Err(error) => {
                tracing::error!(id, %error, "delivery not recorded; the record is retried");
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = record.change.sequence_number.clone();
                response.batch_item_failures.push(failure);
            }
        }
    }
    response
}
