use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::region::{RegionCode, RegionError};

/// Nomor Kartu Keluarga: the region where the KK was issued, the recording date and a serial.
/// Like every known validator, only length, digits and region are checked: the recording date
/// of old KKs does not always hold a real date.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NoKk {
    digits: [u8; 16],
    region: RegionCode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoKkError {
    #[error("Nomor KK harus terdiri dari 16 angka")]
    Format,
    #[error("Kode provinsi {0:02} pada Nomor KK tidak dikenal")]
    ProvinceUnknown(u8),
    #[error("Kode wilayah pada Nomor KK tidak sah (kabupaten/kota atau kecamatan 00)")]
    RegionInvalid,
}

impl crate::Coded for NoKkError {
    fn code(&self) -> &'static str {
        match self {
            NoKkError::Format => "NO_KK_FORMAT",
            NoKkError::ProvinceUnknown(_) => "NO_KK_PROVINCE_UNKNOWN",
            NoKkError::RegionInvalid => "NO_KK_REGION_INVALID",
        }
    }
}

impl NoKk {
    /// Parses a No. KK, ignoring spaces, dots and dashes.
    pub fn parse(input: &str) -> Result<NoKk, NoKkError> {
        let digits = super::sixteen_digits(input).ok_or(NoKkError::Format)?;
        let region_digits: &[u8; 6] = digits[..6].try_into().expect("six digits");
        let region = RegionCode::from_digits(region_digits).map_err(|e| match e {
            RegionError::UnknownProvince(p) => NoKkError::ProvinceUnknown(p),
            RegionError::ZeroCode => NoKkError::RegionInvalid,
        })?;
        Ok(NoKk { digits, region })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits).expect("ASCII digits")
    }

    pub fn region(&self) -> RegionCode {
        self.region
    }

    /// The No. KK with its recording-date digits hidden, for lists and logs.
    pub fn masked(&self) -> String {
        let s = self.as_str();
        format!("{}******{}", &s[..6], &s[12..])
    }
}

/// Ordered by their digits.
impl Ord for NoKk {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.digits.cmp(&other.digits)
    }
}

impl PartialOrd for NoKk {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for NoKk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for NoKk {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for NoKk {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        NoKk::parse(&text).map_err(|e| serde::de::Error::custom(format!("Nomor KK tersimpan: {e}")))
    }
}

impl std::str::FromStr for NoKk {
    type Err = NoKkError;

    fn from_str(s: &str) -> Result<NoKk, NoKkError> {
        NoKk::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coded;
    use proptest::prelude::*;

    #[test]
    fn parses_and_masks() {
        let kk = NoKk::parse("7306 0812 0315 0003").unwrap();
        assert_eq!(kk.as_str(), "7306081203150003");
        assert_eq!(kk.region().kecamatan().name(), Some("Somba Opu"));
        assert_eq!(kk.masked(), "730608******0003");
    }

    #[test]
    fn rejections() {
        for (input, code) in [
            ("73060812031500", "NO_KK_FORMAT"),
            ("730608120315000X", "NO_KK_FORMAT"),
            ("0006081203150003", "NO_KK_PROVINCE_UNKNOWN"),
            ("7306001203150003", "NO_KK_REGION_INVALID"),
        ] {
            assert_eq!(NoKk::parse(input).unwrap_err().code(), code, "{input}");
        }
    }

    proptest! {
        #[test]
        fn any_sixteen_digits_with_a_gowa_region_parse(kec in 1u8..=18, rest in "[0-9]{10}") {
            let s = format!("7306{kec:02}{rest}");
            let kk = NoKk::parse(&s).unwrap();
            prop_assert_eq!(kk.as_str(), s.as_str());
        }
    }
}
