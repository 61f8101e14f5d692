//! The local mailbox: SMS and e-mail land in a table of the same database, once per message id,
//! so a newcomer can read activation codes and status messages.

use adminduk_app::ports::{Delivered, Mailbox, OutboxMessage, Sender, StoreResult};
use async_trait::async_trait;
use chrono::Utc;
use rusqlite::params;

use crate::SqliteStore;

#[async_trait]
impl Sender for SqliteStore {
    async fn send(&self, message: &OutboxMessage) -> Result<(), String> {
        let message = message.clone();
        self.run(move |c| {
            let data =
                serde_json::to_string(&message).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            c.execute(
                "INSERT OR IGNORE INTO mailbox (message_id, recipient, delivered_at, data) VALUES (?1, ?2, ?3, ?4)",
                params![message.id, message.recipient, Utc::now(), data],
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
        self.run(move |c| {
            let mut stmt = c.prepare(
                "SELECT data, delivered_at FROM mailbox WHERE ?1 IS NULL OR recipient = ?1 ORDER BY delivered_at DESC, rowid DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![recipient, limit], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
            rows.map(|r| {
                r.and_then(|(data, delivered_at)| {
                    let message = serde_json::from_str(&data).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?;
                    Ok(Delivered { message, delivered_at })
                })
            })
            .collect()
        })
        .await
    }
}
