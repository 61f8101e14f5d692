//! Webhooks of the systems that file cases: each status event of the feed is also POSTed to the
//! system's endpoint as it happens, signed as Standard Webhooks has it (`webhook-id`,
//! `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), so
//! a receiver can verify it with any of that standard's libraries. The events are the outbox's
//! `Sistem` messages, retried with the outbox's backoff; every attempt is logged for the system
//! to read. A system sets its endpoint itself, with its own token. Its secret is shown once and
//! kept sealed with the data key (`sealing`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::{Actor, PROVINCE_SCOPE};
use crate::error::AppError;
use crate::ports::{MachineClient, OutboxMessage, PreviousWebhookSecret, Webhook, WebhookAttempt, Write};
use crate::sealing::DataKey;

/// How a secret begins; the rest is the base64 of the key's bytes.
const SECRET_PREFIX: &str = "whsec_";
/// Attempts of one event before it is left to the feed: about eighteen hours at the outbox's
/// backoff (a minute doubling to an hour).
pub const ATTEMPTS: u32 = 24;
/// How long deliveries are also signed with the secret before a new one.
const SECRET_OVERLAP: TimeDelta = TimeDelta::hours(24);
const MAX_URL: usize = 500;

/// `v1,<signature>` of one event, as the `webhook-signature` header carries it; `None` for a
/// secret that is not one of ours.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = STANDARD.decode(secret.strip_prefix(SECRET_PREFIX)?).ok()?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    Some(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// Where a client's webhook secret belongs: a sealed secret opens for this client only.
fn context(client: &str) -> String {
    format!("webhook:{client}")
}

/// The secret a delivery signs with.
fn opened(data_key: &DataKey, client: &str, sealed: &str) -> Result<String, String> {
    data_key.open(sealed, &context(client)).map_err(|e| format!("rahasia webhook tidak dapat dibuka: {e}"))
}

fn new_secret() -> String {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).expect("system randomness");
    format!("{SECRET_PREFIX}{}", STANDARD.encode(key))
}

/// An endpoint the service may POST to: HTTPS to a name or a public address. Plain HTTP only to
/// this machine, and only where the settings allow it (the local server and its tests).
fn checked_url(app: &App, url: &str) -> Result<String, AppError> {
    let refused = |why: &str| AppError::Unprocessable {
        code: "WEBHOOK_URL_INVALID",
        message: format!("Alamat webhook tidak dapat dipakai: {why}"),
    };
    let url = url.trim();
    if url.len() > MAX_URL {
        return Err(refused(&format!("paling panjang {MAX_URL} karakter")));
    }
    let uri: axum::http::Uri = url.parse().map_err(|_| refused("bukan URL"))?;
    let host = uri.host().ok_or_else(|| refused("tanpa nama host"))?;
    let address: Option<std::net::IpAddr> = host.trim_start_matches('[').trim_end_matches(']').parse().ok();
    let loopback = host == "localhost" || address.is_some_and(|a| a.is_loopback());
    match uri.scheme_str() {
        Some("http") if loopback && app.settings.webhooks_to_loopback => return Ok(url.to_string()),
        Some("https") => {}
        _ => return Err(refused("harus https://")),
    }
    // No address inside a network the service runs in (its metadata endpoint, a private range).
    // A name is checked again on every delivery, as it resolves then (`Poster`).
    let private = address.map_or(loopback, crate::ports::internal_address);
    if private && !(loopback && app.settings.webhooks_to_loopback) {
        return Err(refused("alamat jaringan internal"));
    }
    Ok(url.to_string())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// Where to POST the events: `https://...`.
    pub url: String,
}

/// The endpoint as set, with its secret: shown once, when it is set.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookCredentials {
    pub url: String,
    /// `whsec_...`: the key that signs every delivery (Standard Webhooks).
    pub secret: String,
    /// Until then deliveries are also signed with the secret before this one.
    pub previous_secret_valid_until: Option<DateTime<Utc>>,
}

/// The endpoint as it stands (without its secret) and the latest delivery attempts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookStatus {
    pub url: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub previous_secret_valid_until: Option<DateTime<Utc>>,
    /// Newest first.
    pub attempts: Vec<WebhookAttempt>,
}

/// Sets the calling system's endpoint, with a new secret; the one before still signs for a day.
pub async fn set(
    app: &App,
    actor: &Actor,
    r: WebhookRequest,
    from: &ClientAddress,
) -> Result<WebhookCredentials, AppError> {
    let id = actor.require_scope(PROVINCE_SCOPE)?.id.clone();
    let url = checked_url(app, &r.url)?;
    let now = app.clock.now();
    let (_, (secret, until)) = crate::admin::update_client(app, &id, |client| {
        let previous_secret = client
            .webhook
            .take()
            .map(|old| PreviousWebhookSecret { secret: old.secret, valid_until: now + SECRET_OVERLAP });
        let secret = new_secret();
        let sealed = app.data_key.seal(&secret, &context(&client.id)).map_err(AppError::internal)?;
        let until = previous_secret.as_ref().map(|p| p.valid_until);
        client.webhook = Some(Webhook { url: url.clone(), secret: sealed, previous_secret, since: now });
        let entry = crate::auth::audit(app, &id, "webhook_set", &id, serde_json::json!({ "url": url }), from);
        Ok((vec![Write::Audit(entry)], (secret, until)))
    })
    .await?;
    Ok(WebhookCredentials { url, secret, previous_secret_valid_until: until })
}

/// Stops the POSTs; events stay in the feed.
pub async fn remove(app: &App, actor: &Actor, from: &ClientAddress) -> Result<(), AppError> {
    let client = actor.require_scope(PROVINCE_SCOPE)?;
    if client.webhook.is_none() {
        return Ok(());
    }
    crate::admin::update_client(app, &client.id, |client| {
        client.webhook = None;
        let entry = crate::auth::audit(app, &client.id, "webhook_removed", &client.id, serde_json::json!({}), from);
        Ok((vec![Write::Audit(entry)], ()))
    })
    .await?;
    Ok(())
}

pub async fn status(app: &App, actor: &Actor, limit: u32) -> Result<WebhookStatus, AppError> {
    let client = actor.require_scope(PROVINCE_SCOPE)?;
    let attempts = app.store.webhook_attempts(&client.id, limit.clamp(1, 500)).await?;
    let hook = client.webhook.as_ref();
    Ok(WebhookStatus {
        url: hook.map(|h| h.url.clone()),
        since: hook.map(|h| h.since),
        previous_secret_valid_until: hook.and_then(|h| h.previous_secret.as_ref()).map(|p| p.valid_until),
        attempts,
    })
}

/// POSTs one event (`message`, after `attempts` earlier tries) to `hook`: whether it arrived, and
/// the attempt for the log. `retry_at` is when the outbox tries again if it did not.
pub(crate) async fn post(
    outbox: &crate::delivery::Outbox,
    client: &MachineClient,
    hook: &Webhook,
    message: &OutboxMessage,
    attempts: u32,
    now: DateTime<Utc>,
    retry_at: DateTime<Utc>,
) -> (Result<(), String>, WebhookAttempt) {
    let timestamp = now.timestamp();
    let secrets: Result<Vec<String>, String> = std::iter::once(hook.secret.as_str())
        .chain(hook.previous_secret.iter().filter(|p| now < p.valid_until).map(|p| p.secret.as_str()))
        .map(|kept| opened(&outbox.data_key, &client.id, kept))
        .collect();
    let answer = match secrets {
        Ok(secrets) => {
            let signatures: Vec<String> =
                secrets.iter().filter_map(|secret| sign(secret, &message.id, timestamp, &message.body)).collect();
            let headers = [
                ("webhook-id", message.id.clone()),
                ("webhook-timestamp", timestamp.to_string()),
                ("webhook-signature", signatures.join(" ")),
            ];
            outbox.poster.post(&hook.url, &headers, &message.body).await
        }
        // Never sent unsigned: the attempt fails and says why (the data key is missing or
        // another), and is tried again as any failure is.
        Err(e) => Err(e),
    };
    let sent = match &answer {
        Ok(status) if (200..300).contains(status) => Ok(()),
        Ok(status) => Err(format!("HTTP {status}")),
        Err(e) => Err(e.clone()),
    };
    let last = attempts + 1 >= ATTEMPTS;
    let attempt = WebhookAttempt {
        webhook_id: message.id.clone(),
        attempt: attempts + 1,
        at: now,
        url: hook.url.clone(),
        status: answer.ok(),
        error: sent.as_ref().err().map(|e| match last {
            true => format!("{e}; tidak dicoba lagi, peristiwa tetap ada di feed"),
            false => e.clone(),
        }),
        delivered: sent.is_ok(),
        next_attempt_at: (sent.is_err() && !last).then_some(retry_at),
    };
    // The last failure ends the retries as a delivery would: the feed still holds the event.
    (if last { Ok(()) } else { sent }, attempt)
}

/// A poster for installations that deliver no webhooks: every attempt fails, and says why.
pub struct NoPoster;

#[async_trait::async_trait]
impl crate::ports::Poster for NoPoster {
    async fn post(&self, _url: &str, _headers: &[(&str, String)], _body: &str) -> Result<u16, String> {
        Err("pengiriman webhook tidak disiapkan di instalasi ini".into())
    }
}

#[cfg(test)]
mod tests {
    use super::sign;

    #[test]
    fn signatures_match_the_standard_webhooks_test_vector() {
        // The vector the Standard Webhooks reference libraries are tested with: a receiver using
        // any of them accepts what this service signs.
        let signed = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(signed.as_deref(), Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
        assert_eq!(sign("no-prefix", "id", 1, "{}"), None);
    }
}
