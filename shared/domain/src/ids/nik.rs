use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::codes::Sex;
use crate::region::{RegionCode, RegionError, RegionWarning};

/// Nomor Induk Kependudukan: `PP KK CC DDMMYY SSSS`.
///
/// The region is where the NIK was first registered, the date is the birth date (+40 on the day
/// for women), and the serial is 0001 or more. There is no check digit. The year has two digits,
/// so the birth date a NIK tells depends on the day it is read ([`Nik::birth_date`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nik {
    digits: [u8; 16],
    region: RegionCode,
    sex: Sex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("NIK harus terdiri dari 16 angka")]
    Format,
    #[error("Kode provinsi {0:02} pada NIK tidak dikenal")]
    ProvinceUnknown(u8),
    #[error("Kode wilayah pada NIK tidak sah (kabupaten/kota atau kecamatan 00)")]
    RegionInvalid,
    #[error("Tanggal lahir pada NIK tidak sah")]
    BirthDateInvalid,
    #[error("Nomor urut pada NIK tidak boleh 0000")]
    SerialInvalid,
}

impl crate::Coded for NikError {
    fn code(&self) -> &'static str {
        match self {
            NikError::Format => "NIK_FORMAT",
            NikError::ProvinceUnknown(_) => "NIK_PROVINCE_UNKNOWN",
            NikError::RegionInvalid => "NIK_REGION_INVALID",
            NikError::BirthDateInvalid => "NIK_BIRTH_DATE_INVALID",
            NikError::SerialInvalid => "NIK_SERIAL_INVALID",
        }
    }
}

/// Something worth a look that does not make a NIK invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NikWarning {
    /// Regions split over time: a kabupaten code missing from a complete table is only a warning.
    KabupatenUnknown,
    KecamatanUnknown,
    /// A NIK never changes when a birth date is corrected, so the register may differ.
    BirthDateMismatch {
        recorded: NaiveDate,
    },
}

impl NikWarning {
    pub fn code(&self) -> &'static str {
        match self {
            NikWarning::KabupatenUnknown => "NIK_KABUPATEN_UNKNOWN",
            NikWarning::KecamatanUnknown => "NIK_KECAMATAN_UNKNOWN",
            NikWarning::BirthDateMismatch { .. } => "NIK_BIRTH_DATE_MISMATCH",
        }
    }

    pub fn message(&self) -> String {
        match self {
            NikWarning::KabupatenUnknown => "Kode kabupaten/kota pada NIK tidak ada dalam daftar wilayah".into(),
            NikWarning::KecamatanUnknown => "Kode kecamatan pada NIK tidak ada dalam daftar wilayah".into(),
            NikWarning::BirthDateMismatch { recorded } => format!(
                "Tanggal lahir pada NIK berbeda dengan tanggal lahir tercatat ({})",
                recorded.format("%d-%m-%Y")
            ),
        }
    }
}

impl Serialize for NikWarning {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View {
            code: &'static str,
            message: String,
        }
        View { code: self.code(), message: self.message() }.serialize(s)
    }
}

/// Women's NIKs carry the day of birth plus 40.
const DAY_OFFSET_WOMEN: u32 = 40;

impl Nik {
    /// Parses a NIK, ignoring spaces, dots and dashes. The birth date must be a real date on or
    /// before `reference` (today) in one of the last three centuries.
    pub fn parse(input: &str, reference: NaiveDate) -> Result<Nik, NikError> {
        let nik = Nik::read(input)?;
        let (yy, month, day) = nik.date_digits();
        resolve_century(yy, month, day, reference)?;
        Ok(nik)
    }

    /// Reads a NIK recorded earlier (parsed when it was recorded): its date need only be real in
    /// some century, since the day it was recorded is not known here.
    fn read(input: &str) -> Result<Nik, NikError> {
        let digits = super::sixteen_digits(input).ok_or(NikError::Format)?;
        let region_digits: &[u8; 6] = digits[..6].try_into().expect("six digits");
        let region = RegionCode::from_digits(region_digits).map_err(|e| match e {
            RegionError::UnknownProvince(p) => NikError::ProvinceUnknown(p),
            RegionError::ZeroCode => NikError::RegionInvalid,
        })?;
        if &digits[12..] == b"0000" {
            return Err(NikError::SerialInvalid);
        }
        let sex = match (digits[6] - b'0') * 10 + (digits[7] - b'0') {
            1..=31 => Sex::LakiLaki,
            41..=71 => Sex::Perempuan,
            _ => return Err(NikError::BirthDateInvalid),
        };
        let nik = Nik { digits, region, sex };
        nik.in_some_century().ok_or(NikError::BirthDateInvalid)?;
        Ok(nik)
    }

    /// The birth date in the 1900s, or else the 2000s: every date but 29 February recurs each
    /// century, and 2000 was a leap year, so a date real in neither is real in no century.
    fn in_some_century(&self) -> Option<NaiveDate> {
        let (yy, month, day) = self.date_digits();
        NaiveDate::from_ymd_opt(1900 + yy, month, day).or(NaiveDate::from_ymd_opt(2000 + yy, month, day))
    }

    /// Two-digit year, month and day of birth.
    fn date_digits(&self) -> (i32, u32, u32) {
        let num = |range: std::ops::Range<usize>| {
            self.digits[range].iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
        };
        let day = num(6..8);
        let day = if self.sex == Sex::Perempuan { day - DAY_OFFSET_WOMEN } else { day };
        (i32::try_from(num(10..12)).expect("two digits"), num(8..10), day)
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits).expect("ASCII digits")
    }

    /// The NIK with its birth-date digits hidden, for lists and logs: `730608******0001`.
    pub fn masked(&self) -> String {
        let s = self.as_str();
        format!("{}******{}", &s[..6], &s[12..])
    }

    pub fn region(&self) -> RegionCode {
        self.region
    }

    /// The birth date as read on `reference` (today): the latest century that puts it on or
    /// before that day.
    pub fn birth_date(&self, reference: NaiveDate) -> NaiveDate {
        let (yy, month, day) = self.date_digits();
        resolve_century(yy, month, day, reference)
            // Only a reference before the NIK was recorded gets here.
            .unwrap_or_else(|_| self.in_some_century().expect("read checks the date"))
    }

    pub fn sex(&self) -> Sex {
        self.sex
    }

    pub fn serial(&self) -> u16 {
        self.as_str()[12..].parse().expect("four digits")
    }

    /// Warnings that need no other data.
    pub fn warnings(&self) -> Vec<NikWarning> {
        self.region
            .warnings()
            .into_iter()
            .map(|w| match w {
                RegionWarning::KabupatenUnknown => NikWarning::KabupatenUnknown,
                RegionWarning::KecamatanUnknown => NikWarning::KecamatanUnknown,
            })
            .collect()
    }

    /// Compares the encoded birth date with the one the register holds. Only day and month are
    /// compared when the year differs by whole centuries, since the encoded year is two digits.
    pub fn check_birth_date(&self, recorded: NaiveDate) -> Option<NikWarning> {
        let (yy, month, day) = self.date_digits();
        let same = recorded.day() == day && recorded.month() == month && recorded.year().rem_euclid(100) == yy;
        (!same).then_some(NikWarning::BirthDateMismatch { recorded })
    }
}

/// Picks the latest century in which `DD-MM-YY` is a real date on or before `reference`.
fn resolve_century(yy: i32, month: u32, day: u32, reference: NaiveDate) -> Result<NaiveDate, NikError> {
    let mut century = reference.year() / 100 * 100;
    // Three centuries cover every living person and every leap-day edge (1900 is not leap).
    for _ in 0..3 {
        if let Some(date) = NaiveDate::from_ymd_opt(century + yy, month, day) {
            if date <= reference {
                return Ok(date);
            }
        }
        century -= 100;
    }
    Err(NikError::BirthDateInvalid)
}

/// Ordered by their digits.
impl Ord for Nik {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.digits.cmp(&other.digits)
    }
}

impl PartialOrd for Nik {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Nik {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Nik {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A recorded NIK, checked as [`Nik::read`] does.
impl<'de> Deserialize<'de> for Nik {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Nik::read(&text).map_err(|e| serde::de::Error::custom(format!("NIK tersimpan: {e}")))
    }
}

impl std::str::FromStr for Nik {
    type Err = NikError;

    /// A recorded NIK (see [`Nik::read`]); input from people goes through [`Nik::parse`].
    fn from_str(s: &str) -> Result<Nik, NikError> {
        Nik::read(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coded;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const REF: fn() -> NaiveDate = || d(2026, 11, 23);

    #[test]
    fn parses_a_man_from_somba_opu() {
        let nik = Nik::parse("7306081203850001", REF()).unwrap();
        assert_eq!(nik.birth_date(REF()), d(1985, 3, 12));
        assert_eq!(nik.sex(), Sex::LakiLaki);
        assert_eq!(nik.region().kecamatan().name(), Some("Somba Opu"));
        assert_eq!(nik.serial(), 1);
        assert_eq!(nik.masked(), "730608******0001");
        assert!(nik.warnings().is_empty());
    }

    #[test]
    fn women_have_forty_added_to_the_day() {
        let nik = Nik::parse("7306015107100002", REF()).unwrap();
        assert_eq!(nik.sex(), Sex::Perempuan);
        assert_eq!(nik.birth_date(REF()), d(2010, 7, 11));
    }

    #[test]
    fn separators_are_ignored() {
        let a = Nik::parse("73.06.08 120385-0001", REF()).unwrap();
        assert_eq!(a.as_str(), "7306081203850001");
    }

    #[test]
    fn century_follows_the_reference_date() {
        // Born 1 Dec: in 2026-11 a "26" cannot be this year, so it is 1926.
        assert_eq!(Nik::parse("7306080112260001", REF()).unwrap().birth_date(REF()), d(1926, 12, 1));
        assert_eq!(Nik::parse("7306080111260001", REF()).unwrap().birth_date(REF()), d(2026, 11, 1));
        // A newborn on the reference day itself.
        assert_eq!(Nik::parse("7306082311260001", REF()).unwrap().birth_date(REF()), d(2026, 11, 23));
        // 29 Feb 00 is 2000 (leap); "29 Feb 00" seen from 2099 falls back to 2000, not 1900.
        assert_eq!(Nik::parse("7306082902000001", d(2099, 1, 1)).unwrap().birth_date(d(2099, 1, 1)), d(2000, 2, 29));
    }

    #[test]
    fn a_recorded_nik_reads_back_and_tells_its_birth_date_on_the_day_it_is_read() {
        let nik: Nik = serde_json::from_str("\"7306080112260001\"").unwrap();
        assert_eq!(nik.birth_date(REF()), d(1926, 12, 1));
        assert_eq!(nik.birth_date(d(2026, 12, 2)), d(2026, 12, 1));
        // What was never a NIK does not read back.
        for bad in ["\"7306083102850001\"", "\"7306082902010001\"", "\"730608120385000\"", "\"7306081203850000\""] {
            assert!(serde_json::from_str::<Nik>(bad).is_err(), "{bad}");
        }
        assert_eq!("7306082902000001".parse::<Nik>().unwrap().birth_date(REF()), d(2000, 2, 29));
    }

    #[test]
    fn rejections_have_stable_codes() {
        let cases = [
            ("730608120385000", "NIK_FORMAT"),
            ("73060812038500011", "NIK_FORMAT"),
            ("73060812038500a1", "NIK_FORMAT"),
            ("9906081203850001", "NIK_PROVINCE_UNKNOWN"),
            ("7300081203850001", "NIK_REGION_INVALID"),
            ("7306083203850001", "NIK_BIRTH_DATE_INVALID"),
            ("7306087203850001", "NIK_BIRTH_DATE_INVALID"),
            ("7306083102850001", "NIK_BIRTH_DATE_INVALID"),
            ("7306082902250001", "NIK_BIRTH_DATE_INVALID"),
            ("7306081213850001", "NIK_BIRTH_DATE_INVALID"),
            ("7306081203850000", "NIK_SERIAL_INVALID"),
        ];
        for (input, code) in cases {
            let err = Nik::parse(input, REF()).unwrap_err();
            assert_eq!(err.code(), code, "{input}");
            assert!(!err.to_string().is_empty());
        }
    }

    #[test]
    fn unknown_kecamatan_is_a_warning_not_an_error() {
        let nik = Nik::parse("7306991203850001", REF()).unwrap();
        assert_eq!(nik.warnings(), [NikWarning::KecamatanUnknown]);
        assert_eq!(nik.warnings()[0].code(), "NIK_KECAMATAN_UNKNOWN");
    }

    #[test]
    fn corrected_birth_date_is_a_warning() {
        let nik = Nik::parse("7306081203850001", REF()).unwrap();
        assert_eq!(nik.check_birth_date(d(1985, 3, 12)), None);
        // A 105-year-old's two-digit year reads one century late: not a mismatch.
        assert_eq!(nik.check_birth_date(d(1885, 3, 12)), None);
        let w = nik.check_birth_date(d(1985, 3, 13)).unwrap();
        assert_eq!(w.code(), "NIK_BIRTH_DATE_MISMATCH");
        assert!(w.message().contains("13-03-1985"));
    }

    fn gowa_nik() -> impl Strategy<Value = (String, NaiveDate, Sex)> {
        (1u8..=18, 0i64..36_500, any::<bool>(), 1u16..=9999).prop_map(|(kec, days_ago, woman, serial)| {
            let birth = REF() - chrono::Duration::days(days_ago);
            let day = birth.day() + if woman { 40 } else { 0 };
            let s = format!("7306{kec:02}{day:02}{:02}{:02}{serial:04}", birth.month(), birth.year() % 100);
            (s, birth, if woman { Sex::Perempuan } else { Sex::LakiLaki })
        })
    }

    proptest! {
        #[test]
        fn any_gowa_nik_of_a_living_person_round_trips((s, birth, sex) in gowa_nik()) {
            let nik = Nik::parse(&s, REF()).unwrap();
            prop_assert_eq!(nik.as_str(), s.as_str());
            prop_assert_eq!(nik.birth_date(REF()), birth);
            let recorded: Nik = serde_json::from_value(serde_json::to_value(&nik).unwrap()).unwrap();
            prop_assert_eq!(&recorded, &nik);
            prop_assert_eq!(recorded.birth_date(REF()), birth);
            prop_assert_eq!(nik.sex(), sex);
            prop_assert!(nik.warnings().is_empty());
            prop_assert_eq!(nik.masked().len(), 16);
            prop_assert_eq!(Nik::parse(&nik.masked(), REF()), Err(NikError::Format));
        }

        #[test]
        fn wrong_length_or_letters_never_parse(s in "[0-9]{0,15}|[0-9]{17,20}|[0-9]{8}[A-Za-z][0-9]{7}") {
            prop_assert_eq!(Nik::parse(&s, REF()), Err(NikError::Format));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = Nik::parse(&s, REF());
        }
    }
}
