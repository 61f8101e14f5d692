//! A function's environment: resource names and clients, read once per container. The
//! application itself is assembled on the first event, so that init waits on nothing.

use std::sync::Arc;

use adminduk_app::App;
use adminduk_app::clock::SystemClock;
use adminduk_app::delivery::Outbox;
use adminduk_app::sealing::DataKey;
use adminduk_app::settings::Settings;
use adminduk_app::tokens::TokenKeys;
use adminduk_aws::Aws;
use adminduk_domain::calendar::Calendar;
use adminduk_domain::catalogue::Catalogue;

/// Which key a function holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// The service's Ed25519 key from Secrets Manager (ADMINDUK_SIGNING_KEY_SECRET): functions
    /// that sign or check tokens, links and receipts.
    ServiceKey,
    /// A key of this container only: functions that never sign or check anything, so that
    /// their role need not read the secret. Whatever it signed would be refused everywhere.
    None,
}

#[derive(Clone)]
pub struct Environment {
    pub aws: Aws,
    /// The public base URL of the API (token issuer) and of the citizen site.
    pub api_url: String,
    pub site_url: String,
    pub signing_key_secret: Option<String>,
    /// The data key sealing webhook secrets (ADMINDUK_DATA_KEY_SECRET): functions that set a
    /// webhook or deliver to one.
    pub data_key_secret: Option<String>,
}

impl Environment {
    /// What Lambda and the template set; a function without its credentials does not start.
    pub fn from_env() -> Result<Environment, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let api_url = var("ADMINDUK_API_URL").unwrap_or_else(|| Settings::default().issuer);
        Ok(Environment {
            aws: Aws::in_lambda()?,
            site_url: var("ADMINDUK_SITE_URL").unwrap_or_else(|| api_url.clone()),
            api_url,
            signing_key_secret: var("ADMINDUK_SIGNING_KEY_SECRET"),
            data_key_secret: var("ADMINDUK_DATA_KEY_SECRET"),
        })
    }

    /// The application on DynamoDB and S3 (browsers upload to the bucket directly).
    pub async fn app(&self, signing: Signing) -> Result<App, lambda_runtime::Error> {
        let keys = match signing {
            Signing::ServiceKey => {
                let secret = self.signing_key_secret.as_deref().ok_or("ADMINDUK_SIGNING_KEY_SECRET is not set")?;
                let pem = self.secret(secret, "kunci penanda tangan").await?;
                TokenKeys::from_pem(&pem).map_err(|e| format!("kunci penanda tangan {secret}: {e}"))?
            }
            Signing::None => TokenKeys::generate(),
        };
        let settings = Settings {
            issuer: self.api_url.clone(),
            public_url: self.site_url.clone(),
            whatsapp: adminduk_app::settings::WhatsAppKeys::from_env(),
            ..Settings::default()
        };
        Ok(App::new(
            self.aws.store(),
            Arc::new(self.aws.blobs()),
            Arc::new(SystemClock),
            keys,
            Catalogue::embedded().clone(),
            Calendar::embedded().clone(),
            settings,
        )
        .with_poster(Arc::new(adminduk_aws::HttpsPoster::new()))
        .with_data_key(self.data_key().await?))
    }

    /// The outbox alone: what delivery needs.
    pub async fn outbox(&self) -> Result<Outbox, lambda_runtime::Error> {
        Ok(Outbox {
            store: self.aws.store(),
            clock: Arc::new(SystemClock),
            catalogue: Arc::new(Catalogue::embedded().clone()),
            poster: Arc::new(adminduk_aws::HttpsPoster::new()),
            data_key: Arc::new(self.data_key().await?),
        })
    }

    /// The data key, where the function is given one.
    async fn data_key(&self) -> Result<DataKey, String> {
        match self.data_key_secret.as_deref() {
            Some(secret) => {
                let text = self.secret(secret, "kunci data").await?;
                DataKey::from_text(&text).map_err(|e| format!("kunci data {secret}: {e}"))
            }
            None => Ok(DataKey::none()),
        }
    }

    /// A text kept in Secrets Manager (`secret_id`: name or ARN); `what` names it in errors.
    async fn secret(&self, secret_id: &str, what: &str) -> Result<String, String> {
        let secrets = aws_sdk_secretsmanager::Client::new(&self.aws.clients.config);
        let out = secrets
            .get_secret_value()
            .secret_id(secret_id)
            .send()
            .await
            .map_err(|e| format!("{what} {secret_id}: {}", e.into_service_error()))?;
        out.secret_string().map(str::to_string).ok_or_else(|| format!("rahasia {secret_id} bukan teks"))
    }
}
