//! The installation on AWS APIs: DynamoDB, S3, SNS and SES, at the endpoints the standard AWS
//! settings name (AWS_ENDPOINT_URL for an emulator, or a real account's credentials and region).
//! Names come from ADMINDUK_TABLE, ADMINDUK_UPLOADS_BUCKET and ADMINDUK_EMAIL_FROM.

use std::sync::Arc;

use adminduk_app::App;
use adminduk_app::clock::SystemClock;
use adminduk_app::settings::Settings;
use adminduk_app::tokens::TokenKeys;
use adminduk_aws::{Aws, Names};

use crate::data_dir::Data;
use crate::installation::Installation;
use crate::output::Failure;

pub async fn open(data: Data, keys: TokenKeys, settings: Settings) -> Installation {
    let aws = Aws::from_env().await;
    // No bucket event reaches this server: it takes the bytes of uploads itself.
    let blobs = Arc::new(aws.blobs().without_presigning());
    let app = App::new(aws.store(), blobs, Arc::new(SystemClock), keys, data.catalogue, data.calendar, settings)
        .with_poster(Arc::new(adminduk_aws::HttpsPoster::new()));
    Installation { app, sender: Arc::new(aws.sender()), mailbox: None }
}

/// Creates what the application needs on an emulator or a fresh account: the table with its
/// indexes and TTL, the uploads bucket, and the SES identity mail is sent from.
pub async fn bootstrap() -> Result<Names, Failure> {
    let Aws { names, clients: c } = Aws::from_env().await;
    let fail = |what: &str, e: adminduk_app::ports::StoreError| Failure {
        code: "BOOTSTRAP_FAILED",
        message: format!("{what}: {}", e.0),
    };
    adminduk_aws::create_table(&c.dynamo, &names.table).await.map_err(|e| fail("tabel", e))?;
    adminduk_aws::create_bucket(&c.s3, &names.bucket).await.map_err(|e| fail("bucket", e))?;
    c.ses().create_email_identity().email_identity(&names.email_from).send().await.map_err(|e| Failure {
        code: "BOOTSTRAP_FAILED",
        message: format!("identitas SES: {}", e.into_service_error()),
    })?;
    Ok(names)
}
