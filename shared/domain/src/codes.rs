//! SIAK-compatible code lists used on the KK and the biodata, as enums with their numeric
//! codes and Indonesian labels. They serialise as their numeric code, as SIAK exchanges them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value of a code list that was not one of its codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Kode {list} tidak dikenal: {code}")]
pub struct UnknownCode {
    pub list: &'static str,
    pub code: u8,
}

impl crate::Coded for UnknownCode {
    fn code(&self) -> &'static str {
        "CODE_UNKNOWN"
    }
}

macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident, $list:literal { $($variant:ident = $code:literal => $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant,)+ }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The list's name as people know it.
            pub const LIST: &'static str = $list;

            pub fn code(self) -> u8 {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn from_code(code: u8) -> Result<Self, UnknownCode> {
                match code {
                    $($code => Ok($name::$variant),)+
                    _ => Err(UnknownCode { list: $list, code }),
                }
            }

            /// Finds a value by its label, ignoring case and surrounding spaces.
            pub fn from_label(label: &str) -> Option<Self> {
                let label = label.trim();
                Self::ALL.iter().copied().find(|v| v.label().eq_ignore_ascii_case(label))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u8(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = u8::deserialize(d)?;
                Self::from_code(code).map_err(serde::de::Error::custom)
            }
        }

        /// The SIAK code, with its labels in the description.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let labels: Vec<String> = Self::ALL.iter().map(|v| format!("{} {}", v.code(), v.label())).collect();
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Integer)
                    .description(Some(format!("Kode {}: {}", $list, labels.join(", "))))
                    .enum_values(Some(Self::ALL.iter().map(|v| v.code())))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

code_list!(
    /// SHDK: status hubungan dalam keluarga, the relationship to the head of the family.
    Shdk, "SHDK" {
        KepalaKeluarga = 1 => "Kepala Keluarga",
        Suami = 2 => "Suami",
        Istri = 3 => "Istri",
        Anak = 4 => "Anak",
        Menantu = 5 => "Menantu",
        Cucu = 6 => "Cucu",
        OrangTua = 7 => "Orang Tua",
        Mertua = 8 => "Mertua",
        FamiliLain = 9 => "Famili Lain",
        Pembantu = 10 => "Pembantu",
        Lainnya = 11 => "Lainnya",
    }
);

impl Shdk {
    /// Kepala Keluarga, Suami and Istri may report every service for every member of their KK
    /// (seed 000); everyone else only some services and only for themselves.
    pub fn reports_for_family(self) -> bool {
        matches!(self, Shdk::KepalaKeluarga | Shdk::Suami | Shdk::Istri)
    }
}

code_list!(
    /// Agama.
    Religion, "Agama" {
        Islam = 1 => "Islam",
        Kristen = 2 => "Kristen",
        Katholik = 3 => "Katholik",
        Hindu = 4 => "Hindu",
        Budha = 5 => "Budha",
        Khonghucu = 6 => "Khonghucu",
        Kepercayaan = 7 => "Kepercayaan terhadap Tuhan YME",
    }
);

code_list!(
    /// Status perkawinan as recorded since the six-value list (recorded or not recorded
    /// marriages and divorces are told apart). The codes follow the order of DOMAIN.md; check
    /// them against the SIAK export before an import relies on them.
    MaritalStatus, "Status Perkawinan" {
        BelumKawin = 1 => "Belum Kawin",
        KawinTercatat = 2 => "Kawin Tercatat",
        KawinBelumTercatat = 3 => "Kawin Belum Tercatat",
        CeraiHidupTercatat = 4 => "Cerai Hidup Tercatat",
        CeraiHidupBelumTercatat = 5 => "Cerai Hidup Belum Tercatat",
        CeraiMati = 6 => "Cerai Mati",
    }
);

code_list!(
    /// Status perkawinan in older data (four values). It cannot be mapped to the current list
    /// without knowing whether the marriage was recorded, so it is kept as it is.
    LegacyMaritalStatus, "Status Perkawinan (lama)" {
        BelumKawin = 1 => "Belum Kawin",
        Kawin = 2 => "Kawin",
        CeraiHidup = 3 => "Cerai Hidup",
        CeraiMati = 4 => "Cerai Mati",
    }
);

impl MaritalStatus {
    /// Married now or ever before: what makes a person under 17 eligible for a KTP-el.
    pub fn ever_married(self) -> bool {
        self != MaritalStatus::BelumKawin
    }

    pub fn married_now(self) -> bool {
        matches!(self, MaritalStatus::KawinTercatat | MaritalStatus::KawinBelumTercatat)
    }

    pub fn divorced(self) -> bool {
        matches!(self, MaritalStatus::CeraiHidupTercatat | MaritalStatus::CeraiHidupBelumTercatat)
    }
}

impl LegacyMaritalStatus {
    pub fn ever_married(self) -> bool {
        self != LegacyMaritalStatus::BelumKawin
    }
}

code_list!(
    /// Golongan darah.
    BloodType, "Golongan Darah" {
        A = 1 => "A",
        B = 2 => "B",
        Ab = 3 => "AB",
        O = 4 => "O",
        APositive = 5 => "A+",
        ANegative = 6 => "A-",
        BPositive = 7 => "B+",
        BNegative = 8 => "B-",
        AbPositive = 9 => "AB+",
        AbNegative = 10 => "AB-",
        OPositive = 11 => "O+",
        ONegative = 12 => "O-",
        TidakTahu = 13 => "Tidak Tahu",
    }
);

code_list!(
    /// Kewarganegaraan.
    Citizenship, "Kewarganegaraan" {
        Wni = 1 => "WNI",
        Wna = 2 => "WNA",
    }
);

code_list!(
    /// Jenis kelamin.
    Sex, "Jenis Kelamin" {
        LakiLaki = 1 => "Laki-laki",
        Perempuan = 2 => "Perempuan",
    }
);

code_list!(
    /// Pendidikan terakhir, as SIAK codes it.
    Education, "Pendidikan" {
        TidakSekolah = 1 => "Tidak/Belum Sekolah",
        BelumTamatSd = 2 => "Belum Tamat SD/Sederajat",
        Sd = 3 => "Tamat SD/Sederajat",
        Sltp = 4 => "SLTP/Sederajat",
        Slta = 5 => "SLTA/Sederajat",
        Diploma1 = 6 => "Diploma I/II",
        Diploma3 = 7 => "Akademi/Diploma III/Sarjana Muda",
        Strata1 = 8 => "Diploma IV/Strata I",
        Strata2 = 9 => "Strata II",
        Strata3 = 10 => "Strata III",
    }
);

code_list!(
    /// Jenis pekerjaan, with SIAK's codes. SIAK's list runs to 89 entries; the specific trades
    /// and professions between 24 and 87 are not listed here yet (they fall under "Lainnya" until
    /// a SIAK export confirms their codes).
    Occupation, "Pekerjaan" {
        BelumBekerja = 1 => "Belum/Tidak Bekerja",
        MengurusRumahTangga = 2 => "Mengurus Rumah Tangga",
        Pelajar = 3 => "Pelajar/Mahasiswa",
        Pensiunan = 4 => "Pensiunan",
        Pns = 5 => "Pegawai Negeri Sipil",
        Tni = 6 => "Tentara Nasional Indonesia",
        Polri = 7 => "Kepolisian RI",
        Perdagangan = 8 => "Perdagangan",
        Petani = 9 => "Petani/Pekebun",
        Peternak = 10 => "Peternak",
        Nelayan = 11 => "Nelayan/Perikanan",
        Industri = 12 => "Industri",
        Konstruksi = 13 => "Konstruksi",
        Transportasi = 14 => "Transportasi",
        KaryawanSwasta = 15 => "Karyawan Swasta",
        KaryawanBumn = 16 => "Karyawan BUMN",
        KaryawanBumd = 17 => "Karyawan BUMD",
        KaryawanHonorer = 18 => "Karyawan Honorer",
        BuruhHarianLepas = 19 => "Buruh Harian Lepas",
        BuruhTani = 20 => "Buruh Tani/Perkebunan",
        BuruhNelayan = 21 => "Buruh Nelayan/Perikanan",
        BuruhPeternakan = 22 => "Buruh Peternakan",
        PembantuRumahTangga = 23 => "Pembantu Rumah Tangga",
        Wiraswasta = 88 => "Wiraswasta",
        Lainnya = 89 => "Lainnya",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            code: fn(T) -> u8,
            from: fn(u8) -> Result<T, UnknownCode>,
        ) {
            let mut seen = std::collections::HashSet::new();
            for &v in all {
                assert!(seen.insert(code(v)), "duplicate code {}", code(v));
                assert_eq!(from(code(v)).unwrap(), v);
            }
            assert!(from(0).is_err());
            assert!(from(u8::try_from(all.len() + 1).unwrap()).is_err());
        }
        check(Shdk::ALL, Shdk::code, Shdk::from_code);
        check(Religion::ALL, Religion::code, Religion::from_code);
        check(MaritalStatus::ALL, MaritalStatus::code, MaritalStatus::from_code);
        check(LegacyMaritalStatus::ALL, LegacyMaritalStatus::code, LegacyMaritalStatus::from_code);
        check(BloodType::ALL, BloodType::code, BloodType::from_code);
        check(Citizenship::ALL, Citizenship::code, Citizenship::from_code);
        check(Sex::ALL, Sex::code, Sex::from_code);
    }

    #[test]
    fn lists_have_the_sizes_of_domain_md() {
        assert_eq!(Shdk::ALL.len(), 11);
        assert_eq!(Religion::ALL.len(), 7);
        assert_eq!(MaritalStatus::ALL.len(), 6);
        assert_eq!(LegacyMaritalStatus::ALL.len(), 4);
        assert_eq!(BloodType::ALL.len(), 13);
    }

    #[test]
    fn labels_are_indonesian_and_found_again() {
        assert_eq!(Shdk::KepalaKeluarga.label(), "Kepala Keluarga");
        assert_eq!(Religion::Kepercayaan.label(), "Kepercayaan terhadap Tuhan YME");
        assert_eq!(BloodType::from_label(" ab+ "), Some(BloodType::AbPositive));
        assert_eq!(Shdk::from_label("famili lain"), Some(Shdk::FamiliLain));
        assert_eq!(Sex::from_label("pria"), None);
    }

    #[test]
    fn serialises_as_numeric_code() {
        assert_eq!(serde_json::to_string(&Shdk::Istri).unwrap(), "3");
        assert_eq!(serde_json::from_str::<Shdk>("4").unwrap(), Shdk::Anak);
        assert!(serde_json::from_str::<Shdk>("12").is_err());
    }

    #[test]
    fn family_reporting_rights() {
        let family: Vec<_> = Shdk::ALL.iter().filter(|s| s.reports_for_family()).collect();
        assert_eq!(family, [&Shdk::KepalaKeluarga, &Shdk::Suami, &Shdk::Istri]);
    }

    #[test]
    fn marital_predicates() {
        assert!(!MaritalStatus::BelumKawin.ever_married());
        assert!(MaritalStatus::CeraiMati.ever_married());
        assert!(MaritalStatus::KawinBelumTercatat.married_now());
        assert!(MaritalStatus::CeraiHidupTercatat.divorced());
        assert!(LegacyMaritalStatus::Kawin.ever_married());
    }
}
