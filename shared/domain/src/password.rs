//! The minimum password policy: long enough to resist guessing, not a number, not a common
//! password and not the holder's own identifiers. Length matters more than composition.

/// Most of the guessed passwords in Indonesian leaks; refused whatever their length.
const COMMON: &[&str] = &[
    "1234567890",
    "12345678910",
    "qwertyuiop",
    "password123",
    "passwordku",
    "bismillah123",
    "indonesia123",
    "sayangku123",
    "katasandi123",
    "gowa123456",
    "makassar123",
    "adminadmin",
];

pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Kata sandi minimal {MIN_CHARS} karakter")]
    TooShort,
    #[error("Kata sandi paling banyak {MAX_CHARS} karakter")]
    TooLong,
    #[error("Kata sandi tidak boleh hanya angka")]
    OnlyDigits,
    #[error("Kata sandi terlalu umum; pilih yang lebih sulit ditebak")]
    Common,
    #[error("Kata sandi tidak boleh memuat NIK, nomor telepon atau email Anda")]
    Personal,
}

impl crate::Coded for PasswordError {
    fn code(&self) -> &'static str {
        "PASSWORD_WEAK"
    }
}

/// Checks `password` against the policy; `personal` holds the holder's own identifiers (NIK,
/// phone digits, e-mail local part), none of which may appear in it.
pub fn check(password: &str, personal: &[&str]) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordError::TooLong);
    }
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Err(PasswordError::OnlyDigits);
    }
    let lower = password.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return Err(PasswordError::Common);
    }
    if personal.iter().filter(|p| p.chars().count() >= 4).any(|p| lower.contains(&p.to_lowercase())) {
        return Err(PasswordError::Personal);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy() {
        let me = ["7306084512850003", "81234567890", "andi"];
        assert_eq!(check("Sungguminasa-2026", &me), Ok(()));
        assert_eq!(check("pendek", &me), Err(PasswordError::TooShort));
        assert_eq!(check(&"a".repeat(129), &me), Err(PasswordError::TooLong));
        assert_eq!(check("12345678901234", &me), Err(PasswordError::OnlyDigits));
        assert_eq!(check("Bismillah123", &me), Err(PasswordError::Common));
        assert_eq!(check("x7306084512850003x", &me), Err(PasswordError::Personal));
        assert_eq!(check("AndiGowa2026!", &me), Err(PasswordError::Personal));
        assert_eq!(check("kata sandi yang panjang sekali", &[]), Ok(()));
    }
}
