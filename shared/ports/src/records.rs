use adminduk_domain::codes::{BloodType, Citizenship, MaritalStatus, Religion, Sex, Shdk};
use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use adminduk_domain::workflow::Role;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A resident as the register holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resident {
    pub nik: Nik,
    pub no_kk: NoKk,
    pub name: String,
    pub birth_place: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub religion: Religion,
    pub marital_status: MaritalStatus,
    pub blood_type: BloodType,
    pub citizenship: Citizenship,
    pub shdk: Shdk,
    pub alive: bool,
    /// Active in SIAK (not moved out, not deactivated).
    pub active: bool,
}

/// A family (KK) and where it lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    pub no_kk: NoKk,
    pub address: String,
    pub rt: String,
    pub rw: String,
    /// The desa/kelurahan, e.g. 73.06.08.1001.
    pub desa: Office,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UpsertCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl std::ops::AddAssign for UpsertCounts {
    fn add_assign(&mut self, other: UpsertCounts) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// Part of a register load: the families of its residents, and the residents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterChunk {
    pub families: Vec<Family>,
    pub residents: Vec<Resident>,
}

/// Where a register load's chunks come from (see `RegisterWriter::load_register`).
pub type RegisterChunks = tokio::sync::mpsc::Receiver<RegisterChunk>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// Pengguna Pribadi: a resident.
    Pribadi,
    /// Pengguna Instansi: staff of a unit bound by a PKS.
    Instansi,
    Officer,
}

impl AccountKind {
    /// As serialized, the key adapters index accounts by.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Pribadi => "pribadi",
            AccountKind::Instansi => "instansi",
            AccountKind::Officer => "officer",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    PendingActivation,
    Active,
    Disabled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The user id (Id Pengguna), also a login alias.
    pub id: String,
    pub kind: AccountKind,
    pub name: String,
    /// Officers and institution staff may have none.
    pub nik: Option<Nik>,
    pub email: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub password_hash: String,
    pub status: AccountStatus,
    /// Base32 TOTP secret (officers).
    pub totp_secret: Option<String>,
    /// Officers: their office and roles.
    pub office: Option<Office>,
    pub roles: Vec<Role>,
    /// Pengguna Instansi: the Instansi Pengguna they belong to, and what seed 000 requires on file.
    pub unit_id: Option<String>,
    pub staff: Option<StaffRecord>,
    /// Access tokens issued before this no longer count: set when sessions end (logout, a new
    /// password, a refresh token used twice, recovery at a counter). A session still holding a
    /// valid refresh token renews and goes on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions_valid_after: Option<DateTime<Utc>>,
    /// A Pengguna Pribadi outside this register: a resident of the province registered for its
    /// public services on their own statement (seed 002), which the province's officers check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<DeclaredIdentity>,
    /// Incremented by every write: the optimistic-concurrency guard.
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Account {
    /// The NIK whose record in the register stands behind the account's sessions: a resident's
    /// own, not the one a resident outside this register declared, and none of an officer's.
    pub fn register_nik(&self) -> Option<&Nik> {
        self.nik.as_ref().filter(|_| self.kind == AccountKind::Pribadi && self.declared.is_none())
    }
}

/// What a resident of the province outside this register states about themselves when they
/// register (seed 002's IKD form: NIK, the name on the KTP-el, the kabupaten/kota of origin):
/// the name and NIK are the account's, the birth date agrees with the NIK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclaredIdentity {
    pub birth_date: NaiveDate,
    /// The kabupaten/kota the person lives in.
    pub kabupaten: Office,
}

/// What seed 000 asks of a Pengguna Instansi before the Dinas registers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffRecord {
    /// Reference of the SK Tugas from the Instansi Pengguna.
    pub sk_tugas: String,
    /// Reference of the request letter from the Instansi Induk.
    pub surat_permohonan: String,
    pub nip: Option<String>,
    pub jabatan: String,
    pub tempat_lahir: String,
    pub tanggal_lahir: NaiveDate,
    pub alamat: Address,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub kelurahan: String,
    pub kecamatan: String,
    pub kabupaten: String,
    pub provinsi: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodePurpose {
    Activation,
    PasswordReset,
}

impl CodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::Activation => "activation",
            CodePurpose::PasswordReset => "password_reset",
        }
    }
}

/// A six-digit code sent by SMS and e-mail, stored hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimeCode {
    pub account_id: String,
    pub purpose: CodePurpose,
    pub code_hash: String,
    pub expires_at: DateTime<Utc>,
    pub attempts: u32,
    pub sent_at: DateTime<Utc>,
}

/// A refresh token, stored as its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshToken {
    pub hash: String,
    pub account_id: String,
    pub expires_at: DateTime<Utc>,
    pub revoked: bool,
    /// When it was exchanged for the next one: presented again moments later, it is two renewals
    /// racing (a retried request), not a copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    /// Signed the PKS with the Dinas.
    Induk,
    /// A unit under an Instansi Induk whose staff use the system.
    Pengguna,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Institution {
    pub id: String,
    pub name: String,
    pub kind: InstitutionKind,
    /// For an Instansi Pengguna: its Instansi Induk.
    pub parent_id: Option<String>,
    /// For an Instansi Induk: its agreement.
    pub pks: Option<Pks>,
    /// The Dinas it is registered at (its PKS is with that Dinas): only that office's admins
    /// manage it. Records made before it was kept are Gowa's.
    #[serde(default = "gowa")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub office: Office,
}

fn gowa() -> Office {
    Office::GOWA
}

/// Perjanjian Kerja Sama: validity and the services it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Pks {
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub services: Vec<String>,
}

/// A province or partner system calling with client credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineClient {
    pub id: String,
    pub name: String,
    pub secret_hash: String,
    /// After a rotation, the secret before it, still accepted for a while.
    pub previous_secret: Option<PreviousSecret>,
    pub scopes: Vec<String>,
    /// The Dinas the system speaks for: whose reports it sends, whose admin manages it.
    pub office: adminduk_domain::office::Office,
    /// A partner's system: the Instansi Induk whose PKS it works under.
    #[serde(default)]
    pub institution_id: Option<String>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    /// Counts the changes (`Write::UpdateClient`); clients stored before it was kept are at 0.
    #[serde(default)]
    pub version: u64,
    /// Where the system takes its events as they happen, besides its feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<Webhook>,
}

/// A machine client's endpoint for its events: each is POSTed there, signed with `secret` as
/// Standard Webhooks has it (`whsec_` and the base64 of the key). The secret is kept as it is,
/// not hashed, since signing needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    pub url: String,
    pub secret: String,
    /// After a new secret, the one before it: deliveries are signed with both until it ends,
    /// so the receiver can switch over without refusing one.
    pub previous_secret: Option<PreviousWebhookSecret>,
    pub since: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousWebhookSecret {
    pub secret: String,
    pub valid_until: DateTime<Utc>,
}

/// One attempt to POST an event to a client's webhook: its delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookAttempt {
    /// The event's `webhook-id`, the same on every attempt of one event.
    pub webhook_id: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub at: DateTime<Utc>,
    pub url: String,
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why the attempt failed, when it did (no answer, a refusal).
    pub error: Option<String>,
    pub delivered: bool,
    /// When the next attempt is due; none once delivered or given up.
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// A rotated-out client secret, accepted until `valid_until` so that a system can switch over
/// without a gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousSecret {
    pub hash: String,
    pub valid_until: DateTime<Utc>,
}

impl MachineClient {
    /// A Dinas kabupaten/kota's own system (no partner's): the only kind that files the
    /// province's services as a reporter.
    pub fn is_dinas_system(&self) -> bool {
        self.institution_id.is_none() && matches!(self.office, Office::Kabupaten { .. })
    }

    /// Whether `secret` opens this client now: its current secret, or the previous one within
    /// its overlap.
    /// (Comparing hashes leaks nothing useful about the secret, so plain equality serves.)
    pub fn accepts(&self, secret_hash: &str, now: DateTime<Utc>) -> bool {
        !self.disabled
            && (self.secret_hash == secret_hash
                || self.previous_secret.as_ref().is_some_and(|p| now < p.valid_until && p.hash == secret_hash))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Sms,
    Email,
    /// A WhatsApp message from the business number of `office` (a kecamatan); sent by SMS to
    /// the same number when WhatsApp cannot deliver it.
    Whatsapp,
    /// An event for a machine client (the recipient is its id), the body its JSON: kept in the
    /// client's feed, which it reads at its own pace.
    Sistem,
}

/// A message waiting to be sent. `id` is the de-duplication key of its delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: String,
    pub channel: Channel,
    pub recipient: String,
    pub template: String,
    pub subject: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// The office the message speaks for: its letterhead heads the e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<Office>,
}

/// A message in the outbox and how its delivery stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub message: OutboxMessage,
    pub attempts: u32,
    pub delivered: bool,
    /// Given up on after too many failed attempts, until someone sends it again.
    pub dead: bool,
}

/// A message given up on after too many failed attempts, for an officer to look at and send
/// again once the channel works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadMessage {
    pub message: OutboxMessage,
    pub attempts: u32,
    pub dead_at: DateTime<Utc>,
    /// What the provider answered last.
    pub error: String,
}

/// Something someone did, for the record (UU 27/2022: all processing is logged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// Who: an account id, a client id, or "anonim".
    pub actor: String,
    /// What, e.g. "login", "login_failed", "officer_roles_changed".
    pub action: String,
    /// On whom or what; NIKs masked.
    pub subject: String,
    pub detail: serde_json::Value,
    pub client_address: Option<String>,
}

/// One version of a Dinas's monthly report as it was submitted; a correction is a new version
/// and every version stays readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredReport {
    /// The Dinas kabupaten/kota, e.g. `73.06`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub office: adminduk_domain::office::Office,
    /// `YYYY-MM`.
    pub month: String,
    /// 1 for the first submission, then one more for each correction.
    pub version: u32,
    pub submitted_at: DateTime<Utc>,
    /// The officer's account id or the machine client's id.
    pub submitted_by: String,
    /// `dasbor` (an officer) or `api` (a system).
    pub channel: String,
    pub report: adminduk_domain::report::MonthlyReport,
}

/// A large batch of NIK verification sent as a file rather than in the request: the partner
/// uploads it (the file's key in `Blobs` is the job's id), a job answers it record by record
/// into a file of answers (`answers_key`), and the partner polls the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationJob {
    /// `B-` and a random part.
    pub id: String,
    /// The machine client that asked.
    pub client: String,
    pub purpose: String,
    pub format: adminduk_domain::verification::Format,
    /// What the upload must be: its exact length and SHA-256 (hex).
    pub size: u64,
    pub sha256: String,
    /// Where the job was asked from, for the batch's audit entry.
    pub client_address: Option<String>,
    pub status: JobStatus,
    pub created_at: DateTime<Utc>,
    /// The upload is taken until then.
    pub upload_until: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Once done.
    pub counts: Option<adminduk_domain::verification::Counts>,
    /// Why it failed (a stable code and a message), once failed.
    pub problem: Option<JobProblem>,
    /// Counts the changes (`Write::UpdateJob`).
    pub version: u64,
}

/// What a job's id is followed by in the key of its answers.
pub const ANSWERS_SUFFIX: &str = "-jawaban";

/// Where the answers of job `id` are kept.
pub fn answers_key(id: &str) -> String {
    format!("{id}{ANSWERS_SUFFIX}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for the file.
    AwaitingUpload,
    /// The file arrived (or, sent through the application, is arriving); the records are being
    /// answered.
    Running,
    /// Every record answered; the answers can be downloaded.
    Done,
    /// Stopped: the file never came, was not what was declared, or could not be read.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobProblem {
    pub code: String,
    pub message: String,
}
