//! Draining the outbox: every due message goes to its sender; a delivery is recorded, a failure
//! is retried later with backoff. Senders are idempotent by message id, so a worker that dies
//! between sending and recording loses nothing and sends nothing twice.

use chrono::TimeDelta;
use serde::Serialize;

use crate::App;
use crate::error::AppError;
use crate::ports::{Sender, Write};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Drained {
    pub delivered: u32,
    pub failed: u32,
}

/// The wait before attempt `n + 1`: 30 s doubling, at most an hour.
pub fn backoff(attempts: u32) -> TimeDelta {
    TimeDelta::seconds(30 * 2_i64.pow(attempts.min(7))).min(TimeDelta::hours(1))
}

/// Sends up to `limit` due messages.
pub async fn drain(app: &App, sender: &dyn Sender, limit: u32) -> Result<Drained, AppError> {
    let mut drained = Drained::default();
    for (message, attempts) in app.store.due_messages(app.clock.now(), limit).await.map_err(AppError::internal)? {
        let write = match sender.send(&message).await {
            Ok(()) => {
                drained.delivered += 1;
                Write::MessageDelivered { id: message.id.clone(), at: app.clock.now() }
            }
            Err(error) => {
                drained.failed += 1;
                tracing::warn!(id = %message.id, %error, attempts = attempts + 1, "delivery failed; will retry");
                Write::MessageFailed {
                    id: message.id.clone(),
                    attempts: attempts + 1,
                    retry_at: app.clock.now() + backoff(attempts + 1),
                }
            }
        };
        app.store.commit(vec![write]).await.map_err(AppError::internal)?;
    }
    Ok(drained)
}

#[cfg(test)]
#[test]
fn backoff_doubles_up_to_an_hour() {
    assert_eq!(backoff(0), TimeDelta::seconds(30));
    assert_eq!(backoff(1), TimeDelta::seconds(60));
    assert_eq!(backoff(3), TimeDelta::seconds(240));
    assert_eq!(backoff(30), TimeDelta::hours(1));
}
