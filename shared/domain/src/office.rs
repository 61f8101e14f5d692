//! The offices officers belong to and cases sit in: Dinas Provinsi Sulawesi Selatan, a Dinas
//! kabupaten/kota, and the kecamatan and desa/kelurahan counters under it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::region::RegionCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Office {
    /// `73`: Dinas Dukcapil Provinsi.
    Provinsi(u8),
    /// `73.06`: Dinas Dukcapil Kabupaten/Kota.
    Kabupaten { province: u8, kabupaten: u8 },
    /// `73.06.08`: a kecamatan counter.
    Kecamatan(RegionCode),
    /// `73.06.08.1001`: a desa/kelurahan counter (1xxx kelurahan, 2xxx desa).
    Desa { kecamatan: RegionCode, desa: u16 },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Kode kantor {0} tidak sah (contoh: 73, 73.06, 73.06.08, 73.06.08.1001)")]
pub struct OfficeError(pub String);

impl crate::Coded for OfficeError {
    fn code(&self) -> &'static str {
        "OFFICE_INVALID"
    }
}

impl Office {
    /// Dinas Dukcapil Kabupaten Gowa.
    pub const GOWA: Office = Office::Kabupaten { province: 73, kabupaten: 6 };
    /// Dinas Dukcapil Provinsi Sulawesi Selatan.
    pub const SULSEL: Office = Office::Provinsi(73);

    pub fn parse(s: &str) -> Result<Office, OfficeError> {
        let err = || OfficeError(s.to_string());
        let parts: Vec<&str> = s.trim().split('.').collect();
        let two = |p: &str| (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u8>().unwrap());
        let region = |p: &[&str]| -> Option<RegionCode> {
            let digits: String = p.concat();
            let bytes: [u8; 6] = digits.as_bytes().try_into().ok()?;
            if !bytes.iter().all(u8::is_ascii_digit) {
                return None;
            }
            RegionCode::from_digits(&bytes).ok()
        };
        let office = match parts.as_slice() {
            [p] => Office::Provinsi(two(p).filter(|p| crate::region::province_name(*p).is_some()).ok_or_else(err)?),
            [p, k] => {
                let province = two(p).filter(|p| crate::region::province_name(*p).is_some()).ok_or_else(err)?;
                Office::Kabupaten { province, kabupaten: two(k).filter(|k| *k > 0).ok_or_else(err)? }
            }
            [p, k, c] => Office::Kecamatan(region(&[p, k, c]).ok_or_else(err)?),
            [p, k, c, d] => {
                let desa = (d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| d.parse::<u16>().unwrap())
                    .filter(|d| (1001..=2999).contains(d))
                    .ok_or_else(err)?;
                Office::Desa { kecamatan: region(&[p, k, c]).ok_or_else(err)?, desa }
            }
            _ => return Err(err()),
        };
        Ok(office)
    }

    /// The office directly above this one; `None` for a Dinas.
    pub fn parent(&self) -> Option<Office> {
        match *self {
            Office::Provinsi(_) | Office::Kabupaten { .. } => None,
            Office::Kecamatan(r) => Some(Office::Kabupaten { province: r.province, kabupaten: r.kabupaten }),
            Office::Desa { kecamatan, .. } => Some(Office::Kecamatan(kecamatan)),
        }
    }

    /// Whether officers of `self` work cases sitting at `other`: their own office and the
    /// counters under it. The province's own services are the province's only: it does not
    /// work the kabupaten's cases.
    pub fn covers(&self, other: &Office) -> bool {
        let mut at = Some(*other);
        while let Some(office) = at {
            if office == *self {
                return true;
            }
            at = office.parent();
        }
        false
    }

    /// Whether `self` oversees `other`: what it covers, and for a province Dinas every office in
    /// its province too (supervision runs "berjenjang" up to the provincial Kadis: reports,
    /// figures and the systems that send them, never the kabupaten's casework).
    pub fn oversees(&self, other: &Office) -> bool {
        match self {
            Office::Provinsi(p) => other.province() == *p,
            _ => self.covers(other),
        }
    }

    /// The province the office lies in.
    pub fn province(&self) -> u8 {
        match *self {
            Office::Provinsi(p) | Office::Kabupaten { province: p, .. } => p,
            Office::Kecamatan(r) | Office::Desa { kecamatan: r, .. } => r.province,
        }
    }

    /// The Dinas responsible for this office.
    pub fn dinas(&self) -> Office {
        let mut office = *self;
        while let Some(parent) = office.parent() {
            office = parent;
        }
        office
    }
}

impl std::fmt::Display for Office {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Office::Provinsi(p) => write!(f, "{p:02}"),
            Office::Kabupaten { province, kabupaten } => write!(f, "{province:02}.{kabupaten:02}"),
            Office::Kecamatan(r) => write!(f, "{r}"),
            Office::Desa { kecamatan, desa } => write!(f, "{kecamatan}.{desa:04}"),
        }
    }
}

impl Serialize for Office {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Office {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Office::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// An office travels as its region code, dotted.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Office {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("Kode wilayah kantor: provinsi, kabupaten/kota, kecamatan atau desa/kelurahan"))
            .pattern(Some(r"^\d{2}(\.\d{2}(\.\d{2}(\.[12]\d{3})?)?)?$"))
            .examples(["73.06"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Office {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_level() {
        for s in ["73", "73.06", "73.06.08", "73.06.08.1001", "73.06.08.2003"] {
            assert_eq!(Office::parse(s).unwrap().to_string(), s);
        }
        for bad in ["", "7", "99", "73.00", "73.06.99x", "73.06.08.0001", "73.06.08.3001", "73.06.08.1001.1"] {
            assert!(Office::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_dinas_covers_its_counters_but_not_the_other_way() {
        let desa = Office::parse("73.06.08.1001").unwrap();
        let kecamatan = Office::parse("73.06.08").unwrap();
        assert!(Office::GOWA.covers(&desa));
        assert!(Office::GOWA.covers(&kecamatan));
        assert!(kecamatan.covers(&desa));
        assert!(!desa.covers(&kecamatan));
        assert!(!Office::parse("73.06.07").unwrap().covers(&desa));
        assert!(!Office::parse("73.71").unwrap().covers(&desa), "Makassar does not work Gowa's cases");
        assert!(!Office::SULSEL.covers(&Office::GOWA), "the province works its own services only");
        assert!(Office::SULSEL.covers(&Office::SULSEL));
        assert_eq!(desa.dinas(), Office::GOWA);
    }

    #[test]
    fn the_province_oversees_every_office_in_it_and_a_kabupaten_only_its_own() {
        let desa = Office::parse("73.06.08.1001").unwrap();
        let bone = Office::parse("73.08").unwrap();
        assert!(Office::SULSEL.oversees(&Office::GOWA));
        assert!(Office::SULSEL.oversees(&desa));
        assert!(Office::SULSEL.oversees(&bone));
        assert!(!Office::SULSEL.oversees(&Office::parse("74").unwrap()), "another province");
        assert!(!Office::GOWA.oversees(&bone));
        assert!(!Office::GOWA.oversees(&Office::SULSEL));
        assert!(Office::GOWA.oversees(&desa));
    }
}
