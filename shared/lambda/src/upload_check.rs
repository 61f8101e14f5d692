//! The upload-check function: the uploads bucket announces each new object; the application
//! checks it against what its presign declared and attaches it to its case, or removes it and
//! marks the upload rejected with the reason. A failure of the store is returned, so Lambda
//! retries the event (and then sends it to the dead-letter queue); a retried event finds the
//! upload done and changes nothing.

use adminduk_app::App;
use adminduk_app::cases::{self, Arrival};
use adminduk_aws::S3Blobs;
use aws_lambda_events::event::s3::S3Event;

pub async fn run() -> Result<(), lambda_runtime::Error> {
    crate::on_bucket_events(check).await
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
