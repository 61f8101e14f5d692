//! In-person steps booked ahead: the kinds of visit a workflow state may wait for, the desks each
//! office keeps for them (catalogue data: how long a visit takes, how many people a desk serves at
//! once), and the slots a desk offers on a day from the office hours and holidays of the calendar.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarError};
use crate::office::Office;

/// Why the person comes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visit {
    /// Biometric recording for a KTP-el at the kecamatan (seed 004).
    PerekamanKtpEl,
    /// IKD activation with an operator, by video call (seed 002).
    AktivasiIkd,
    /// Collecting issued documents at the counter.
    PengambilanDokumen,
}

impl Visit {
    pub const ALL: [Visit; 3] = [Visit::PerekamanKtpEl, Visit::AktivasiIkd, Visit::PengambilanDokumen];

    pub fn as_str(self) -> &'static str {
        match self {
            Visit::PerekamanKtpEl => "perekaman_ktp_el",
            Visit::AktivasiIkd => "aktivasi_ikd",
            Visit::PengambilanDokumen => "pengambilan_dokumen",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Visit::PerekamanKtpEl => "Perekaman KTP-el",
            Visit::AktivasiIkd => "Aktivasi IKD (panggilan video)",
            Visit::PengambilanDokumen => "Pengambilan dokumen",
        }
    }
}

/// Which offices a desk rule covers: every office of a level, or one office (which wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeskLevel {
    Provinsi,
    Kabupaten,
    Kecamatan,
    Desa,
}

impl DeskLevel {
    fn of(office: &Office) -> DeskLevel {
        match office {
            Office::Provinsi(_) => DeskLevel::Provinsi,
            Office::Kabupaten { .. } => DeskLevel::Kabupaten,
            Office::Kecamatan(_) => DeskLevel::Kecamatan,
            Office::Desa { .. } => DeskLevel::Desa,
        }
    }
}

/// A desk that receives one kind of visit, from `catalogue/desks.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Desk {
    pub visit: Visit,
    /// Every office of this level...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DeskLevel>,
    /// ...or this one office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<Office>,
    /// Where the person goes (or how they are called), as they read it.
    pub place: String,
    /// Length of one slot.
    pub minutes: u32,
    /// People served at the same time (operators at the desk).
    pub capacity: u32,
}

/// The desk rules of the catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Desks {
    #[serde(default)]
    pub desks: Vec<Desk>,
}

impl Desks {
    /// The desk `office` keeps for `visit`: its own rule, else its level's.
    pub fn of(&self, office: &Office, visit: Visit) -> Option<&Desk> {
        let mine = self.desks.iter().filter(|d| d.visit == visit);
        mine.clone()
            .find(|d| d.office.as_ref() == Some(office))
            .or_else(|| mine.clone().find(|d| d.office.is_none() && d.at == Some(DeskLevel::of(office))))
    }

    /// What is wrong with the rules, in Indonesian (empty when sound).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, d) in self.desks.iter().enumerate() {
            let which = format!("meja ke-{} ({})", i + 1, d.visit.as_str());
            if d.at.is_some() == d.office.is_some() {
                out.push(format!("{which}: isi salah satu dari `at` (tingkat kantor) atau `office`"));
            }
            if d.minutes == 0 || d.minutes > 240 || d.capacity == 0 {
                out.push(format!("{which}: lama sesi 1–240 menit dan kapasitas paling sedikit 1"));
            }
            if d.place.trim().is_empty() {
                out.push(format!("{which}: tempat kosong"));
            }
            if self.desks[..i].iter().any(|o| o.visit == d.visit && o.at == d.at && o.office == d.office) {
                out.push(format!("{which}: tercantum dua kali"));
            }
        }
        out
    }
}

/// One slot of a desk, in the office's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

impl Desk {
    /// The slots of `date`: back to back from opening, each ending by closing time; none on a
    /// closed day (weekend, holiday).
    pub fn slots(&self, calendar: &Calendar, date: NaiveDate) -> Result<Vec<Slot>, CalendarError> {
        let Some((open, close)) = calendar.office_hours(date)? else { return Ok(Vec::new()) };
        let step = TimeDelta::minutes(i64::from(self.minutes.max(1)));
        let (mut start, close) = (date.and_time(open), date.and_time(close));
        let mut out = Vec::new();
        while start + step <= close {
            out.push(Slot { start, end: start + step });
            start += step;
        }
        Ok(out)
    }

    /// The slot of `date` that starts at `start`, if the desk offers one.
    pub fn slot_at(&self, calendar: &Calendar, start: NaiveDateTime) -> Result<Option<Slot>, CalendarError> {
        Ok(self.slots(calendar, start.date())?.into_iter().find(|s| s.start == start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk() -> Desk {
        Desk {
            visit: Visit::PerekamanKtpEl,
            at: Some(DeskLevel::Kecamatan),
            office: None,
            place: "Meja perekaman".into(),
            minutes: 30,
            capacity: 2,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn slots_fill_the_office_hours_and_skip_closed_days() {
        let calendar = Calendar::embedded();
        // Monday 7 December 2026: 08:00–16:00, sixteen half hours.
        let monday = desk().slots(calendar, day(2026, 12, 7)).unwrap();
        assert_eq!(monday.len(), 16);
        assert_eq!(monday[0].start.format("%H:%M").to_string(), "08:00");
        assert_eq!(monday[15].end.format("%H:%M").to_string(), "16:00");
        // Friday closes at 16:30: one more.
        assert_eq!(desk().slots(calendar, day(2026, 12, 11)).unwrap().len(), 17);
        // Saturday, and Christmas (a national holiday on a Friday).
        assert!(desk().slots(calendar, day(2026, 12, 12)).unwrap().is_empty());
        assert!(desk().slots(calendar, day(2026, 12, 25)).unwrap().is_empty());
        // A 45-minute desk ends its last slot by closing time.
        let long = Desk { minutes: 45, ..desk() };
        assert!(
            long.slots(calendar, day(2026, 12, 7))
                .unwrap()
                .iter()
                .all(|s| s.end.format("%H:%M").to_string() <= "16:00".into())
        );
        assert_eq!(
            long.slot_at(calendar, day(2026, 12, 7).and_hms_opt(8, 45, 0).unwrap())
                .unwrap()
                .map(|s| s.start.format("%H:%M").to_string()),
            Some("08:45".into())
        );
        assert_eq!(long.slot_at(calendar, day(2026, 12, 7).and_hms_opt(8, 30, 0).unwrap()).unwrap(), None);
    }

    #[test]
    fn an_office_rule_wins_over_its_level() {
        let somba_opu = Office::parse("73.06.08").unwrap();
        let own = Desk { at: None, office: Some(somba_opu), capacity: 4, ..desk() };
        let desks = Desks { desks: vec![desk(), own.clone()] };
        assert_eq!(desks.of(&somba_opu, Visit::PerekamanKtpEl), Some(&own));
        assert_eq!(desks.of(&Office::parse("73.06.01").unwrap(), Visit::PerekamanKtpEl).map(|d| d.capacity), Some(2));
        assert_eq!(desks.of(&Office::GOWA, Visit::PerekamanKtpEl), None);
        assert_eq!(desks.of(&somba_opu, Visit::AktivasiIkd), None);
        assert!(desks.problems().is_empty());
        let both = Desks { desks: vec![Desk { office: Some(somba_opu), ..desk() }, Desk { capacity: 0, ..desk() }] };
        assert_eq!(both.problems().len(), 2, "{:?}", both.problems());
    }
}
