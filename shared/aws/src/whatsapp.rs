//! WhatsApp messages through the WhatsApp Business Platform's Cloud API: a text message from a
//! kecamatan's business number (`POST {api}/{number_id}/messages` with the system user's token).
//!
//! The Cloud API takes no idempotency key: as with SNS, a worker that dies between sending and
//! recording the delivery sends the message again. Free text reaches a person only within 24 hours
//! of their last message; outside it the platform refuses, and the outbox sends the text by SMS.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;

use crate::https::HttpsClient;

/// The Graph API version the adapter speaks.
pub const CLOUD_API: &str = "https://graph.facebook.com/v21.0";

#[derive(Clone)]
pub struct WhatsAppCloud {
    client: HttpsClient,
    /// The API's base URL, without a trailing slash.
    api: String,
    token: String,
}

impl std::fmt::Debug for WhatsAppCloud {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WhatsAppCloud").field("api", &self.api).finish_non_exhaustive()
    }
}

impl WhatsAppCloud {
    pub fn new(api: impl Into<String>, token: impl Into<String>) -> Result<WhatsAppCloud, String> {
        Ok(WhatsAppCloud {
            client: crate::https::client(crate::https::Reach::Anywhere, None)?,
            api: api.into().trim_end_matches('/').to_string(),
            token: token.into(),
        })
    }

    /// From ADMINDUK_WHATSAPP_TOKEN (and ADMINDUK_WHATSAPP_API, the Cloud API by default), when set.
    pub fn from_env() -> Option<Result<WhatsAppCloud, String>> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let token = var("ADMINDUK_WHATSAPP_TOKEN")?;
        Some(WhatsAppCloud::new(var("ADMINDUK_WHATSAPP_API").unwrap_or_else(|| CLOUD_API.into()), token))
    }

    /// Sends `body` as a text message from the business number `number_id` to `to` (E.164).
    pub async fn send(&self, number_id: &str, to: &str, body: &str) -> Result<(), String> {
        let payload = serde_json::json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.trim_start_matches('+'),
            "type": "text",
            "text": { "preview_url": true, "body": body },
        });
        let request = hyper::Request::post(format!("{}/{number_id}/messages", self.api))
            .header(hyper::header::AUTHORIZATION, format!("Bearer {}", self.token))
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(payload.to_string())))
            .map_err(|e| e.to_string())?;
        let response = self.client.request(request).await.map_err(|e| format!("WhatsApp tidak terjangkau: {e}"))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let text = response.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
        // The platform's error says why ({"error": {"code": 131047, "message": ...}}).
        Err(format!(
            "WhatsApp menolak ({status}): {}",
            String::from_utf8_lossy(&text).chars().take(300).collect::<String>()
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use axum::Json;
    use axum::extract::{Path, State};
    use axum::http::{HeaderMap, StatusCode};

    use super::WhatsAppCloud;

    type Seen = Arc<Mutex<Vec<(String, String, serde_json::Value)>>>;

    /// A stand-in for the Graph API on a loopback port: it records each request and refuses a
    /// recipient outside the 24-hour window as the platform does.
    async fn graph() -> (String, Seen) {
        let seen: Seen = Arc::default();
        async fn messages(
            State(seen): State<Seen>,
            Path(number_id): Path<String>,
            headers: HeaderMap,
            Json(body): Json<serde_json::Value>,
        ) -> (StatusCode, Json<serde_json::Value>) {
            let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            let late = body["to"] == "6281200000000";
            seen.lock().unwrap().push((number_id, auth, body));
            if late {
                let error = serde_json::json!({ "error": { "code": 131047, "message": "Re-engagement message" } });
                return (StatusCode::BAD_REQUEST, Json(error));
            }
            (StatusCode::OK, Json(serde_json::json!({ "messages": [{ "id": "wamid.OUT1" }] })))
        }
        let router = axum::Router::new()
            .route("/v21.0/{number_id}/messages", axum::routing::post(messages))
            .with_state(seen.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/v21.0", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (base, seen)
    }

    #[tokio::test]
    async fn a_text_goes_from_the_kecamatans_number_and_a_refusal_says_why() {
        let (base, seen) = graph().await;
        let cloud = WhatsAppCloud::new(base, "token-sistem").unwrap();
        cloud
            .send("730608000000001", "+6281299900001", "Isi buku tamu di https://contoh/buku-tamu/K-1/abc")
            .await
            .unwrap();
        let refused = cloud.send("730608000000001", "+6281200000000", "Status").await.unwrap_err();
        assert!(refused.contains("131047"), "{refused}");

        let seen = seen.lock().unwrap();
        let (number_id, auth, body) = &seen[0];
        assert_eq!(number_id, "730608000000001");
        assert_eq!(auth, "Bearer token-sistem");
        assert_eq!(body["messaging_product"], "whatsapp");
        assert_eq!(body["to"], "6281299900001");
        assert_eq!(body["type"], "text");
        assert_eq!(body["text"]["body"], "Isi buku tamu di https://contoh/buku-tamu/K-1/abc");
    }
}
