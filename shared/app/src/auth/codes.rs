//! One-time codes (activation, password reset): issued with their SMS and e-mail, checked with an
//! expiry and a limited number of wrong guesses.

use std::collections::BTreeMap;

use super::names::LoginName;
use super::{ClientAddress, limits};
use crate::App;
use crate::error::AppError;
use crate::ports::{Account, Channel, CodePurpose, OneTimeCode, OutboxMessage, Write};
use crate::secrets::{random_code, sha256_hex};

/// The limit that wrong codes count against, per address and per login.
const LIMIT: &str = "code";

fn hash(account_id: &str, purpose: CodePurpose, code: &str) -> String {
    sha256_hex(&format!("{account_id}:{}:{code}", purpose.as_str()))
}

/// A fresh code for `account`, and the writes that store it and send it by SMS and e-mail.
pub fn issue(app: &App, account: &Account, purpose: CodePurpose) -> Result<Vec<Write>, AppError> {
    let now = app.clock.now();
    let code = random_code();
    let template_key = match purpose {
        CodePurpose::Activation => "kode_aktivasi",
        CodePurpose::PasswordReset => "kode_reset_sandi",
    };
    let template =
        app.catalogue.template(template_key).ok_or_else(|| AppError::internal(format!("templat {template_key}")))?;
    let dinas = super::dinas_of(app, account);
    let values: BTreeMap<&str, String> = [
        ("kode", code.clone()),
        ("berlaku_menit", app.settings.code_ttl.num_minutes().to_string()),
        ("nama_pemohon", account.name.clone()),
        ("nama_penerima", account.name.clone()),
        ("kantor", dinas.name.clone()),
        ("kantor_singkat", dinas.short_name.clone()),
    ]
    .into_iter()
    .collect();
    let text = template.render(&values).map_err(|missing| AppError::internal(format!("isian {missing}")))?;
    let mut writes = vec![Write::PutCode(OneTimeCode {
        account_id: account.id.clone(),
        purpose,
        code_hash: hash(&account.id, purpose, &code),
        expires_at: now + app.settings.code_ttl,
        attempts: 0,
        sent_at: now,
    })];
    let id = |channel: &str| format!("{}:{}:{}:{channel}", account.id, purpose.as_str(), now.timestamp_millis());
    if let Some(phone) = &account.phone {
        writes.push(Write::Enqueue(OutboxMessage {
            id: id("sms"),
            channel: Channel::Sms,
            recipient: phone.clone(),
            template: template_key.into(),
            subject: None,
            body: text.sms.clone(),
            created_at: now,
            office: Some(dinas.office),
        }));
    }
    if let Some(email) = &account.email {
        writes.push(Write::Enqueue(OutboxMessage {
            id: id("email"),
            channel: Channel::Email,
            recipient: email.clone(),
            template: template_key.into(),
            subject: Some(text.email_subject),
            body: text.email_body,
            created_at: now,
            office: Some(dinas.office),
        }));
    }
    Ok(writes)
}

/// The one answer to a code that does not open the account: wrong, run out, spent, or entered
/// for a login with no code or no account. Telling these apart would tell who has an account.
fn invalid() -> AppError {
    AppError::Unauthenticated {
        code: "CODE_INVALID",
        message: "Kode salah atau sudah tidak berlaku. Periksa kode terbaru yang dikirim, atau minta kode baru.".into(),
    }
}

/// The account a code is entered for, found behind the per-address and per-login limits, with
/// the login's alias that failures count against. An unknown login, or an account `usable`
/// refuses, counts as a failure and answers like a wrong code, so codes cannot probe for accounts.
pub async fn account_for(
    app: &App,
    login: &str,
    from: &ClientAddress,
    usable: impl Fn(&Account) -> bool,
) -> Result<(String, Account), AppError> {
    limits::not_blocked(app, LIMIT, from).await?;
    let name = LoginName::parse(login).alias();
    limits::not_locked(app, LIMIT, &name).await?;
    let account = app.store.account_by_alias(&name).await?;
    match account.filter(|a| usable(a)) {
        Some(account) => Ok((name, account)),
        None => {
            limits::failed_as(app, LIMIT, &name, from).await?;
            Err(invalid())
        }
    }
}

/// Checks `code` entered under the login alias `name`. A failure counts against the login; a
/// wrong guess is also recorded on the code (spending it after the allowed attempts); a right one
/// is consumed by the returned writes, to be committed with the change it allows.
pub async fn check(
    app: &App,
    account: &Account,
    name: &str,
    purpose: CodePurpose,
    code: &str,
    from: &ClientAddress,
) -> Result<Vec<Write>, AppError> {
    let checked = check_stored(app, account, purpose, code).await;
    if checked.is_err() {
        limits::failed_as(app, LIMIT, name, from).await?;
    }
    checked
}

async fn check_stored(app: &App, account: &Account, purpose: CodePurpose, code: &str) -> Result<Vec<Write>, AppError> {
    let stored = app.store.code(&account.id, purpose).await?;
    let Some(mut stored) = stored else { return Err(invalid()) };
    if stored.expires_at <= app.clock.now() || stored.attempts >= app.settings.code_attempts {
        return Err(invalid());
    }
    if stored.code_hash != hash(&account.id, purpose, code.trim()) {
        stored.attempts += 1;
        app.store.commit(vec![Write::PutCode(stored)]).await?;
        return Err(invalid());
    }
    Ok(vec![Write::DeleteCode { account_id: account.id.clone(), purpose }])
}

/// Whether a new code may be sent yet.
pub async fn cooled_down(app: &App, account: &Account, purpose: CodePurpose) -> Result<Option<u64>, AppError> {
    let stored = app.store.code(&account.id, purpose).await?;
    let wait = stored
        .map(|c| (c.sent_at + app.settings.resend_cooldown - app.clock.now()).num_seconds())
        .filter(|s| *s > 0)
        .map(i64::unsigned_abs);
    Ok(wait)
}
