//! A deterministic synthetic register of Kabupaten Gowa: valid NIKs and No. KKs for its
//! kecamatan, families with heads, spouses, children of every KIA band and adults, elders and
//! the other SHDK, a few deceased, moved and foreign residents.

use std::collections::HashMap;

use adminduk_domain::codes::{BloodType, Citizenship, MaritalStatus, Religion, Sex, Shdk};
use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use adminduk_domain::region::gowa_kecamatan;
use chrono::{Datelike, Days, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::ports::{Family, Resident};

const MEN: &[&str] = &[
    "Andi Baso",
    "Muhammad Ikhsan",
    "Syamsul Bahri",
    "Rahmat",
    "Abdul Rahman",
    "Muh. Arfah",
    "Haeruddin",
    "Saharuddin",
    "Jumadi",
    "Ilham",
    "Nurdin",
    "Akbar",
    "Fajar",
    "Amiruddin",
    "Kamaruddin",
    "Zainal Abidin",
    "Sultan",
    "Ridwan",
];
const WOMEN: &[&str] = &[
    "Siti Rahmawati",
    "Nurhayati",
    "Hasnawati",
    "St. Aminah",
    "Rosmini",
    "Nurul Aisyah",
    "Andi Tenri",
    "Kasmawati",
    "Hadijah",
    "Rahmaniar",
    "Sitti Hajar",
    "Nur Fadillah",
    "Wahyuni",
    "Sulfiani",
    "Musdalifah",
    "Fatimah",
];
const FAMILY_NAMES: &[&str] = &[
    "Daeng Ngalle",
    "Daeng Sitaba",
    "Mappatunru",
    "Karaeng Bontonompo",
    "Dg. Tiro",
    "Dg. Rani",
    "Dg. Bunga",
    "Mannyambang",
    "",
];
const STREETS: &[&str] = &[
    "Poros Malino",
    "Masjid Raya",
    "Syekh Yusuf",
    "Andi Mallombassang",
    "Tumanurung",
    "Usman Salengke",
    "K.H. Wahid Hasyim",
    "Sultan Hasanuddin",
];
const PLACES: &[&str] = &["Sungguminasa", "Gowa", "Makassar", "Malino", "Limbung", "Takalar", "Maros"];

/// An endless, repeatable stream of families: the same seed and day give the same register.
pub struct DemoRegister {
    rng: ChaCha8Rng,
    today: NaiveDate,
    index: u64,
    /// Next serial per NIK or No. KK prefix, so every number is unique.
    serials: HashMap<String, u16>,
}

impl DemoRegister {
    pub fn new(seed: u64, today: NaiveDate) -> DemoRegister {
        DemoRegister { rng: ChaCha8Rng::seed_from_u64(seed), today, index: 0, serials: HashMap::new() }
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.rng.random_range(0..list.len())]
    }

    fn serial(&mut self, prefix: &str) -> u16 {
        let next = self.serials.entry(prefix.to_string()).or_insert(0);
        *next += 1;
        *next
    }

    fn birth_date(&mut self, age: u32) -> NaiveDate {
        let year_ago = self.today.with_year(self.today.year() - i32::try_from(age).unwrap()).unwrap_or(self.today);
        year_ago.checked_sub_days(Days::new(self.rng.random_range(1..365))).unwrap()
    }

    fn nik(&mut self, region: &str, birth: NaiveDate, sex: Sex) -> Nik {
        let day = birth.day() + if sex == Sex::Perempuan { 40 } else { 0 };
        let prefix = format!("{region}{day:02}{:02}{:02}", birth.month(), birth.year() % 100);
        let serial = self.serial(&prefix);
        Nik::parse(&format!("{prefix}{serial:04}"), self.today).expect("a Gowa NIK of a living person")
    }

    #[allow(clippy::too_many_arguments)]
    fn person(
        &mut self,
        region: &str,
        no_kk: &NoKk,
        name: String,
        age: u32,
        sex: Sex,
        shdk: Shdk,
        marital_status: MaritalStatus,
    ) -> Resident {
        let birth_date = self.birth_date(age);
        let religion = match self.rng.random_range(0..200) {
            0..190 => Religion::Islam,
            190..196 => Religion::Kristen,
            196..198 => Religion::Katholik,
            198 => Religion::Hindu,
            _ => Religion::Budha,
        };
        Resident {
            nik: self.nik(region, birth_date, sex),
            no_kk: no_kk.clone(),
            name,
            birth_place: self.pick(PLACES).to_string(),
            birth_date,
            sex,
            religion,
            marital_status,
            blood_type: [BloodType::A, BloodType::B, BloodType::Ab, BloodType::O, BloodType::TidakTahu]
                [self.rng.random_range(0..5)],
            citizenship: Citizenship::Wni,
            shdk,
            alive: true,
            active: true,
        }
    }

    fn name(&mut self, sex: Sex) -> String {
        let given = self.pick(if sex == Sex::LakiLaki { MEN } else { WOMEN });
        let family = self.pick(FAMILY_NAMES);
        if family.is_empty() { given.to_string() } else { format!("{given} {family}") }
    }
}

impl Iterator for DemoRegister {
    type Item = (Family, Vec<Resident>);

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.index;
        self.index += 1;
        let kecamatan = gowa_kecamatan()[usize::try_from(i).unwrap_or(0) % gowa_kecamatan().len()].0;
        let desa = if self.rng.random_bool(0.3) {
            1001 + self.rng.random_range(0..5)
        } else {
            2001 + self.rng.random_range(0..10)
        };
        let region = format!("7306{kecamatan:02}");
        let recorded = self.today.checked_sub_days(Days::new(self.rng.random_range(30..3650))).unwrap();
        let kk_prefix = format!("{region}{}", recorded.format("%d%m%y"));
        let no_kk = NoKk::parse(&format!("{kk_prefix}{:04}", self.serial(&kk_prefix))).expect("a Gowa No. KK");
        let family = Family {
            no_kk: no_kk.clone(),
            address: format!("Jl. {} No. {}", self.pick(STREETS), self.rng.random_range(1..120)),
            rt: format!("{:03}", self.rng.random_range(1..10)),
            rw: format!("{:03}", self.rng.random_range(1..8)),
            desa: Office::parse(&format!("73.06.{kecamatan:02}.{desa}")).expect("a Gowa desa"),
        };

        use MaritalStatus::*;
        let mut people = Vec::new();
        let head_age: u32 = self.rng.random_range(25..70);
        let widowed = self.rng.random_bool(0.1);
        let head_sex = if widowed && self.rng.random_bool(0.6) { Sex::Perempuan } else { Sex::LakiLaki };
        let name = self.name(head_sex);
        people.push(self.person(
            &region,
            &no_kk,
            name,
            head_age,
            head_sex,
            Shdk::KepalaKeluarga,
            if widowed { CeraiMati } else { KawinTercatat },
        ));
        if !widowed {
            let age = head_age.saturating_sub(self.rng.random_range(0..8)).max(19);
            let name = self.name(Sex::Perempuan);
            people.push(self.person(&region, &no_kk, name, age, Sex::Perempuan, Shdk::Istri, KawinTercatat));
        }
        // Every fourth family has a child in each band, so a small register covers them all.
        let oldest_child = head_age.saturating_sub(19);
        let mut ages: Vec<u32> =
            (0..self.rng.random_range(0..4)).map(|_| self.rng.random_range(0..=oldest_child)).collect();
        match i % 4 {
            0 => ages.push(self.rng.random_range(0..5)),
            1 => ages.push(self.rng.random_range(5..17).min(oldest_child)),
            2 => ages.push(self.rng.random_range(17..=oldest_child.max(17))),
            _ => {}
        }
        for age in ages {
            let sex = if self.rng.random_bool(0.5) { Sex::LakiLaki } else { Sex::Perempuan };
            let name = self.name(sex);
            people.push(self.person(&region, &no_kk, name, age, sex, Shdk::Anak, BelumKawin));
        }
        if self.rng.random_bool(0.15) {
            let shdk = if self.rng.random_bool(0.5) { Shdk::OrangTua } else { Shdk::Mertua };
            let age = (head_age + self.rng.random_range(20..30)).min(95);
            let name = self.name(Sex::Perempuan);
            let mut elder = self.person(&region, &no_kk, name, age, Sex::Perempuan, shdk, CeraiMati);
            elder.alive = !self.rng.random_bool(0.2);
            people.push(elder);
        }
        if head_age > 55 && self.rng.random_bool(0.3) {
            let name = self.name(Sex::LakiLaki);
            let age = self.rng.random_range(0..12);
            people.push(self.person(&region, &no_kk, name, age, Sex::LakiLaki, Shdk::Cucu, BelumKawin));
        }
        for (shdk, chance) in
            [(Shdk::FamiliLain, 0.06), (Shdk::Pembantu, 0.03), (Shdk::Menantu, 0.03), (Shdk::Lainnya, 0.02)]
        {
            if self.rng.random_bool(chance) {
                let sex = if self.rng.random_bool(0.5) { Sex::LakiLaki } else { Sex::Perempuan };
                let name = self.name(sex);
                let status = if shdk == Shdk::Menantu { KawinTercatat } else { BelumKawin };
                let age = self.rng.random_range(18..50);
                let mut p = self.person(&region, &no_kk, name, age, sex, shdk, status);
                p.active = !self.rng.random_bool(0.1);
                p.citizenship = if i % 97 == 5 { Citizenship::Wna } else { Citizenship::Wni };
                people.push(p);
            }
        }
        Some((family, people))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use adminduk_domain::age::age_in_years;
    use adminduk_domain::ids::Nik;

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_register() {
        let a: Vec<_> = DemoRegister::new(7, today()).take(20).collect();
        let b: Vec<_> = DemoRegister::new(7, today()).take(20).collect();
        let c: Vec<_> = DemoRegister::new(8, today()).take(20).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn every_number_is_valid_and_unique_and_every_band_is_there() {
        let mut niks = HashSet::new();
        let mut shdk = HashSet::new();
        let (mut under_five, mut school_age, mut adults) = (0, 0, 0);
        for (family, people) in DemoRegister::new(1, today()).take(400) {
            assert!(family.no_kk.region().is_gowa());
            assert_eq!(people[0].shdk, Shdk::KepalaKeluarga);
            for p in people {
                let nik = Nik::parse(p.nik.as_str(), today()).unwrap_or_else(|e| panic!("{}: {e}", p.nik));
                assert!(nik.warnings().is_empty());
                assert_eq!((nik.birth_date(today()), nik.sex()), (p.birth_date, p.sex));
                assert!(niks.insert(p.nik.clone()), "unique NIK {}", p.nik);
                shdk.insert(p.shdk);
                match age_in_years(p.birth_date, today()) {
                    0..5 => under_five += 1,
                    5..17 => school_age += 1,
                    _ => adults += 1,
                }
            }
        }
        assert!(under_five > 50 && school_age > 50 && adults > 500, "{under_five} {school_age} {adults}");
        assert!(shdk.len() >= 9, "{shdk:?}");
    }
}
