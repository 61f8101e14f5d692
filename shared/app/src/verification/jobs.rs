//! Large verification batches as files: a partner's system asks for a job (purpose, form, the
//! file's length and SHA-256), sends the file to the URL it is given (S3 directly when deployed,
//! so no request carries more than Lambda takes), and polls the job until its answers can be
//! downloaded. The file's arrival starts the job (S3's ObjectCreated event on AWS, the upload
//! itself locally); the records are answered as in a request, streamed from the file into a file
//! of answers, in the same bounded memory. The partner's file is removed once answered; the
//! answers and the job are kept for [`kept::BATCH_FILES`].

use adminduk_domain::verification::{Counts, Format};
use chrono::{DateTime, TimeDelta, Utc};
use futures::{Stream, TryStreamExt};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use super::{Bytes, MAX_BYTES, partner, purpose};
use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{
    ByteStream, CommitError, Declared, JobProblem, JobStatus, SignedRequest, StoreError, VerificationJob, Write,
    answers_key, kept,
};
use crate::tokens::capability_link;

/// How long the file may take to arrive.
const UPLOAD_TIME: TimeDelta = TimeDelta::hours(1);

/// How long a download link of the answers lasts.
const LINK_TIME: TimeDelta = TimeDelta::minutes(15);

/// A job running longer than this was cut off (a Lambda runs 15 minutes at most): its answers
/// will not come, and another event may take it again.
const STALE: TimeDelta = TimeDelta::minutes(20);

/// What a partner's system asks for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewJob {
    /// Why the partner checks these people (kept in the audit log), 5 to 200 characters.
    pub purpose: String,
    pub format: Format,
    /// The file's exact length in bytes.
    pub size: u64,
    /// The file's SHA-256, 64 hexadecimal digits.
    pub sha256: String,
}

/// A request to send or fetch a file with.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Transfer {
    pub method: &'static str,
    pub url: String,
    /// Headers to send as they are (the signature covers them).
    pub headers: std::collections::BTreeMap<String, String>,
    pub expires_at: DateTime<Utc>,
}

/// A job as its partner reads it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct JobView {
    pub id: String,
    pub status: JobStatus,
    pub purpose: String,
    pub format: Format,
    pub size: u64,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Where to send the file, while it is awaited.
    pub upload: Option<Transfer>,
    /// How many records got each answer, once done.
    pub counts: Option<Counts>,
    /// Where to download the answers (same form as the file, one per record), once done.
    pub answers: Option<Transfer>,
    /// Why it stopped, once failed.
    pub problem: Option<JobProblem>,
}

fn problem(code: &str, message: impl Into<String>) -> JobProblem {
    JobProblem { code: code.to_string(), message: message.into() }
}

/// Opens a job for `new`'s file and says where to send it.
#[tracing::instrument(name = "verification_job", skip_all)]
pub async fn create(app: &App, actor: &Actor, from: &ClientAddress, new: NewJob) -> Result<JobView, AppError> {
    let client = partner(app, actor).await?;
    let purpose = purpose(Some(&new.purpose))?;
    if new.size == 0 || new.size > MAX_BYTES {
        return Err(AppError::Unprocessable {
            code: "BATCH_TOO_LARGE",
            message: format!("Ukuran berkas harus antara 1 bita dan {} MB", MAX_BYTES / 1_000_000),
        });
    }
    let sha256 = crate::secrets::declared_sha256(&new.sha256)?;
    let now = app.clock.now();
    let job = VerificationJob {
        id: crate::secrets::random_id("B-"),
        client: client.id,
        purpose,
        format: new.format,
        size: new.size,
        sha256,
        client_address: from.ip.clone(),
        status: JobStatus::AwaitingUpload,
        created_at: now,
        upload_until: now + UPLOAD_TIME,
        started_at: None,
        finished_at: None,
        counts: None,
        problem: None,
        version: 0,
    };
    app.store.commit(vec![Write::CreateJob(Box::new(job.clone()))]).await?;
    view(app, job).await
}

/// The partner's own job, as it stands.
pub async fn status(app: &App, actor: &Actor, id: &str) -> Result<JobView, AppError> {
    let client = actor.require_scope(super::SCOPE)?;
    let job = app.store.verification_job(id).await?.filter(|j| j.client == client.id);
    let job = job.ok_or_else(|| AppError::NotFound {
        code: "JOB_NOT_FOUND",
        message: "Pekerjaan verifikasi tidak ditemukan".into(),
    })?;
    view(app, job).await
}

/// What `job` is now, with the links its state offers. A file that never came and a job cut off
/// read as failed, though nothing wrote it so.
async fn view(app: &App, mut job: VerificationJob) -> Result<JobView, AppError> {
    let now = app.clock.now();
    if job.status == JobStatus::AwaitingUpload && now > job.upload_until {
        job.status = JobStatus::Failed;
        job.problem = Some(problem("BATCH_NOT_UPLOADED", "Berkas tidak dikirim sebelum batas waktunya"));
    }
    if cut_off(&job, now) {
        job.status = JobStatus::Failed;
        job.problem = Some(problem("BATCH_INTERRUPTED", "Pemeriksaan terhenti; kirim ulang sebagai pekerjaan baru"));
    }
    let upload = match job.status {
        JobStatus::AwaitingUpload => Some(upload_request(app, &job).await?),
        _ => None,
    };
    let answers = match job.status {
        JobStatus::Done if now < job.created_at + kept::BATCH_FILES => Some(answers_link(app, &job).await?),
        _ => None,
    };
    Ok(JobView {
        id: job.id,
        status: job.status,
        purpose: job.purpose,
        format: job.format,
        size: job.size,
        created_at: job.created_at,
        started_at: job.started_at,
        finished_at: job.finished_at,
        upload,
        counts: job.counts,
        answers,
        problem: job.problem,
    })
}

/// A PUT of the file: S3's own, bound to the declared length and checksum, or the
/// application's where the store cannot sign one.
async fn upload_request(app: &App, job: &VerificationJob) -> Result<Transfer, AppError> {
    let declared =
        Declared { content_type: job.format.media_type().into(), size: job.size, sha256: job.sha256.clone() };
    let ttl = job.upload_until - app.clock.now();
    let request = match app.blobs.presign_put(&job.id, &declared, ttl).await? {
        Some(signed) => signed,
        None => SignedRequest {
            url: capability_link(
                app,
                &format!("/api/v1/verifications/files/{}", job.id),
                format!("batch:{}", job.id),
                job.upload_until,
            ),
            headers: [("content-type".to_string(), declared.content_type)].into(),
        },
    };
    Ok(Transfer { method: "PUT", url: request.url, headers: request.headers, expires_at: job.upload_until })
}

fn answers_name(job: &VerificationJob) -> String {
    let extension = match job.format {
        Format::Csv => "csv",
        Format::Jsonl => "jsonl",
    };
    format!("jawaban-{}.{extension}", job.id)
}

async fn answers_link(app: &App, job: &VerificationJob) -> Result<Transfer, AppError> {
    let expires_at = app.clock.now() + LINK_TIME;
    let key = answers_key(&job.id);
    let direct = app.blobs.presign_get(&key, job.format.media_type(), &answers_name(job), LINK_TIME).await?;
    let url = match direct {
        Some(url) => url,
        None => {
            let path = format!("/api/v1/verifications/files/{}/answers", job.id);
            capability_link(app, &path, format!("answers:{}", job.id), expires_at)
        }
    };
    Ok(Transfer { method: "GET", url, headers: Default::default(), expires_at })
}

/// Takes the file through the application (where the store cannot take it directly): it must be
/// what the job declared, checked while it is written, before the job starts on it.
#[tracing::instrument(name = "verification_file", skip_all, fields(job = %id))]
pub async fn receive<S, E>(
    app: &App,
    id: &str,
    token: &str,
    content_type: Option<&str>,
    body: S,
) -> Result<JobView, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: std::fmt::Display,
{
    app.keys.verify_capability(token, &format!("batch:{id}"), app.clock.now()).map_err(crate::tokens::link_refused)?;
    let uploaded =
        || AppError::Conflict { code: "BATCH_UPLOADED", message: "Berkas pekerjaan ini sudah diterima".into() };
    let job = app
        .store
        .verification_job(id)
        .await?
        .ok_or_else(|| crate::tokens::link_refused(crate::tokens::TokenError::Invalid))?;
    if job.status != JobStatus::AwaitingUpload {
        return Err(uploaded());
    }
    let media_type = content_type.map(|c| c.split(';').next().unwrap_or_default().trim());
    if media_type != Some(job.format.media_type()) {
        return Err(AppError::Unprocessable {
            code: "FILE_TYPE_MISMATCH",
            message: format!("Content-Type harus {}", job.format.media_type()),
        });
    }
    // Taken before a byte is written, so that a second upload at the same time is refused rather
    // than replacing this one's file; given back if the file is not the one declared.
    let job = take(app, id).await?.ok_or_else(uploaded)?;
    // Counted and hashed on the way to the store; a body longer than declared stops there.
    let declared = job.size;
    let hash = std::sync::Arc::new(std::sync::Mutex::new((sha2::Sha256::new(), 0u64)));
    let seen = hash.clone();
    let checked = body.map_err(|e| StoreError(e.to_string())).and_then(move |part| {
        let mut seen = seen.lock().expect("hash lock");
        seen.0.update(&part);
        seen.1 += part.len() as u64;
        let over = seen.1 > declared;
        async move { if over { Err(StoreError("lebih panjang dari ukuran yang dinyatakan".into())) } else { Ok(part) } }
    });
    let written = app.blobs.write(id, job.format.media_type(), Box::pin(checked) as ByteStream).await;
    let (digest, length) = {
        let mut seen = hash.lock().expect("hash lock");
        let (hasher, length) = std::mem::replace(&mut *seen, (sha2::Sha256::new(), 0));
        (crate::secrets::hex(&hasher.finalize()), length)
    };
    let size_mismatch = || AppError::Unprocessable {
        code: "FILE_SIZE_MISMATCH",
        message: format!("Ukuran berkas tidak sama dengan yang dinyatakan ({} bita)", job.size),
    };
    let refusal = match written {
        // Cut off where it passed the declared size.
        Err(_) if length > job.size => Some(size_mismatch()),
        Err(e) => {
            Some(AppError::BadRequest { code: "BODY_UNREADABLE", message: format!("Berkas tidak diterima utuh: {e}") })
        }
        Ok(_) if length != job.size => Some(size_mismatch()),
        Ok(_) if digest != job.sha256 => Some(AppError::Unprocessable {
            code: "CHECKSUM_MISMATCH",
            message: "SHA-256 berkas tidak sama dengan yang dinyatakan".into(),
        }),
        Ok(_) => None,
    };
    if let Some(refusal) = refusal {
        // The job waits for the right file again.
        app.blobs.delete(id).await?;
        update(app, job, |j| {
            j.status = JobStatus::AwaitingUpload;
            j.started_at = None;
        })
        .await?;
        return Err(refusal);
    }
    let running = job;
    let (worker, job) = (app.clone(), running.clone());
    tokio::spawn(async move {
        if let Err(e) = answer(&worker, job).await {
            tracing::error!(error = %e, "verification job not finished");
        }
    });
    view(app, running).await
}

/// The arrival of a job's file straight in the store (S3's ObjectCreated event): takes the job
/// and answers it before returning. A store failure is returned, so that the event comes again;
/// an event for a job taken, done or unknown changes nothing.
#[tracing::instrument(name = "verification_file_arrived", skip_all, fields(job = %id))]
pub async fn arrived(app: &App, id: &str) -> Result<Option<JobStatus>, AppError> {
    match take(app, id).await? {
        Some(job) => Ok(Some(answer(app, job).await?)),
        None => Ok(None),
    }
}

/// Whether a running job has run longer than any runner can.
fn cut_off(job: &VerificationJob, now: DateTime<Utc>) -> bool {
    job.status == JobStatus::Running && job.started_at.is_some_and(|at| now - at > STALE)
}

/// Records `job` as `change` leaves it, if nobody changed it since it was read; returns it as
/// stored.
async fn update(
    app: &App,
    job: VerificationJob,
    change: impl FnOnce(&mut VerificationJob),
) -> Result<VerificationJob, CommitError> {
    let expected_version = job.version;
    let mut changed = job;
    change(&mut changed);
    changed.version = expected_version + 1;
    app.store.commit(vec![Write::UpdateJob { job: Box::new(changed.clone()), expected_version }]).await?;
    Ok(changed)
}

/// Marks the job running, if it waits for its file or was cut off; `None` when another runner
/// has it, it is over, or it is unknown.
async fn take(app: &App, id: &str) -> Result<Option<VerificationJob>, AppError> {
    let Some(job) = app.store.verification_job(id).await? else { return Ok(None) };
    let now = app.clock.now();
    let free = match job.status {
        JobStatus::AwaitingUpload => true,
        JobStatus::Running => cut_off(&job, now),
        JobStatus::Done | JobStatus::Failed => false,
    };
    if !free {
        return Ok(None);
    }
    let running = update(app, job, |j| {
        j.status = JobStatus::Running;
        j.started_at = Some(now);
    });
    match running.await {
        Ok(running) => Ok(Some(running)),
        Err(CommitError::Changed(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Answers a taken job's file into its file of answers, then records how it ended. The partner's
/// file is removed either way.
async fn answer(app: &App, job: VerificationJob) -> Result<JobStatus, AppError> {
    let outcome = answer_file(app, &job).await;
    app.blobs.delete(&job.id).await?;
    let now = app.clock.now();
    let ended = update(app, job, |j| {
        j.finished_at = Some(now);
        match outcome {
            Ok(counts) => {
                j.status = JobStatus::Done;
                j.counts = Some(counts);
            }
            Err(e) => {
                tracing::warn!(error = %e, "verification job failed");
                j.status = JobStatus::Failed;
                j.problem = Some(match e {
                    AppError::Unprocessable { code, message } | AppError::TooLarge { code, message } => {
                        problem(code, message)
                    }
                    _ => problem("BATCH_FAILED", "Berkas tidak dapat diperiksa sampai selesai; kirim ulang"),
                });
            }
        }
    });
    Ok(ended.await?.status)
}

async fn answer_file(app: &App, job: &VerificationJob) -> Result<Counts, AppError> {
    let file = app.blobs.read(&job.id).await?.ok_or_else(|| AppError::Unprocessable {
        code: "BATCH_FILE_MISSING",
        message: "Berkas pekerjaan ini tidak ada".into(),
    })?;
    let from = ClientAddress { ip: job.client_address.clone() };
    let (answers, finished) =
        super::answers(app.clone(), job.client.clone(), job.purpose.clone(), job.format, file, from).await?;
    let answers = answers.map_err(|e| StoreError(e.to_string()));
    app.blobs.write(&answers_key(&job.id), job.format.media_type(), Box::pin(answers)).await?;
    finished.await.map_err(|_| AppError::internal("the batch ended without its counts"))
}

/// The answers behind a download link (where the store cannot sign one): their form and bytes.
pub async fn answers_file(app: &App, id: &str, token: &str) -> Result<(String, String, ByteStream), AppError> {
    app.keys
        .verify_capability(token, &format!("answers:{id}"), app.clock.now())
        .map_err(crate::tokens::link_refused)?;
    let not_found = || AppError::NotFound { code: "ANSWERS_NOT_FOUND", message: "Jawaban tidak ditemukan".into() };
    let job = app.store.verification_job(id).await?.filter(|j| j.status == JobStatus::Done).ok_or_else(not_found)?;
    let bytes = app.blobs.read(&answers_key(&job.id)).await?.ok_or_else(not_found)?;
    Ok((job.format.media_type().to_string(), answers_name(&job), bytes))
}

/// Removes up to `batch` jobs past their keeping, their files first (so that a failure leaves
/// the job to be found again). Returns how many went.
pub async fn remove_expired(app: &App, batch: u32) -> Result<usize, AppError> {
    let expired = app.store.expired_jobs(app.clock.now() - kept::BATCH_FILES, batch).await?;
    for id in &expired {
        app.blobs.delete(id).await?;
        app.blobs.delete(&answers_key(id)).await?;
        app.store.commit(vec![Write::DeleteJob { id: id.clone() }]).await?;
    }
    Ok(expired.len())
}
