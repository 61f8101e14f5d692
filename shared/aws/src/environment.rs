//! An installation on AWS APIs: its resource names (ADMINDUK_TABLE, ADMINDUK_UPLOADS_BUCKET,
//! ADMINDUK_EMAIL_FROM) and its SDK clients, configured the standard way (AWS_REGION, credentials,
//! AWS_ENDPOINT_URL for an emulator). Building them reads settings only; nothing waits on the
//! network until the first call.

use std::sync::Arc;

use crate::{AwsSender, DynamoStore, S3Blobs, SmsSettings};

/// The SDK's configuration loader on the service's one HTTPS stack (hyper 1, rustls on ring),
/// which the SDK crates are built without a default client for.
pub fn sdk_config() -> aws_config::ConfigLoader {
    use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
    let https = aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).build_https();
    aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(https)
}

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

/// The clients every function uses. SNS and SES are made where messages are sent
/// (`Aws::sender`), so that a function that sends none does not carry their SDKs.
#[derive(Clone)]
pub struct Clients {
    pub dynamo: aws_sdk_dynamodb::Client,
    pub s3: aws_sdk_s3::Client,
    /// What the clients were made from, for a client only some functions need.
    pub config: aws_config::SdkConfig,
}

impl Clients {
    /// The clients of the standard configuration; Jakarta when no region is set.
    pub async fn load() -> Clients {
        // The default chain of the loader itself (its IMDS client needs the loader's HTTPS client).
        let config = sdk_config().load().await;
        let config = match config.region() {
            Some(_) => config,
            None => config.into_builder().region(aws_config::Region::new("ap-southeast-3")).build(),
        };
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
            config: config.clone(),
        }
    }

    pub fn sns(&self) -> aws_sdk_sns::Client {
        aws_sdk_sns::Client::new(&self.config)
    }

    pub fn ses(&self) -> aws_sdk_sesv2::Client {
        aws_sdk_sesv2::Client::new(&self.config)
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
        AwsSender::new(self.clients.sns(), self.clients.ses(), self.names.email_from.clone())
            .with_sms(SmsSettings::from_env())
            .with_whatsapp(whatsapp)
    }
}
