//! A Dinas's system takes the events of the cases it filed at its own endpoint (issue 12, point
//! 6): it sets a webhook with its token, each step is POSTed there signed as Standard Webhooks
//! has it, a refused delivery is retried after the backoff, and every attempt is in a log the
//! system reads. The receiver here checks each signature itself, as a partner's would.

use std::sync::{Arc, Mutex};

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{Reply, TestApp, pdf};
use axum::extract::State;
use axum::http::HeaderMap;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::TimeDelta;
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};

/// What the receiver was sent: the three webhook headers and the body.
#[derive(Debug, Clone)]
struct Received {
    id: String,
    timestamp: String,
    signatures: Vec<String>,
    body: String,
}

#[derive(Clone, Default)]
struct Receiver {
    seen: Arc<Mutex<Vec<Received>>>,
    /// Requests still to refuse with 503 before answering 204.
    refuse: Arc<Mutex<u32>>,
}

impl Receiver {
    fn seen(&self) -> Vec<Received> {
        self.seen.lock().unwrap().clone()
    }
}

/// A partner's endpoint on a loopback port: `http://127.0.0.1:<port>/peristiwa`.
async fn receiver(refuse: u32) -> (String, Receiver) {
    let state = Receiver { refuse: Arc::new(Mutex::new(refuse)), ..Default::default() };
    async fn take(State(r): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        r.seen.lock().unwrap().push(Received {
            id: header("webhook-id"),
            timestamp: header("webhook-timestamp"),
            signatures: header("webhook-signature").split(' ').map(str::to_string).collect(),
            body,
        });
        let mut refuse = r.refuse.lock().unwrap();
        if *refuse > 0 {
            *refuse -= 1;
            return StatusCode::SERVICE_UNAVAILABLE;
        }
        StatusCode::NO_CONTENT
    }
    let router = axum::Router::new().route("/peristiwa", axum::routing::post(take)).with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/peristiwa", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, state)
}

/// The receiver's check, written from the standard's text: HMAC-SHA256 under the secret's key
/// bytes over `id.timestamp.body`, base64, after `v1,`.
fn verifies(secret: &str, r: &Received) -> bool {
    let key = STANDARD.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", r.id, r.timestamp, r.body).as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    r.signatures.contains(&expected)
}

async fn drain(t: &TestApp) {
    t.app.outbox().drain(t.mailbox.as_ref(), 100).await.unwrap();
}

async fn log(t: &TestApp, token: &str) -> Vec<Value> {
    let status = t.get("/api/v1/events/webhook", Some(token)).await;
    assert_eq!(status.status, StatusCode::OK, "{status:?}");
    status.body["attempts"].as_array().unwrap().clone()
}

/// Bone's system, added by the province's admin: the app, the admin's token, the answer that
/// created the client (its id and secret) and the system's token.
async fn bone_system() -> (TestApp, String, Reply, String) {
    let t = TestApp::spawn().await;
    let admin = t.officer("admin@sulselprov.go.id", "73", &[Role::Admin]).await;
    let body = json!({ "name": "SIAK Dukcapil Bone", "scopes": ["provinsi.layanan"], "office": "73.08" });
    let created = t.post_as(&admin, "/api/v1/admin/clients", body).await;
    let bone = t.client_token(&created).await;
    (t, admin, created, bone)
}

#[tokio::test]
async fn a_dinas_system_takes_its_events_at_its_webhook_signed_retried_and_logged() {
    let (t, _, created, bone) = bone_system().await;
    let prov = t.officer("layanan@sulselprov.go.id", "73", &[Role::PetugasLayanan]).await;

    // Only HTTPS to a public host, or this machine where the local server allows it; only a system.
    for url in
        ["http://sistem.bone.go.id/peristiwa", "https://169.254.169.254/latest", "https://10.1.2.3/x", "bukan url"]
    {
        let refused = t.put_as(&bone, "/api/v1/events/webhook", json!({ "url": url })).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "WEBHOOK_URL_INVALID"),
            "{url}"
        );
    }
    let (url, partner) = receiver(1).await;
    assert_eq!(t.put_as(&prov, "/api/v1/events/webhook", json!({ "url": url })).await.status, StatusCode::FORBIDDEN);
    let set = t.put_as(&bone, "/api/v1/events/webhook", json!({ "url": url })).await;
    assert_eq!(set.status, StatusCode::OK, "{set:?}");
    let secret = set.body["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_") && set.body["previous_secret_valid_until"].is_null(), "{set:?}");
    // Kept sealed: the stored record does not hold the secret, and opens only for this client.
    let system = created.body["client_id"].as_str().unwrap().to_string();
    let kept = t.app.store.client(&system).await.unwrap().unwrap().webhook.unwrap().secret;
    assert!(kept.starts_with("sealed:v1:") && !kept.contains(&secret[6..]), "{kept}");
    assert_eq!(t.app.data_key.open(&kept, &format!("webhook:{system}")).unwrap(), secret);
    assert!(t.app.data_key.open(&kept, "webhook:C-LAIN").is_err());

    // It files a verification request: the filing is POSTed, refused once, and retried.
    let answers = json!({ "data_diverifikasi": "120 NIK penerima bantuan sosial", "maksud_tujuan": "Pemutakhiran" });
    let service = json!({ "service": "VERIFIKASI_VALIDASI_DATA", "answers": answers });
    let case = t.post_as(&bone, "/api/v1/cases", service).await.body["id"].as_str().unwrap().to_string();
    let letter = t.upload(&bone, &case, "surat_permohonan_verifikasi_data", "application/pdf", pdf(3)).await;
    assert_eq!(letter.status, StatusCode::OK, "{letter:?}");
    assert_eq!(t.submit(&bone, &case).await.status, StatusCode::OK);
    drain(&t).await;
    let first = log(&t, &bone).await;
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!((first[0]["attempt"].as_u64(), first[0]["status"].as_u64()), (Some(1), Some(503)));
    assert_eq!((first[0]["delivered"].as_bool(), first[0]["error"].as_str()), (Some(false), Some("HTTP 503")));
    assert!(first[0]["next_attempt_at"].is_string(), "{first:?}");
    drain(&t).await;
    assert_eq!(partner.seen().len(), 1, "nothing is retried before its time");
    t.advance(TimeDelta::seconds(61));
    drain(&t).await;
    drain(&t).await;
    let seen = partner.seen();
    assert_eq!(seen.len(), 2, "retried once, then delivered once: {seen:?}");
    assert_eq!(seen[0].id, seen[1].id, "the same event keeps its webhook-id");
    assert_ne!(seen[0].timestamp, seen[1].timestamp, "each attempt is signed at its own time");
    assert!(seen.iter().all(|r| verifies(&secret, r)), "{seen:?}");
    let event: Value = serde_json::from_str(&seen[1].body).unwrap();
    assert_eq!((event["case_id"].as_str(), event["action"].as_str()), (Some(case.as_str()), Some("ajukan")), "{event}");
    let logged = log(&t, &bone).await;
    assert_eq!((logged[0]["attempt"].as_u64(), logged[0]["delivered"].as_bool()), (Some(2), Some(true)), "{logged:?}");
    assert!(logged[0]["next_attempt_at"].is_null() && logged[0]["status"] == 204, "{logged:?}");

    // A new secret: for a day each delivery carries both signatures, so the receiver can switch.
    let renewed = t.put_as(&bone, "/api/v1/events/webhook", json!({ "url": url })).await;
    let new_secret = renewed.body["secret"].as_str().unwrap().to_string();
    assert!(new_secret != secret && renewed.body["previous_secret_valid_until"].is_string(), "{renewed:?}");
    assert_eq!(t.act(&prov, &case, "konfirmasi", json!({})).await.status, StatusCode::OK);
    drain(&t).await;
    let confirmed = partner.seen().pop().unwrap();
    assert!(verifies(&new_secret, &confirmed) && verifies(&secret, &confirmed), "{confirmed:?}");
    t.advance(TimeDelta::hours(25));
    let (bone, prov) = (t.client_token(&created).await, t.officer_session("layanan@sulselprov.go.id").await);
    assert_eq!(t.act(&prov, &case, "selesaikan", json!({ "note": "118 NIK sesuai" })).await.status, StatusCode::OK);
    drain(&t).await;
    let answered = partner.seen().pop().unwrap();
    assert!(verifies(&new_secret, &answered) && !verifies(&secret, &answered), "the old secret has ended");
    assert_eq!(answered.signatures.len(), 1);

    // Removed: nothing more is POSTed, and the feed still has every step.
    let removed = t.raw({
        let bone = bone.clone();
        move |c, base| c.delete(format!("{base}/api/v1/events/webhook")).bearer_auth(bone)
    });
    assert_eq!(removed.await.status, StatusCode::NO_CONTENT);
    let status = t.get("/api/v1/events/webhook", Some(&bone)).await;
    assert!(status.body["url"].is_null(), "{status:?}");
    let feed = t.get("/api/v1/events", Some(&bone)).await;
    let actions: Vec<&str> =
        feed.body["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["ajukan", "konfirmasi", "selesaikan"], "{feed:?}");
    assert_eq!(partner.seen().len(), 4, "each event once after it arrived");
}

#[tokio::test]
async fn an_endpoint_that_never_answers_is_tried_for_a_day_then_left_to_the_feed() {
    let t = TestApp::spawn().await;
    let admin = t.officer("admin@sulselprov.go.id", "73", &[Role::Admin]).await;
    let body = json!({ "name": "SIAK Dukcapil Bone", "scopes": ["provinsi.layanan"], "office": "73.08" });
    let created = t.post_as(&admin, "/api/v1/admin/clients", body).await;
    let bone = t.client_token(&created).await;
    // A port nothing listens on any more.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let url = format!("http://{closed}/peristiwa");
    assert_eq!(t.put_as(&bone, "/api/v1/events/webhook", json!({ "url": url })).await.status, StatusCode::OK);
    let answers = json!({ "data_diverifikasi": "5 NIK", "maksud_tujuan": "Pemutakhiran" });
    let service = json!({ "service": "VERIFIKASI_VALIDASI_DATA", "answers": answers });
    let case = t.post_as(&bone, "/api/v1/cases", service).await.body["id"].as_str().unwrap().to_string();
    t.upload(&bone, &case, "surat_permohonan_verifikasi_data", "application/pdf", pdf(4)).await;
    assert_eq!(t.submit(&bone, &case).await.status, StatusCode::OK);
    for _ in 0..30 {
        drain(&t).await;
        t.advance(TimeDelta::hours(1));
    }
    let bone = t.client_token(&created).await;
    let attempts = log(&t, &bone).await;
    assert_eq!(attempts.len(), adminduk_app::webhooks::ATTEMPTS as usize, "then no more: {attempts:?}");
    let last = &attempts[0];
    assert!(last["status"].is_null() && last["next_attempt_at"].is_null(), "{last:?}");
    assert!(last["error"].as_str().unwrap().contains("tidak dicoba lagi"), "{last:?}");
    assert_eq!(t.get("/api/v1/events", Some(&bone)).await.body["events"].as_array().unwrap().len(), 1);
}

/// The system setting its webhook while its admin rotates its secret: both changes stay, each
/// applied to the client as it is when written.
#[tokio::test]
async fn a_systems_own_change_and_its_admins_at_the_same_time_both_stay() {
    let (t, admin, created, bone) = bone_system().await;
    let id = created.body["client_id"].as_str().unwrap();
    let (url, _partner) = receiver(0).await;
    let path = format!("/api/v1/admin/clients/{id}/secret");
    for round in 0..8u64 {
        let (set, rotated) = tokio::join!(
            t.put_as(&bone, "/api/v1/events/webhook", json!({ "url": url })),
            t.post_as(&admin, &path, json!({ "overlap_hours": 1 })),
        );
        assert_eq!((set.status, rotated.status), (StatusCode::OK, StatusCode::OK), "{set:?} {rotated:?}");
        let stored = t.app.store.client(id).await.unwrap().unwrap();
        let secret = rotated.body["client_secret"].as_str().unwrap();
        assert_eq!(stored.secret_hash, adminduk_app::secrets::sha256_hex(secret), "round {round}: the rotation stays");
        let webhook = stored.webhook.map(|w| t.app.data_key.open(&w.secret, &format!("webhook:{id}")).unwrap());
        assert_eq!(webhook.as_deref(), set.body["secret"].as_str(), "round {round}: the webhook stays");
        assert_eq!(stored.version, 2 * (round + 1), "two changes a round");
    }
}

/// A deliverer without the data key (a function deployed without ADMINDUK_DATA_KEY_SECRET)
/// never POSTs an unsigned event: the attempt fails, says why in the log, and is retried.
#[tokio::test]
async fn an_event_whose_secret_cannot_be_opened_is_not_sent_unsigned() {
    let (t, _, created, bone) = bone_system().await;
    let (url, partner) = receiver(0).await;
    assert_eq!(t.put_as(&bone, "/api/v1/events/webhook", json!({ "url": url })).await.status, StatusCode::OK);
    let client = created.body["client_id"].as_str().unwrap().to_string();
    let event = adminduk_app::ports::OutboxMessage {
        id: "EV-1".into(),
        channel: adminduk_app::ports::Channel::Sistem,
        recipient: client,
        template: "peristiwa".into(),
        subject: None,
        body: json!({ "case_id": "K-1" }).to_string(),
        created_at: t.app.clock.now(),
        office: None,
    };
    t.app.store.commit(vec![adminduk_app::ports::Write::Enqueue(event)]).await.unwrap();
    let keyless =
        adminduk_app::delivery::Outbox { data_key: Arc::new(adminduk_app::sealing::DataKey::none()), ..t.app.outbox() };
    keyless.drain(t.mailbox.as_ref(), 100).await.unwrap();
    assert!(partner.seen().is_empty(), "nothing reaches the receiver");
    let logged = log(&t, &bone).await;
    assert_eq!(logged[0]["delivered"].as_bool(), Some(false), "{logged:?}");
    assert!(logged[0]["error"].as_str().unwrap().contains("tidak dapat dibuka"), "{logged:?}");
    assert!(logged[0]["next_attempt_at"].is_string(), "tried again: {logged:?}");
}
