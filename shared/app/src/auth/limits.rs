//! Rate limits and lockouts: per client address on every attempt, per login name on failures,
//! so that guessing is slow whoever is guessed at, and a lockout says nothing about whether the
//! account exists.

use crate::App;
use crate::error::AppError;

/// Where a request came from, as far as the network tells: the key of per-address limits and
/// the "from where" of the audit log.
#[derive(Debug, Clone, Default)]
pub struct ClientAddress {
    pub ip: Option<String>,
}

/// Seconds until the current limit window ends.
pub(crate) fn window_left(app: &App) -> i64 {
    let width = app.settings.limit_window.num_seconds().max(1);
    width - app.clock.now().timestamp().rem_euclid(width)
}

/// Refused until the current window ends: the stores count in fixed windows aligned on the
/// epoch, so the time left is the same on every instance.
fn too_many(app: &App) -> AppError {
    let left = window_left(app);
    AppError::TooManyRequests {
        code: "TOO_MANY_ATTEMPTS",
        message: format!("Terlalu banyak percobaan; silakan coba lagi dalam {} menit", (left + 59) / 60),
        retry_after: left.unsigned_abs(),
    }
}

/// Counts an attempt from the caller's address; refuses past the limit.
pub async fn attempt_from(app: &App, what: &str, from: &ClientAddress) -> Result<(), AppError> {
    let Some(address) = &from.ip else { return Ok(()) };
    let key = format!("{what}:addr:{address}");
    let hits = app.store.hit(&key, app.settings.limit_window, app.clock.now()).await?;
    if hits > app.settings.limit_per_address { Err(too_many(app)) } else { Ok(()) }
}

/// Refuses when the caller's address has failed too often in this window (any name, any kind of
/// `what`'s guesses). Successes never count, so many people behind one address are not held up
/// by each other, while one guesser behind it is.
pub async fn not_blocked(app: &App, what: &str, from: &ClientAddress) -> Result<(), AppError> {
    let Some(address) = &from.ip else { return Ok(()) };
    let fails =
        app.store.count(&format!("{what}:addrfail:{address}"), app.settings.limit_window, app.clock.now()).await?;
    if fails >= app.settings.failures_per_address { Err(too_many(app)) } else { Ok(()) }
}

/// Records a failure for `name` and for the caller's address.
pub async fn failed_as(app: &App, what: &str, name: &str, from: &ClientAddress) -> Result<(), AppError> {
    failed(app, what, name).await?;
    if let Some(address) = &from.ip {
        app.store.hit(&format!("{what}:addrfail:{address}"), app.settings.limit_window, app.clock.now()).await?;
    }
    Ok(())
}

/// Refuses when `name` has failed too often in this window.
pub async fn not_locked(app: &App, what: &str, name: &str) -> Result<(), AppError> {
    let key = format!("{what}:fail:{name}");
    let fails = app.store.count(&key, app.settings.limit_window, app.clock.now()).await?;
    if fails >= app.settings.limit_per_login { Err(too_many(app)) } else { Ok(()) }
}

/// Records a failure for `name`.
pub async fn failed(app: &App, what: &str, name: &str) -> Result<(), AppError> {
    let key = format!("{what}:fail:{name}");
    app.store.hit(&key, app.settings.limit_window, app.clock.now()).await?;
    Ok(())
}
