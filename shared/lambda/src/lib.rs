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

/// Runs a function fed the uploads bucket's events: the application (which signs nothing) is
/// assembled on the first event and kept for the next.
async fn on_bucket_events<T: serde::Serialize>(
    handle: impl AsyncFn(&adminduk_app::App, aws_lambda_events::event::s3::S3Event) -> Result<T, lambda_runtime::Error>,
) -> Result<(), lambda_runtime::Error> {
    init_logging();
    let environment = environment::Environment::from_env()?;
    let app = tokio::sync::OnceCell::new();
    lambda_runtime::run(lambda_runtime::service_fn(
        |event: lambda_runtime::LambdaEvent<aws_lambda_events::event::s3::S3Event>| {
            let (app, environment, handle) = (&app, &environment, &handle);
            async move {
                let app = app.get_or_try_init(|| environment.app(environment::Signing::None)).await?;
                handle(app, event.payload).await
            }
        },
    ))
    .await
}

/// Logs as JSON lines for CloudWatch. RUST_LOG adjusts the levels, as a level and
/// `target=level` pairs (`info,adminduk_app=debug`); info where it is unset or unreadable.
pub fn init_logging() {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|levels| levels.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO));
    tracing_subscriber::fmt().json().without_time().with_current_span(false).finish().with(filter).init();
}
