//! The Lambda side of Layanan Adminduk Online: each function's environment, and the handlers the
//! thin mains under `functions/` run. HTTP functions serve their part of the route table
//! (`adminduk_app::http::ROUTES`); the others take the table's stream (delivery), the uploads
//! bucket's ObjectCreated events (the check on arrival of uploads, partners' verification
//! batches) and a schedule (deadline sweep, retries).

pub mod environment;
pub mod http;
pub mod notify;
pub mod schedule;
pub mod upload_check;
pub mod verify_batch;

pub use adminduk_app::http::Function;
pub use lambda_runtime::Error;

/// Logs as JSON lines for CloudWatch; RUST_LOG adjusts the level (default: info).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt().json().with_env_filter(filter).without_time().with_current_span(false).init();
}
