//! Each office's particulars as people read them on messages, receipts and letters: its name,
//! address, contact, pickup counter, complaint channel and letterhead, from
//! `catalogue/offices.toml`. An office the file leaves out (or a field it leaves out) gets what
//! the region tables and the offices above it say, so every office of the province has a card.

use serde::{Deserialize, Serialize};

use crate::calendar::WeekHours;
use crate::office::Office;
use crate::region;

/// One office's entry in `catalogue/offices.toml`; every field but the office is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    office: Option<Office>,
    name: Option<String>,
    /// The name in an SMS ("Dukcapil Gowa").
    short_name: Option<String>,
    address: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    /// Where documents are collected, when it is not the office's front desk.
    pickup: Option<String>,
    /// Where complaints about the office's services go; the offices under it share it.
    complaint: Option<String>,
    /// The lines above the rule on its letters and receipts; the offices under it share them.
    letterhead: Option<Vec<String>>,
    /// A kecamatan's WhatsApp service number (seed 001).
    whatsapp: Option<WhatsApp>,
    /// Its opening hours, when they are not those of the office above it (in the end the
    /// calendar's).
    hours: Option<WeekHours>,
}

/// A kecamatan's WhatsApp Business number: as people dial it, and the id the WhatsApp Business
/// Platform gives it (deliveries to the webhook name it; messages are sent from it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WhatsApp {
    /// "+62 811-4100-0808".
    pub number: String,
    /// The platform's phone number id, e.g. "109876543210001".
    pub number_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Offices {
    #[serde(default)]
    offices: Vec<Entry>,
}

/// An office as people read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeCard {
    pub office: Office,
    /// "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa", "Kantor Kecamatan Somba Opu".
    pub name: String,
    /// "Dukcapil Gowa", "Kecamatan Somba Opu": what an SMS has room for.
    pub short_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Where documents of its cases are collected.
    pub pickup: String,
    pub complaint: String,
    pub letterhead: Vec<String>,
    /// Its WhatsApp service number, for a kecamatan that has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whatsapp: Option<WhatsApp>,
}

impl OfficeCard {
    /// Where to find the office: its name, and its address when known.
    pub fn place(&self) -> String {
        match &self.address {
            Some(address) => format!("{}, {address}", self.name),
            None => self.name.clone(),
        }
    }
}

/// What is left when neither the office nor any above it names a complaint channel.
const NATIONAL_COMPLAINTS: &str = "SP4N-LAPOR (lapor.go.id)";

/// The name the region tables give an office.
fn derived_name(office: &Office) -> String {
    match office {
        Office::Provinsi(p) => {
            format!("Dinas Kependudukan dan Pencatatan Sipil Provinsi {}", region::province_name(*p).unwrap_or("?"))
        }
        Office::Kabupaten { province, kabupaten } => match region::kabupaten_name(*province, *kabupaten).name() {
            Some(name) => format!("Dinas Kependudukan dan Pencatatan Sipil {name}"),
            None => format!("Dinas Kependudukan dan Pencatatan Sipil {office}"),
        },
        Office::Kecamatan(r) => format!("Kantor Kecamatan {}", r.kecamatan().name().unwrap_or(&r.to_string())),
        // The region tables stop at the kecamatan (name a desa in offices.toml); 1xxx is a
        // kelurahan, 2xxx a desa.
        Office::Desa { kecamatan, desa } => format!(
            "Kantor {} {desa:04}, {}",
            if *desa < 2000 { "Kelurahan" } else { "Desa" },
            derived_name(&Office::Kecamatan(*kecamatan)).trim_start_matches("Kantor ")
        ),
    }
}

/// The short name the region tables give an office.
fn derived_short_name(office: &Office) -> String {
    match office {
        Office::Provinsi(p) => format!("Dukcapil Provinsi {}", region::province_name(*p).unwrap_or("?")),
        Office::Kabupaten { province, kabupaten } => match region::kabupaten_name(*province, *kabupaten).name() {
            Some(name) => format!("Dukcapil {}", name.trim_start_matches("Kabupaten ")),
            None => format!("Dukcapil {office}"),
        },
        _ => derived_name(office).trim_start_matches("Kantor ").to_string(),
    }
}

/// The letterhead of a Dinas the file does not give one: its government, then the Dinas.
fn derived_letterhead(dinas: &Office) -> Vec<String> {
    let government = match dinas {
        Office::Provinsi(p) => format!("Provinsi {}", region::province_name(*p).unwrap_or("?")),
        Office::Kabupaten { province, kabupaten } => {
            region::kabupaten_name(*province, *kabupaten).name().map_or_else(|| dinas.to_string(), str::to_string)
        }
        _ => dinas.to_string(),
    };
    vec![format!("PEMERINTAH {}", government.to_uppercase()), "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL".into()]
}

impl Offices {
    fn entry(&self, office: &Office) -> Option<&Entry> {
        self.offices.iter().find(|e| e.office.as_ref() == Some(office))
    }

    /// The first of `office` and the offices above it that gives `field`.
    fn inherited<T: Clone>(&self, office: &Office, field: impl Fn(&Entry) -> Option<&T>) -> Option<T> {
        let mut at = Some(*office);
        while let Some(o) = at {
            if let Some(value) = self.entry(&o).and_then(&field) {
                return Some(value.clone());
            }
            at = o.parent();
        }
        None
    }

    pub(super) fn card(&self, office: &Office) -> OfficeCard {
        let own = self.entry(office).cloned().unwrap_or_default();
        let mut card = OfficeCard {
            office: *office,
            name: own.name.unwrap_or_else(|| derived_name(office)),
            short_name: own.short_name.unwrap_or_else(|| derived_short_name(office)),
            address: own.address,
            phone: own.phone,
            email: own.email,
            complaint: self.inherited(office, |e| e.complaint.as_ref()).unwrap_or_else(|| NATIONAL_COMPLAINTS.into()),
            letterhead: self
                .inherited(office, |e| e.letterhead.as_ref())
                .unwrap_or_else(|| derived_letterhead(&office.dinas())),
            pickup: String::new(),
            whatsapp: own.whatsapp,
        };
        card.pickup = own.pickup.unwrap_or_else(|| card.place());
        card
    }

    /// The opening hours of `office`: its own, or those of the nearest office above it that
    /// gives some; `None` keeps the calendar's.
    pub(super) fn hours(&self, office: &Office) -> Option<WeekHours> {
        self.inherited(office, |e| e.hours.as_ref())
    }

    /// The kecamatan whose WhatsApp number has the platform's id `number_id`.
    pub(super) fn of_whatsapp(&self, number_id: &str) -> Option<Office> {
        self.offices.iter().find(|e| e.whatsapp.as_ref().is_some_and(|w| w.number_id == number_id))?.office
    }

    /// What is wrong with the entries, in Indonesian (empty when sound).
    pub(super) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, e) in self.offices.iter().enumerate() {
            let Some(office) = e.office else {
                out.push(format!("kantor ke-{}: `office` (kode wilayah kantor) wajib diisi", i + 1));
                continue;
            };
            let texts = [&e.name, &e.short_name, &e.address, &e.phone, &e.email, &e.pickup, &e.complaint];
            if texts.iter().any(|t| t.as_ref().is_some_and(|t| t.trim().is_empty()))
                || e.letterhead.as_ref().is_some_and(|l| l.is_empty() || l.iter().any(|l| l.trim().is_empty()))
            {
                out.push(format!("kantor {office}: isian yang dicantumkan tidak boleh kosong"));
            }
            if self.offices[..i].iter().any(|o| o.office == e.office) {
                out.push(format!("kantor {office}: tercantum dua kali"));
            }
            if let Some(w) = &e.whatsapp {
                if !matches!(office, Office::Kecamatan(_)) {
                    out.push(format!("kantor {office}: nomor WhatsApp layanan hanya untuk kantor kecamatan"));
                }
                let digits = w.number.chars().filter(char::is_ascii_digit).count();
                if !w.number.starts_with('+') || !(9..=15).contains(&digits) || w.number_id.trim().is_empty() {
                    out.push(format!("kantor {office}: WhatsApp perlu `number` (+62...) dan `number_id`"));
                }
                let taken = self.offices[..i].iter().filter_map(|o| o.whatsapp.as_ref());
                if taken.clone().any(|t| t.number_id == w.number_id) {
                    out.push(format!("kantor {office}: number_id WhatsApp {} sudah dipakai kantor lain", w.number_id));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offices(text: &str) -> Offices {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn an_office_left_out_is_named_from_the_region_tables_and_shares_its_dinas_letterhead_and_complaints() {
        let o = offices(
            r#"
            [[offices]]
            office = "73.06"
            address = "Jl. Contoh 1"
            complaint = "WhatsApp Dinas"
            letterhead = ["PEMERINTAH KABUPATEN GOWA", "DINAS"]
            "#,
        );
        let kecamatan = o.card(&Office::parse("73.06.08").unwrap());
        assert_eq!(kecamatan.name, "Kantor Kecamatan Somba Opu");
        assert_eq!(kecamatan.short_name, "Kecamatan Somba Opu");
        assert_eq!(kecamatan.address, None, "a Dinas's address is not its kecamatan's");
        assert_eq!(kecamatan.complaint, "WhatsApp Dinas");
        assert_eq!(kecamatan.letterhead, ["PEMERINTAH KABUPATEN GOWA", "DINAS"]);
        let dinas = o.card(&Office::GOWA);
        assert_eq!(dinas.name, "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa");
        assert_eq!(dinas.pickup, "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa, Jl. Contoh 1");
        let bone = o.card(&Office::parse("73.08").unwrap());
        assert_eq!(bone.complaint, NATIONAL_COMPLAINTS);
        assert_eq!(bone.short_name, "Dukcapil Bone");
        assert_eq!(o.card(&Office::parse("73.71").unwrap()).short_name, "Dukcapil Kota Makassar");
        assert_eq!(bone.letterhead[0], "PEMERINTAH KABUPATEN BONE");
        assert_eq!(o.card(&Office::SULSEL).letterhead[0], "PEMERINTAH PROVINSI SULAWESI SELATAN");
        let desa = o.card(&Office::parse("73.06.08.2001").unwrap());
        assert_eq!(
            (desa.name.as_str(), desa.short_name.as_str()),
            ("Kantor Desa 2001, Kecamatan Somba Opu", "Desa 2001, Kecamatan Somba Opu")
        );
        assert_eq!(desa.pickup, desa.name, "no address known");
    }

    #[test]
    fn opening_hours_come_from_the_office_or_the_nearest_office_above_it() {
        let o = offices(
            r#"
            [[offices]]
            office = "73.06.08"
            hours = { monday = ["08:00", "15:00"], saturday = ["08:00", "12:00"] }
            "#,
        );
        let own = o.hours(&Office::parse("73.06.08").unwrap()).unwrap();
        assert_eq!(own.label(), "Senin 08.00–15.00, Sabtu 08.00–12.00");
        assert_eq!(o.hours(&Office::parse("73.06.08.2001").unwrap()), Some(own), "a desa keeps its kecamatan's");
        assert_eq!(o.hours(&Office::parse("73.06.07").unwrap()), None, "the calendar's");
        for bad in
            [r#"hours = { monday = ["16:00", "08:00"] }"#, r#"hours = { senin = ["08:00", "16:00"] }"#, "hours = {}"]
        {
            let text = format!("[[offices]]\noffice = \"73.06.08\"\n{bad}\n");
            assert!(toml::from_str::<Offices>(&text).is_err(), "{bad}");
        }
    }

    #[test]
    fn empty_fields_missing_codes_and_repeated_offices_are_problems() {
        let o = offices(
            r#"
            [[offices]]
            office = "73.06"
            name = " "
            [[offices]]
            office = "73.06"
            [[offices]]
            address = "x"
            "#,
        );
        assert_eq!(o.problems().len(), 3, "{:?}", o.problems());
    }

    #[test]
    fn a_whatsapp_number_belongs_to_one_kecamatan_and_is_found_by_its_platform_id() {
        let o = offices(
            r#"
            [[offices]]
            office = "73.06.08"
            whatsapp = { number = "+6281140000808", number_id = "111" }
            [[offices]]
            office = "73.06.07"
            whatsapp = { number = "+6281140000707", number_id = "222" }
            "#,
        );
        assert!(o.problems().is_empty(), "{:?}", o.problems());
        assert_eq!(o.of_whatsapp("222"), Some(Office::parse("73.06.07").unwrap()));
        assert_eq!(o.of_whatsapp("333"), None);
        let wrong = offices(
            r#"
            [[offices]]
            office = "73.06"
            whatsapp = { number = "+6281140000606", number_id = "111" }
            [[offices]]
            office = "73.06.08"
            whatsapp = { number = "0811", number_id = "111" }
            "#,
        );
        let problems = wrong.problems();
        assert!(problems.iter().any(|p| p.contains("hanya untuk kantor kecamatan")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("perlu `number`")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("sudah dipakai")), "{problems:?}");
    }
}
