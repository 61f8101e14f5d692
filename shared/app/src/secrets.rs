//! Password hashes, one-time codes, opaque tokens and identifiers.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Argon2id with the configured cost.
pub struct PasswordHasher {
    argon2: Argon2<'static>,
    /// A hash of nothing, verified when the account is unknown so both answers take as long;
    /// made on first use, not when a function starts (one hash is most of a cold start).
    dummy: std::sync::OnceLock<String>,
}

impl PasswordHasher {
    pub fn new(memory_kib: u32, passes: u32) -> PasswordHasher {
        let params = Params::new(memory_kib, passes, 1, None).expect("valid Argon2 parameters");
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        PasswordHasher { argon2, dummy: std::sync::OnceLock::new() }
    }

    pub fn hash(&self, password: &str) -> String {
        hash_with(&self.argon2, password)
    }

    pub fn verify(&self, password: &str, hash: &str) -> bool {
        PasswordHash::new(hash).is_ok_and(|h| self.argon2.verify_password(password.as_bytes(), &h).is_ok())
    }

    /// Spends the time of one verification without an account behind it.
    pub fn verify_nothing(&self, password: &str) {
        let dummy = self.dummy.get_or_init(|| hash_with(&self.argon2, "tidak ada akun seperti ini"));
        let _ = self.verify(password, dummy);
    }
}

fn hash_with(argon2: &Argon2<'_>, password: &str) -> String {
    let hash: PasswordHash = argon2.hash_password(password.as_bytes()).expect("hashing cannot fail with valid params");
    hash.to_string()
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("system randomness");
    bytes
}

/// Six decimal digits, uniformly drawn.
pub fn random_code() -> String {
    loop {
        let n = u32::from_le_bytes(random_bytes());
        // Reject the top sliver so every code is equally likely.
        if n < u32::MAX - u32::MAX % 1_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// 256 bits, URL-safe: refresh tokens and client secrets.
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// A short identifier people can read out and type: `prefix` and eight characters of
/// Crockford base32 (no I, L, O, U).
pub fn random_id(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bytes: [u8; 8] = random_bytes();
    let tail: String = bytes.iter().map(|b| ALPHABET[usize::from(b % 32)] as char).collect();
    format!("{prefix}{tail}")
}

/// Hex SHA-256, for storing tokens and codes that must be compared, never read back.
pub fn sha256_hex(s: &str) -> String {
    hex(&sha256(s))
}

pub fn sha256(s: &str) -> [u8; 32] {
    Sha256::digest(s.as_bytes()).into()
}

/// Lowercase hexadecimal, as checksums are declared and stored.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// A file's SHA-256 as a client declares it (an upload, a verification batch): 64 hexadecimal
/// digits, kept in lowercase.
pub fn declared_sha256(text: &str) -> Result<String, crate::error::AppError> {
    let sha256 = text.to_ascii_lowercase();
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(crate::error::AppError::Unprocessable {
            code: "CHECKSUM_INVALID",
            message: "SHA-256 harus 64 digit heksadesimal".into(),
        });
    }
    Ok(sha256)
}

/// Whether two secrets are equal, in a time that does not tell where they differ.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A NIK as logs and audit entries show it: the birth date hidden.
pub fn mask_nik(nik: &str) -> String {
    if nik.len() == 16 && nik.is_ascii() { format!("{}******{}", &nik[..6], &nik[12..]) } else { "****".into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let h = PasswordHasher::new(1024, 1);
        let a = h.hash("Sungguminasa-2026");
        assert!(a.starts_with("$argon2id$"));
        assert!(h.verify("Sungguminasa-2026", &a));
        assert!(!h.verify("sungguminasa-2026", &a));
        assert_ne!(a, h.hash("Sungguminasa-2026"), "salted");
        assert!(!h.verify("x", "bukan hash"));
    }

    #[test]
    fn codes_tokens_and_ids() {
        let code = random_code();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(random_token().len(), 43);
        let id = random_id("P-");
        assert_eq!(id.len(), 10);
        assert!(!id[2..].contains(['I', 'L', 'O', 'U']));
        // FIPS 180-2's example.
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(mask_nik("7306084512850003"), "730608******0003");
        assert_eq!(mask_nik("123"), "****");
    }
}
