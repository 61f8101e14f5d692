use adminduk_domain::ids::{Email, Phone};

/// What someone typed to log in: a user id, a NIK, a phone number or an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginName {
    Id(String),
    Nik(String),
    Phone(Phone),
    Email(Email),
}

impl LoginName {
    /// Reads any of the four forms; what is not a NIK, an e-mail address or a phone number is
    /// taken as a user id.
    pub fn parse(input: &str) -> LoginName {
        let trimmed = input.trim();
        let digits: String = trimmed.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        if digits.len() == 16 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return LoginName::Nik(digits);
        }
        if trimmed.contains('@') {
            return Email::parse(trimmed).map_or_else(|_| LoginName::Id(trimmed.to_uppercase()), LoginName::Email);
        }
        match Phone::parse(trimmed) {
            Ok(phone) => LoginName::Phone(phone),
            Err(_) => LoginName::Id(trimmed.to_uppercase()),
        }
    }

    /// The alias key with its personal part masked, for the audit log (a failed login names the
    /// account tried without storing whose NIK, phone or e-mail it was in full).
    pub fn masked(&self) -> String {
        match self {
            LoginName::Id(id) => alias_id(id),
            LoginName::Nik(nik) => alias_nik(&crate::secrets::mask_nik(nik)),
            LoginName::Phone(p) => format!("phone:{}", p.masked()),
            LoginName::Email(e) => format!("email:{}", e.masked()),
        }
    }

    /// The alias key the store indexes accounts by.
    pub fn alias(&self) -> String {
        match self {
            LoginName::Id(id) => alias_id(id),
            LoginName::Nik(nik) => alias_nik(nik),
            LoginName::Phone(p) => alias_phone(p),
            LoginName::Email(e) => alias_email(e),
        }
    }
}

pub fn alias_id(id: &str) -> String {
    format!("id:{id}")
}

pub fn alias_nik(nik: &str) -> String {
    format!("nik:{nik}")
}

pub fn alias_phone(phone: &Phone) -> String {
    format!("phone:{}", phone.e164())
}

pub fn alias_email(email: &Email) -> String {
    format!("email:{}", email.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_form() {
        assert_eq!(LoginName::parse("7306.0845.1285.0003").alias(), "nik:7306084512850003");
        assert_eq!(LoginName::parse("Andi@Gmail.com").alias(), "email:andi@gmail.com");
        assert_eq!(LoginName::parse("0812-3456-7890").alias(), "phone:+6281234567890");
        assert_eq!(LoginName::parse(" p-7k3m9qx2 ").alias(), "id:P-7K3M9QX2");
        assert_eq!(LoginName::parse("bukan@email").alias(), "id:BUKAN@EMAIL");
    }
}
