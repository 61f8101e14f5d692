//! The Lambda functions: each package's size, and the time from process start to the first
//! response beside a hello-world function started the same way in the same run.
//!
//! - Every function's zip for arm64 (`make package`: target/lambda/<name>/bootstrap.zip) is at
//!   most 4 MB.
//! - Each HTTP function is started against a Lambda Runtime API emulated here and given one API
//!   Gateway event for one of its routes that needs a caller (answered 401: the application is
//!   assembled, the route runs, no table is read). It answers within 1.5x the time of
//!   `hello-lambda`, a hello-world `lambda_http` function built in the same run. Both read the
//!   signing key's secret from the AWS emulator (moto) on their first event and make no other
//!   call. Each is the median of N starts, the functions interleaved round by round.
//!
//! Exits non-zero past a limit. Run with `make bench` (after `make package`). Argument:
//! `[starts per function]`. The binaries are taken beside this one (target/release).

use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use adminduk_app::http::{Access, Function, ROUTES};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::oneshot;

const MAX_ZIP_BYTES: u64 = 4_000_000;
const MAX_START_RATIO: f64 = 1.5;
const SECRET: &str = "adminduk-signing-key";

/// A started function's answer: its status, or the runtime's error report.
type Answer = Result<u16, String>;

/// The one event a started function gets, and where its answer goes.
#[derive(Clone, Default)]
struct Runtime {
    event: Arc<Mutex<Option<serde_json::Value>>>,
    answer: Arc<Mutex<Option<oneshot::Sender<Answer>>>>,
}

impl Runtime {
    fn answer(&self, answer: Answer) {
        if let Some(tx) = self.answer.lock().unwrap().take() {
            let _ = tx.send(answer);
        }
    }
}

/// `GET /runtime/invocation/next`: the event once; after it the function waits until it is
/// stopped.
async fn next(State(runtime): State<Runtime>) -> Response {
    let event = runtime.event.lock().unwrap().take();
    let Some(event) = event else { return std::future::pending().await };
    let deadline =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap() + Duration::from_secs(60);
    let headers = [
        ("lambda-runtime-aws-request-id", "bench-request".to_string()),
        ("lambda-runtime-deadline-ms", deadline.as_millis().to_string()),
        ("lambda-runtime-invoked-function-arn", "arn:aws:lambda:ap-southeast-3:000000000000:function:bench".into()),
        ("lambda-runtime-trace-id", "Root=1-00000000-000000000000000000000000".into()),
    ];
    (headers, Json(event)).into_response()
}

/// The function's answer (the runtime sends it without a JSON content type).
async fn response(State(runtime): State<Runtime>, body: axum::body::Bytes) -> StatusCode {
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let status = body["statusCode"].as_u64().unwrap_or_default() as u16;
    runtime.answer(Ok(status));
    StatusCode::ACCEPTED
}

async fn error(State(runtime): State<Runtime>, body: String) -> StatusCode {
    runtime.answer(Err(body));
    StatusCode::ACCEPTED
}

/// An API Gateway (HTTP API, payload 2.0) request without credentials.
fn api_event(method: &str, path: &str) -> serde_json::Value {
    serde_json::json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": { "host": "bench.execute-api.ap-southeast-3.amazonaws.com", "user-agent": "bench" },
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "bench",
            "domainName": "bench.execute-api.ap-southeast-3.amazonaws.com",
            "domainPrefix": "bench",
            "http": { "method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "bench" },
            "requestId": "bench-request",
            "routeKey": "$default",
            "stage": "$default",
            "time": "03/Dec/2026:00:00:00 +0000",
            "timeEpoch": 1_796_256_000_000u64
        },
        "isBase64Encoded": false
    })
}

/// What a start is given and what it must answer.
struct Subject {
    name: String,
    binary: PathBuf,
    event: serde_json::Value,
    expected: u16,
}

/// The first route of `function` that needs a caller, its path parameters filled in.
fn guarded_route(function: Function) -> (&'static str, String) {
    // The table's paths are whole (`/api/v1/...`).
    let route = ROUTES
        .iter()
        .find(|r| r.function == function && r.access != Access::Public)
        .expect("every HTTP function has a route that needs a caller");
    let path: Vec<String> = route
        .path
        .split('/')
        .map(|segment| if segment.starts_with('{') { "bench".to_string() } else { segment.to_string() })
        .collect();
    (route.method, path.join("/"))
}

/// Milliseconds from spawning `subject` to its answer reaching the runtime.
async fn start(subject: &Subject, runtime: &Runtime, env: &[(String, String)]) -> Result<f64, String> {
    let (tx, rx) = oneshot::channel();
    *runtime.event.lock().unwrap() = Some(subject.event.clone());
    *runtime.answer.lock().unwrap() = Some(tx);
    let started = Instant::now();
    let mut child = std::process::Command::new(&subject.binary)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env("AWS_LAMBDA_FUNCTION_NAME", &subject.name)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", subject.binary.display()))?;
    let answer = tokio::time::timeout(Duration::from_secs(20), rx).await;
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let _ = child.kill();
    let _ = child.wait();
    match answer {
        Ok(Ok(Ok(status))) if status == subject.expected => Ok(elapsed),
        Ok(Ok(Ok(status))) => Err(format!("{} answered {status}, not {}", subject.name, subject.expected)),
        Ok(Ok(Err(report))) => Err(format!("{} reported an error: {report}", subject.name)),
        _ => Err(format!("{} did not answer within 20 s", subject.name)),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Each function's package size against the limit.
fn zip_sizes(root: &Path) -> bool {
    let mut ok = true;
    let mut names: Vec<String> = std::fs::read_dir(root.join("functions"))
        .expect("the functions folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let zip = root.join("target/lambda").join(&name).join("bootstrap.zip");
        match std::fs::metadata(&zip) {
            Ok(meta) => {
                let fits = meta.len() <= MAX_ZIP_BYTES;
                ok &= fits;
                println!(
                    "package {name}: {:.2} MB zipped for arm64 (at most {:.0} MB): {}",
                    meta.len() as f64 / 1e6,
                    MAX_ZIP_BYTES as f64 / 1e6,
                    if fits { "ok" } else { "TOO LARGE" }
                );
            }
            Err(_) => {
                ok = false;
                println!("package {name}: {} is missing (run `make package`)", zip.display());
            }
        }
    }
    ok
}

#[tokio::main]
async fn main() -> ExitCode {
    let starts: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(15);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_path_buf();
    let mut ok = zip_sizes(&root);

    // The AWS emulator with the signing key's secret.
    let endpoint = adminduk_aws::testing::endpoint().to_string();
    let secrets = aws_sdk_secretsmanager::Client::new(&adminduk_aws::testing::config().await);
    let pem = adminduk_app::tokens::TokenKeys::generate().to_pem().to_string();
    secrets.create_secret().name(SECRET).secret_string(pem).send().await.expect("the secret on the emulator");

    let runtime = Runtime::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let runtime_api = listener.local_addr().unwrap().to_string();
    let router = axum::Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route("/2018-06-01/runtime/invocation/{id}/response", post(response))
        .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
        .route("/2018-06-01/runtime/init/error", post(error))
        .with_state(runtime.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let env: Vec<(String, String)> = [
        ("AWS_LAMBDA_RUNTIME_API", runtime_api.as_str()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"),
        ("AWS_REGION", "ap-southeast-3"),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ("ADMINDUK_SIGNING_KEY_SECRET", SECRET),
        ("ADMINDUK_TABLE", "adminduk-bench"),
        ("ADMINDUK_API_URL", "https://bench.example"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();

    let here = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let hello = Subject {
        name: "hello-lambda".into(),
        binary: here.join("hello-lambda"),
        event: api_event("GET", "/"),
        expected: 200,
    };
    let mut subjects = vec![hello];
    for function in Function::ALL {
        let name = serde_json::to_value(function).unwrap().as_str().unwrap().to_string();
        let (method, path) = guarded_route(function);
        subjects.push(Subject { binary: here.join(&name), name, event: api_event(method, &path), expected: 401 });
    }

    let mut times: Vec<Vec<f64>> = vec![Vec::new(); subjects.len()];
    for _ in 0..starts {
        for (subject, times) in subjects.iter().zip(times.iter_mut()) {
            match start(subject, &runtime, &env).await {
                Ok(ms) => times.push(ms),
                Err(e) => {
                    println!("cold start: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let baseline = median(times[0].clone());
    println!("cold start: hello-world lambda_http {baseline:.1} ms to the first response (median of {starts})");
    for (subject, times) in subjects.iter().zip(times).skip(1) {
        let ms = median(times);
        let ratio = ms / baseline;
        let fits = ratio <= MAX_START_RATIO;
        ok &= fits;
        println!(
            "cold start {}: {ms:.1} ms, {ratio:.2}x hello-world (at most {MAX_START_RATIO}x): {}",
            subject.name,
            if fits { "ok" } else { "TOO SLOW" }
        );
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
