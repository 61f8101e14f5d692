//! Uploaded files in S3: one object per upload id in the uploads bucket, encrypted at rest by the
//! bucket's settings. A PutObject is atomic: readers see the whole object or none.
//!
//! Browsers send uploads to the bucket directly, with a presigned PUT whose signature covers the
//! content type, the length and the SHA-256 checksum header, so S3 itself refuses other bytes; the
//! bucket's ObjectCreated event then runs the application's check on arrival. Officers read
//! documents through presigned GETs of a few minutes.

use adminduk_ports::{Blobs, ByteStream as Parts, Declared, SignedRequest, StoreError, StoreResult};
use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use base64::Engine as _;
use chrono::TimeDelta;

/// Where uploads live in the bucket; the rest of the key is the upload id.
const PREFIX: &str = "uploads/";
/// Where partners' verification batches (ids `B-`) and their answers (`B-…-jawaban`) live: the
/// batches' prefix has its own ObjectCreated event, which starts the batch's job, and
/// `verifications/` its own lifecycle rule.
const BATCH_PREFIX: &str = "verifications/batches/";
const ANSWERS_PREFIX: &str = "verifications/answers/";
const BATCH: &str = "B-";
const ANSWERS: &str = adminduk_ports::ANSWERS_SUFFIX;
/// Parts of a streamed write (S3's multipart parts are 5 MB at least, but the last).
const PART: usize = 8 * 1024 * 1024;
/// Uploads arrive tagged as drafts; the bucket's lifecycle rule removes drafts never filed.
const DRAFT: &str = "status=draft";
const FILED: &str = "filed";

#[derive(Clone)]
pub struct S3Blobs {
    client: Client,
    bucket: String,
    /// Hand out presigned URLs (deployments); off for a server that takes the bytes itself
    /// because no bucket event reaches it (`adminduk serve --backend aws`).
    presigning: bool,
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

impl S3Blobs {
    pub fn new(client: Client, bucket: impl Into<String>) -> S3Blobs {
        S3Blobs { client, bucket: bucket.into(), presigning: true }
    }

    /// Uploads and downloads go through the application rather than to the bucket directly.
    pub fn without_presigning(self) -> S3Blobs {
        S3Blobs { presigning: false, ..self }
    }

    /// The upload id an object key of the bucket names, if it is one of ours.
    pub fn upload_id(key: &str) -> Option<&str> {
        key.strip_prefix(PREFIX).filter(|id| S3Blobs::key(id).is_ok())
    }

    /// The verification job an object key of the bucket names, if it is a batch's file.
    pub fn batch_id(key: &str) -> Option<&str> {
        key.strip_prefix(BATCH_PREFIX).filter(|id| S3Blobs::key(id).is_ok_and(|k| k == key))
    }

    /// Keys are our own ids; anything else is refused.
    fn key(key: &str) -> StoreResult<String> {
        let safe = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let prefix = match (key.starts_with(BATCH), key.ends_with(ANSWERS)) {
            (true, true) => ANSWERS_PREFIX,
            (true, false) => BATCH_PREFIX,
            (false, _) => PREFIX,
        };
        if safe { Ok(format!("{prefix}{key}")) } else { Err(StoreError(format!("kunci berkas tidak sah: {key}"))) }
    }

    /// Writes `first` and the rest of `bytes` as one multipart upload, a part of [`PART`] at a
    /// time; the upload is completed only when every part is in.
    async fn write_parts(&self, key: &str, content_type: &str, first: Vec<u8>, bytes: &mut Parts) -> StoreResult<u64> {
        use aws_sdk_s3::types::{ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart};
        use futures::StreamExt;
        let started = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            // The SDK checksums each part; S3 then wants the algorithm named here and each part's
            // checksum at completion.
            .checksum_algorithm(ChecksumAlgorithm::Crc32)
            .send()
            .await
            .map_err(|e| err(e.into_service_error()))?;
        let upload_id = started.upload_id().unwrap_or_default().to_string();
        let mut parts = Vec::new();
        let mut written = 0;
        let result: StoreResult<()> = async {
            let mut buffer = first;
            let mut ended = false;
            while !ended {
                while buffer.len() < PART {
                    match bytes.next().await {
                        Some(part) => buffer.extend_from_slice(&part?),
                        None => {
                            ended = true;
                            break;
                        }
                    }
                }
                if buffer.is_empty() {
                    break;
                }
                let number = i32::try_from(parts.len() + 1).map_err(err)?;
                written += buffer.len() as u64;
                let out = self
                    .client
                    .upload_part()
                    .bucket(&self.bucket)
                    .key(key)
                    .upload_id(&upload_id)
                    .part_number(number)
                    .checksum_algorithm(ChecksumAlgorithm::Crc32)
                    .body(ByteStream::from(std::mem::take(&mut buffer)))
                    .send()
                    .await
                    .map_err(|e| err(e.into_service_error()))?;
                let part = CompletedPart::builder().part_number(number).set_e_tag(out.e_tag);
                parts.push(part.set_checksum_crc32(out.checksum_crc32).build());
            }
            let done = CompletedMultipartUpload::builder().set_parts(Some(parts)).build();
            let complete = self.client.complete_multipart_upload().bucket(&self.bucket).key(key).upload_id(&upload_id);
            complete.multipart_upload(done).send().await.map_err(|e| err(e.into_service_error()))?;
            Ok(())
        }
        .await;
        if let Err(e) = result {
            // Nothing half-written stays (the bucket's lifecycle rule catches what this misses).
            let abort = self.client.abort_multipart_upload().bucket(&self.bucket).key(key).upload_id(&upload_id);
            if let Err(abort) = abort.send().await {
                tracing::warn!(error = %abort.into_service_error(), "multipart upload not aborted");
            }
            return Err(e);
        }
        Ok(written)
    }
}

#[async_trait]
impl Blobs for S3Blobs {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> StoreResult<()> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(S3Blobs::key(key)?)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|e| err(e.into_service_error()))?;
        Ok(())
    }

    async fn get(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        match self.client.get_object().bucket(&self.bucket).key(S3Blobs::key(key)?).send().await {
            Ok(out) => Ok(Some(out.body.collect().await.map_err(err)?.into_bytes().to_vec())),
            Err(e) => match e.into_service_error() {
                aws_sdk_s3::operation::get_object::GetObjectError::NoSuchKey(_) => Ok(None),
                other => Err(err(other)),
            },
        }
    }

    async fn read(&self, key: &str) -> StoreResult<Option<Parts>> {
        match self.client.get_object().bucket(&self.bucket).key(S3Blobs::key(key)?).send().await {
            Ok(out) => {
                let parts = futures::stream::unfold(out.body, |mut body| async move {
                    body.next().await.map(|part| (part.map_err(err), body))
                });
                Ok(Some(Box::pin(parts)))
            }
            Err(e) => match e.into_service_error() {
                aws_sdk_s3::operation::get_object::GetObjectError::NoSuchKey(_) => Ok(None),
                other => Err(err(other)),
            },
        }
    }

    async fn write(&self, key: &str, content_type: &str, mut bytes: Parts) -> StoreResult<u64> {
        use futures::StreamExt;
        let key = S3Blobs::key(key)?;
        // A file smaller than one part goes in one PutObject.
        let mut first = Vec::new();
        while first.len() < PART {
            match bytes.next().await {
                Some(part) => first.extend_from_slice(&part?),
                None => {
                    let written = first.len() as u64;
                    let put = self.client.put_object().bucket(&self.bucket).key(&key).content_type(content_type);
                    put.body(ByteStream::from(first)).send().await.map_err(|e| err(e.into_service_error()))?;
                    return Ok(written);
                }
            }
        }
        self.write_parts(&key, content_type, first, &mut bytes).await
    }

    async fn delete(&self, key: &str) -> StoreResult<()> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(S3Blobs::key(key)?)
            .send()
            .await
            .map_err(|e| err(e.into_service_error()))?;
        Ok(())
    }

    async fn presign_put(&self, key: &str, declared: &Declared, ttl: TimeDelta) -> StoreResult<Option<SignedRequest>> {
        if !self.presigning {
            return Ok(None);
        }
        let digest = (0..declared.sha256.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(declared.sha256.get(i..i + 2).unwrap_or("zz"), 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| StoreError(format!("SHA-256 tidak sah: {}", declared.sha256)))?;
        let size = i64::try_from(declared.size).map_err(err)?;
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(S3Blobs::key(key)?)
            .content_type(&declared.content_type)
            .content_length(size)
            .checksum_sha256(base64::engine::general_purpose::STANDARD.encode(digest))
            .set_tagging((!key.starts_with(BATCH)).then(|| DRAFT.to_string()))
            .presigned(presigning(ttl)?)
            .await
            .map_err(|e| err(e.into_service_error()))?;
        let headers = request.headers().map(|(k, v)| (k.to_ascii_lowercase(), v.to_string())).collect();
        Ok(Some(SignedRequest { url: request.uri().to_string(), headers }))
    }

    async fn keep(&self, key: &str) -> StoreResult<bool> {
        let filed = aws_sdk_s3::types::Tag::builder().key("status").value(FILED).build().map_err(err)?;
        let tagging = aws_sdk_s3::types::Tagging::builder().tag_set(filed).build().map_err(err)?;
        let out =
            self.client.put_object_tagging().bucket(&self.bucket).key(S3Blobs::key(key)?).tagging(tagging).send().await;
        match out.map_err(|e| e.into_service_error()) {
            Ok(_) => Ok(true),
            Err(e) if e.meta().code() == Some("NoSuchKey") => Ok(false),
            Err(e) => Err(err(e)),
        }
    }

    async fn presign_get(
        &self,
        key: &str,
        content_type: &str,
        file_name: &str,
        ttl: TimeDelta,
    ) -> StoreResult<Option<String>> {
        if !self.presigning {
            return Ok(None);
        }
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(S3Blobs::key(key)?)
            .response_content_type(content_type)
            .response_content_disposition(format!("inline; filename=\"{file_name}\""))
            .presigned(presigning(ttl)?)
            .await
            .map_err(|e| err(e.into_service_error()))?;
        Ok(Some(request.uri().to_string()))
    }
}

fn presigning(ttl: TimeDelta) -> StoreResult<PresigningConfig> {
    PresigningConfig::expires_in(ttl.to_std().map_err(err)?).map_err(err)
}

/// Creates the uploads bucket (the SAM template declares it for deployments).
pub async fn create_bucket(client: &Client, bucket: &str) -> StoreResult<()> {
    let location = aws_sdk_s3::types::CreateBucketConfiguration::builder()
        .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from("ap-southeast-3"))
        .build();
    client
        .create_bucket()
        .bucket(bucket)
        .create_bucket_configuration(location)
        .send()
        .await
        .map_err(|e| err(e.into_service_error()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use adminduk_ports::{Blobs, Declared};
    use chrono::TimeDelta;
    use sha2::Digest;

    use super::S3Blobs;

    adminduk_ports::blob_contract!(|| async { (crate::testing::fresh_bucket().await, ()) });

    fn declared(bytes: &[u8]) -> Declared {
        let sha256 = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        Declared { content_type: "application/pdf".into(), size: bytes.len() as u64, sha256 }
    }

    async fn put(signed: &adminduk_ports::SignedRequest, bytes: &[u8]) -> reqwest::StatusCode {
        let mut request = reqwest::Client::new().put(&signed.url).body(bytes.to_vec());
        for (name, value) in &signed.headers {
            request = request.header(name, value);
        }
        request.send().await.unwrap().status()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn presigned_put_carries_the_declared_type_length_and_checksum() {
        let blobs = crate::testing::fresh_bucket().await;
        let bytes = b"%PDF-1.4 surat kehilangan".to_vec();
        let signed = blobs.presign_put("U-1", &declared(&bytes), TimeDelta::minutes(15)).await.unwrap().unwrap();
        assert_eq!(signed.headers["content-type"], "application/pdf");
        assert_eq!(signed.headers["content-length"], bytes.len().to_string());
        assert!(signed.headers.contains_key("x-amz-checksum-sha256"), "{:?}", signed.headers);
        assert!(signed.url.contains("X-Amz-Signature="), "{}", signed.url);

        assert!(put(&signed, &bytes).await.is_success());
        assert_eq!(blobs.get("U-1").await.unwrap(), Some(bytes.clone()));
        // Arrived as a draft's file; kept once its case is filed.
        assert_eq!(tags(&blobs, "U-1").await, [("status".to_string(), "draft".to_string())]);
        assert!(blobs.keep("U-1").await.unwrap());
        assert_eq!(tags(&blobs, "U-1").await, [("status".to_string(), "filed".to_string())]);
        assert!(!blobs.keep("U-gone").await.unwrap(), "a file cleaned up already");
        let link = blobs.presign_get("U-1", "application/pdf", "kk-7306.pdf", TimeDelta::minutes(5)).await;
        let fetched = reqwest::get(&link.unwrap().unwrap()).await.unwrap();
        assert_eq!(fetched.headers()["content-type"], "application/pdf");
        assert_eq!(fetched.headers()["content-disposition"], "inline; filename=\"kk-7306.pdf\"");
        assert_eq!(fetched.bytes().await.unwrap().to_vec(), bytes);

        // Without presigning, the application takes the bytes itself.
        let proxied = blobs.without_presigning();
        assert_eq!(proxied.presign_put("U-2", &declared(&bytes), TimeDelta::minutes(15)).await.unwrap(), None);
        assert_eq!(proxied.presign_get("U-1", "application/pdf", "a.pdf", TimeDelta::minutes(5)).await.unwrap(), None);
    }

    async fn tags(blobs: &S3Blobs, key: &str) -> Vec<(String, String)> {
        let out = blobs.client.get_object_tagging().bucket(&blobs.bucket).key(S3Blobs::key(key).unwrap()).send();
        out.await.unwrap().tag_set().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect()
    }

    #[test]
    fn only_batch_keys_name_batches() {
        assert_eq!(S3Blobs::key("B-01ab").unwrap(), "verifications/batches/B-01ab");
        assert_eq!(S3Blobs::key("B-01ab-jawaban").unwrap(), "verifications/answers/B-01ab-jawaban");
        assert_eq!(S3Blobs::batch_id("verifications/batches/B-01ab"), Some("B-01ab"));
        assert_eq!(S3Blobs::batch_id("verifications/answers/B-01ab-jawaban"), None, "answers start nothing");
        assert_eq!(S3Blobs::batch_id("verifications/batches/U-1"), None);
        assert_eq!(S3Blobs::batch_id("uploads/B-01ab"), None);
    }

    #[test]
    fn only_upload_keys_name_uploads() {
        assert_eq!(S3Blobs::upload_id("uploads/U-0192abc"), Some("U-0192abc"));
        assert_eq!(S3Blobs::upload_id("uploads/../x"), None);
        assert_eq!(S3Blobs::upload_id("site/index.html"), None);
    }
}
