//! Accounts and sessions: citizen registration and activation, login for every kind of account,
//! refresh, logout, password reset, and who the caller is.

mod citizen;
mod codes;
mod limits;
mod login;
mod me;
mod names;
mod reset;
mod session;

pub use citizen::{Activate, Registered, Registration, ResendCode, activate, register, resend_activation};
pub use limits::Caller;
pub(crate) use limits::{attempt_from as limits_attempt, failed as limits_failed};
pub(crate) use login::totp_uri;
pub use login::{Login, RefreshRequest, login, logout, refresh};
pub use me::{FamilyMember, Me, me};
pub use names::LoginName;
pub use reset::{ResetConfirm, ResetRequest, confirm_reset, request_reset};
pub use session::{Session, authenticate};

use crate::error::AppError;
use crate::ports::{AuditEntry, CommitError};

/// Maps a failed commit of an account change to what the caller should hear.
pub(crate) fn commit_error(e: CommitError) -> AppError {
    match e {
        CommitError::AliasTaken(alias) => {
            let (code, what) = match alias.split_once(':').map(|(kind, _)| kind) {
                Some("nik") => ("NIK_TAKEN", "NIK ini sudah memiliki akun; silakan masuk atau atur ulang kata sandi"),
                Some("email") => ("EMAIL_TAKEN", "Email ini sudah dipakai akun lain"),
                Some("phone") => ("PHONE_TAKEN", "Nomor telepon ini sudah dipakai akun lain"),
                _ => ("ACCOUNT_EXISTS", "Akun sudah ada"),
            };
            AppError::Conflict { code, message: what.into() }
        }
        CommitError::AlreadyExists(_) => {
            AppError::Conflict { code: "ACCOUNT_EXISTS", message: "Akun sudah ada".into() }
        }
        CommitError::Conflict(_) => AppError::Conflict {
            code: "CHANGED_CONCURRENTLY",
            message: "Data berubah pada saat yang sama; muat ulang dan coba lagi".into(),
        },
        CommitError::Store(e) => AppError::internal(e),
    }
}

fn store_error(e: crate::ports::StoreError) -> AppError {
    AppError::internal(e)
}

/// An audit line: who did what to whom, from where.
pub(crate) fn audit(
    app: &crate::App,
    actor: &str,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
    caller: &Caller,
) -> AuditEntry {
    AuditEntry {
        at: app.clock.now(),
        actor: actor.to_string(),
        action: action.to_string(),
        subject: subject.to_string(),
        detail,
        client_address: caller.address.clone(),
    }
}
