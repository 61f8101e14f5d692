use serde::{Serialize, Serializer};

/// An Indonesian mobile number that can receive SMS, held in E.164 form (`+628…`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("Nomor telepon hanya boleh berisi angka, spasi, tanda hubung dan + di depan")]
    Format,
    #[error("Nomor telepon harus nomor Indonesia (+62)")]
    NotIndonesian,
    #[error("Nomor telepon harus nomor seluler (diawali 08) yang dapat menerima SMS")]
    NotMobile,
    #[error("Panjang nomor telepon tidak sah")]
    Length,
}

impl crate::Coded for PhoneError {
    fn code(&self) -> &'static str {
        match self {
            PhoneError::Format => "PHONE_FORMAT",
            PhoneError::NotIndonesian => "PHONE_NOT_INDONESIAN",
            PhoneError::NotMobile => "PHONE_NOT_MOBILE",
            PhoneError::Length => "PHONE_LENGTH",
        }
    }
}

/// Digits after the country code: 8 and then 8 to 11 more (0812-345-678 to 0812-3456-78901).
const NATIONAL_LENGTH: std::ops::RangeInclusive<usize> = 9..=12;

impl Phone {
    /// Accepts `08…`, `628…`, `+628…` and `00628…`, with spaces, dots, dashes or parentheses.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let s: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')' | '\t')).collect();
        let (international, digits) = match (s.strip_prefix('+'), s.strip_prefix("00")) {
            (Some(rest), _) | (None, Some(rest)) => (true, rest),
            (None, None) => (false, s.as_str()),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::Format);
        }
        let national = if international {
            digits.strip_prefix("62").ok_or(PhoneError::NotIndonesian)?
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest
        } else if let Some(rest) = digits.strip_prefix("62").filter(|r| r.starts_with('8')) {
            rest
        } else {
            digits
        };
        if !national.starts_with('8') {
            return Err(PhoneError::NotMobile);
        }
        if !NATIONAL_LENGTH.contains(&national.len()) {
            return Err(PhoneError::Length);
        }
        Ok(Phone(format!("+62{national}")))
    }

    /// E.164, e.g. `+6281234567890`.
    pub fn e164(&self) -> &str {
        &self.0
    }

    /// The form people write: `0812…`.
    pub fn local(&self) -> String {
        format!("0{}", &self.0[3..])
    }

    /// For lists and logs: the last four digits only.
    pub fn masked(&self) -> String {
        let local = self.local();
        format!("{}{}", "*".repeat(local.len() - 4), &local[local.len() - 4..])
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Phone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coded;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_usual_forms() {
        for input in [
            "081234567890",
            "0812-3456-7890",
            "62 812 3456 7890",
            "+62 812-3456-7890",
            "(0812) 3456 7890",
            "0062812 34567890",
        ] {
            assert_eq!(Phone::parse(input).unwrap().e164(), "+6281234567890", "{input}");
        }
        let p = Phone::parse("0812 3456 7890").unwrap();
        assert_eq!(p.local(), "081234567890");
        assert_eq!(p.masked(), "********7890");
    }

    #[test]
    fn rejections() {
        for (input, code) in [
            ("", "PHONE_FORMAT"),
            ("0812abc", "PHONE_FORMAT"),
            ("+1 415 555 0100", "PHONE_NOT_INDONESIAN"),
            ("+6 0812", "PHONE_NOT_INDONESIAN"),
            ("0411 123456", "PHONE_NOT_MOBILE"),
            ("+62 21 5551234", "PHONE_NOT_MOBILE"),
            ("0812345", "PHONE_LENGTH"),
            ("0812 3456 7890 123", "PHONE_LENGTH"),
        ] {
            assert_eq!(Phone::parse(input).unwrap_err().code(), code, "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn every_written_form_normalises_to_the_same_number(rest in "[0-9]{8,11}", form in 0usize..4) {
            let local = format!("08{rest}");
            let written = match form {
                0 => local.clone(),
                1 => format!("62{}", &local[1..]),
                2 => format!("+62 {}-{}", &local[1..4], &local[4..]),
                _ => format!("{} {}", &local[..4], &local[4..]),
            };
            let p = Phone::parse(&written).unwrap();
            prop_assert_eq!(p.local(), local);
            prop_assert_eq!(Phone::parse(p.e164()).unwrap(), p.clone());
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = Phone::parse(&s);
        }
    }
}
