//! Secrets the service must read back, sealed at rest: a system's webhook secret signs every
//! delivery, so it cannot be hashed like a password, and a copy of the table (a backup, an export)
//! must not hand it out. Each value is sealed with the installation's data key (AES-256-GCM, a
//! random nonce per value) and bound to where it belongs (the client it is the secret of), so a
//! sealed value copied into another record does not open. The data key lives apart from the
//! table: in Secrets Manager when deployed (`ADMINDUK_DATA_KEY_SECRET`), in `data/data-key`
//! locally.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

/// How a sealed value begins (the version of the scheme).
const SEALED: &str = "sealed:v1:";

/// The installation's data key, or none where nothing is sealed or opened.
pub struct DataKey(Option<LessSafeKey>);

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("no data key is configured (ADMINDUK_DATA_KEY_SECRET, data/data-key)")]
    NoKey,
    #[error("the sealed value does not open with this data key")]
    Unopenable,
}

impl DataKey {
    /// A new key, as the text `from_text` reads (the base64 of 32 random bytes).
    pub fn new_text() -> String {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("system randomness");
        STANDARD.encode(key)
    }

    pub fn from_text(text: &str) -> Result<DataKey, String> {
        let bytes = STANDARD.decode(text.trim()).map_err(|e| format!("kunci data bukan base64: {e}"))?;
        let key = UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| "kunci data harus 32 bita".to_string())?;
        Ok(DataKey(Some(LessSafeKey::new(key))))
    }

    /// A key of this process only (tests).
    pub fn generate() -> DataKey {
        DataKey::from_text(&DataKey::new_text()).expect("a fresh key is valid")
    }

    /// No key: sealing and opening fail, and say why.
    pub fn none() -> DataKey {
        DataKey(None)
    }

    /// `clear` sealed for `context` (the record it belongs to).
    pub fn seal(&self, clear: &str, context: &str) -> Result<String, SealError> {
        let key = self.0.as_ref().ok_or(SealError::NoKey)?;
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("system randomness");
        let mut sealed = clear.as_bytes().to_vec();
        key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(context), &mut sealed)
            .map_err(|_| SealError::Unopenable)?;
        Ok(format!("{SEALED}{}", URL_SAFE_NO_PAD.encode([&nonce[..], &sealed].concat())))
    }

    /// The clear text of a value `seal` made for `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<String, SealError> {
        let key = self.0.as_ref().ok_or(SealError::NoKey)?;
        let bytes = sealed.strip_prefix(SEALED).and_then(|b| URL_SAFE_NO_PAD.decode(b).ok());
        let bytes = bytes.filter(|b| b.len() > NONCE_LEN).ok_or(SealError::Unopenable)?;
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SealError::Unopenable)?;
        let mut buffer = sealed.to_vec();
        let clear = key.open_in_place(nonce, Aad::from(context), &mut buffer).map_err(|_| SealError::Unopenable)?;
        String::from_utf8(clear.to_vec()).map_err(|_| SealError::Unopenable)
    }
}

#[cfg(test)]
mod tests {
    use super::{DataKey, SealError};

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_for_its_record() {
        let key = DataKey::generate();
        let sealed = key.seal("whsec_rahasia", "webhook:C-1").unwrap();
        assert!(sealed.starts_with("sealed:v1:") && !sealed.contains("rahasia"), "{sealed}");
        assert_ne!(sealed, key.seal("whsec_rahasia", "webhook:C-1").unwrap(), "a fresh nonce each time");
        assert_eq!(key.open(&sealed, "webhook:C-1").unwrap(), "whsec_rahasia");
        assert!(matches!(key.open(&sealed, "webhook:C-2"), Err(SealError::Unopenable)), "another record's");
        assert!(matches!(DataKey::generate().open(&sealed, "webhook:C-1"), Err(SealError::Unopenable)));
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert!(key.open(&String::from_utf8(tampered).unwrap(), "webhook:C-1").is_err());
        assert!(key.open("whsec_rahasia", "webhook:C-1").is_err(), "a clear value is not a sealed one");
        assert!(matches!(DataKey::none().seal("x", "y"), Err(SealError::NoKey)));
        let again = DataKey::from_text(&DataKey::new_text()).unwrap();
        assert!(again.seal("x", "y").is_ok());
        assert!(DataKey::from_text("c2hvcnQ=").is_err(), "32 bytes or nothing");
    }
}
