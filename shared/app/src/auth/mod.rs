//! Accounts and sessions: citizen registration and activation, login for every kind of account,
//! refresh, logout, password reset, and who the caller is.

mod citizen;
mod codes;
pub(crate) mod limits;
mod login;
mod me;
mod names;
mod recovery;
mod reset;
mod session;

pub use citizen::{
    Activate, ProvinceRegistration, Registered, Registration, ResendCode, activate, register, register_in_province,
    resend_activation,
};
pub use limits::ClientAddress;
pub(crate) use limits::{attempt_from as limits_attempt, failed as limits_failed, window_left};
pub(crate) use login::totp_uri;
pub use login::{Login, RefreshRequest, login, logout, refresh};
pub use me::{FamilyMember, Me, Screen, me};
pub use names::LoginName;
pub(crate) use names::alias_nik;
pub use recovery::{Recovered, Recovery, recover};
pub use reset::{ResetConfirm, ResetRequest, confirm_reset, request_reset};
pub use session::{Session, authenticate};

use crate::ports::AuditEntry;

/// An audit line: who did what to whom, from where.
pub(crate) fn audit(
    app: &crate::App,
    actor: &str,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
    from: &ClientAddress,
) -> AuditEntry {
    AuditEntry {
        at: app.clock.now(),
        actor: actor.to_string(),
        action: action.to_string(),
        subject: subject.to_string(),
        detail,
        client_address: from.ip.clone(),
    }
}

/// Records a read of personal data before it is answered (UU 27/2022: who read whose data, when,
/// from where), in the audit log and in the processing record of the person it is `about`; a read
/// that cannot be recorded is not answered.
pub(crate) async fn record_read(
    app: &crate::App,
    actor: &str,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
    about: Option<&adminduk_domain::ids::Nik>,
    from: &ClientAddress,
) -> Result<(), crate::error::AppError> {
    app.store.commit(read_writes(app, actor, action, subject, detail, about, from)).await?;
    Ok(())
}

/// The writes that record a read (see [`record_read`]), for a use case that commits them with its
/// own.
pub(crate) fn read_writes(
    app: &crate::App,
    actor: &str,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
    about: Option<&adminduk_domain::ids::Nik>,
    from: &ClientAddress,
) -> Vec<crate::ports::Write> {
    use crate::ports::Write;
    let entry = audit(app, actor, action, subject, detail, from);
    let mut writes = vec![Write::Audit(entry.clone())];
    writes.extend(about.map(|nik| Write::RecordProcessing { about: nik.clone(), entry }));
    writes
}

/// The Dinas an account's messages speak for: an officer's own, the province for one registered
/// with it, else the installation's.
fn dinas_of(app: &crate::App, account: &crate::ports::Account) -> adminduk_domain::catalogue::OfficeCard {
    let office = match (&account.office, &account.declared) {
        (Some(office), _) => office.dinas(),
        // One outside the register has an account with the province, whose services they use.
        (None, Some(_)) => adminduk_domain::office::Office::SULSEL,
        (None, None) => app.settings.home,
    };
    app.catalogue.office(&office)
}
