//! The installation on AWS APIs: DynamoDB, S3, SNS and SES, at the endpoints the standard AWS
//! settings name (AWS_ENDPOINT_URL for an emulator, or a real account's credentials and region).
//! Names come from ADMINDUK_TABLE, ADMINDUK_UPLOADS_BUCKET and ADMINDUK_EMAIL_FROM.

use std::sync::Arc;

use adminduk_app::App;
use adminduk_app::clock::SystemClock;
use adminduk_app::settings::Settings;
use adminduk_app::tokens::TokenKeys;
use adminduk_aws::{AwsSender, DynamoStore, S3Blobs};
use aws_config::meta::region::RegionProviderChain;

use crate::data_dir::Data;
use crate::installation::Installation;
use crate::output::Failure;

pub struct Names {
    pub table: String,
    pub bucket: String,
    pub email_from: String,
}

impl Names {
    pub fn from_env() -> Names {
        let var = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_string());
        Names {
            table: var("ADMINDUK_TABLE", "adminduk"),
            bucket: var("ADMINDUK_UPLOADS_BUCKET", "adminduk-uploads"),
            email_from: var("ADMINDUK_EMAIL_FROM", "noreply@disdukcapil.gowakab.go.id"),
        }
    }
}

struct Clients {
    dynamo: aws_sdk_dynamodb::Client,
    s3: aws_sdk_s3::Client,
    sns: aws_sdk_sns::Client,
    ses: aws_sdk_sesv2::Client,
}

/// The SDK clients, configured the standard way; Jakarta when no region is set.
async fn clients() -> Clients {
    let region = RegionProviderChain::default_provider().or_else("ap-southeast-3");
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest()).region(region).load().await;
    // Emulators serve buckets by path rather than by virtual host.
    let path_style = std::env::var_os("AWS_ENDPOINT_URL").is_some();
    Clients {
        dynamo: aws_sdk_dynamodb::Client::new(&config),
        s3: aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config).force_path_style(path_style).build(),
        ),
        sns: aws_sdk_sns::Client::new(&config),
        ses: aws_sdk_sesv2::Client::new(&config),
    }
}

pub async fn open(data: Data, keys: TokenKeys, settings: Settings) -> Installation {
    let (names, c) = (Names::from_env(), clients().await);
    let store = Arc::new(DynamoStore::new(c.dynamo, names.table));
    // No bucket event reaches this server: it takes the bytes of uploads itself.
    let blobs = Arc::new(S3Blobs::new(c.s3, names.bucket).without_presigning());
    let app = App::new(store, blobs, Arc::new(SystemClock), keys, data.catalogue, data.calendar, settings);
    Installation { app, sender: Arc::new(AwsSender::new(c.sns, c.ses, names.email_from)), mailbox: None }
}

/// Creates what the application needs on an emulator or a fresh account: the table with its
/// indexes and TTL, the uploads bucket, and the SES identity mail is sent from.
pub async fn bootstrap() -> Result<Names, Failure> {
    let (names, c) = (Names::from_env(), clients().await);
    let fail = |what: &str, e: adminduk_app::ports::StoreError| Failure {
        code: "BOOTSTRAP_FAILED",
        message: format!("{what}: {}", e.0),
    };
    adminduk_aws::create_table(&c.dynamo, &names.table).await.map_err(|e| fail("tabel", e))?;
    adminduk_aws::create_bucket(&c.s3, &names.bucket).await.map_err(|e| fail("bucket", e))?;
    c.ses.create_email_identity().email_identity(&names.email_from).send().await.map_err(|e| Failure {
        code: "BOOTSTRAP_FAILED",
        message: format!("identitas SES: {}", e.into_service_error()),
    })?;
    Ok(names)
}
