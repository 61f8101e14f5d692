use chrono::{DateTime, Utc};

use super::cases::{Case, CaseEvent, Upload};
use super::records::{
    Account, AuditEntry, CodePurpose, Institution, MachineClient, OneTimeCode, OutboxMessage, RefreshToken,
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
    /// Revokes one token; fails if it is already revoked (a replayed refresh).
    RevokeRefreshToken {
        hash: String,
    },
    RevokeAllRefreshTokens {
        account_id: String,
    },
    PutInstitution(Institution),
    PutClient(MachineClient),
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
    /// Creates the case; fails if the id exists.
    CreateCase(Case),
    /// Replaces the case if it is still at `expected_version` (stored as `expected_version + 1`).
    UpdateCase {
        case: Case,
        expected_version: u64,
    },
    AppendCaseEvent(CaseEvent),
    /// Binds an account's idempotency key to a case; fails if the key is bound already.
    ClaimIdempotencyKey {
        account_id: String,
        key: String,
        case_id: String,
    },
    /// Moves a counter from `expected` to `expected + 1`; fails if it moved meanwhile.
    AdvanceCounter {
        key: String,
        expected: u64,
    },
    PutUpload(Upload),
    /// Adds `by` to the figure `name` of `scope` (a Dinas and a month), creating it.
    Tally {
        scope: String,
        name: String,
        by: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitError {
    #[error("alias {0} sudah dipakai")]
    AliasTaken(String),
    #[error("data {0} sudah ada")]
    AlreadyExists(String),
    /// A condition failed: the record changed or vanished since it was read.
    #[error("data {0} telah berubah")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] super::StoreError),
}
