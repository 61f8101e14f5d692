//! The local mailbox: SMS and e-mail land in a table of the same database, once per message id,
//! so a newcomer can read activation codes and status messages.

use adminduk_domain::catalogue::OfficeCard;
use adminduk_ports::{Channel, Delivered, Mailbox, OutboxMessage, Sender, StoreResult};
use async_trait::async_trait;
use chrono::Utc;
use rusqlite::params;

use crate::SqliteStore;

#[async_trait]
impl Sender for SqliteStore {
    async fn send(&self, message: &OutboxMessage, from: Option<&OfficeCard>) -> Result<(), String> {
        // The e-mail is kept as its recipient would read it, with the HTML part it was sent with.
        let html = (message.channel == Channel::Email)
            .then(|| adminduk_ports::email::html(message.subject.as_deref().unwrap_or_default(), &message.body, from));
        let delivered = Delivered { message: message.clone(), delivered_at: Utc::now(), html };
        self.write(move |c| {
            let data =
                serde_json::to_string(&delivered).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            c.execute(
                "INSERT OR IGNORE INTO mailbox (message_id, recipient, delivered_at, data) VALUES (?1, ?2, ?3, ?4)",
                params![delivered.message.id, delivered.message.recipient, delivered.delivered_at, data],
            )
        })
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
    }
}

#[async_trait]
impl Mailbox for SqliteStore {
    async fn delivered(&self, recipient: Option<&str>, limit: u32) -> StoreResult<Vec<Delivered>> {
        let recipient = recipient.map(str::to_string);
        self.read(move |c| {
            let mut stmt = c.prepare(
                "SELECT data, delivered_at FROM mailbox WHERE ?1 IS NULL OR recipient = ?1 ORDER BY delivered_at DESC, rowid DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![recipient, limit], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
            rows.map(|r| {
                r.and_then(|(data, delivered_at)| {
                    let stored: Delivered = serde_json::from_str(&data).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?;
                    Ok(Delivered { delivered_at, ..stored })
                })
            })
            .collect()
        })
        .await
    }
}
