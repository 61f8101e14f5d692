//! An installation on AWS APIs: its resource names (ADMINDUK_TABLE, ADMINDUK_UPLOADS_BUCKET,
//! ADMINDUK_EMAIL_FROM) and its SDK clients, configured the standard way (AWS_REGION, credentials,
//! AWS_ENDPOINT_URL for an emulator). Building them reads settings only; nothing waits on the
//! network until the first call.

use std::sync::Arc;

use aws_config::meta::region::RegionProviderChain;

use crate::{AwsSender, DynamoStore, S3Blobs, SmsSettings};

#[derive(Debug, Clone)]
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

#[derive(Clone)]
pub struct Clients {
    pub dynamo: aws_sdk_dynamodb::Client,
    pub s3: aws_sdk_s3::Client,
    pub sns: aws_sdk_sns::Client,
    pub ses: aws_sdk_sesv2::Client,
    /// What the clients were made from, for a client only some functions need.
    pub config: aws_config::SdkConfig,
}

impl Clients {
    /// The clients of the standard configuration; Jakarta when no region is set.
    pub async fn load() -> Clients {
        let region = RegionProviderChain::default_provider().or_else("ap-southeast-3");
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest()).region(region).load().await;
        Clients::from_config(&config)
    }

    pub fn from_config(config: &aws_config::SdkConfig) -> Clients {
        // Emulators serve buckets by path rather than by virtual host.
        let path_style = config.endpoint_url().is_some();
        Clients {
            dynamo: aws_sdk_dynamodb::Client::new(config),
            s3: aws_sdk_s3::Client::from_conf(
                aws_sdk_s3::config::Builder::from(config).force_path_style(path_style).build(),
            ),
            sns: aws_sdk_sns::Client::new(config),
            ses: aws_sdk_sesv2::Client::new(config),
            config: config.clone(),
        }
    }
}

/// An installation's adapters on AWS, built from its names and clients: what the Lambda
/// functions and `adminduk serve --backend aws` share.
#[derive(Clone)]
pub struct Aws {
    pub names: Names,
    pub clients: Clients,
}

impl Aws {
    /// Names from the environment, clients of the standard configuration.
    pub async fn from_env() -> Aws {
        Aws { names: Names::from_env(), clients: Clients::load().await }
    }

    pub fn store(&self) -> Arc<DynamoStore> {
        Arc::new(DynamoStore::new(self.clients.dynamo.clone(), self.names.table.clone()))
    }

    /// The uploads bucket (browsers send files to it with presigned URLs).
    pub fn blobs(&self) -> S3Blobs {
        S3Blobs::new(self.clients.s3.clone(), self.names.bucket.clone())
    }

    /// SMS through SNS (settings from the environment), e-mail through SES, WhatsApp through the
    /// Cloud API when ADMINDUK_WHATSAPP_TOKEN is set (a broken setting is logged, and the
    /// messages go by SMS).
    pub fn sender(&self) -> AwsSender {
        let whatsapp = crate::WhatsAppCloud::from_env().and_then(|made| {
            made.map_err(|error| tracing::warn!(%error, "WhatsApp Cloud API cannot be used; messages go by SMS")).ok()
        });
        AwsSender::new(self.clients.sns.clone(), self.clients.ses.clone(), self.names.email_from.clone())
            .with_sms(SmsSettings::from_env())
            .with_whatsapp(whatsapp)
    }
}
