//! Sessions: a short-lived signed access token and a revocable refresh token.

use serde::Serialize;

use crate::App;
use crate::error::AppError;
use crate::ports::{Account, AccountKind, RefreshToken, Write};
use crate::secrets::{random_token, sha256_hex};
use crate::tokens::{Claims, SubjectKind, TokenError};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Session {
    pub access_token: String,
    pub token_type: &'static str,
    /// Seconds the access token lives.
    pub expires_in: i64,
    pub refresh_token: String,
    pub user_id: String,
    pub kind: AccountKind,
}

/// A new session for `account`, and the write that stores its refresh token.
pub(super) fn open(app: &App, account: &Account) -> (Session, Write) {
    let now = app.clock.now();
    let kind = match account.kind {
        AccountKind::Pribadi => SubjectKind::Pribadi,
        AccountKind::Instansi => SubjectKind::Instansi,
        AccountKind::Officer => SubjectKind::Officer,
    };
    let claims = Claims {
        iss: app.settings.issuer.clone(),
        sub: account.id.clone(),
        iat: now.timestamp(),
        exp: (now + app.settings.access_ttl).timestamp(),
        jti: random_token(),
        kind,
        roles: account.roles.clone(),
        office: account.office,
        scope: None,
    };
    let refresh = random_token();
    let write = Write::PutRefreshToken(RefreshToken {
        hash: sha256_hex(&refresh),
        account_id: account.id.clone(),
        expires_at: now + app.settings.refresh_ttl,
        revoked: false,
        spent_at: None,
    });
    let session = Session {
        access_token: app.keys.sign(&claims),
        token_type: "Bearer",
        expires_in: app.settings.access_ttl.num_seconds(),
        refresh_token: refresh,
        user_id: account.id.clone(),
        kind: account.kind,
    };
    (session, write)
}

/// The caller behind an `Authorization: Bearer` token.
pub fn authenticate(app: &App, authorization: Option<&str>) -> Result<Claims, AppError> {
    // The scheme is case-insensitive (RFC 9110 section 11.1).
    let token = authorization
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token)
        .ok_or_else(|| AppError::Unauthenticated {
            code: "TOKEN_MISSING",
            message: "Silakan masuk terlebih dahulu".into(),
        })?;
    app.keys.verify(token.trim(), &app.settings.issuer, app.clock.now()).map_err(|e| AppError::Unauthenticated {
        code: match e {
            TokenError::Invalid => "TOKEN_INVALID",
            TokenError::Expired => "TOKEN_EXPIRED",
        },
        message: e.to_string(),
    })
}
