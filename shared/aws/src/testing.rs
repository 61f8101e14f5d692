//! Test support: a moto server (the AWS API emulator) and fresh DynamoDB stores on it, for the
//! contract suite here and the HTTP scenarios of the tests crate.

use std::sync::OnceLock;

use aws_sdk_dynamodb::Client;

use crate::{DynamoStore, S3Blobs, create_bucket, create_table};

/// A moto server on a free loopback port, started once for this test binary and stopped when
/// it exits. `make test` installs moto and names the Python that has it in ADMINDUK_MOTO_PYTHON;
/// `moto_server.py` at this crate's root serves it one request at a time (why: see there).
///
/// Statics are never dropped, so the server is started by a shell that stops it when its
/// standard input closes: the pipe's write end lives here and closes when the test process exits.
struct Moto {
    endpoint: String,
    _stop_when_closed: std::process::ChildStdin,
    _shell: std::process::Child,
}

fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| {
        let python = std::env::var("ADMINDUK_MOTO_PYTHON")
            .expect("ADMINDUK_MOTO_PYTHON names a Python with moto; run the tests with `make test`, which installs it");
        let server = concat!(env!("CARGO_MANIFEST_DIR"), "/moto_server.py");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = std::process::Command::new("sh")
            .args([
                "-c",
                r#""$0" "$1" 127.0.0.1 "$2" >/dev/null 2>&1 & pid=$!; cat >/dev/null; kill "$pid""#,
                &python,
                server,
                &port.to_string(),
            ])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("moto_server starts");
        let stdin = child.stdin.take().expect("a pipe");
        let endpoint = format!("http://127.0.0.1:{port}");
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Moto { endpoint, _stop_when_closed: stdin, _shell: child };
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("moto_server did not start on {endpoint}");
    })
}

/// The emulator's endpoint, for processes that configure themselves from AWS_ENDPOINT_URL.
pub fn endpoint() -> &'static str {
    &moto().endpoint
}

/// SDK configuration for the emulator: its endpoint, a region, throw-away credentials.
pub async fn config() -> aws_config::SdkConfig {
    crate::sdk_config()
        .endpoint_url(&moto().endpoint)
        .region(aws_config::Region::new("ap-southeast-3"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new("test", "test", None, None, "moto"))
        .load()
        .await
}

/// An SMS and e-mail sender whose SNS and SES calls go to `endpoint` (a proxy in front of the
/// emulator, for fault tests) without the SDK's own retries, so that every failure reaches the
/// outbox's; its e-mail identity verified.
pub async fn sender_via(endpoint: &str, from: &str) -> crate::AwsSender {
    let proxied = crate::sdk_config()
        .endpoint_url(endpoint)
        .region(aws_config::Region::new("ap-southeast-3"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new("test", "test", None, None, "moto"))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    let ses = aws_sdk_sesv2::Client::new(&config().await);
    ses.create_email_identity().email_identity(from).send().await.expect("identity on the emulator");
    crate::AwsSender::new(aws_sdk_sns::Client::new(&proxied), aws_sdk_sesv2::Client::new(&proxied), from)
}

pub async fn client() -> Client {
    Client::new(&config().await)
}

/// What the emulator's SES sent, as moto reports its state (one JSON text per message).
pub async fn sent_emails() -> Vec<String> {
    // moto 5.2.5 cannot report its state while a multipart object exists (another test's
    // streamed write, removed when that test ends): asked again for a while.
    let mut state = None;
    for _ in 0..100 {
        let answer = reqwest::get(format!("{}/moto-api/data.json", moto().endpoint)).await.expect("moto answers");
        if answer.status().is_success() {
            state = Some(answer.json::<serde_json::Value>().await.expect("moto reports its state as JSON"));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let state = state.expect("moto reports its state within ten seconds");
    let mut out = Vec::new();
    for service in ["ses", "sesv2"] {
        for (model, list) in state.get(service).and_then(|s| s.as_object()).into_iter().flatten() {
            if model.contains("Message") {
                out.extend(list.as_array().into_iter().flatten().map(|m| m.to_string()));
            }
        }
    }
    out
}

/// A store on a new table of the shared emulator: one per test.
pub async fn fresh_store() -> DynamoStore {
    let client = client().await;
    let table = format!("adminduk-{}", uuid::Uuid::new_v4());
    create_table(&client, &table).await.unwrap();
    DynamoStore::new(client, table)
}

/// A store on a new table whose every DynamoDB call is counted by operation, for tests that hold
/// a use case to its design (a read by key, a page of one partition, one transaction).
pub async fn counted_store() -> (DynamoStore, CallCounter) {
    let counter = CallCounter::default();
    let conf = aws_sdk_dynamodb::config::Builder::from(&config().await).interceptor(counter.clone()).build();
    let client = Client::from_conf(conf);
    let table = format!("adminduk-{}", uuid::Uuid::new_v4());
    create_table(&client, &table).await.unwrap();
    counter.take();
    (DynamoStore::new(client, table), counter)
}

/// DynamoDB calls by operation (`GetItem`, `Query`, `TransactWriteItems`, ...), as they were sent.
#[derive(Debug, Clone, Default)]
pub struct CallCounter(std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, u32>>>);

impl CallCounter {
    /// The calls since the last take, and a fresh count.
    pub fn take(&self) -> std::collections::BTreeMap<String, u32> {
        std::mem::take(&mut *self.0.lock().expect("the counter's lock"))
    }
}

impl aws_sdk_dynamodb::config::Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "CallCounter"
    }

    fn read_after_serialization(
        &self,
        context: &aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
        _components: &aws_sdk_dynamodb::config::RuntimeComponents,
        _cfg: &mut aws_sdk_dynamodb::config::ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        // DynamoDB's JSON protocol names the operation in X-Amz-Target: DynamoDB_20120810.GetItem.
        let target = context.request().headers().get("x-amz-target").unwrap_or_default();
        let operation = target.rsplit('.').next().unwrap_or(target).to_string();
        *self.0.lock().expect("the counter's lock").entry(operation).or_default() += 1;
        Ok(())
    }
}

/// A blob store on a new bucket of the shared emulator: one per test.
pub async fn fresh_bucket() -> S3Blobs {
    let config = config().await;
    // moto serves buckets by path, not by virtual host.
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&config).force_path_style(true).build());
    let bucket = format!("adminduk-{}", uuid::Uuid::new_v4());
    create_bucket(&s3, &bucket).await.unwrap();
    S3Blobs::new(s3, bucket)
}
