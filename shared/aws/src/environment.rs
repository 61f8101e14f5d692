//! An installation on AWS APIs: its resource names (ADMINDUK_TABLE, ADMINDUK_UPLOADS_BUCKET,
//! ADMINDUK_EMAIL_FROM) and its SDK clients, configured from the environment (AWS_REGION,
//! credentials, AWS_ENDPOINT_URL for an emulator). Building them reads settings only; nothing
//! waits on the network until the first call.

use std::sync::Arc;

use aws_config::{BehaviorVersion, Region, SdkConfig};

use crate::{AwsSender, DynamoStore, S3Blobs, SmsSettings};

/// Where no region is set: Jakarta.
const DEFAULT_REGION: &str = "ap-southeast-3";

/// The SDK's configuration loader (aws-config's default chain: profiles, SSO, IMDS, ...) on the
/// service's HTTPS client, for the `adminduk` program on an operator's machine.
pub fn sdk_config() -> aws_config::ConfigLoader {
    aws_config::defaults(BehaviorVersion::latest()).http_client(crate::sdk_http::sdk_http_client())
}

/// The SDK's configuration inside a Lambda function, from the variables Lambda sets (`var`
/// reads one): the region, the function role's credentials (AWS_ACCESS_KEY_ID,
/// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) and AWS_ENDPOINT_URL for an emulator. Without
/// aws-config's default chain, whose providers (profile files, IMDS, containers, web identity
/// through STS) a function never uses and every package would carry. The credentials do not
/// change for the life of a function's environment, so they are read once.
pub fn lambda_sdk_config(var: impl Fn(&str) -> Option<String>) -> Result<SdkConfig, String> {
    let var = |name: &str| var(name).filter(|v| !v.is_empty());
    let required = |name: &str| var(name).ok_or_else(|| format!("{name} is not set"));
    let credentials = aws_credential_types::Credentials::new(
        required("AWS_ACCESS_KEY_ID")?,
        required("AWS_SECRET_ACCESS_KEY")?,
        var("AWS_SESSION_TOKEN"),
        None,
        "lambda-environment",
    );
    let mut config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(var("AWS_REGION").unwrap_or_else(|| DEFAULT_REGION.into())))
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(credentials))
        .http_client(crate::sdk_http::sdk_http_client())
        .sleep_impl(aws_smithy_async::rt::sleep::TokioSleep::new())
        .time_source(aws_smithy_async::time::SystemTimeSource::new())
        .retry_config(aws_config::retry::RetryConfig::standard());
    if let Some(url) = var("AWS_ENDPOINT_URL") {
        config = config.endpoint_url(url);
    }
    Ok(config.build())
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
    pub config: SdkConfig,
}

impl Clients {
    /// The clients of aws-config's default chain; Jakarta when no region is set.
    pub async fn load() -> Clients {
        // The default chain of the loader itself (its IMDS client needs the loader's HTTPS client).
        let config = sdk_config().load().await;
        let config = match config.region() {
            Some(_) => config,
            None => config.into_builder().region(Region::new(DEFAULT_REGION)).build(),
        };
        Clients::from_config(&config)
    }

    pub fn from_config(config: &SdkConfig) -> Clients {
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
    /// Names from the environment, clients of aws-config's default chain.
    pub async fn from_env() -> Aws {
        Aws { names: Names::from_env(), clients: Clients::load().await }
    }

    /// Names and clients from a Lambda function's environment (`lambda_sdk_config`).
    pub fn in_lambda() -> Result<Aws, String> {
        let config = lambda_sdk_config(|name| std::env::var(name).ok())?;
        Ok(Aws { names: Names::from_env(), clients: Clients::from_config(&config) })
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
