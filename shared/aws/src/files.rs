//! Uploaded files in S3: one object per upload id in the uploads bucket, encrypted at rest by the
//! bucket's settings. A PutObject is atomic: readers see the whole object or none.

use adminduk_app::ports::{Blobs, StoreError, StoreResult};
use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;

#[derive(Clone)]
pub struct S3Blobs {
    client: Client,
    bucket: String,
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

impl S3Blobs {
    pub fn new(client: Client, bucket: impl Into<String>) -> S3Blobs {
        S3Blobs { client, bucket: bucket.into() }
    }

    /// Keys are our own ids; anything else is refused.
    fn key(key: &str) -> StoreResult<String> {
        let safe = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if safe { Ok(format!("uploads/{key}")) } else { Err(StoreError(format!("kunci berkas tidak sah: {key}"))) }
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
    adminduk_app::blob_contract!(|| async { (crate::testing::fresh_bucket().await, ()) });
}
