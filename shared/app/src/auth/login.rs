//! Login for every kind of account, refresh with rotation, logout.

use serde::Deserialize;
use totp_rs::{Builder, Secret, Totp};

use super::names::LoginName;
use super::session::{self, Session};
use super::{ClientAddress, audit, limits};
use crate::App;
use crate::error::AppError;
use crate::ports::{Account, CommitError, Guard, Write};
use crate::secrets::sha256_hex;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// User id, NIK, phone number or e-mail address.
    pub login: String,
    pub password: String,
    /// Officers: the current TOTP code.
    #[serde(default)]
    pub totp: Option<String>,
}

fn login_failed() -> AppError {
    AppError::Unauthenticated {
        code: "LOGIN_FAILED",
        message: "ID pengguna, NIK, nomor telepon, email atau kata sandi salah".into(),
    }
}

/// Seconds per TOTP step.
const TOTP_STEP: u64 = 30;

/// RFC 6238 defaults (SHA-1, 6 digits, 30 s) with one step of clock skew either way: what
/// every authenticator app supports.
fn totp_of(app: &App, account: &Account, secret: &str) -> Result<Totp, AppError> {
    let secret = Secret::try_from_base32(secret).map_err(|e| AppError::internal(format!("{e:?}")))?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(super::dinas_of(app, account).name))
        .with_account_name(account.id.clone())
        .with_step_duration(TOTP_STEP)
        .build()
        .map_err(|e| AppError::internal(format!("{e:?}")))
}

/// The otpauth URI an officer's authenticator app scans.
pub(crate) fn totp_uri(app: &App, account: &Account) -> Result<Option<String>, AppError> {
    account
        .totp_secret
        .as_deref()
        .map(|s| totp_of(app, account, s).and_then(|t| t.to_url().map_err(|e| AppError::internal(format!("{e:?}")))))
        .transpose()
}

#[tracing::instrument(name = "login", skip_all)]
pub async fn login(app: &App, l: Login, from: &ClientAddress) -> Result<Session, AppError> {
    limits::not_blocked(app, "login", from).await?;
    let login_name = LoginName::parse(&l.login);
    let account = app.store.account_by_alias(&login_name.alias()).await?;
    // Failures count per account, whichever of its names (id, NIK, phone, e-mail) is tried, and
    // per name for names no account has.
    let name = account.as_ref().map_or_else(|| login_name.alias(), |a| format!("account:{}", a.id));
    limits::not_locked(app, "login", &name).await?;
    let verified = match &account {
        Some(a) => app.hasher.verify(&l.password, &a.password_hash),
        None => {
            app.hasher.verify_nothing(&l.password);
            false
        }
    };
    let fail = |reason: &'static str| async move {
        limits::failed_as(app, "login", &name, from).await?;
        let entry =
            audit(app, "anonim", "login_failed", &login_name.masked(), serde_json::json!({ "reason": reason }), from);
        app.store.commit(vec![Write::Audit(entry)]).await?;
        Err::<Session, AppError>(login_failed())
    };
    let Some(account) = account.filter(|_| verified) else { return fail("credentials").await };
    if let Some(secret) = &account.totp_secret {
        // Without its code, a right password is answered like a wrong one: the answer never
        // tells that the password was right.
        let Some(code) = l.totp.as_deref().map(str::trim).filter(|c| !c.is_empty()) else {
            return fail("totp").await;
        };
        let now = app.clock.now().timestamp().unsigned_abs();
        let step = totp_of(app, &account, secret)?.check(code, now);
        // A code is good once (RFC 6238 section 5.2): the step it matched is remembered past
        // the skew window, and a second use is refused like a wrong code.
        let replayed = match step {
            Some(step) => {
                // Anchored at the step's own time, so every use of a step counts in one window.
                let key = format!("totp:{}:{step}", account.id);
                let at = chrono::DateTime::from_timestamp(i64::try_from(step * TOTP_STEP).unwrap_or_default(), 0)
                    .unwrap_or_default();
                app.store.hit(&key, chrono::TimeDelta::seconds(4 * TOTP_STEP as i64), at).await? > 1
            }
            None => true,
        };
        if replayed {
            return fail("totp").await;
        }
    }
    crate::caller::in_good_standing(app, account.clone()).await?;
    let (session, refresh) = session::open(app, &account);
    let entry = audit(app, &account.id, "login", &account.id, serde_json::json!({ "kind": account.kind }), from);
    app.store.commit(vec![refresh, Write::Audit(entry)]).await?;
    Ok(session)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// How soon after a token's exchange presenting it again counts as a race, not a copy.
const RENEWAL_RACE: chrono::TimeDelta = chrono::TimeDelta::seconds(30);

fn session_invalid() -> AppError {
    AppError::Unauthenticated { code: "SESSION_INVALID", message: "Sesi tidak berlaku; silakan masuk kembali".into() }
}

/// Exchanges a refresh token for a new session; the old token is spent. A spent token used
/// again means it was copied: every session of the account ends.
#[tracing::instrument(name = "refresh", skip_all)]
pub async fn refresh(app: &App, r: RefreshRequest, from: &ClientAddress) -> Result<Session, AppError> {
    let hash = sha256_hex(r.refresh_token.trim());
    let stored = app.store.refresh_token(&hash).await?.ok_or_else(session_invalid)?;
    // Two renewals racing with one token (a request sent again): the later one is refused, and
    // the session the first one renewed goes on.
    if stored.spent_at.is_some_and(|at| app.clock.now() - at < RENEWAL_RACE) {
        return Err(session_invalid());
    }
    if stored.revoked {
        let entry =
            audit(app, &stored.account_id, "refresh_token_reused", &stored.account_id, serde_json::json!({}), from);
        let writes = vec![Write::RevokeAllRefreshTokens { account_id: stored.account_id.clone() }, Write::Audit(entry)];
        end_sessions(app, &stored.account_id, writes).await?;
        return Err(session_invalid());
    }
    if stored.expires_at <= app.clock.now() {
        return Err(session_invalid());
    }
    let account = app.store.account(&stored.account_id).await?.ok_or_else(session_invalid)?;
    crate::caller::in_good_standing(app, account.clone()).await?;
    let (session, put) = session::open(app, &account);
    match app.store.commit(vec![Write::RevokeRefreshToken { hash, spent_at: Some(app.clock.now()) }, put]).await {
        Ok(()) => Ok(session),
        // Spent by a concurrent refresh in the meantime.
        Err(CommitError::Changed(Guard::RefreshToken)) => Err(session_invalid()),
        Err(e) => Err(e.into()),
    }
}

/// Ends the session of a refresh token. Unknown or spent tokens are fine: the caller is out.
#[tracing::instrument(name = "logout", skip_all)]
pub async fn logout(app: &App, r: RefreshRequest, from: &ClientAddress) -> Result<(), AppError> {
    let hash = sha256_hex(r.refresh_token.trim());
    let Some(stored) = app.store.refresh_token(&hash).await? else { return Ok(()) };
    if stored.revoked {
        return Ok(());
    }
    let entry = audit(app, &stored.account_id, "logout", &stored.account_id, serde_json::json!({}), from);
    let writes = vec![Write::RevokeRefreshToken { hash, spent_at: None }, Write::Audit(entry)];
    match end_sessions(app, &stored.account_id, writes).await {
        Ok(()) | Err(CommitError::Changed(Guard::RefreshToken)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Writes `writes` with the account's access tokens so far spent (`sessions_valid_after`); other
/// sessions renew with their refresh tokens and go on. The account read again when another write
/// changed it meanwhile.
async fn end_sessions(app: &App, account_id: &str, writes: Vec<Write>) -> Result<(), CommitError> {
    for _ in 0..3 {
        let Some(mut account) = app.store.account(account_id).await? else { return app.store.commit(writes).await };
        let expected_version = account.version;
        account.sessions_valid_after = Some(app.clock.now());
        let mut all = writes.clone();
        all.push(Write::UpdateAccount { account, expected_version });
        match app.store.commit(all).await {
            Err(CommitError::Changed(Guard::Account(_))) => continue,
            done => return done,
        }
    }
    Err(CommitError::Changed(Guard::Account(account_id.to_string())))
}
