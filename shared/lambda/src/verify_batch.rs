//! The verify-batch function: the uploads bucket announces each partner's verification batch
//! arriving under `verifications/batches/`; the application takes the batch's job and answers its records
//! into a file of answers beside it, within one invocation (a batch of 100,000 records takes
//! seconds, the function may run 15 minutes). A failure of the store is returned, so Lambda
//! retries the event (then the dead-letter queue); a retried event finds the job taken or over
//! and changes nothing.

use adminduk_app::App;
use adminduk_app::ports::JobStatus;
use adminduk_app::verification::jobs;
use adminduk_aws::S3Blobs;
use aws_lambda_events::event::s3::S3Event;

pub async fn run() -> Result<(), lambda_runtime::Error> {
    crate::on_bucket_events(answer).await
}

/// Answers the batch of every object the event names; returns how each job ended (`None` for
/// one taken or over already).
pub async fn answer(app: &App, event: S3Event) -> Result<Vec<Option<JobStatus>>, lambda_runtime::Error> {
    let mut ended = Vec::new();
    for record in &event.records {
        let key = record.s3.object.key.as_deref().unwrap_or_default();
        let Some(job) = S3Blobs::batch_id(key) else {
            tracing::warn!(key, "not a verification batch; left alone");
            continue;
        };
        let status = jobs::arrived(app, job).await.map_err(|e| e.to_string())?;
        tracing::info!(job, ?status, "verification batch answered");
        ended.push(status);
    }
    Ok(ended)
}
