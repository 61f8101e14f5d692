//! Machine clients of the province and partner systems, and the OAuth2 client-credentials grant.

use adminduk_domain::office::Office;
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{CommitError, Guard, MachineClient, PreviousSecret, Write};
use crate::secrets::{random_id, random_token, sha256_hex};
use crate::tokens::{Claims, SubjectKind};

/// What a machine client may be granted, with what each scope allows (as the API document says).
pub const KNOWN_SCOPES: &[(&str, &str)] = &[
    (
        crate::caller::PROVINCE_SCOPE,
        "Sistem Dinas kabupaten/kota: mengajukan dan memantau permohonan layanan provinsi (blangko KTP-el, verifikasi data) dan mengunduh BAST atau hasilnya",
    ),
    (crate::reports::SCOPE, "Mengirim dan membaca laporan bulanan pelayanan Adminduk Dinas-nya sendiri"),
    (crate::verification::SCOPE, "Verifikasi data NIK secara massal berdasarkan PKS"),
    (crate::cases::integration::SCOPE, "Jawaban sistem luar: sertifikasi BSrE, deduplikasi biometrik, SIAK"),
];

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    pub name: String,
    pub scopes: Vec<String>,
    /// The Dinas the system speaks for, e.g. `73.08` for Kabupaten Bone (a counter's code means
    /// its Dinas); the admin's own Dinas when absent. The admin's office must oversee it.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub office: Option<Office>,
    /// A partner's system: the Instansi Induk whose PKS it works under (its Dinas is the
    /// client's office).
    #[serde(default)]
    pub institution_id: Option<String>,
}

/// A new secret for a client; the old one keeps working for `overlap_hours` (default 24).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RotateSecret {
    pub overlap_hours: Option<u32>,
}

/// Shown once: only the secret's hash is kept.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
    /// Until when the previous secret still works, after a rotation.
    pub previous_secret_valid_until: Option<chrono::DateTime<chrono::Utc>>,
}

fn check_scopes(scopes: &[String]) -> Result<(), AppError> {
    match scopes.iter().find(|s| !KNOWN_SCOPES.iter().any(|(k, _)| k == s)) {
        Some(unknown) => {
            Err(AppError::BadRequest { code: "INVALID_SCOPE", message: format!("Cakupan {unknown} tidak dikenal") })
        }
        None if scopes.is_empty() => {
            Err(AppError::BadRequest { code: "INVALID_SCOPE", message: "Cakupan wajib diisi".into() })
        }
        None => Ok(()),
    }
}

/// Filing the province's services as a reporter is a Dinas kabupaten/kota's own business.
fn scopes_fit(client: &MachineClient) -> Result<(), AppError> {
    if client.scopes.iter().any(|s| s == crate::caller::PROVINCE_SCOPE) && !client.is_dinas_system() {
        return Err(AppError::Unprocessable {
            code: "SCOPE_NOT_FOR_CLIENT",
            message: format!(
                "Cakupan {} hanya untuk sistem Dinas Dukcapil kabupaten/kota",
                crate::caller::PROVINCE_SCOPE
            ),
        });
    }
    Ok(())
}

pub async fn create_client(
    app: &App,
    actor: &Actor,
    n: NewClient,
    from: &ClientAddress,
) -> Result<ClientCredentials, AppError> {
    let (_, own) = actor.require_admin()?;
    let institution = match &n.institution_id {
        Some(id) => {
            let i = app.store.institution(id).await?.ok_or_else(|| super::not_found("Instansi"))?;
            if i.pks.is_none() {
                return Err(AppError::Unprocessable {
                    code: "PKS_MISSING",
                    message: "Sistem mitra diikat pada Instansi Induk yang memiliki PKS".into(),
                });
            }
            actor.require_admin_of(&i.office)?;
            Some(i)
        }
        None => None,
    };
    let office = institution.as_ref().map(|i| i.office).or(n.office).unwrap_or(own).dinas();
    actor.require_admin_overseeing(&office)?;
    check_scopes(&n.scopes)?;
    let name = n.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(AppError::Unprocessable {
            code: "NAME_INVALID",
            message: "Nama klien wajib diisi, paling banyak 200 karakter".into(),
        });
    }
    let secret = random_token();
    let client = MachineClient {
        id: random_id("C-"),
        name,
        secret_hash: sha256_hex(&secret),
        previous_secret: None,
        scopes: n.scopes.clone(),
        office,
        institution_id: institution.map(|i| i.id),
        disabled: false,
        created_at: app.clock.now(),
        version: 0,
        webhook: None,
    };
    scopes_fit(&client)?;
    let detail = serde_json::json!({ "name": client.name, "scopes": client.scopes, "office": office.to_string() });
    let entry = super::audit(app, actor, "client_created", &client.id, detail, from);
    app.store.commit(vec![Write::CreateClient(client.clone()), entry]).await?;
    Ok(ClientCredentials {
        client_id: client.id,
        client_secret: secret,
        scopes: client.scopes,
        previous_secret_valid_until: None,
    })
}

/// Changes client `id` as it is now: `change` is applied to the stored client, which is written
/// with the writes `change` returns (its audit line) only if nobody changed it meanwhile; else
/// `change` is applied again to the newer copy. So an admin's change and the system's own (its
/// webhook) never undo each other.
pub(crate) async fn update_client<T>(
    app: &App,
    id: &str,
    mut change: impl FnMut(&mut MachineClient) -> Result<(Vec<Write>, T), AppError>,
) -> Result<(MachineClient, T), AppError> {
    for _ in 0..3 {
        let mut client = app.store.client(id).await?.ok_or_else(|| super::not_found("Klien"))?;
        let expected_version = client.version;
        let (more, out) = change(&mut client)?;
        let mut writes = vec![Write::UpdateClient { client: client.clone(), expected_version }];
        writes.extend(more);
        match app.store.commit(writes).await {
            Ok(()) => return Ok((MachineClient { version: expected_version + 1, ..client }, out)),
            Err(CommitError::Changed(Guard::Client(_) | Guard::Transaction)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict {
        code: "CLIENT_CHANGED",
        message: "Klien sistem sedang diubah bersamaan; coba lagi sebentar lagi".into(),
    })
}

/// Gives a client a new secret, shown once; the previous one works until the overlap ends, so
/// the system can be switched over without a gap. A secret before that is dropped at once.
pub async fn rotate_secret(
    app: &App,
    actor: &Actor,
    id: &str,
    r: RotateSecret,
    from: &ClientAddress,
) -> Result<ClientCredentials, AppError> {
    actor.require_admin()?;
    let hours = r.overlap_hours.unwrap_or(24);
    let overlap = TimeDelta::hours(i64::from(hours));
    if overlap > app.settings.max_secret_overlap {
        return Err(AppError::Unprocessable {
            code: "OVERLAP_TOO_LONG",
            message: format!(
                "Masa berlaku rahasia lama paling lama {} jam",
                app.settings.max_secret_overlap.num_hours()
            ),
        });
    }
    let valid_until = app.clock.now() + overlap;
    let (client, secret) = update_client(app, id, |client| {
        actor.require_admin_overseeing(&client.office)?;
        let secret = random_token();
        client.previous_secret = (hours > 0).then(|| PreviousSecret { hash: client.secret_hash.clone(), valid_until });
        client.secret_hash = sha256_hex(&secret);
        let detail = serde_json::json!({ "overlap_hours": hours });
        Ok((vec![super::audit(app, actor, "client_secret_rotated", &client.id, detail, from)], secret))
    })
    .await?;
    Ok(ClientCredentials {
        client_id: client.id,
        client_secret: secret,
        scopes: client.scopes,
        previous_secret_valid_until: client.previous_secret.map(|p| p.valid_until),
    })
}

/// A machine client as its admin sees it; never its secrets.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientView {
    pub client_id: String,
    pub name: String,
    pub scopes: Vec<String>,
    #[schema(value_type = String)]
    pub office: Office,
    pub institution_id: Option<String>,
    pub disabled: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Until when the secret before the last rotation still works.
    pub previous_secret_valid_until: Option<chrono::DateTime<chrono::Utc>>,
    /// Where the system takes its events, as it set it.
    pub webhook_url: Option<String>,
}

impl ClientView {
    fn of(c: MachineClient, now: chrono::DateTime<chrono::Utc>) -> Self {
        ClientView {
            client_id: c.id,
            name: c.name,
            scopes: c.scopes,
            office: c.office,
            institution_id: c.institution_id,
            disabled: c.disabled,
            created_at: c.created_at,
            previous_secret_valid_until: c.previous_secret.map(|p| p.valid_until).filter(|t| *t > now),
            webhook_url: c.webhook.map(|w| w.url),
        }
    }
}

/// The clients of the offices the admin oversees.
pub async fn list_clients(app: &App, actor: &Actor) -> Result<Vec<ClientView>, AppError> {
    let (_, own) = actor.require_admin()?;
    let now = app.clock.now();
    let mut clients: Vec<ClientView> = app
        .store
        .clients()
        .await?
        .into_iter()
        .filter(|c| own.oversees(&c.office))
        .map(|c| ClientView::of(c, now))
        .collect();
    clients.sort_by(|a, b| (a.office, &a.name).cmp(&(b.office, &b.name)));
    Ok(clients)
}

/// What an admin changes on a client: its scopes, or whether it may call at all.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientChange {
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
    #[serde(default)]
    pub disabled: Option<bool>,
}

/// Changes a client's scopes or disables it; either takes effect at its next call, as the caller
/// reads the client on every request.
pub async fn change_client(
    app: &App,
    actor: &Actor,
    id: &str,
    change: ClientChange,
    from: &ClientAddress,
) -> Result<ClientView, AppError> {
    actor.require_admin()?;
    if let Some(scopes) = &change.scopes {
        check_scopes(scopes)?;
    }
    let (client, ()) = update_client(app, id, |client| {
        actor.require_admin_overseeing(&client.office)?;
        let mut writes = Vec::new();
        if let Some(scopes) = &change.scopes {
            let detail = serde_json::json!({ "from": client.scopes, "to": scopes });
            writes.push(super::audit(app, actor, "client_scopes_changed", id, detail, from));
            client.scopes.clone_from(scopes);
            scopes_fit(client)?;
        }
        if let Some(disabled) = change.disabled {
            let action = if disabled { "client_disabled" } else { "client_enabled" };
            writes.push(super::audit(app, actor, action, id, serde_json::json!({}), from));
            client.disabled = disabled;
        }
        Ok((writes, ()))
    })
    .await?;
    Ok(ClientView::of(client, app.clock.now()))
}

/// RFC 6749 section 4.4 (client credentials), as a form body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    pub grant_type: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub scope: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub scope: String,
}

fn invalid_client() -> AppError {
    AppError::Unauthenticated { code: "INVALID_CLIENT", message: "Klien tidak dikenal atau rahasia salah".into() }
}

/// Issues an access token to a machine client, for the scopes asked (all of its scopes when none
/// are). `basic` holds the credentials of an HTTP Basic header, which take precedence.
pub async fn issue_client_token(
    app: &App,
    r: TokenRequest,
    basic: Option<(String, String)>,
    from: &ClientAddress,
) -> Result<TokenResponse, AppError> {
    crate::auth::limits_attempt(app, "token", from).await?;
    if r.grant_type != "client_credentials" {
        return Err(AppError::BadRequest {
            code: "UNSUPPORTED_GRANT_TYPE",
            message: "Hanya grant_type client_credentials yang didukung".into(),
        });
    }
    let (id, secret) = basic.or_else(|| r.client_id.zip(r.client_secret)).ok_or_else(invalid_client)?;
    let client = app.store.client(&id).await?;
    let Some(client) = client.filter(|c| c.accepts(&sha256_hex(&secret), app.clock.now())) else {
        crate::auth::limits_failed(app, "token", &id).await?;
        return Err(invalid_client());
    };
    let asked: Vec<String> = match r.scope.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.split_whitespace().map(str::to_string).collect(),
        None => client.scopes.clone(),
    };
    if let Some(extra) = asked.iter().find(|s| !client.scopes.contains(s)) {
        return Err(AppError::BadRequest {
            code: "INVALID_SCOPE",
            message: format!("Klien tidak memiliki cakupan {extra}"),
        });
    }
    let now = app.clock.now();
    let scope = asked.join(" ");
    let claims = Claims {
        iss: app.settings.issuer.clone(),
        sub: client.id.clone(),
        iat: now.timestamp(),
        exp: (now + app.settings.access_ttl).timestamp(),
        jti: random_token(),
        kind: SubjectKind::Client,
        roles: vec![],
        office: None,
        scope: Some(scope.clone()),
    };
    Ok(TokenResponse {
        access_token: app.keys.sign(&claims),
        token_type: "Bearer",
        expires_in: app.settings.access_ttl.num_seconds(),
        scope,
    })
}
