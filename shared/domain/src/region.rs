//! Region codes of the Kepmendagri (2025 edition) that NIK and No. KK carry: every province, the
//! 24 kabupaten/kota of Sulawesi Selatan and the 18 kecamatan of Kabupaten Gowa. Regions are
//! split over time, so only an unknown province is fatal; unknown kabupaten and kecamatan codes
//! are reported where this table is complete for the parent region.

use serde::Serialize;

/// Sulawesi Selatan.
pub const SULSEL: u8 = 73;
/// Kabupaten Gowa within Sulawesi Selatan.
pub const GOWA: u8 = 6;

const PROVINCES: &[(u8, &str)] = &[
    (11, "Aceh"),
    (12, "Sumatera Utara"),
    (13, "Sumatera Barat"),
    (14, "Riau"),
    (15, "Jambi"),
    (16, "Sumatera Selatan"),
    (17, "Bengkulu"),
    (18, "Lampung"),
    (19, "Kepulauan Bangka Belitung"),
    (21, "Kepulauan Riau"),
    (31, "DKI Jakarta"),
    (32, "Jawa Barat"),
    (33, "Jawa Tengah"),
    (34, "Daerah Istimewa Yogyakarta"),
    (35, "Jawa Timur"),
    (36, "Banten"),
    (51, "Bali"),
    (52, "Nusa Tenggara Barat"),
    (53, "Nusa Tenggara Timur"),
    (61, "Kalimantan Barat"),
    (62, "Kalimantan Tengah"),
    (63, "Kalimantan Selatan"),
    (64, "Kalimantan Timur"),
    (65, "Kalimantan Utara"),
    (71, "Sulawesi Utara"),
    (72, "Sulawesi Tengah"),
    (73, "Sulawesi Selatan"),
    (74, "Sulawesi Tenggara"),
    (75, "Gorontalo"),
    (76, "Sulawesi Barat"),
    (81, "Maluku"),
    (82, "Maluku Utara"),
    (91, "Papua"),
    (92, "Papua Barat"),
    (93, "Papua Selatan"),
    (94, "Papua Tengah"),
    (95, "Papua Pegunungan"),
    (96, "Papua Barat Daya"),
];

const SULSEL_KABUPATEN: &[(u8, &str)] = &[
    (1, "Kabupaten Kepulauan Selayar"),
    (2, "Kabupaten Bulukumba"),
    (3, "Kabupaten Bantaeng"),
    (4, "Kabupaten Jeneponto"),
    (5, "Kabupaten Takalar"),
    (6, "Kabupaten Gowa"),
    (7, "Kabupaten Sinjai"),
    (8, "Kabupaten Bone"),
    (9, "Kabupaten Maros"),
    (10, "Kabupaten Pangkajene dan Kepulauan"),
    (11, "Kabupaten Barru"),
    (12, "Kabupaten Soppeng"),
    (13, "Kabupaten Wajo"),
    (14, "Kabupaten Sidenreng Rappang"),
    (15, "Kabupaten Pinrang"),
    (16, "Kabupaten Enrekang"),
    (17, "Kabupaten Luwu"),
    (18, "Kabupaten Tana Toraja"),
    (22, "Kabupaten Luwu Utara"),
    (25, "Kabupaten Luwu Timur"),
    (26, "Kabupaten Toraja Utara"),
    (71, "Kota Makassar"),
    (72, "Kota Parepare"),
    (73, "Kota Palopo"),
];

const GOWA_KECAMATAN: &[(u8, &str)] = &[
    (1, "Bontonompo"),
    (2, "Bajeng"),
    (3, "Tompobulu"),
    (4, "Tinggimoncong"),
    (5, "Parangloe"),
    (6, "Bontomarannu"),
    (7, "Pallangga"),
    (8, "Somba Opu"),
    (9, "Bungaya"),
    (10, "Tombolopao"),
    (11, "Biringbulu"),
    (12, "Barombong"),
    (13, "Pattallasang"),
    (14, "Manuju"),
    (15, "Bontolempangang"),
    (16, "Bontonompo Selatan"),
    (17, "Parigi"),
    (18, "Bajeng Barat"),
];

fn find(table: &[(u8, &'static str)], code: u8) -> Option<&'static str> {
    table.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

pub fn province_name(province: u8) -> Option<&'static str> {
    find(PROVINCES, province)
}

/// `Known(None)` means the code may exist but this table does not list the province's
/// kabupaten; `Unknown` means the table is complete for the province and lacks the code.
pub fn kabupaten_name(province: u8, kabupaten: u8) -> Lookup {
    match province {
        SULSEL => Lookup::from(find(SULSEL_KABUPATEN, kabupaten)),
        _ => Lookup::NotListed,
    }
}

pub fn kecamatan_name(province: u8, kabupaten: u8, kecamatan: u8) -> Lookup {
    match (province, kabupaten) {
        (SULSEL, GOWA) => Lookup::from(find(GOWA_KECAMATAN, kecamatan)),
        _ => Lookup::NotListed,
    }
}

/// Every kabupaten/kota of Sulawesi Selatan, by code.
pub fn sulsel_kabupaten() -> &'static [(u8, &'static str)] {
    SULSEL_KABUPATEN
}

/// Every kecamatan of Kabupaten Gowa, by code.
pub fn gowa_kecamatan() -> &'static [(u8, &'static str)] {
    GOWA_KECAMATAN
}

/// The result of looking a sub-region up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Found(&'static str),
    /// The table is complete for the parent region and does not have this code.
    Unknown,
    /// The table does not list this parent's sub-regions.
    NotListed,
}

impl From<Option<&'static str>> for Lookup {
    fn from(name: Option<&'static str>) -> Self {
        name.map_or(Lookup::Unknown, Lookup::Found)
    }
}

impl Lookup {
    pub fn name(self) -> Option<&'static str> {
        match self {
            Lookup::Found(n) => Some(n),
            _ => None,
        }
    }
}

/// A kecamatan-level region code `PP.KK.CC` as NIK and No. KK carry it. The province is always
/// known; the kabupaten and kecamatan codes are never 00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode {
    pub province: u8,
    pub kabupaten: u8,
    pub kecamatan: u8,
}

/// Why six digits are not a region code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    #[error("Kode provinsi {0:02} tidak dikenal")]
    UnknownProvince(u8),
    #[error("Kode kabupaten/kota atau kecamatan tidak boleh 00")]
    ZeroCode,
}

impl crate::Coded for RegionError {
    fn code(&self) -> &'static str {
        match self {
            RegionError::UnknownProvince(_) => "REGION_PROVINCE_UNKNOWN",
            RegionError::ZeroCode => "REGION_CODE_INVALID",
        }
    }
}

/// A sub-region code this table should have known but does not: a warning, not a rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RegionWarning {
    KabupatenUnknown,
    KecamatanUnknown,
}

impl RegionCode {
    /// Reads `PPKKCC` from six ASCII digits.
    pub fn from_digits(digits: &[u8; 6]) -> Result<Self, RegionError> {
        let two = |i: usize| (digits[i] - b'0') * 10 + (digits[i + 1] - b'0');
        let (province, kabupaten, kecamatan) = (two(0), two(2), two(4));
        if province_name(province).is_none() {
            return Err(RegionError::UnknownProvince(province));
        }
        if kabupaten == 0 || kecamatan == 0 {
            return Err(RegionError::ZeroCode);
        }
        Ok(RegionCode { province, kabupaten, kecamatan })
    }

    pub fn province_name(&self) -> &'static str {
        province_name(self.province).expect("province checked at construction")
    }

    pub fn kabupaten(&self) -> Lookup {
        kabupaten_name(self.province, self.kabupaten)
    }

    pub fn kecamatan(&self) -> Lookup {
        kecamatan_name(self.province, self.kabupaten, self.kecamatan)
    }

    pub fn warnings(&self) -> Vec<RegionWarning> {
        let mut out = Vec::new();
        if self.kabupaten() == Lookup::Unknown {
            out.push(RegionWarning::KabupatenUnknown);
        }
        if self.kecamatan() == Lookup::Unknown {
            out.push(RegionWarning::KecamatanUnknown);
        }
        out
    }

    pub fn is_gowa(&self) -> bool {
        self.province == SULSEL && self.kabupaten == GOWA
    }
}

impl std::fmt::Display for RegionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}.{:02}.{:02}", self.province, self.kabupaten, self.kecamatan)
    }
}

impl Serialize for RegionCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            code: String,
            province_code: u8,
            province: &'a str,
            kabupaten_code: u8,
            kabupaten: Option<&'a str>,
            kecamatan_code: u8,
            kecamatan: Option<&'a str>,
        }
        View {
            code: self.to_string(),
            province_code: self.province,
            province: self.province_name(),
            kabupaten_code: self.kabupaten,
            kabupaten: self.kabupaten().name(),
            kecamatan_code: self.kecamatan,
            kecamatan: self.kecamatan().name(),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_the_documented_sizes() {
        assert_eq!(PROVINCES.len(), 38);
        assert_eq!(SULSEL_KABUPATEN.len(), 24);
        assert_eq!(GOWA_KECAMATAN.len(), 18);
        for table in [PROVINCES, SULSEL_KABUPATEN, GOWA_KECAMATAN] {
            let mut codes: Vec<_> = table.iter().map(|(c, _)| c).collect();
            codes.dedup();
            assert_eq!(codes.len(), table.len(), "codes sorted and unique");
        }
    }

    #[test]
    fn reads_gowa_somba_opu() {
        let r = RegionCode::from_digits(b"730608").unwrap();
        assert_eq!(r.province_name(), "Sulawesi Selatan");
        assert_eq!(r.kabupaten().name(), Some("Kabupaten Gowa"));
        assert_eq!(r.kecamatan().name(), Some("Somba Opu"));
        assert!(r.is_gowa());
        assert!(r.warnings().is_empty());
        assert_eq!(r.to_string(), "73.06.08");
    }

    #[test]
    fn unknown_subregions_warn_only_where_the_table_is_complete() {
        let r = RegionCode::from_digits(b"730699").unwrap();
        assert_eq!(r.warnings(), [RegionWarning::KecamatanUnknown]);
        let r = RegionCode::from_digits(b"734001").unwrap();
        assert_eq!(r.warnings(), [RegionWarning::KabupatenUnknown]);
        let r = RegionCode::from_digits(b"317101").unwrap();
        assert_eq!(r.kabupaten(), Lookup::NotListed);
        assert!(r.warnings().is_empty());
    }

    #[test]
    fn rejects_unknown_province_and_zero_codes() {
        assert_eq!(RegionCode::from_digits(b"990101"), Err(RegionError::UnknownProvince(99)));
        assert_eq!(RegionCode::from_digits(b"200101"), Err(RegionError::UnknownProvince(20)));
        assert_eq!(RegionCode::from_digits(b"730001"), Err(RegionError::ZeroCode));
        assert_eq!(RegionCode::from_digits(b"730600"), Err(RegionError::ZeroCode));
    }
}
