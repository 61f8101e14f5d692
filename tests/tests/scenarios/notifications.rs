//! Notifications leave through the outbox: delivered once per message even when the worker dies
//! mid-way, retried with backoff when a channel fails.

use adminduk_app::ports::{OutboxMessage, Sender};
use adminduk_domain::catalogue::OfficeCard;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, registration};
use async_trait::async_trait;
use chrono::TimeDelta;

/// Both adults of the fixture family register: four messages (an SMS and an e-mail each) wait
/// in the outbox.
async fn four_messages(t: &TestApp) {
    for (nik, phone, email) in
        [(family::HEAD, "081234567890", "andi@contoh.id"), (family::WIFE, "081311112222", "siti@contoh.id")]
    {
        t.post("/api/v1/auth/register", registration(nik, phone, email)).await;
    }
}

/// Delivers through the mailbox, then dies before the delivery is recorded, on the third message.
struct DiesAfterSending<'a> {
    mailbox: &'a adminduk_embedded::SqliteStore,
    sent: std::sync::atomic::AtomicU32,
}

#[async_trait]
impl Sender for DiesAfterSending<'_> {
    async fn send(&self, m: &OutboxMessage, from: Option<&OfficeCard>) -> Result<(), String> {
        self.mailbox.send(m, from).await?;
        if self.sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 2 {
            panic!("the worker is killed between sending and recording the delivery");
        }
        Ok(())
    }
}

#[tokio::test]
async fn every_message_arrives_exactly_once_even_when_the_worker_dies() {
    let t = TestApp::spawn().await;
    four_messages(&t).await;
    assert_eq!(t.app.store.pending_messages(100).await.unwrap().len(), 4);
    let dying = DiesAfterSending { mailbox: &t.mailbox, sent: Default::default() };
    let crashed =
        futures::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(t.app.outbox().drain(&dying, 100))).await;
    assert!(crashed.is_err(), "the first worker died");
    assert_eq!(t.app.store.pending_messages(100).await.unwrap().len(), 2, "two deliveries recorded before it died");

    // The restarted worker sends the rest, including the one whose delivery was not recorded.
    let drained = t.app.outbox().drain(t.mailbox.as_ref(), 100).await.unwrap();
    assert_eq!((drained.delivered, drained.failed), (2, 0));
    assert!(t.app.store.pending_messages(100).await.unwrap().is_empty());
    let mailbox = adminduk_app::ports::Mailbox::delivered(t.mailbox.as_ref(), None, 100).await.unwrap();
    let mut ids: Vec<_> = mailbox.iter().map(|d| d.message.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!((mailbox.len(), ids.len()), (4, 4), "each message once");
}

struct Down;

#[async_trait]
impl Sender for Down {
    async fn send(&self, _: &OutboxMessage, _: Option<&OfficeCard>) -> Result<(), String> {
        Err("SMS gateway tidak menjawab".into())
    }
}

#[tokio::test]
async fn a_failing_channel_is_retried_with_backoff() {
    let t = TestApp::spawn().await;
    t.post("/api/v1/auth/register", registration(family::HEAD, "081234567890", "andi@contoh.id")).await;
    assert_eq!(t.app.outbox().drain(&Down, 100).await.unwrap().failed, 2);
    assert_eq!(t.app.outbox().drain(&Down, 100).await.unwrap().failed, 0, "nothing is due during the backoff");
    t.advance(TimeDelta::seconds(61));
    assert_eq!(t.app.outbox().drain(&Down, 100).await.unwrap().failed, 2, "due again after the first backoff");
    t.advance(TimeDelta::seconds(121));
    assert_eq!(t.app.outbox().drain(t.mailbox.as_ref(), 100).await.unwrap().delivered, 2);

    let mailbox = t.get("/api/v1/local/mailbox?recipient=%2B6281234567890", None).await;
    assert_eq!(mailbox.status, StatusCode::OK);
    let sms = mailbox.body.as_array().unwrap();
    assert_eq!(sms.len(), 1);
    assert!(sms[0]["body"].as_str().unwrap().starts_with("Kode aktivasi"));
    assert_eq!(sms[0]["channel"], "sms");
}
