//! Messages given up on (the dead letters) for the admin of the office they speak for: what
//! failed, to whom (masked), why, and sending them again once the channel works. Bodies are never
//! shown: a code in one would open the resident's account.

use adminduk_domain::catalogue::ACCOUNT_TEMPLATES;
use adminduk_domain::ids::{Email, Phone};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Channel, DeadMessage, Write};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FailedMessage {
    pub id: String,
    /// `sms`, `email` or `whatsapp`.
    #[schema(value_type = String)]
    pub channel: Channel,
    /// Masked: the admin sees that it was the resident's number, not the number.
    pub recipient: String,
    pub template: String,
    /// An e-mail's subject (never its body).
    pub subject: Option<String>,
    pub created_at: DateTime<Utc>,
    pub dead_at: DateTime<Utc>,
    pub attempts: u32,
    /// What the provider answered last.
    pub error: String,
    /// A one-time code is never sent again (it ran out long ago); the resident asks for a new one.
    pub resendable: bool,
}

/// How many dead letters are read back at most.
const READ_AT_MOST: u32 = 500;

fn masked(channel: Channel, recipient: &str) -> String {
    match channel {
        Channel::Email => Email::parse(recipient).map(|e| e.masked()).unwrap_or_else(|_| "***".into()),
        _ => Phone::parse(recipient).map(|p| p.masked()).unwrap_or_else(|_| "***".into()),
    }
}

fn view(d: DeadMessage) -> FailedMessage {
    let m = d.message;
    FailedMessage {
        recipient: masked(m.channel, &m.recipient),
        resendable: !ACCOUNT_TEMPLATES.contains(&m.template.as_str()),
        id: m.id,
        channel: m.channel,
        template: m.template,
        subject: m.subject,
        created_at: m.created_at,
        dead_at: d.dead_at,
        attempts: d.attempts,
        error: d.error,
    }
}

/// The messages of the admin's office and what it covers that were given up on, newest first.
pub async fn failed_messages(app: &App, actor: &Actor) -> Result<Vec<FailedMessage>, AppError> {
    let (_, own) = actor.require_admin()?;
    let letters = app.store.dead_messages(READ_AT_MOST).await?;
    Ok(letters.into_iter().filter(|d| d.message.office.is_some_and(|o| own.covers(&o))).map(view).collect())
}

/// Sends a message given up on again: due at once, its attempts counted afresh.
pub async fn resend(app: &App, actor: &Actor, id: &str, from: &ClientAddress) -> Result<(), AppError> {
    actor.require_admin()?;
    let entry = app.store.message(id).await?.filter(|e| e.dead).ok_or_else(|| super::not_found("Pesan gagal"))?;
    let office = entry.message.office.ok_or_else(|| super::not_found("Pesan gagal"))?;
    actor.require_admin_of(&office)?;
    if ACCOUNT_TEMPLATES.contains(&entry.message.template.as_str()) {
        return Err(AppError::Unprocessable {
            code: "CODE_NOT_RESENT",
            message: "Kode sekali pakai tidak dikirim ulang karena sudah kedaluwarsa; minta warga meminta kode baru"
                .into(),
        });
    }
    let now = app.clock.now();
    let detail = serde_json::json!({ "template": entry.message.template, "attempts": entry.attempts });
    app.store
        .commit(vec![
            super::audit(app, actor, "message_resent", id, detail, from),
            Write::MessageRevived { id: id.to_string(), at: now },
        ])
        .await?;
    Ok(())
}
