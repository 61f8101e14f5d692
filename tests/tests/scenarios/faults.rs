//! Provider faults. Senders that refuse half the time, lose their answer after delivering (a
//! timeout) or answer slowly: every message still arrives, exactly once in the local mailbox; SES
//! on the emulator behind a fault-injecting proxy delivers at least once, its duplicates counted.
//! A channel that keeps failing moves its messages to the dead letters, where the admin sees them
//! and sends them again. The figures go to `target/delivery-faults-*.txt`.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use adminduk_app::ports::{Channel, Mailbox, OutboxMessage, Sender, Write};
use adminduk_domain::catalogue::OfficeCard;
use adminduk_domain::office::Office;
use adminduk_tests::TestApp;
use adminduk_tests::reqwest::StatusCode;
use async_trait::async_trait;
use chrono::TimeDelta;

/// What the faulty provider does with its `n`th call: refuses, delivers but loses its answer,
/// answers slowly, or just delivers; half of all calls fail.
#[derive(Debug, Clone, Copy)]
enum Fault {
    Refuses,
    LosesItsAnswer,
    Slow,
    Fine,
}

fn fault(n: u32) -> Fault {
    match n % 4 {
        0 => Fault::Refuses,
        1 => Fault::LosesItsAnswer,
        2 => Fault::Slow,
        _ => Fault::Fine,
    }
}

/// The local mailbox behind a faulty provider.
struct Faulty {
    mailbox: Arc<adminduk_embedded::SqliteStore>,
    calls: AtomicU32,
}

#[async_trait]
impl Sender for Faulty {
    async fn send(&self, m: &OutboxMessage, from: Option<&OfficeCard>) -> Result<(), String> {
        match fault(self.calls.fetch_add(1, Ordering::SeqCst)) {
            Fault::Refuses => Err("503 layanan penyedia tidak tersedia".into()),
            Fault::LosesItsAnswer => {
                self.mailbox.send(m, from).await?;
                Err("batas waktu habis menunggu jawaban penyedia".into())
            }
            Fault::Slow => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                self.mailbox.send(m, from).await
            }
            Fault::Fine => self.mailbox.send(m, from).await,
        }
    }
}

fn message(n: usize, template: &str, channel: Channel, t: &TestApp) -> OutboxMessage {
    let recipient = match channel {
        Channel::Email => format!("warga{n}@contoh.id"),
        _ => format!("+62812{:07}", n),
    };
    OutboxMessage {
        id: format!("faults-{n}"),
        channel,
        recipient,
        template: template.into(),
        subject: (channel == Channel::Email).then(|| "Permohonan diajukan".into()),
        body: format!("Permohonan {n} diajukan."),
        created_at: t.app.clock.now(),
        office: Some(Office::GOWA),
    }
}

/// Drains the outbox through `sender` until nothing is pending, the clock moving an hour (the
/// longest backoff) between rounds; answers the rounds taken.
async fn drain_all(t: &TestApp, sender: &dyn Sender) -> u32 {
    for round in 1..=20 {
        t.app.outbox().drain(sender, 500).await.unwrap();
        if t.app.store.pending_messages(1).await.unwrap().is_empty() {
            return round;
        }
        t.advance(TimeDelta::hours(1));
    }
    panic!("the outbox did not drain in 20 rounds");
}

/// Writes one test's figures, naming the store the outbox was on, to `target/delivery-faults-<name>.txt`.
fn report(name: &str, line: String) {
    let store = std::env::var("ADMINDUK_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into());
    let line = format!("{line} (outbox on {store})\n");
    let path = format!("{}/../target/delivery-faults-{name}.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(path, &line).unwrap();
    eprint!("{line}");
}

#[tokio::test]
async fn every_message_arrives_exactly_once_through_a_faulty_provider() {
    let t = TestApp::spawn().await;
    const MESSAGES: usize = 60;
    let channels = [Channel::Sms, Channel::Email];
    let writes = (0..MESSAGES).map(|n| Write::Enqueue(message(n, "diajukan", channels[n % 2], &t))).collect();
    t.app.store.commit(writes).await.unwrap();

    let faulty = Faulty { mailbox: t.mailbox.clone(), calls: AtomicU32::new(0) };
    let started = Instant::now();
    let rounds = drain_all(&t, &faulty).await;
    let wall = started.elapsed();

    let delivered = t.mailbox.delivered(None, 1000).await.unwrap();
    let mut per_id: HashMap<&str, usize> = HashMap::new();
    for d in &delivered {
        *per_id.entry(d.message.id.as_str()).or_default() += 1;
    }
    assert_eq!(per_id.len(), MESSAGES, "every message arrived");
    assert!(per_id.values().all(|n| *n == 1), "none twice: {per_id:?}");
    assert!(t.app.store.dead_messages(10).await.unwrap().is_empty());
    let attempts = faulty.calls.load(Ordering::SeqCst);
    // A lost answer is a delivery the outbox did not hear of: it sends again, the mailbox keeps one.
    let resent_after_delivery = (0..attempts).filter(|n| matches!(fault(*n), Fault::LosesItsAnswer)).count();
    assert!(attempts as usize > MESSAGES, "the faults did happen");
    report(
        "local",
        format!(
            "local mailbox, provider failing half the calls: {MESSAGES} messages, {attempts} attempts, \
         {resent_after_delivery} sent again after a lost answer, 0 duplicates kept, drained in {rounds} rounds \
         ({} h of retries on the clock, {} ms here)",
            rounds - 1,
            wall.as_millis()
        ),
    );
}

#[tokio::test]
async fn ses_behind_a_faulty_proxy_delivers_at_least_once_and_duplicates_are_counted() {
    let t = TestApp::spawn().await;
    let upstream = adminduk_aws::testing::endpoint().to_string();
    let requests = Arc::new(AtomicU32::new(0));
    let proxy = {
        let (requests, client) = (requests.clone(), adminduk_tests::reqwest::Client::new());
        axum::Router::new().fallback(move |request: axum::extract::Request| {
            let (requests, client, upstream) = (requests.clone(), client.clone(), upstream.clone());
            async move { forward(request, &client, &upstream, requests.fetch_add(1, Ordering::SeqCst)).await }
        })
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, proxy).await.unwrap() });
    // Only the sender's own calls go through the proxy.
    // The emulator is shared by the test binary: this run's addresses are its own.
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos().to_string();
    let from = format!("noreply-{run}@disdukcapil.gowakab.go.id");
    let sender = adminduk_aws::testing::sender_via(&address, &from).await;
    requests.store(0, Ordering::SeqCst);

    const MESSAGES: usize = 12;
    let writes = (0..MESSAGES)
        .map(|n| {
            let mut m = message(n, "diajukan", Channel::Email, &t);
            m.recipient = format!("warga{n}.{run}@contoh.id");
            Write::Enqueue(m)
        })
        .collect();
    t.app.store.commit(writes).await.unwrap();
    let rounds = drain_all(&t, &sender).await;

    let sent = adminduk_aws::testing::sent_emails().await;
    let copies: Vec<usize> = (0..MESSAGES)
        .map(|n| sent.iter().filter(|m| m.contains(&format!("warga{n}.{run}@contoh.id"))).count())
        .collect();
    assert!(copies.iter().all(|c| *c >= 1), "every e-mail left at least once: {copies:?}");
    let duplicates: usize = copies.iter().map(|c| c - 1).sum();
    assert!(duplicates > 0, "a lost answer makes a duplicate on SES, and it is counted: {copies:?}");
    report(
        "ses",
        format!(
            "SES on the emulator behind a faulty proxy: {MESSAGES} e-mails, {} requests, {duplicates} duplicates \
         delivered (at least once), drained in {rounds} rounds",
            requests.load(Ordering::SeqCst)
        ),
    );
}

/// The proxy's `n`th request: refused without reaching SES, forwarded with its answer lost, slow,
/// or forwarded as it is.
async fn forward(
    request: axum::extract::Request,
    client: &adminduk_tests::reqwest::Client,
    upstream: &str,
    n: u32,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let failed = || (axum::http::StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable").into_response();
    let what = fault(n);
    if matches!(what, Fault::Refuses) {
        return failed();
    }
    if matches!(what, Fault::Slow) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    let url = format!("{upstream}{}", parts.uri.path_and_query().map_or("/", |p| p.as_str()));
    let mut outgoing = client.request(parts.method, url).body(body);
    for (name, value) in &parts.headers {
        if name != axum::http::header::HOST {
            outgoing = outgoing.header(name, value);
        }
    }
    let answer = outgoing.send().await.unwrap();
    if matches!(what, Fault::LosesItsAnswer) {
        return failed();
    }
    let status = answer.status();
    let headers = answer.headers().clone();
    let bytes = answer.bytes().await.unwrap();
    let mut response = (status, bytes).into_response();
    for (name, value) in &headers {
        if name != axum::http::header::CONTENT_LENGTH && name != axum::http::header::TRANSFER_ENCODING {
            response.headers_mut().insert(name, value.clone());
        }
    }
    response
}

#[tokio::test]
async fn a_channel_that_keeps_failing_fills_the_dead_letters_and_the_admin_sends_them_again() {
    struct EmailDown;
    #[async_trait]
    impl Sender for EmailDown {
        async fn send(&self, m: &OutboxMessage, _: Option<&OfficeCard>) -> Result<(), String> {
            Err(format!("554 kotak surat {} menolak", m.recipient))
        }
    }
    let t = TestApp::spawn().await;
    let news = message(1, "diajukan", Channel::Email, &t);
    let code = OutboxMessage { id: "faults-code".into(), ..message(2, "kode_aktivasi", Channel::Email, &t) };
    t.app.store.commit(vec![Write::Enqueue(news.clone()), Write::Enqueue(code.clone())]).await.unwrap();
    for _ in 0..adminduk_app::delivery::GIVE_UP_AFTER {
        t.app.outbox().drain(&EmailDown, 100).await.unwrap();
        t.advance(TimeDelta::hours(1));
    }
    assert!(t.app.store.pending_messages(10).await.unwrap().is_empty(), "no longer retried");

    let admin = t.admin().await;
    let failed = t.get("/api/v1/admin/messages/failed", Some(&admin)).await;
    assert_eq!(failed.status, StatusCode::OK, "{failed:?}");
    let rows = failed.body.as_array().unwrap().clone();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let row = rows.iter().find(|r| r["id"] == news.id.as_str()).unwrap();
    assert_eq!((row["attempts"].as_u64(), row["recipient"].as_str()), (Some(12), Some("w***@contoh.id")));
    assert!(row["error"].as_str().unwrap().starts_with("554"));
    assert!(!failed.body.to_string().contains("Permohonan 1 diajukan"), "the body is never shown");
    let bone = t.officer("admin@bonekab.go.id", "73.08", &[adminduk_domain::workflow::Role::Admin]).await;
    let theirs = t.get("/api/v1/admin/messages/failed", Some(&bone)).await;
    assert_eq!(theirs.body, serde_json::json!([]), "another Dinas's admin sees none of Gowa's");
    let refused = t.post_as(&bone, &format!("/api/v1/admin/messages/{}/resend", news.id), serde_json::json!({})).await;
    assert_eq!(refused.code(), "OUTSIDE_OFFICE");

    let again = t.post_as(&admin, "/api/v1/admin/messages/faults-code/resend", serde_json::json!({})).await;
    assert_eq!(again.code(), "CODE_NOT_RESENT", "an expired code is not sent again");
    let resent = t.post_as(&admin, &format!("/api/v1/admin/messages/{}/resend", news.id), serde_json::json!({})).await;
    assert_eq!(resent.status, StatusCode::NO_CONTENT, "{resent:?}");
    t.app.outbox().drain(t.mailbox.as_ref(), 100).await.unwrap();
    let arrived = t.mailbox.delivered(Some(&news.recipient), 10).await.unwrap();
    assert_eq!(arrived.len(), 1, "sent again once the channel works");
    let left = t.get("/api/v1/admin/messages/failed", Some(&admin)).await;
    assert_eq!(left.body.as_array().map(Vec::len), Some(1), "only the code is left");
    let log = t.app.store.audit(t.app.clock.now(), 20).await.unwrap();
    assert!(log.iter().any(|e| e.action == "message_resent" && e.subject == news.id));
}
