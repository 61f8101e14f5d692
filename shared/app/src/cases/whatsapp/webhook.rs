//! What the WhatsApp Business Platform (Cloud API) sends to the webhook: the subscription
//! handshake, the signature of every delivery, and the messages a delivery carries.

use hmac::{KeyInit, Mac};
use serde::Deserialize;

use crate::error::AppError;
use crate::settings::WhatsAppKeys;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The webhook's keys; an installation without WhatsApp has no webhook (404, not an outage).
fn keys(app: &crate::App) -> Result<&WhatsAppKeys, AppError> {
    app.settings.whatsapp.as_ref().ok_or_else(|| AppError::NotFound {
        code: "WHATSAPP_NOT_CONFIGURED",
        message: "Layanan WhatsApp belum dihubungkan pada instalasi ini".into(),
    })
}

/// The subscription handshake (`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`): the
/// challenge echoed when the token is ours.
pub fn handshake(app: &crate::App, mode: &str, token: &str, challenge: &str) -> Result<String, AppError> {
    let keys = keys(app)?;
    if mode != "subscribe" || !crate::secrets::same_secret(token.as_bytes(), keys.verify_token.as_bytes()) {
        return Err(AppError::Forbidden {
            code: "WHATSAPP_VERIFY_TOKEN_INVALID",
            message: "Token verifikasi webhook WhatsApp tidak cocok".into(),
        });
    }
    Ok(challenge.to_string())
}

/// Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`.
pub fn check_signature(app: &crate::App, header: Option<&str>, body: &[u8]) -> Result<(), AppError> {
    let keys = keys(app)?;
    let forged = || AppError::Unauthenticated {
        code: "WHATSAPP_SIGNATURE_INVALID",
        message: "Tanda tangan kiriman WhatsApp tidak sah".into(),
    };
    let hex = header.and_then(|h| h.trim().strip_prefix("sha256=")).ok_or_else(forged)?;
    let signature = decode_hex(hex).ok_or_else(forged)?;
    let mut mac = HmacSha256::new_from_slice(keys.app_secret.as_bytes()).map_err(AppError::internal)?;
    mac.update(body);
    mac.verify_slice(&signature).map_err(|_| forged())
}

/// The signature header value for `body`: what the platform sends, for tests and simulations.
pub fn signature(app_secret: &str, body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(app_secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    format!("sha256={}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// A delivery: `{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": ...}]}]}`.
#[derive(Debug, Deserialize)]
pub struct Delivery {
    #[serde(default)]
    pub entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
pub struct Entry {
    #[serde(default)]
    pub changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
pub struct Change {
    #[serde(default)]
    pub field: String,
    pub value: Value,
}

#[derive(Debug, Deserialize)]
pub struct Value {
    pub metadata: Metadata,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Incoming messages (a status update of a sent message has none).
    #[serde(default)]
    pub messages: Vec<Message>,
}

#[derive(Debug, Deserialize)]
pub struct Metadata {
    /// The business number the message was sent to.
    pub phone_number_id: String,
}

#[derive(Debug, Deserialize)]
pub struct Contact {
    pub wa_id: String,
    #[serde(default)]
    pub profile: Option<Profile>,
}

#[derive(Debug, Deserialize)]
pub struct Profile {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct Message {
    /// `wamid.…`: the platform delivers a message at least once, always with this id.
    pub id: String,
    /// The sender's number, digits only with the country code (`6281234567890`).
    pub from: String,
}

/// One incoming message as the intake needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub number_id: String,
    pub message_id: String,
    /// E.164.
    pub from: String,
    /// The name the sender's WhatsApp profile shows.
    pub profile_name: Option<String>,
}

impl Delivery {
    pub fn parse(body: &[u8]) -> Result<Delivery, AppError> {
        serde_json::from_slice(body).map_err(|e| AppError::Unprocessable {
            code: "WHATSAPP_PAYLOAD_INVALID",
            message: format!("Kiriman WhatsApp tidak dapat dibaca: {e}"),
        })
    }

    /// The incoming messages, in order.
    pub fn incoming(&self) -> Vec<Incoming> {
        let changes = self.entry.iter().flat_map(|e| &e.changes).filter(|c| c.field == "messages");
        changes
            .flat_map(|c| {
                c.value.messages.iter().map(|m| Incoming {
                    number_id: c.value.metadata.phone_number_id.clone(),
                    message_id: m.id.clone(),
                    from: format!("+{}", m.from.trim_start_matches('+')),
                    profile_name: c
                        .value
                        .contacts
                        .iter()
                        .find(|k| k.wa_id == m.from)
                        .and_then(|k| k.profile.as_ref())
                        .map(|p| plain_name(&p.name))
                        .filter(|n| !n.is_empty()),
                })
            })
            .collect()
    }
}

/// A profile name as officers may read it: no control or direction-changing characters (which
/// could make it read as another name), at most 60 characters.
fn plain_name(name: &str) -> String {
    let bidi = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let kept: String = name.chars().filter(|c| !c.is_control() && !bidi(*c)).take(60).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_made_with_the_secret_is_the_platforms_header_format() {
        // HMAC-SHA256("rahasia", "{}"), computed independently (Python's hmac module).
        assert_eq!(
            signature("rahasia", b"{}"),
            "sha256=f1c8a7606cbc006cbf2442d68a6080235b3d78f5629352fb28ca40e6ca2b34ad"
        );
        assert_eq!(decode_hex("0aff"), Some(vec![10, 255]));
        assert_eq!(decode_hex("0g"), None);
        assert_eq!(decode_hex("abc"), None);
    }

    #[test]
    fn a_profile_name_loses_what_could_make_it_read_as_another() {
        assert_eq!(plain_name("  Ibu\u{202e}amhaR \n Dg.\u{2066}  "), "IbuamhaR Dg.");
        assert_eq!(plain_name(&"a".repeat(100)).len(), 60);
    }

    #[test]
    fn a_delivery_yields_its_messages_with_the_senders_profile_name() {
        let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
            "messaging_product":"whatsapp","metadata":{"display_phone_number":"6281140000808","phone_number_id":"730608000000001"},
            "contacts":[{"profile":{"name":"Andi"},"wa_id":"6281234500001"}],
            "messages":[{"from":"6281234500001","id":"wamid.A1","timestamp":"1764740000","type":"text","text":{"body":"Halo"}}]}}]}]}"#;
        let incoming = Delivery::parse(body).unwrap().incoming();
        assert_eq!(
            incoming,
            [Incoming {
                number_id: "730608000000001".into(),
                message_id: "wamid.A1".into(),
                from: "+6281234500001".into(),
                profile_name: Some("Andi".into()),
            }]
        );
        let statuses = br#"{"entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},"statuses":[{"id":"wamid.B"}]}}]}]}"#;
        assert!(Delivery::parse(statuses).unwrap().incoming().is_empty());
    }
}
