//! Delivering the outbox: a message goes to its sender once; a delivery is recorded, a failure
//! is retried later with backoff. Two drivers share `deliver`: the drain of due messages (the
//! local server's worker, the scheduled function on AWS) and the table stream on AWS, which hands
//! over each new message as it is written. A delivered message is never sent again.

use std::sync::Arc;

use adminduk_domain::catalogue::Catalogue;
use chrono::TimeDelta;
use serde::Serialize;

use crate::App;
use crate::clock::Clock;
use crate::error::AppError;
use crate::ports::{Channel, OutboxMessage, Poster, Sender, Store, Write};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Drained {
    pub delivered: u32,
    pub failed: u32,
}

/// What became of one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Delivered,
    /// The sender refused or failed: recorded, and due again after the backoff.
    Failed,
    /// Delivered before, or not in the outbox: nothing was sent.
    Skipped,
}

/// Attempts of a WhatsApp message before it goes by SMS instead (outside the platform's
/// 24-hour window, or while WhatsApp is down).
const WHATSAPP_ATTEMPTS: u32 = 3;

/// Failed attempts of a message to a person before it is given up on (about six hours with the
/// backoff): it waits among the dead letters for an officer to send it again. A machine client's
/// event stays in its feed instead (see `webhooks`).
pub const GIVE_UP_AFTER: u32 = 12;

/// The wait before attempt `n + 1`: 30 s doubling, at most an hour.
pub fn backoff(attempts: u32) -> TimeDelta {
    TimeDelta::seconds(30 * 2_i64.pow(attempts.min(7))).min(TimeDelta::hours(1))
}

/// A store's outbox, the clock that times its retries, the catalogue naming the offices
/// messages speak for and the poster of machine clients' webhooks: all delivery needs (no
/// signing key).
#[derive(Clone)]
pub struct Outbox {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub catalogue: Arc<Catalogue>,
    pub poster: Arc<dyn Poster>,
    /// Opens webhook secrets.
    pub data_key: Arc<crate::sealing::DataKey>,
}

impl App {
    pub fn outbox(&self) -> Outbox {
        Outbox {
            store: self.store.clone(),
            clock: self.clock.clone(),
            catalogue: self.catalogue.clone(),
            poster: self.poster.clone(),
            data_key: self.data_key.clone(),
        }
    }
}

impl Outbox {
    /// Sends up to `limit` due messages.
    pub async fn drain(&self, sender: &dyn Sender, limit: u32) -> Result<Drained, AppError> {
        let mut drained = Drained::default();
        for (message, attempts) in self.store.due_messages(self.clock.now(), limit).await? {
            match self.send(sender, &message, attempts).await? {
                Outcome::Delivered => drained.delivered += 1,
                Outcome::Failed => drained.failed += 1,
                Outcome::Skipped => {}
            }
        }
        Ok(drained)
    }

    /// Sends one message by id unless it was delivered already. An error means the outcome
    /// could not be read or recorded; delivering the same id again is then safe.
    pub async fn deliver(&self, sender: &dyn Sender, id: &str) -> Result<Outcome, AppError> {
        match self.store.message(id).await? {
            Some(entry) if !entry.delivered && !entry.dead => self.send(sender, &entry.message, entry.attempts).await,
            _ => Ok(Outcome::Skipped),
        }
    }

    async fn send(&self, sender: &dyn Sender, message: &OutboxMessage, attempts: u32) -> Result<Outcome, AppError> {
        let from = message.office.map(|o| self.catalogue.office(&o));
        let (now, retry_at) = (self.clock.now(), self.clock.now() + backoff(attempts + 1));
        let mut writes = Vec::new();
        let sent = match message.channel {
            // A machine client's event is in its feed, which it reads; and POSTed to its webhook
            // if it has one.
            Channel::Sistem => {
                let client = self.store.client(&message.recipient).await?.filter(|c| !c.disabled);
                match client.as_ref().and_then(|c| c.webhook.as_ref().map(|hook| (c, hook))) {
                    None => Ok(()),
                    Some((client, hook)) => {
                        let (sent, attempt) =
                            crate::webhooks::post(self, client, hook, message, attempts, now, retry_at).await;
                        writes.push(Write::LogWebhookAttempt { client: client.id.clone(), attempt });
                        sent
                    }
                }
            }
            Channel::Whatsapp => {
                // Its office has a WhatsApp number, and WhatsApp has not failed too often yet.
                let tried = match from.as_ref().and_then(|f| f.whatsapp.as_ref()) {
                    Some(_) => Some(sender.send(message, from.as_ref()).await),
                    None => None,
                };
                match tried {
                    Some(Ok(())) => Ok(()),
                    Some(Err(e)) if attempts + 1 < WHATSAPP_ATTEMPTS => Err(e),
                    failed => {
                        if let Some(Err(error)) = failed {
                            tracing::warn!(id = %message.id, %error, "WhatsApp failed; sending by SMS");
                        }
                        let sms = OutboxMessage {
                            id: format!("{}:sms", message.id),
                            channel: Channel::Sms,
                            ..message.clone()
                        };
                        sender.send(&sms, from.as_ref()).await
                    }
                }
            }
            _ => sender.send(message, from.as_ref()).await,
        };
        let (write, outcome) = match sent {
            Ok(()) => (Write::MessageDelivered { id: message.id.clone(), at: now }, Outcome::Delivered),
            Err(error) if attempts + 1 >= GIVE_UP_AFTER && message.channel != Channel::Sistem => {
                tracing::error!(id = %message.id, %error, attempts = attempts + 1, "delivery given up; in the dead letters");
                let error = error.chars().take(500).collect();
                let write = Write::MessageDead { id: message.id.clone(), attempts: attempts + 1, at: now, error };
                (write, Outcome::Failed)
            }
            Err(error) => {
                tracing::warn!(id = %message.id, %error, attempts = attempts + 1, "delivery failed; will retry");
                (Write::MessageFailed { id: message.id.clone(), attempts: attempts + 1, retry_at }, Outcome::Failed)
            }
        };
        writes.push(write);
        self.store.commit(writes).await?;
        Ok(outcome)
    }
}

#[cfg(test)]
#[test]
fn backoff_doubles_up_to_an_hour() {
    assert_eq!(backoff(0), TimeDelta::seconds(30));
    assert_eq!(backoff(1), TimeDelta::seconds(60));
    assert_eq!(backoff(3), TimeDelta::seconds(240));
    assert_eq!(backoff(30), TimeDelta::hours(1));
}
