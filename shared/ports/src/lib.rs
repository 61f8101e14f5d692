//! Store ports, split by capability, and the values they carry. The embedded (SQLite) and AWS
//! (DynamoDB) adapters implement them, and one contract suite (`contract`) holds them to the same
//! behaviour. The use cases depend on this crate, and so do the adapters, without compiling the
//! application (its HTTP layer, PDF writer and password hashing).
//!
//! Reads are specific queries; writes go through [`Identity::commit`], one atomic set of
//! conditional writes (a SQLite transaction, a DynamoDB TransactWriteItems), so that an account,
//! its login aliases, its codes, its outbox messages and its audit entry land together or not at
//! all.

mod appointments;
mod cases;
#[cfg(feature = "contract")]
pub mod contract;
pub mod email;
mod records;
mod writes;

use adminduk_domain::catalogue::OfficeCard;
use adminduk_domain::ids::{Nik, NoKk};
use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};

pub use appointments::*;
pub use cases::*;
pub use records::*;
pub use writes::{CommitError, Guard, Write};

/// A failure of the storage backend itself (not a rule of the application).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("store: {0}")]
pub struct StoreError(pub String);

pub type StoreResult<T> = Result<T, StoreError>;

/// Our mirror of SIAK: who lives where, in which family. A real SIAK link can replace it.
#[async_trait]
pub trait Registry: Send + Sync {
    async fn resident(&self, nik: &Nik) -> StoreResult<Option<Resident>>;
    /// The residents among `niks` (in no particular order; unknown NIKs are left out).
    async fn residents(&self, niks: &[Nik]) -> StoreResult<Vec<Resident>>;
    /// The family and its members as a KK lists them: by SHDK (the head first), then the
    /// eldest first, then by NIK (twins).
    async fn family(&self, no_kk: &NoKk) -> StoreResult<Option<(Family, Vec<Resident>)>>;
}

/// Loading the register: families and residents, inserted or updated as needed.
#[async_trait]
pub trait RegisterWriter: Send + Sync {
    /// One batch, all of it or nothing.
    async fn upsert_register(&self, families: Vec<Family>, residents: Vec<Resident>) -> StoreResult<UpsertCounts>;

    /// Every chunk `chunks` yields until its senders are gone, as `upsert_register` would take
    /// them one by one; a store may commit several chunks together, and what it committed before
    /// a failure stays. The sender decides how much is held in memory (the chunks' size and the
    /// channel's capacity), the store how much goes in one transaction.
    async fn load_register(&self, mut chunks: RegisterChunks) -> StoreResult<UpsertCounts> {
        let mut total = UpsertCounts::default();
        while let Some(chunk) = chunks.recv().await {
            total += self.upsert_register(chunk.families, chunk.residents).await?;
        }
        Ok(total)
    }
}

/// Accounts, institutions, machine clients, one-time codes and sessions.
#[async_trait]
pub trait Identity: Send + Sync {
    async fn account(&self, id: &str) -> StoreResult<Option<Account>>;
    /// The account and, for a resident's, its record in the register (`Account::register_nik`):
    /// what every request of a session asks for, read together.
    async fn account_and_resident(&self, id: &str) -> StoreResult<Option<(Account, Option<Resident>)>>;
    /// The account a login alias (`nik:…`, `email:…`, `phone:…`, `id:…`) points to.
    async fn account_by_alias(&self, alias: &str) -> StoreResult<Option<Account>>;
    /// The accounts of a kind that stays small (officers, institution staff), by id; residents'
    /// accounts are never listed.
    async fn accounts_of_kind(&self, kind: AccountKind) -> StoreResult<Vec<Account>>;
    async fn code(&self, account_id: &str, purpose: CodePurpose) -> StoreResult<Option<OneTimeCode>>;
    async fn refresh_token(&self, hash: &str) -> StoreResult<Option<RefreshToken>>;
    async fn institution(&self, id: &str) -> StoreResult<Option<Institution>>;
    async fn client(&self, id: &str) -> StoreResult<Option<MachineClient>>;
    /// Every institution, by id (a province holds hundreds, not more).
    async fn institutions(&self) -> StoreResult<Vec<Institution>>;
    /// Every machine client, by id.
    async fn clients(&self) -> StoreResult<Vec<MachineClient>>;
    /// Applies every write or none.
    async fn commit(&self, writes: Vec<Write>) -> Result<(), CommitError>;
}

/// Fixed-window counters shared by every server or function instance.
#[async_trait]
pub trait RateLimits: Send + Sync {
    /// Counts one hit on `key` in the window containing `now`, returning the hits so far.
    async fn hit(&self, key: &str, window: TimeDelta, now: DateTime<Utc>) -> StoreResult<u32>;
    /// The hits on `key` in the window containing `now`, without adding one.
    async fn count(&self, key: &str, window: TimeDelta, now: DateTime<Utc>) -> StoreResult<u32>;
}

/// Reading what was recorded.
#[async_trait]
pub trait Records: Send + Sync {
    /// The newest audit entries at or before `until` first (DynamoDB reads them month by month,
    /// back from `until`'s, at most two years).
    async fn audit(&self, until: DateTime<Utc>, limit: u32) -> StoreResult<Vec<AuditEntry>>;
    /// Outbox messages not yet delivered, oldest first.
    async fn pending_messages(&self, limit: u32) -> StoreResult<Vec<OutboxMessage>>;
    /// Undelivered messages whose next attempt is due, oldest first, with their attempts so far.
    async fn due_messages(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<(OutboxMessage, u32)>>;
    /// One message of the outbox, delivered or not.
    async fn message(&self, id: &str) -> StoreResult<Option<OutboxEntry>>;
    /// The messages given up on, the newest first.
    async fn dead_messages(&self, limit: u32) -> StoreResult<Vec<DeadMessage>>;
    /// The `Sistem` messages of one machine client in the order written, after `after` (a
    /// cursor this call gave), each with its own cursor: the client's feed.
    async fn feed(&self, recipient: &str, after: Option<&str>, limit: u32)
    -> StoreResult<Vec<(String, OutboxMessage)>>;
    /// The processing record of the person with NIK `about`, newest first.
    async fn processing_record(&self, about: &Nik, limit: u32) -> StoreResult<Vec<AuditEntry>>;
    async fn verification_job(&self, id: &str) -> StoreResult<Option<VerificationJob>>;
    /// The newest attempts to deliver to one client's webhook first.
    async fn webhook_attempts(&self, client: &str, limit: u32) -> StoreResult<Vec<WebhookAttempt>>;
}

/// Cases, their history, uploads and the counters that number them.
#[async_trait]
pub trait Cases: Send + Sync {
    async fn case(&self, id: &str) -> StoreResult<Option<Case>>;
    async fn case_by_number(&self, number: &str) -> StoreResult<Option<Case>>;
    /// The cases an account reported, newest first.
    async fn cases_of_reporter(&self, account_id: &str) -> StoreResult<Vec<Case>>;
    /// The cases about one applicant (by NIK), newest first.
    async fn cases_of_applicant(&self, nik: &Nik) -> StoreResult<Vec<Case>>;
    /// Open cases sitting at `office` (and, with `below`, at the counters under it) whose
    /// `workflow/state` is one of `keys`, the soonest due first (undated last, then by id),
    /// from `after` on: as their listing where it was made with the catalogue `listed_with`
    /// (its mark), as their head otherwise.
    async fn queue(
        &self,
        office: &adminduk_domain::office::Office,
        below: bool,
        keys: &[String],
        after: Option<&QueueAfter>,
        limit: u32,
        listed_with: Option<&str>,
    ) -> StoreResult<Vec<Queued>>;
    /// The size of that whole queue, with its cases due before `now` and those due from `now`
    /// to `near`.
    async fn queue_counts(
        &self,
        office: &adminduk_domain::office::Office,
        below: bool,
        keys: &[String],
        now: DateTime<Utc>,
        near: DateTime<Utc>,
    ) -> StoreResult<QueueCounts>;
    /// Open cases whose `workflow/state` is one of `keys` and whose state is due by `now`.
    async fn overdue(&self, keys: &[String], now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Case>>;
    async fn history(&self, case_id: &str) -> StoreResult<Vec<CaseEvent>>;
    /// The case an idempotency key of an account already produced, with the request's digest.
    async fn idempotent_case(&self, account_id: &str, key: &str) -> StoreResult<Option<IdempotentCase>>;
    async fn counter(&self, key: &str) -> StoreResult<u64>;
    /// The number `case_id` holds in the counter `key`, given on the first call by moving the
    /// counter on by one, atomically: concurrent calls for different cases each get their own
    /// number and none fails for another's sake; calls for a case that has one (a retried or
    /// duplicated filing) get the same one again. Numbers neither repeat nor skip.
    async fn number_case(&self, key: &str, case_id: &str) -> StoreResult<u64>;
    async fn upload(&self, id: &str) -> StoreResult<Option<Upload>>;
    /// The figures of a scope, by name.
    async fn tallies(&self, scope: &str) -> StoreResult<Vec<(String, u64)>>;
}

/// The monthly reports of the Dinas kabupaten/kota.
#[async_trait]
pub trait Reports: Send + Sync {
    /// Every version of one Dinas's report on `month` (`YYYY-MM`), oldest first.
    async fn report_versions(&self, office: &str, month: &str) -> StoreResult<Vec<StoredReport>>;
    /// Every version of every Dinas's report on `month`, by office, oldest first.
    async fn reports_of_month(&self, month: &str) -> StoreResult<Vec<StoredReport>>;
}

/// A file's bytes as they are read or written, a part at a time.
pub type ByteStream = std::pin::Pin<Box<dyn futures_core::Stream<Item = StoreResult<bytes::Bytes>> + Send>>;

/// File contents (uploads, verification batches and their answers), written whole or not at all.
#[async_trait]
pub trait Blobs: Send + Sync {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> StoreResult<()>;
    async fn get(&self, key: &str) -> StoreResult<Option<Vec<u8>>>;
    /// The file's bytes a part at a time, for files too large to hold (verification batches).
    async fn read(&self, key: &str) -> StoreResult<Option<ByteStream>>;
    /// Writes the file from `bytes` a part at a time, holding a few megabytes at most; a failure
    /// of `bytes` or of the store leaves no file. Returns the length written.
    async fn write(&self, key: &str, content_type: &str, bytes: ByteStream) -> StoreResult<u64>;
    async fn delete(&self, key: &str) -> StoreResult<()>;
    /// A request the client sends the bytes with, straight to the store, bound to what was
    /// declared: type, exact length and SHA-256. `None` when uploads go through the
    /// application instead (files on disk); the store then reports nothing on arrival.
    async fn presign_put(
        &self,
        _key: &str,
        _declared: &Declared,
        _ttl: TimeDelta,
    ) -> StoreResult<Option<SignedRequest>> {
        Ok(None)
    }
    /// Marks a file as part of a filed case, so that the store's clean-up of abandoned drafts
    /// (S3: a lifecycle rule on the `status=draft` tag) leaves it. `false` when the file is gone.
    async fn keep(&self, _key: &str) -> StoreResult<bool> {
        Ok(true)
    }
    /// A short-lived download URL straight from the store, or `None` (as for `presign_put`); the
    /// file comes with its checked type and is named `file_name`.
    async fn presign_get(
        &self,
        _key: &str,
        _content_type: &str,
        _file_name: &str,
        _ttl: TimeDelta,
    ) -> StoreResult<Option<String>> {
        Ok(None)
    }
}

/// What an upload promised to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub content_type: String,
    pub size: u64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
}

/// A presigned HTTP request: its URL and the headers that must be sent with it exactly.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SignedRequest {
    pub url: String,
    pub headers: std::collections::BTreeMap<String, String>,
}

/// A channel messages leave by (SMS, e-mail, or the local mailbox standing in for both).
/// Sending must be idempotent by message id: after a crash between sending and recording the
/// delivery, the same message is sent again with the same id and must not arrive twice.
#[async_trait]
pub trait Sender: Send + Sync {
    /// Sends `message` as the office `from` (the card of `message.office`, when it names one).
    async fn send(&self, message: &OutboxMessage, from: Option<&OfficeCard>) -> Result<(), String>;
}

/// Whether `ip` lies in a network that is not the internet: private, shared (carrier-grade NAT),
/// loopback, link-local (a cloud's metadata endpoint), unspecified, broadcast, multicast,
/// benchmarking, documentation or reserved ranges; an IPv4-mapped or NAT64 IPv6 address as its
/// IPv4 address. Nothing a partner aims is sent there (`Poster`).
pub fn internal_address(ip: std::net::IpAddr) -> bool {
    use std::net::{IpAddr, Ipv4Addr};
    match ip {
        IpAddr::V4(a) => {
            let [first, second, ..] = a.octets();
            a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || a.is_multicast()
                || a.is_documentation()
                || first == 0
                || first >= 240
                || (first == 100 && second & 0xc0 == 64)
                || (first == 198 && second & 0xfe == 18)
        }
        IpAddr::V6(a) => {
            let s = a.segments();
            let nat64 = s[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
            match a.to_ipv4_mapped() {
                Some(v4) => internal_address(IpAddr::V4(v4)),
                None if nat64 => {
                    let [a, b] = s[6].to_be_bytes();
                    let [c, d] = s[7].to_be_bytes();
                    internal_address(IpAddr::V4(Ipv4Addr::new(a, b, c, d)))
                }
                None => {
                    a.is_loopback()
                        || a.is_unspecified()
                        || a.is_unique_local()
                        || a.is_unicast_link_local()
                        || a.is_multicast()
                        || (s[0] == 0x2001 && s[1] == 0x0db8)
                }
            }
        }
    }
}

/// HTTPS to the endpoints partners give (their webhooks): one POST, answered by its status.
/// Implementations reach public addresses only (`internal_address`), however a name resolves.
#[async_trait]
pub trait Poster: Send + Sync {
    /// POSTs `body` (JSON) with `headers`; the receiver's status, or why none came (a refused
    /// connection, a timeout).
    async fn post(&self, url: &str, headers: &[(&str, String)], body: &str) -> Result<u16, String>;
}

/// A message as it arrived in the local mailbox: an e-mail with its HTML part too.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Delivered {
    #[serde(flatten)]
    pub message: OutboxMessage,
    pub delivered_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
}

/// The local stand-in for SMS and e-mail: what was sent, to read back.
#[async_trait]
pub trait Mailbox: Sender {
    /// Newest first; only those to `recipient` when given.
    async fn delivered(&self, recipient: Option<&str>, limit: u32) -> StoreResult<Vec<Delivered>>;
}

/// Everything a backend provides.
/// How long what holds personal data only for a while is kept (UU 27/2022), in every adapter.
pub mod kept {
    use chrono::TimeDelta;
    /// A delivered SMS, e-mail or WhatsApp message (and the one-time code it may carry), for
    /// questions about what was sent; also an upload that never arrived or was refused.
    pub const DELIVERED: TimeDelta = TimeDelta::days(30);
    /// A machine client's event in its feed, and its webhook delivery log.
    pub const FEED: TimeDelta = TimeDelta::days(90);
    /// A draft never filed and not changed since; then its answers and files are removed.
    pub const DRAFT: TimeDelta = TimeDelta::days(30);
    /// A partner's verification batch sent as a file, its answers and its job (the batch file
    /// itself is removed as soon as it is answered).
    pub const BATCH_FILES: TimeDelta = TimeDelta::days(7);
}

/// Removing what is kept only for a while ([`kept`]).
#[async_trait]
pub trait Retention: Send + Sync {
    /// Drafts never filed (nor deleted) whose last change is before `before`, oldest first.
    async fn abandoned_drafts(&self, before: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Case>>;
    /// Removes delivered messages, and the mailbox's copies, past their keeping at `now`,
    /// returning how many. DynamoDB's TTL removes them by itself (each carries `expires_at`
    /// from its delivery), so its adapter has nothing to do.
    async fn purge_delivered(&self, now: DateTime<Utc>) -> StoreResult<u64>;
    /// Verification jobs created before `before`, oldest first, whose files are to go with them.
    /// DynamoDB's TTL removes its jobs and the bucket's lifecycle rule their files, so its
    /// adapter finds none.
    async fn expired_jobs(&self, before: DateTime<Utc>, limit: u32) -> StoreResult<Vec<String>>;
}

pub trait Store:
    Registry + RegisterWriter + Identity + RateLimits + Records + Cases + Reports + Appointments + Retention
{
}

impl<T: Registry + RegisterWriter + Identity + RateLimits + Records + Cases + Reports + Appointments + Retention> Store
    for T
{
}

#[cfg(test)]
mod tests {
    use super::internal_address;

    #[test]
    fn internal_addresses_are_told_from_public_ones() {
        for internal in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2001:db8::1",
        ] {
            assert!(internal_address(internal.parse().unwrap()), "{internal}");
        }
        for public in ["8.8.8.8", "203.0.114.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"] {
            assert!(!internal_address(public.parse().unwrap()), "{public}");
        }
    }
}
