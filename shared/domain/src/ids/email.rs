use std::str::FromStr;

use email_address::EmailAddress;
use serde::{Serialize, Serializer};

/// An e-mail address a message can be delivered to, lower-cased so that it works as a login
/// alias regardless of how it was typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Alamat email tidak sah")]
    Invalid,
}

impl crate::Coded for EmailError {
    fn code(&self) -> &'static str {
        "EMAIL_INVALID"
    }
}

impl Email {
    /// Accepts a plain address (`nama@domain.tld`): no display name, no IP-literal domain, and a
    /// domain with at least one dot.
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let s = input.trim();
        let parsed = EmailAddress::from_str(s).map_err(|_| EmailError::Invalid)?;
        let domain = parsed.domain();
        let plain = parsed.email() == s
            && !domain.starts_with('[')
            && domain.contains('.')
            && !domain.ends_with('.')
            && !parsed.local_part().starts_with('"');
        plain.then(|| Email(s.to_lowercase())).ok_or(EmailError::Invalid)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For lists and logs: the first letter of the local part and the domain.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').expect("validated address");
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Email {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_and_lowercases() {
        let e = Email::parse("  Andi.Wijaya@Gmail.com ").unwrap();
        assert_eq!(e.as_str(), "andi.wijaya@gmail.com");
        assert_eq!(e.masked(), "a***@gmail.com");
        assert!(Email::parse("operator+desa@gowakab.go.id").is_ok());
    }

    #[test]
    fn rejects_what_cannot_be_delivered_to() {
        for input in [
            "",
            "andi",
            "andi@",
            "@gmail.com",
            "andi@localhost",
            "andi@[127.0.0.1]",
            "Andi <andi@gmail.com>",
            "andi@@gmail.com",
            "an di@gmail.com",
            "andi@gmail.com.",
        ] {
            assert_eq!(Email::parse(input), Err(EmailError::Invalid), "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn simple_addresses_round_trip(local in "[a-z][a-z0-9._]{0,20}[a-z0-9]", domain in "[a-z]{2,12}\\.(go\\.id|com|id|co\\.id)") {
            let s = format!("{local}@{domain}");
            prop_assume!(!s.contains(".."));
            let e = Email::parse(&s).unwrap();
            prop_assert_eq!(e.as_str(), s.as_str());
        }
    }
}
