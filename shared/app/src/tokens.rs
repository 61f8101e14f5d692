//! Access tokens: JWTs signed with Ed25519. The public key is published as a JWKS so partner
//! systems and the AWS functions can verify tokens without the private key.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// What a token says about its bearer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    /// Account id or client id.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    pub kind: SubjectKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<adminduk_domain::workflow::Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<adminduk_domain::office::Office>,
    /// Machine clients: space-separated scopes, as OAuth2 writes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Pribadi,
    Instansi,
    Officer,
    Client,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("Token tidak sah")]
    Invalid,
    #[error("Token sudah kedaluwarsa; silakan masuk kembali")]
    Expired,
}

/// The signing key and what verifies it.
pub struct TokenKeys {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    public_x: String,
    pkcs8_pem: String,
    statements: Statements,
}

/// Statements signed lately, by their claims. Ed25519 signatures are deterministic, so a case
/// page read again (its receipt and check codes) is not signed again; emptied when full.
#[derive(Clone, Default)]
struct Statements(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, String>>>);

impl Statements {
    const KEPT: usize = 4096;

    fn get_or_sign(&self, claims: String, sign: impl FnOnce() -> String) -> String {
        if let Some(done) = self.0.lock().expect("no panic while held").get(&claims) {
            return done.clone();
        }
        let signed = sign();
        let mut kept = self.0.lock().expect("no panic while held");
        if kept.len() >= Self::KEPT {
            kept.clear();
        }
        kept.insert(claims, signed.clone());
        signed
    }
}

impl TokenKeys {
    /// A fresh key (tests, a first local start).
    pub fn generate() -> TokenKeys {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("system randomness");
        TokenKeys::from_signing_key(SigningKey::from_bytes(&seed))
    }

    /// A key from configuration: PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
    pub fn from_pem(pem: &str) -> Result<TokenKeys, String> {
        SigningKey::from_pkcs8_pem(pem).map(TokenKeys::from_signing_key).map_err(|e| e.to_string())
    }

    fn from_signing_key(key: SigningKey) -> TokenKeys {
        let der = key.to_pkcs8_der().expect("encodable key");
        let pkcs8_pem = key.to_pkcs8_pem(Default::default()).expect("encodable key").to_string();
        let public_x = URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes());
        let kid = crate::secrets::sha256_hex(&public_x)[..16].to_string();
        TokenKeys {
            kid,
            encoding: EncodingKey::from_ed_der(der.as_bytes()),
            decoding: DecodingKey::from_ed_components(&public_x).expect("valid public key"),
            public_x,
            pkcs8_pem,
            statements: Statements::default(),
        }
    }

    /// The private key as PKCS#8 PEM, to keep a generated key across restarts.
    pub fn to_pem(&self) -> &str {
        &self.pkcs8_pem
    }

    /// The public key set, as served at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({
            "keys": [{ "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": self.kid, "x": self.public_x }]
        })
    }

    pub fn sign(&self, claims: &Claims) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("signing cannot fail")
    }

    /// Checks the signature, issuer and expiry (against `now`, the application's clock).
    pub fn verify(&self, token: &str, issuer: &str, now: DateTime<Utc>) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.validate_exp = false;
        validation.required_spec_claims = ["exp", "iss", "sub"].iter().map(|s| s.to_string()).collect();
        validation.set_issuer(&[issuer]);
        let data =
            jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).map_err(|_| TokenError::Invalid)?;
        if data.claims.exp <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        Ok(data.claims)
    }
}

/// The refusal of a link whose capability does not hold.
pub(crate) fn link_refused(e: TokenError) -> crate::error::AppError {
    use crate::error::AppError;
    match e {
        TokenError::Expired => {
            AppError::Forbidden { code: "URL_EXPIRED", message: "Tautan sudah kedaluwarsa; minta tautan baru".into() }
        }
        TokenError::Invalid => AppError::Forbidden { code: "URL_INVALID", message: "Tautan tidak sah".into() },
    }
}

/// A link to `path` on this service that opens `cap` until `until` by itself (no session): where
/// the blob store cannot sign its own URL, files go to and come from the application this way.
pub(crate) fn capability_link(app: &crate::App, path: &str, cap: String, until: DateTime<Utc>) -> String {
    let token = app.keys.sign_capability(&Capability { cap, exp: until.timestamp() });
    format!("{}{path}?token={token}", app.settings.issuer)
}

/// A short-lived capability for one object (an upload or a download), signed like access tokens
/// but never accepted as one: it has no `kind`, `iss` or `sub` of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capability {
    /// What it opens: `upload:<id>`, `download:<id>`, `batch:<job>` or `answers:<job>`.
    pub cap: String,
    pub exp: i64,
}

impl TokenKeys {
    /// A signed statement with no expiry (a receipt), checkable offline against the JWKS.
    pub fn sign_statement<T: Serialize>(&self, claims: &T) -> String {
        let key = serde_json::to_string(claims).expect("claims are serialisable");
        self.statements.get_or_sign(key, || {
            let mut header = Header::new(Algorithm::EdDSA);
            header.kid = Some(self.kid.clone());
            jsonwebtoken::encode(&header, claims, &self.encoding).expect("signing cannot fail")
        })
    }

    /// A short code only this service can make for `claims`: the first `chars` (at most 25)
    /// Crockford base32 characters of the hash of their signature. People type it (a receipt's
    /// check code) or carry it in a link (a guest book's key).
    pub fn short_code<T: Serialize>(&self, claims: &T, chars: usize) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let hash = crate::secrets::sha256(&self.sign_statement(claims));
        let mut first = [0; 16];
        first.copy_from_slice(&hash[..16]);
        let bits = u128::from_be_bytes(first);
        (0..chars.min(25)).map(|i| ALPHABET[((bits >> (123 - 5 * i)) & 31) as usize] as char).collect()
    }

    /// The statement, if the signature holds and it has the shape of `T`.
    pub fn verify_statement<T: serde::de::DeserializeOwned>(&self, token: &str) -> Result<T, TokenError> {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        jsonwebtoken::decode::<T>(token, &self.decoding, &validation).map(|d| d.claims).map_err(|_| TokenError::Invalid)
    }

    pub fn sign_capability(&self, cap: &Capability) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), cap, &self.encoding).expect("signing cannot fail")
    }

    /// The capability, if the signature holds, it opens `expected` and it has not expired.
    pub fn verify_capability(&self, token: &str, expected: &str, now: DateTime<Utc>) -> Result<(), TokenError> {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.validate_exp = false;
        validation.required_spec_claims = ["exp"].iter().map(|s| s.to_string()).collect();
        let data =
            jsonwebtoken::decode::<Capability>(token, &self.decoding, &validation).map_err(|_| TokenError::Invalid)?;
        if data.claims.cap != expected {
            return Err(TokenError::Invalid);
        }
        if data.claims.exp <= now.timestamp() {
            return Err(TokenError::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_signed_again_is_the_same_and_holds() {
        let keys = TokenKeys::generate();
        let first = keys.sign_statement(&serde_json::json!({ "no": "7306-2026-000001" }));
        let again = keys.sign_statement(&serde_json::json!({ "no": "7306-2026-000001" }));
        let other = keys.sign_statement(&serde_json::json!({ "no": "7306-2026-000002" }));
        assert_eq!(first, again);
        assert_ne!(first, other);
        // Past what is kept, the memory empties and signs anew, to the same result.
        for n in 0..Statements::KEPT {
            keys.sign_statement(&n);
        }
        assert_eq!(keys.sign_statement(&serde_json::json!({ "no": "7306-2026-000001" })), first);
        for token in [&first, &other] {
            keys.verify_statement::<serde_json::Value>(token).expect("a valid signature");
        }
    }

    #[test]
    fn a_short_code_belongs_to_its_claims_and_its_key() {
        let (keys, other) = (TokenKeys::generate(), TokenKeys::generate());
        let claims = serde_json::json!({ "typ": "cek", "no": "7306-2026-000001" });
        let code = keys.short_code(&claims, 8);
        assert_eq!(code.len(), 8);
        assert!(code.bytes().all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b)), "{code}");
        assert_eq!(code, keys.short_code(&claims, 8), "the same claims, the same code");
        assert!(keys.short_code(&claims, 16).starts_with(&code), "a longer code extends a shorter one");
        assert_ne!(code, keys.short_code(&serde_json::json!({ "typ": "cek", "no": "7306-2026-000002" }), 8));
        assert_ne!(code, other.short_code(&claims, 8), "another service's key makes another code");
    }

    fn claims(now: DateTime<Utc>) -> Claims {
        Claims {
            iss: "http://localhost".into(),
            sub: "P-1234".into(),
            iat: now.timestamp(),
            exp: now.timestamp() + 900,
            jti: "j".into(),
            kind: SubjectKind::Pribadi,
            roles: vec![],
            office: None,
            scope: None,
        }
    }

    #[test]
    fn sign_verify_expire_and_reject_others() {
        let keys = TokenKeys::generate();
        let now = Utc::now();
        let token = keys.sign(&claims(now));
        assert_eq!(keys.verify(&token, "http://localhost", now).unwrap().sub, "P-1234");
        assert_eq!(
            keys.verify(&token, "http://localhost", now + chrono::TimeDelta::seconds(900)),
            Err(TokenError::Expired)
        );
        assert_eq!(keys.verify(&token, "http://evil", now), Err(TokenError::Invalid));
        assert_eq!(TokenKeys::generate().verify(&token, "http://localhost", now), Err(TokenError::Invalid));
        let mut tampered = token.clone();
        tampered.replace_range(tampered.len() - 5.., "AAAAA");
        assert_eq!(keys.verify(&tampered, "http://localhost", now), Err(TokenError::Invalid));
    }

    #[test]
    fn capabilities_open_one_thing_until_they_expire_and_are_not_sessions() {
        let keys = TokenKeys::generate();
        let now = Utc::now();
        let cap = keys.sign_capability(&Capability { cap: "upload:U-1".into(), exp: now.timestamp() + 60 });
        assert_eq!(keys.verify_capability(&cap, "upload:U-1", now), Ok(()));
        assert_eq!(keys.verify_capability(&cap, "upload:U-2", now), Err(TokenError::Invalid));
        assert_eq!(
            keys.verify_capability(&cap, "upload:U-1", now + chrono::TimeDelta::seconds(60)),
            Err(TokenError::Expired)
        );
        assert_eq!(keys.verify(&cap, "http://localhost", now), Err(TokenError::Invalid), "not a session token");
    }

    #[test]
    fn a_key_survives_a_round_trip_through_pem() {
        let keys = TokenKeys::generate();
        let again = TokenKeys::from_pem(keys.to_pem()).unwrap();
        let token = keys.sign(&claims(Utc::now()));
        assert!(again.verify(&token, "http://localhost", Utc::now()).is_ok());
        assert_eq!(keys.jwks(), again.jwks());
        assert_eq!(keys.jwks()["keys"][0]["crv"], "Ed25519");
    }
}
