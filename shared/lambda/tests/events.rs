//! The sample events under `events/` fed to the real handlers, on the AWS emulator.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use adminduk_app::cases::Arrival;
use adminduk_app::clock::SystemClock;
use adminduk_app::delivery::Outbox;
use adminduk_app::http::{Function, function_router};
use adminduk_app::ports::{Channel, Identity, JobStatus, OutboxMessage, Records, Sender, Write};
use adminduk_app::settings::Settings;
use adminduk_aws::{AwsSender, DynamoStore, testing};
use adminduk_domain::catalogue::{Catalogue, OfficeCard};
use adminduk_domain::office::Office;
use adminduk_lambda::{http, notify, schedule, upload_check, verify_batch};
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{Backend, TestApp, family, pdf};
use async_trait::async_trait;
use aws_lambda_events::event::dynamodb::Event as StreamEvent;
use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use aws_lambda_events::event::s3::S3Event;
use serde_json::{Value, json};

fn event(name: &str) -> String {
    let path = format!("{}/../../events/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn body(response: axum::response::Response) -> Value {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_gateway_events_reach_the_function_that_serves_them() {
    let t = TestApp::spawn_on(Backend::DynamoDb, Settings::default()).await;
    t.citizen(family::HEAD, "081234567890", "andi@contoh.id").await;
    let auth = function_router::<{ Function::Auth as u8 }>(t.app.clone());
    let query = function_router::<{ Function::Query as u8 }>(t.app.clone());

    let login = || lambda_http::request::from_str(&event("apigw-http-login.json")).unwrap();
    let refused = http::respond(&auth, login()).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(body(refused).await["code"], "LOGIN_FAILED");
    let audit = t.app.store.audit(t.app.clock.now(), 1).await.unwrap();
    assert_eq!(
        (audit[0].action.as_str(), audit[0].client_address.as_deref()),
        ("login_failed", Some("203.0.113.7")),
        "the caller's address comes from the request context"
    );
    // Another function does not serve the route.
    let elsewhere = http::respond(&query, login()).await;
    assert_eq!(elsewhere.status(), StatusCode::NOT_FOUND);
    assert_eq!(body(elsewhere).await["code"], "ROUTE_NOT_FOUND");

    let health = lambda_http::request::from_str(&event("apigw-http-health.json")).unwrap();
    let health = http::respond(&query, health).await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(body(health).await["status"], "ok");
}

/// Passes messages on to SNS and SES (on the emulator), counting the attempts per message.
struct Counting {
    inner: AwsSender,
    attempts: Mutex<BTreeMap<String, u32>>,
}

#[async_trait]
impl Sender for Counting {
    async fn send(&self, m: &OutboxMessage, from: Option<&OfficeCard>) -> Result<(), String> {
        *self.attempts.lock().unwrap().entry(m.id.clone()).or_default() += 1;
        self.inner.send(m, from).await
    }
}

fn outbox_of(store: Arc<dyn adminduk_app::ports::Store>) -> Outbox {
    let poster = Arc::new(adminduk_aws::HttpsPoster::new());
    Outbox {
        store,
        clock: Arc::new(SystemClock),
        catalogue: Arc::new(Catalogue::embedded().clone()),
        poster,
        data_key: Arc::new(adminduk_app::sealing::DataKey::generate()),
    }
}

fn message(id: &str, channel: Channel, recipient: &str) -> OutboxMessage {
    OutboxMessage {
        id: id.into(),
        channel,
        recipient: recipient.into(),
        template: "berkas_diterima".into(),
        subject: (channel == Channel::Email).then(|| "Permohonan diterima".to_string()),
        body: "Permohonan 7306-2026-000001 diterima.".into(),
        created_at: chrono::Utc::now(),
        office: Some(Office::GOWA),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stream_records_deliver_each_outbox_message_once() {
    let store = testing::fresh_store().await;
    let enqueue = vec![
        Write::Enqueue(message("M-sms-1", Channel::Sms, "+6281234567890")),
        Write::Enqueue(message("M-email-2", Channel::Email, "andi@contoh.id")),
    ];
    store.commit(enqueue).await.unwrap();
    let outbox = outbox_of(Arc::new(store.clone()));
    let config = testing::config().await;
    let ses = aws_sdk_sesv2::Client::new(&config);
    // Its own sender address, so that other tests on the same emulator do not verify it.
    let from = format!("noreply-{}@disdukcapil.gowakab.go.id", uuid::Uuid::new_v4().simple());
    let inner = AwsSender::new(aws_sdk_sns::Client::new(&config), ses.clone(), from.clone());
    let sender = Counting { inner, attempts: Default::default() };
    let records = || serde_json::from_str::<StreamEvent>(&event("dynamodb-stream-outbox.json")).unwrap();

    // SES refuses the e-mail (its sender is not verified yet): recorded for the scheduled retry
    // and not reported, so the shard moves on. The SMS is delivered. The MODIFY record and the
    // case record are not messages to send.
    let response = notify::deliver(&outbox, &sender, records()).await;
    assert!(response.batch_item_failures.is_empty(), "{response:?}");
    let sms = store.message("M-sms-1").await.unwrap().unwrap();
    let email = store.message("M-email-2").await.unwrap().unwrap();
    assert_eq!((sms.delivered, email.delivered, email.attempts), (true, false, 1));

    // The same batch again (as when the shard is retried): the SMS is not sent twice.
    ses.create_email_identity().email_identity(&from).send().await.unwrap();
    notify::deliver(&outbox, &sender, records()).await;
    let attempts = sender.attempts.lock().unwrap().clone();
    assert_eq!(attempts, BTreeMap::from([("M-email-2".to_string(), 2), ("M-sms-1".to_string(), 1)]));
    assert!(store.message("M-email-2").await.unwrap().unwrap().delivered);
    // Sent with its HTML part under the office's letterhead.
    let sent = testing::sent_emails().await;
    assert!(sent.iter().any(|m| m.contains(&from) && m.contains("Jl. Mesjid Raya No. 30")), "{sent:?}");

    // When the outcome cannot be read or recorded, exactly those records are reported.
    let missing = DynamoStore::new(testing::client().await, "tabel-yang-tidak-ada");
    let broken = outbox_of(Arc::new(missing));
    let response = notify::deliver(&broken, &sender, records()).await;
    let failed: Vec<_> = response.batch_item_failures.iter().map(|f| f.item_identifier.clone().unwrap()).collect();
    assert_eq!(failed, ["111000000000000000001", "111000000000000000002"]);
}

fn s3_event(bucket: &str, key: &str) -> S3Event {
    let mut event: Value = serde_json::from_str(&event("s3-object-created.json")).unwrap();
    event["Records"][0]["s3"]["bucket"]["name"] = json!(bucket);
    event["Records"][0]["s3"]["object"]["key"] = json!(key);
    serde_json::from_value(event).unwrap()
}

/// Presigns an upload of `bytes` as the case's `document` and sends them to the bucket as a
/// browser would; returns the upload id and the bucket's name.
async fn put_straight_to_s3(t: &TestApp, token: &str, case: &str, document: &str, bytes: &[u8]) -> (String, String) {
    let sha = adminduk_tests::sha256_hex(bytes);
    let presign =
        json!({ "document": document, "content_type": "application/pdf", "size": bytes.len(), "sha256": sha });
    let presigned = t.post_as(token, &format!("/api/v1/cases/{case}/uploads"), presign).await;
    assert_eq!(presigned.status, StatusCode::CREATED, "{presigned:?}");
    let url = presigned.body["url"].as_str().unwrap().to_string();
    assert!(url.contains("X-Amz-Signature="), "a presigned S3 URL: {url}");
    let headers = presigned.body["headers"].as_object().unwrap().clone();
    assert!(headers.contains_key("x-amz-checksum-sha256"), "{headers:?}");
    let body = bytes.to_vec();
    let put = t
        .raw(move |c, _| {
            let request = c.put(url).body(body);
            headers.iter().fold(request, |r, (name, value)| r.header(name, value.as_str().unwrap()))
        })
        .await;
    assert_eq!(put.status, StatusCode::OK, "{put:?}");
    // http://127.0.0.1:PORT/<bucket>/uploads/<id>?X-Amz-...
    let bucket = presigned.body["url"].as_str().unwrap().split('/').nth(3).unwrap().to_string();
    (presigned.body["upload_id"].as_str().unwrap().to_string(), bucket)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_straight_to_s3_are_checked_on_arrival() {
    let t = TestApp::spawn_on(Backend::Aws, Settings::default()).await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let service = json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_rusak" });
    let case = t.post_as(&head, "/api/v1/cases", service).await.body["id"].as_str().unwrap().to_string();

    // Nothing is attached before the bucket announces the object.
    let scan = pdf(1);
    let (upload, bucket) = put_straight_to_s3(&t, &head, &case, "kk", &scan).await;
    let status = format!("/api/v1/cases/{case}/uploads/{upload}");
    assert_eq!(t.get(&status, Some(&head)).await.body["status"], "pending");
    assert!(t.app.store.case(&case).await.unwrap().unwrap().documents.is_empty());

    let created = || s3_event(&bucket, &format!("uploads/{upload}"));
    let arrivals = upload_check::check(&t.app, created()).await.unwrap();
    assert_eq!(arrivals, [Arrival::Attached { case_id: case.clone() }]);
    assert_eq!(t.get(&status, Some(&head)).await.body["status"], "received");
    let documents = t.app.store.case(&case).await.unwrap().unwrap().documents;
    assert_eq!((documents.len(), documents[0].upload_id.as_str()), (1, upload.as_str()));
    // S3 may announce an object twice: the second time changes nothing.
    assert_eq!(upload_check::check(&t.app, created()).await.unwrap(), [Arrival::AlreadyDone]);

    // The reporter reads the document back through a short-lived presigned GET.
    let link = t.get(&format!("/api/v1/cases/{case}/documents/{upload}"), Some(&head)).await;
    let fetched = adminduk_tests::reqwest::get(link.body["url"].as_str().unwrap()).await.unwrap();
    assert_eq!(fetched.bytes().await.unwrap().to_vec(), scan);

    // Bytes other than the declared ones are removed and the upload marked rejected, with the
    // reason for the applicant.
    let (tampered, _) = put_straight_to_s3(&t, &head, &case, "kk", &pdf(2)).await;
    t.app.blobs.put(&tampered, pdf(3)).await.unwrap();
    let arrivals = upload_check::check(&t.app, s3_event(&bucket, &format!("uploads/{tampered}"))).await.unwrap();
    assert_eq!(arrivals, [Arrival::Rejected { code: "CHECKSUM_MISMATCH".into() }]);
    assert_eq!(t.app.blobs.get(&tampered).await.unwrap(), None);
    let rejected = t.get(&format!("/api/v1/cases/{case}/uploads/{tampered}"), Some(&head)).await;
    assert_eq!(rejected.body["status"]["rejected"]["code"], "CHECKSUM_MISMATCH", "{rejected:?}");
    assert!(rejected.body["status"]["rejected"]["message"].as_str().unwrap().contains("SHA-256"));
    let documents = t.app.store.case(&case).await.unwrap().unwrap().documents;
    assert_eq!(documents.len(), 1, "the first scan stays attached");

    // Objects that are not uploads, and objects nobody promised, are not attached.
    assert_eq!(upload_check::check(&t.app, s3_event(&bucket, "site/index.html")).await.unwrap(), []);
    t.app.blobs.put("U-tak-dikenal", pdf(4)).await.unwrap();
    let stray = upload_check::check(&t.app, s3_event(&bucket, "uploads/U-tak-dikenal")).await.unwrap();
    assert_eq!(stray, [Arrival::Unknown]);
    assert_eq!(t.app.blobs.get("U-tak-dikenal").await.unwrap(), None);

    // Files arrive as a draft's, which the bucket's lifecycle removes if the case is never filed;
    // filing keeps them, and a draft whose file was removed meanwhile asks for it again.
    let (ktp, _) = put_straight_to_s3(&t, &head, &case, "ktp_el_rusak", &pdf(5)).await;
    assert!(matches!(
        upload_check::check(&t.app, s3_event(&bucket, &format!("uploads/{ktp}"))).await.unwrap()[..],
        [Arrival::Attached { .. }]
    ));
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&testing::config().await).force_path_style(true).build(),
    );
    let status = |id: String| {
        let s3 = s3.clone();
        let bucket = bucket.clone();
        async move {
            let tags = s3.get_object_tagging().bucket(bucket).key(format!("uploads/{id}")).send().await.unwrap();
            tags.tag_set().iter().find(|t| t.key() == "status").map(|t| t.value().to_string())
        }
    };
    assert_eq!(status(ktp.clone()).await.as_deref(), Some("draft"));
    let submit_path = format!("/api/v1/cases/{case}/submit");
    let submit = |version: u64| t.post_as(&head, &submit_path, json!({ "declared": true, "version": version }));
    let version = t.app.store.case(&case).await.unwrap().unwrap().version;
    t.app.blobs.delete(&upload).await.unwrap();
    assert_eq!(submit(version).await.code(), "DOCUMENT_EXPIRED");
    let (again, _) = put_straight_to_s3(&t, &head, &case, "kk", &pdf(6)).await;
    upload_check::check(&t.app, s3_event(&bucket, &format!("uploads/{again}"))).await.unwrap();
    let version = t.app.store.case(&case).await.unwrap().unwrap().version;
    let filed = submit(version).await;
    assert_eq!(filed.status, StatusCode::OK, "{filed:?}");
    assert_eq!((status(ktp).await.as_deref(), status(again).await.as_deref()), (Some("filed"), Some("filed")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduled_sweep_sends_what_is_due() {
    let t = TestApp::spawn_on(Backend::DynamoDb, Settings::default()).await;
    let registered = adminduk_tests::registration(family::HEAD, "081234567890", "andi@contoh.id");
    assert_eq!(t.post("/api/v1/auth/register", registered).await.status, StatusCode::CREATED);
    let _: EventBridgeEvent<Value> = serde_json::from_str(&event("schedule.json")).unwrap();

    let swept = schedule::sweep(&t.app, t.mailbox.as_ref()).await.unwrap();
    assert_eq!((swept.housekeeping.cases_moved, swept.messages.delivered, swept.messages.failed), (0, 2, 0));
    assert!(t.app.store.pending_messages(10).await.unwrap().is_empty());
    let delivered = adminduk_app::ports::Mailbox::delivered(t.mailbox.as_ref(), None, 10).await.unwrap();
    assert_eq!(delivered.len(), 2, "the activation code by SMS and by e-mail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verification_batch_sent_straight_to_s3_is_answered_on_arrival() {
    let t = TestApp::spawn_on(Backend::Aws, Settings::default()).await;
    let admin = t.admin().await;
    let pks = json!({ "number": "470/9/PKS/2026", "valid_from": "2026-01-01", "valid_until": "2026-12-31", "services": ["KELAHIRAN"] });
    let induk = json!({ "name": "BPJS Kesehatan Gowa", "kind": "induk", "pks": pks });
    let induk = t.post_as(&admin, "/api/v1/admin/institutions", induk).await;
    let system = json!({ "name": "Sistem BPJS", "scopes": ["data.verifikasi"], "institution_id": induk.body["id"] });
    let bpjs = t.client_token(&t.post_as(&admin, "/api/v1/admin/clients", system).await).await;

    let file = format!(
        "nik,name,birth_date,reference\n{},Andi Baso Mappatunru,1985-03-12,R1\n7306089999990001,Siapa,1990-01-01,R2\n",
        family::HEAD
    )
    .into_bytes();
    let declared = json!({ "purpose": "Verifikasi peserta JKN", "format": "csv", "size": file.len(), "sha256": adminduk_tests::sha256_hex(&file) });
    let job = t.post_as(&bpjs, "/api/v1/verifications/jobs", declared).await;
    assert_eq!(job.status, StatusCode::CREATED, "{job:?}");
    let id = job.body["id"].as_str().unwrap().to_string();
    let (url, headers) =
        (job.body["upload"]["url"].as_str().unwrap().to_string(), job.body["upload"]["headers"].clone());
    assert!(url.contains("/verifications/batches/") && url.contains("X-Amz-Signature="), "straight to S3: {url}");
    assert!(headers.get("x-amz-checksum-sha256").is_some(), "S3 checks the declared checksum: {headers:?}");
    let put = t
        .raw(move |c, _| {
            let request = c.put(url).body(file);
            headers
                .as_object()
                .unwrap()
                .iter()
                .fold(request, |r, (name, value)| r.header(name, value.as_str().unwrap()))
        })
        .await;
    assert_eq!(put.status, StatusCode::OK, "{put:?}");
    let status = format!("/api/v1/verifications/jobs/{id}");
    assert_eq!(t.get(&status, Some(&bpjs)).await.body["status"], "awaiting_upload", "nothing runs before the event");

    let bucket = job.body["upload"]["url"].as_str().unwrap().split('/').nth(3).unwrap().to_string();
    let arrived = || s3_event(&bucket, &format!("verifications/batches/{id}"));
    assert_eq!(verify_batch::answer(&t.app, arrived()).await.unwrap(), [Some(JobStatus::Done)]);
    assert_eq!(verify_batch::answer(&t.app, arrived()).await.unwrap(), [None], "an event again changes nothing");
    let answers_written = s3_event(&bucket, &format!("verifications/answers/{id}-jawaban"));
    assert_eq!(verify_batch::answer(&t.app, answers_written).await.unwrap(), [], "answers start nothing");
    assert!(t.app.blobs.read(&id).await.unwrap().is_none(), "the partner's file is removed once answered");

    let done = t.get(&status, Some(&bpjs)).await;
    assert_eq!(done.body["counts"]["records"], 2, "{done:?}");
    let link = done.body["answers"]["url"].as_str().unwrap();
    assert!(link.contains("X-Amz-Signature="), "a presigned S3 GET: {link}");
    let fetched = adminduk_tests::reqwest::get(link).await.unwrap();
    assert_eq!(fetched.headers()["content-type"], "text/csv");
    let text = fetched.text().await.unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[1], format!("2,R1,{},found,ya,ya,,,,", family::HEAD));
    assert_eq!(rows[2], "3,R2,7306089999990001,not_found,,,,,,");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_key_comes_from_secrets_manager_and_opens_what_the_auth_function_sealed() {
    // The SDK configured as a function configures it, from Lambda's variables.
    let lambda = |name: &str| match name {
        "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" => Some("test".to_string()),
        "AWS_ENDPOINT_URL" => Some(testing::endpoint().to_string()),
        _ => None,
    };
    let config = adminduk_aws::lambda_sdk_config(lambda).unwrap();
    assert_eq!(config.region().map(|r| r.as_ref()), Some("ap-southeast-3"));
    let without = adminduk_aws::lambda_sdk_config(|name| lambda(name).filter(|_| name != "AWS_SECRET_ACCESS_KEY"));
    assert_eq!(without.err().as_deref(), Some("AWS_SECRET_ACCESS_KEY is not set"));
    let secrets = aws_sdk_secretsmanager::Client::new(&config);
    let name = format!("adminduk/test/data-key-{}", uuid::Uuid::new_v4());
    let key = adminduk_app::sealing::DataKey::new_text();
    secrets.create_secret().name(&name).secret_string(&key).send().await.unwrap();
    let aws = adminduk_aws::Aws {
        names: adminduk_aws::Names::from_env(),
        clients: adminduk_aws::Clients::from_config(&config),
    };
    let environment = adminduk_lambda::environment::Environment {
        aws,
        api_url: "https://api.contoh.id".into(),
        site_url: "https://contoh.id".into(),
        signing_key_secret: None,
        data_key_secret: Some(name.clone()),
    };
    let app = environment.app(adminduk_lambda::environment::Signing::None).await.unwrap();
    let sealed = app.data_key.seal("whsec_rahasia", "webhook:C-1").unwrap();
    let outbox = environment.outbox().await.unwrap();
    assert_eq!(outbox.data_key.open(&sealed, "webhook:C-1").unwrap(), "whsec_rahasia");
    // Without the setting nothing is sealed, and saying so.
    let none = adminduk_lambda::environment::Environment { data_key_secret: None, ..environment.clone() };
    assert!(none.outbox().await.unwrap().data_key.open(&sealed, "webhook:C-1").is_err());
    let missing = adminduk_lambda::environment::Environment {
        data_key_secret: Some("adminduk/test/tidak-ada".into()),
        ..environment
    };
    assert!(missing.outbox().await.is_err(), "a missing secret stops the function rather than sealing nothing");
}
