//! Tunable limits and lifetimes of the account and session flows.

use chrono::TimeDelta;

#[derive(Debug, Clone)]
pub struct Settings {
    /// `iss` of the tokens this service signs: its public base URL.
    pub issuer: String,
    /// Where citizens follow their cases (the citizen site), for links in messages.
    pub public_url: String,
    /// The Dinas whose residents this installation registers: it names the account messages of
    /// people who work at no office. Each office's own particulars are in the catalogue.
    pub home: adminduk_domain::office::Office,
    pub access_ttl: TimeDelta,
    pub refresh_ttl: TimeDelta,
    pub code_ttl: TimeDelta,
    /// Wrong guesses a one-time code survives.
    pub code_attempts: u32,
    pub resend_cooldown: TimeDelta,
    /// Requests per window per client address on what sends a message or reads a record for
    /// anyone who asks (a new code, a reset, a receipt check).
    pub limit_per_address: u32,
    /// Failed sign-ins, codes and registrations per window per client address. Only failures
    /// count: an office or a mobile carrier puts many people behind one address.
    pub failures_per_address: u32,
    /// Failures per window per account (or name no account has) on sign-in and code checks, and
    /// per NIK on registration.
    pub limit_per_login: u32,
    pub limit_window: TimeDelta,
    /// Calls per window each machine client may make, whatever its address.
    pub limit_per_client: u32,
    /// How long a machine client's previous secret still works after a rotation, at most.
    pub max_secret_overlap: TimeDelta,
    /// A queue item due within this long is flagged as near its deadline.
    pub near_deadline: TimeDelta,
    /// Largest upload a requirement accepts.
    pub max_upload_bytes: u64,
    /// How long presigned upload URLs and officers' download URLs live.
    pub upload_url_ttl: TimeDelta,
    pub download_url_ttl: TimeDelta,
    /// Argon2id memory (KiB) and passes. The defaults follow OWASP's recommendation.
    pub argon2_memory_kib: u32,
    pub argon2_passes: u32,
    /// Officers of these roles record an outside system's answer by hand while its integration
    /// is down (seed 003 names the Kepala Dinas for the TTE).
    pub integration_fallback_roles: Vec<adminduk_domain::workflow::Role>,
    /// The WhatsApp Business Platform's webhook secrets; without them the webhook answers 503.
    pub whatsapp: Option<WhatsAppKeys>,
    /// Whether machine clients may set plain-HTTP webhooks on this machine (a receiver a
    /// developer runs beside the local server); never on AWS.
    pub webhooks_to_loopback: bool,
}

/// What the WhatsApp Business Platform and this service share for the webhook.
#[derive(Clone, PartialEq, Eq)]
pub struct WhatsAppKeys {
    /// The app secret: every delivery is signed with it (`X-Hub-Signature-256`).
    pub app_secret: String,
    /// The token the platform echoes in its subscription handshake.
    pub verify_token: String,
}

impl std::fmt::Debug for WhatsAppKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WhatsAppKeys { .. }")
    }
}

impl WhatsAppKeys {
    /// From ADMINDUK_WHATSAPP_APP_SECRET and ADMINDUK_WHATSAPP_VERIFY_TOKEN, when both are set.
    pub fn from_env() -> Option<WhatsAppKeys> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Some(WhatsAppKeys {
            app_secret: var("ADMINDUK_WHATSAPP_APP_SECRET")?,
            verify_token: var("ADMINDUK_WHATSAPP_VERIFY_TOKEN")?,
        })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            issuer: "http://127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            home: adminduk_domain::office::Office::GOWA,
            access_ttl: TimeDelta::minutes(15),
            refresh_ttl: TimeDelta::days(30),
            code_ttl: TimeDelta::minutes(10),
            code_attempts: 5,
            resend_cooldown: TimeDelta::seconds(60),
            limit_per_address: 30,
            failures_per_address: 100,
            limit_per_login: 5,
            limit_window: TimeDelta::minutes(15),
            limit_per_client: 3_000,
            max_secret_overlap: TimeDelta::days(7),
            near_deadline: TimeDelta::hours(2),
            max_upload_bytes: 5 * 1024 * 1024,
            upload_url_ttl: TimeDelta::minutes(15),
            download_url_ttl: TimeDelta::minutes(5),
            argon2_memory_kib: 19_456,
            integration_fallback_roles: vec![adminduk_domain::workflow::Role::Kadis],
            whatsapp: None,
            webhooks_to_loopback: false,
            argon2_passes: 2,
        }
    }
}
