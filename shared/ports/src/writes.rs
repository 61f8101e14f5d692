use chrono::{DateTime, Utc};

use super::cases::{Case, CaseEvent, Listing, Upload};
use super::records::{
    Account, AuditEntry, CodePurpose, Institution, MachineClient, OneTimeCode, OutboxMessage, RefreshToken,
    StoredReport, VerificationJob, WebhookAttempt,
};

/// One write of an atomic set. Conditions make a set fail as a whole.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// Creates the account; fails if the id exists.
    CreateAccount(Account),
    /// Replaces the account if it is still at `expected_version` (the stored copy gets
    /// `expected_version + 1`).
    UpdateAccount {
        account: Account,
        expected_version: u64,
    },
    /// Points a login alias at an account; fails if another account holds it.
    ClaimAlias {
        alias: String,
        account_id: String,
    },
    ReleaseAlias {
        alias: String,
    },
    PutCode(OneTimeCode),
    DeleteCode {
        account_id: String,
        purpose: CodePurpose,
    },
    PutRefreshToken(RefreshToken),
    /// Revokes one token; fails if it is already revoked (a replayed refresh). `spent_at` when it
    /// was exchanged for the next one (not at logout).
    RevokeRefreshToken {
        hash: String,
        spent_at: Option<DateTime<Utc>>,
    },
    RevokeAllRefreshTokens {
        account_id: String,
    },
    PutInstitution(Institution),
    /// Creates a machine client; fails if the id exists.
    CreateClient(MachineClient),
    /// Replaces the client if it is still at `expected_version` (the stored copy gets
    /// `expected_version + 1`): its admin and the system itself change it, and neither change
    /// undoes the other.
    UpdateClient {
        client: MachineClient,
        expected_version: u64,
    },
    Enqueue(OutboxMessage),
    Audit(AuditEntry),
    /// The message reached its channel.
    MessageDelivered {
        id: String,
        at: DateTime<Utc>,
    },
    /// The attempt failed; try again at `retry_at`.
    MessageFailed {
        id: String,
        attempts: u32,
        retry_at: DateTime<Utc>,
    },
    /// Gives up on a message after its last failed attempt: out of the retry queue, into the
    /// dead letters (nothing when it was delivered meanwhile).
    MessageDead {
        id: String,
        attempts: u32,
        at: DateTime<Utc>,
        error: String,
    },
    /// A dead message sent again: due at `at`, its attempts counted afresh.
    MessageRevived {
        id: String,
        at: DateTime<Utc>,
    },
    /// A line of one person's processing record (UU 27/2022): the same entry as the audit log's,
    /// kept under the NIK it concerns so that the person can read who processed their data.
    RecordProcessing {
        about: adminduk_domain::ids::Nik,
        entry: AuditEntry,
    },
    /// An attempt to deliver an event to a client's webhook, for its delivery log.
    LogWebhookAttempt {
        client: String,
        attempt: WebhookAttempt,
    },
    /// Creates the case, with its line in the queues; fails if the id exists.
    CreateCase {
        case: Case,
        listing: Listing,
    },
    /// Replaces the case and its line in the queues if it is still at `expected_version`
    /// (stored as `expected_version + 1`).
    UpdateCase {
        case: Case,
        listing: Listing,
        expected_version: u64,
    },
    AppendCaseEvent(CaseEvent),
    /// Binds an account's idempotency key to a case; fails if the key is bound already.
    ClaimIdempotencyKey {
        account_id: String,
        key: String,
        case_id: String,
        /// A digest of the request the key came with, where a retry must send the same body.
        request: Option<String>,
    },
    PutUpload(Upload),
    /// Removes a verification job past its keeping (its files are removed first).
    DeleteJob {
        id: String,
    },
    /// Creates a verification job; fails if the id exists.
    CreateJob(Box<VerificationJob>),
    /// Replaces the job if it is still at `expected_version` (stored as `expected_version + 1`):
    /// one runner takes a job, whatever the number of events announcing its file.
    UpdateJob {
        job: Box<VerificationJob>,
        expected_version: u64,
    },
    /// Adds a version of a monthly report; fails if that version exists (another submission
    /// came first).
    PutReport(Box<StoredReport>),
    /// Takes a place of the booking's slot, if fewer than `capacity` are taken, and records the
    /// booking on the desk's day; fails with `Full` when the slot is full.
    BookSlot {
        booking: Box<super::Booking>,
        capacity: u32,
    },
    /// Gives the booking's place back and records what became of it (cancelled, no-show).
    FreeSlot(Box<super::Booking>),
    /// Records what became of a booking whose place stays taken (attended).
    PutBooking(Box<super::Booking>),
    /// Adds `by` to the figure `name` of `scope` (a Dinas and a month), creating it.
    Tally {
        scope: String,
        name: String,
        by: u64,
    },
}

/// What a condition of a write set guards: the item a failed commit names, so that callers
/// decide by type (a taken alias, a stale case, a spent token) rather than by message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    Account(String),
    /// A machine client, by id.
    Client(String),
    /// A login alias (`nik:…`, `email:…`, `phone:…`, `id:…`).
    Alias(String),
    RefreshToken,
    Case(String),
    /// A registration number, unique among cases.
    CaseNumber(String),
    IdempotencyKey {
        account_id: String,
        key: String,
    },
    /// A verification job, by id.
    Job(String),
    /// A version of a Dinas's monthly report: `office`, `month`, `version`.
    Report(String),
    /// A slot of a desk (`Booking::slot_key`).
    Slot(String),
    /// Another write set touched the same items at the same time (DynamoDB); worth a retry.
    Transaction,
}

impl std::fmt::Display for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Guard::Account(id) => write!(f, "akun {id}"),
            Guard::Client(id) => write!(f, "klien sistem {id}"),
            Guard::Alias(alias) => write!(f, "alias {alias}"),
            Guard::RefreshToken => write!(f, "token sesi"),
            Guard::Case(id) => write!(f, "permohonan {id}"),
            Guard::CaseNumber(n) => write!(f, "nomor registrasi {n}"),
            Guard::IdempotencyKey { .. } => write!(f, "kunci idempotensi"),
            Guard::Job(id) => write!(f, "pekerjaan verifikasi {id}"),
            Guard::Report(key) => write!(f, "laporan {key}"),
            Guard::Slot(key) => write!(f, "sesi {key}"),
            Guard::Transaction => write!(f, "data yang sama"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitError {
    /// A create or claim found the item already there (or held by someone else).
    #[error("{0} sudah ada")]
    Exists(Guard),
    /// A condition failed: the item changed or vanished since it was read.
    #[error("{0} telah berubah")]
    Changed(Guard),
    /// A slot (or another counted place) has no room left.
    #[error("{0} sudah penuh")]
    Full(Guard),
    #[error(transparent)]
    Store(#[from] super::StoreError),
}
