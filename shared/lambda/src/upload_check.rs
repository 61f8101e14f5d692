//! The upload-check function: the uploads bucket announces each new object; the application
//! checks it against what its presign declared and attaches it to its case, or removes it and
//! marks the upload rejected with the reason. A failure of the store is returned, so Lambda
//! retries the event (and then sends it to the dead-letter queue); a retried event finds the
//! upload done and changes nothing.

use adminduk_app::App;
use adminduk_app::cases::{self, Arrival};
use adminduk_aws::S3Blobs;
use aws_lambda_events::event::s3::S3Event;
use lambda_runtime::{LambdaEvent, service_fn};
use tokio::sync::OnceCell;

use crate::environment::{Environment, Signing};

pub async fn run() -> Result<(), lambda_runtime::Error> {
    crate::init_logging();
    let environment = Environment::from_env().await;
    let app = OnceCell::new();
    lambda_runtime::run(service_fn(|event: LambdaEvent<S3Event>| {
        let (app, environment) = (&app, &environment);
        async move {
            let app = app.get_or_try_init(|| environment.app(Signing::None)).await?;
            check(app, event.payload).await
        }
    }))
    .await
}

/// Checks every object the event names; returns what became of each.
pub async fn check(app: &App, event: S3Event) -> Result<Vec<Arrival>, lambda_runtime::Error> {
    let mut arrivals = Vec::new();
    for record in &event.records {
        let key = record.s3.object.key.as_deref().unwrap_or_default();
        let Some(upload_id) = S3Blobs::upload_id(key) else {
            tracing::warn!(key, "not an upload; left alone");
            continue;
        };
        let arrival = cases::arrived(app, upload_id).await.map_err(|e| e.to_string())?;
        tracing::info!(upload_id, ?arrival, "upload checked");
        arrivals.push(arrival);
    }
    Ok(arrivals)
}
