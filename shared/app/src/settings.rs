//! Tunable limits and lifetimes of the account and session flows.

use chrono::TimeDelta;

#[derive(Debug, Clone)]
pub struct Settings {
    /// `iss` of the tokens this service signs: its public base URL.
    pub issuer: String,
    /// Where citizens follow their cases (the citizen site), for links in messages.
    pub public_url: String,
    /// Name of the office in messages, e.g. "Dinas Dukcapil Kabupaten Gowa".
    pub office_name: String,
    /// The province's Dinas, which serves the province services.
    pub province_office_name: String,
    /// Where complaints about the kabupaten's services go, for messages and receipts.
    pub complaint_contact: String,
    /// Where complaints about the province's own services go.
    pub province_complaint_contact: String,
    pub access_ttl: TimeDelta,
    pub refresh_ttl: TimeDelta,
    pub code_ttl: TimeDelta,
    /// Wrong guesses a one-time code survives.
    pub code_attempts: u32,
    pub resend_cooldown: TimeDelta,
    /// Attempts per window per client address, and per login name, on login and code checks.
    pub limit_per_address: u32,
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
}

impl Settings {
    /// The name of the Dinas a case's office belongs to, for its messages, letters and receipts.
    pub fn office_name_of(&self, office: &adminduk_domain::office::Office) -> &str {
        match office {
            adminduk_domain::office::Office::Provinsi(_) => &self.province_office_name,
            _ => &self.office_name,
        }
    }

    /// Where complaints about a case of `office` go: its own Dinas's channel.
    pub fn complaint_contact_of(&self, office: &adminduk_domain::office::Office) -> &str {
        match office {
            adminduk_domain::office::Office::Provinsi(_) => &self.province_complaint_contact,
            _ => &self.complaint_contact,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            issuer: "http://127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            office_name: "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa".into(),
            province_office_name: "Dinas Kependudukan dan Pencatatan Sipil Provinsi Sulawesi Selatan".into(),
            complaint_contact: "pengaduan Dinas Dukcapil Gowa atau SP4N-LAPOR (lapor.go.id)".into(),
            province_complaint_contact:
                "pengaduan Dinas Dukcapil Provinsi Sulawesi Selatan atau SP4N-LAPOR (lapor.go.id)".into(),
            access_ttl: TimeDelta::minutes(15),
            refresh_ttl: TimeDelta::days(30),
            code_ttl: TimeDelta::minutes(10),
            code_attempts: 5,
            resend_cooldown: TimeDelta::seconds(60),
            limit_per_address: 30,
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
            argon2_passes: 2,
        }
    }
}
