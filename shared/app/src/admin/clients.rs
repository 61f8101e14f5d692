//! Machine clients of the province and partner systems, and the OAuth2 client-credentials grant.

use serde::{Deserialize, Serialize};

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{MachineClient, Write};
use crate::secrets::{random_id, random_token, sha256_hex};
use crate::tokens::{Claims, SubjectKind};

/// What a machine client may be granted.
pub const KNOWN_SCOPES: &[&str] = &[
    // Provincial service requests (seed 002).
    "provinsi.layanan",
    // Monthly Adminduk service reports.
    "laporan.bulanan",
    // Batch data verification.
    "data.verifikasi",
    // Answers of outside systems: BSrE certification, biometric deduplication, SIAK.
    crate::cases::integration::SCOPE,
];

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    pub name: String,
    pub scopes: Vec<String>,
}

/// Shown once: only the secret's hash is kept.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
}

fn check_scopes(scopes: &[String]) -> Result<(), AppError> {
    match scopes.iter().find(|s| !KNOWN_SCOPES.contains(&s.as_str())) {
        Some(unknown) => {
            Err(AppError::BadRequest { code: "INVALID_SCOPE", message: format!("Cakupan {unknown} tidak dikenal") })
        }
        None if scopes.is_empty() => {
            Err(AppError::BadRequest { code: "INVALID_SCOPE", message: "Cakupan wajib diisi".into() })
        }
        None => Ok(()),
    }
}

pub async fn create_client(
    app: &App,
    actor: &Actor,
    n: NewClient,
    from: &ClientAddress,
) -> Result<ClientCredentials, AppError> {
    actor.require_admin()?;
    check_scopes(&n.scopes)?;
    let secret = random_token();
    let client = MachineClient {
        id: random_id("C-"),
        name: n.name.trim().to_string(),
        secret_hash: sha256_hex(&secret),
        scopes: n.scopes.clone(),
        disabled: false,
        created_at: app.clock.now(),
    };
    let entry = super::audit(
        app,
        actor,
        "client_created",
        &client.id,
        serde_json::json!({ "name": client.name, "scopes": client.scopes }),
        from,
    );
    app.store.commit(vec![Write::PutClient(client.clone()), entry]).await?;
    Ok(ClientCredentials { client_id: client.id, client_secret: secret, scopes: client.scopes })
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
    let Some(client) = client.filter(|c| !c.disabled && c.secret_hash == sha256_hex(&secret)) else {
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
