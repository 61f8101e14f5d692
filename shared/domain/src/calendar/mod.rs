//! The working-day calendar: office hours, national holidays and cuti bersama as data, and the
//! deadline a time standard gives from a starting instant.

mod time_standard;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

pub use time_standard::TimeStandard;

/// Working-day arithmetic for one office.
#[derive(Debug, Clone)]
pub struct Calendar {
    offset: FixedOffset,
    zone_name: String,
    hours: WeekHours,
    cuti_bersama_is_working_day: bool,
    // Shared: an office's calendar is this one with its own hours.
    holidays: Arc<BTreeMap<NaiveDate, Holiday>>,
    years: Arc<BTreeMap<i32, HolidayYear>>,
}

/// Office hours Monday to Sunday, local time; a day without hours is closed. Written in the data
/// files as `monday = ["08:00", "16:00"]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekHours([Option<(NaiveTime, NaiveTime)>; 7]);

impl WeekHours {
    /// Hours by English day name; what is wrong, in Indonesian.
    pub fn parse(days: &BTreeMap<String, (String, String)>) -> Result<WeekHours, String> {
        let mut hours = [None; 7];
        for (day, (open, close)) in days {
            let index = WEEKDAYS.iter().position(|d| d == day).ok_or_else(|| format!("hari {day}"))?;
            let parse = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| format!("jam {t}"));
            let (open, close) = (parse(open)?, parse(close)?);
            if open >= close {
                return Err(format!("jam buka {day} harus sebelum jam tutup"));
            }
            hours[index] = Some((open, close));
        }
        if hours.iter().all(Option::is_none) {
            return Err("jam kantor kosong: sebutkan paling sedikit satu hari".into());
        }
        Ok(WeekHours(hours))
    }

    /// The hours of a weekday (Monday 0), or `None` when closed.
    fn on(&self, weekday: usize) -> Option<(NaiveTime, NaiveTime)> {
        self.0[weekday]
    }

    /// In words, consecutive days with the same hours together: "Senin–Kamis 08.00–16.00,
    /// Jumat 08.00–16.30".
    pub fn label(&self) -> String {
        const DAYS: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
        let mut spans: Vec<(usize, usize, (NaiveTime, NaiveTime))> = Vec::new();
        for (day, hours) in self.0.iter().enumerate() {
            let Some(hours) = *hours else { continue };
            match spans.last_mut() {
                Some((_, last, h)) if *last + 1 == day && *h == hours => *last = day,
                _ => spans.push((day, day, hours)),
            }
        }
        let parts: Vec<String> = spans
            .iter()
            .map(|(first, last, (open, close))| {
                let days = if first == last {
                    DAYS[*first].to_string()
                } else {
                    format!("{}–{}", DAYS[*first], DAYS[*last])
                };
                format!("{days} {}–{}", open.format("%H.%M"), close.format("%H.%M"))
            })
            .collect();
        parts.join(", ")
    }
}

impl<'de> Deserialize<'de> for WeekHours {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        WeekHours::parse(&BTreeMap::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
    pub kind: HolidayKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    LiburNasional,
    CutiBersama,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct HolidayYear {
    /// Estimated dates awaiting the year's SKB; deadlines that rely on them say so.
    provisional: bool,
    source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("Daftar hari libur tahun {0} belum tersedia")]
    HolidaysUnknown(i32),
    #[error("Berkas kalender {file} tidak sah: {reason}")]
    Invalid { file: String, reason: String },
}

impl crate::Coded for CalendarError {
    fn code(&self) -> &'static str {
        match self {
            CalendarError::HolidaysUnknown(_) => "CALENDAR_YEAR_UNKNOWN",
            CalendarError::Invalid { .. } => "CALENDAR_INVALID",
        }
    }
}

/// A deadline, in the office's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub due: DateTime<FixedOffset>,
    /// The computation crossed a year whose holidays are still estimates.
    pub provisional: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    utc_offset: String,
    zone_name: String,
    cuti_bersama_is_working_day: bool,
    office_hours: WeekHours,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayFile {
    year: i32,
    provisional: bool,
    source: String,
    days: Vec<Holiday>,
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

impl Calendar {
    /// Builds a calendar from `calendar/config` and `calendar/holidays-YYYY` files (TOML or JSON,
    /// `data::parse`).
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Calendar, CalendarError> {
        let mut config = None;
        let mut holidays = BTreeMap::new();
        let mut years = BTreeMap::new();
        for (path, text) in files {
            let invalid = |reason: String| CalendarError::Invalid { file: path.to_string(), reason };
            if crate::data::stem(path).ends_with("/config") {
                config = Some(crate::data::parse::<ConfigFile>(path, text).map_err(invalid)?);
                continue;
            }
            let file: HolidayFile = crate::data::parse(path, text).map_err(invalid)?;
            for day in file.days {
                if day.date.year() != file.year {
                    return Err(invalid(format!("{} bukan tahun {}", day.date, file.year)));
                }
                if holidays.insert(day.date, day.clone()).is_some() {
                    return Err(invalid(format!("tanggal {} tercantum dua kali", day.date)));
                }
            }
            let year = HolidayYear { provisional: file.provisional, source: file.source };
            if years.insert(file.year, year).is_some() {
                return Err(invalid(format!("tahun {} tercantum dua kali", file.year)));
            }
        }
        let file = "calendar/config.toml".to_string();
        let config =
            config.ok_or_else(|| CalendarError::Invalid { file: file.clone(), reason: "berkas tidak ada".into() })?;
        let invalid = |reason: String| CalendarError::Invalid { file: file.clone(), reason };
        let offset: FixedOffset =
            config.utc_offset.parse().map_err(|_| invalid(format!("utc_offset {}", config.utc_offset)))?;
        Ok(Calendar {
            offset,
            zone_name: config.zone_name,
            hours: config.office_hours,
            cuti_bersama_is_working_day: config.cuti_bersama_is_working_day,
            holidays: Arc::new(holidays),
            years: Arc::new(years),
        })
    }

    /// The calendar built into the crate (`data/calendar/`), loaded once.
    pub fn embedded() -> &'static Calendar {
        static CALENDAR: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
        CALENDAR.get_or_init(|| {
            Calendar::from_files(crate::data::embedded_under("calendar")).unwrap_or_else(|e| panic!("{e}"))
        })
    }

    /// Whether cuti bersama days count as working days (public services often stay open).
    pub fn with_cuti_bersama_as_working_days(mut self, working: bool) -> Calendar {
        self.cuti_bersama_is_working_day = working;
        self
    }

    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    /// The local time zone as people name it, e.g. "WITA".
    pub fn zone_name(&self) -> &str {
        &self.zone_name
    }

    /// The office hours in words with the time zone: "Senin–Kamis 08.00–16.00, Jumat 08.00–16.30
    /// WITA".
    pub fn hours_label(&self) -> String {
        format!("{} {}", self.hours.label(), self.zone_name)
    }

    /// The same calendar for an office that keeps other hours (offices.toml).
    pub fn with_hours(&self, hours: WeekHours) -> Calendar {
        Calendar { hours, ..self.clone() }
    }

    /// Years with holiday data, and whether each is provisional.
    pub fn years(&self) -> impl Iterator<Item = (i32, bool)> + '_ {
        self.years.iter().map(|(y, info)| (*y, info.provisional))
    }

    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays.get(&date)
    }

    /// Office hours of a working day, or `None` when the office is closed that day.
    pub fn office_hours(&self, date: NaiveDate) -> Result<Option<(NaiveTime, NaiveTime)>, CalendarError> {
        if !self.years.contains_key(&date.year()) {
            return Err(CalendarError::HolidaysUnknown(date.year()));
        }
        let closed = match self.holidays.get(&date) {
            Some(h) => h.kind == HolidayKind::LiburNasional || !self.cuti_bersama_is_working_day,
            None => false,
        };
        let weekday = date.weekday().num_days_from_monday() as usize;
        Ok(if closed { None } else { self.hours.on(weekday) })
    }

    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.office_hours(date)?.is_some())
    }

    /// When `standard` runs out for a clock started at `start`.
    pub fn deadline(&self, start: DateTime<FixedOffset>, standard: TimeStandard) -> Result<Deadline, CalendarError> {
        let local = start.with_timezone(&self.offset).naive_local();
        let mut walk = Walk { calendar: self, provisional: false };
        let due = match standard {
            TimeStandard::Hours(h) => {
                let due = local + TimeDelta::hours(i64::from(h));
                walk.note_range(local.date(), due.date());
                due
            }
            TimeStandard::WorkingDays(n) => walk.working_days(local, n)?,
            other => walk.office_time(local, other.office_seconds().expect("office-time variant"))?,
        };
        let due = due.and_local_timezone(self.offset).single().expect("fixed offsets are unambiguous");
        Ok(Deadline { due, provisional: walk.provisional })
    }
}

impl Calendar {
    /// Office time between two instants: what a paused clock still owed, for instance.
    pub fn office_seconds_between(
        &self,
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
    ) -> Result<u64, CalendarError> {
        let (from, to) = (from.with_timezone(&self.offset).naive_local(), to.with_timezone(&self.offset).naive_local());
        let mut total = 0i64;
        let mut date = from.date();
        while date <= to.date() {
            if let Some((open, close)) = self.office_hours(date)? {
                let start = date.and_time(open).max(from);
                let end = date.and_time(close).min(to);
                total += (end - start).num_seconds().max(0);
            }
            date = next_day(date);
        }
        Ok(total.unsigned_abs())
    }
}

/// One deadline computation, remembering whether it read provisional holiday data.
struct Walk<'a> {
    calendar: &'a Calendar,
    provisional: bool,
}

impl Walk<'_> {
    fn hours(&mut self, date: NaiveDate) -> Result<Option<(NaiveTime, NaiveTime)>, CalendarError> {
        let hours = self.calendar.office_hours(date)?;
        self.note_range(date, date);
        Ok(hours)
    }

    fn note_range(&mut self, from: NaiveDate, to: NaiveDate) {
        self.provisional |= self.calendar.years.range(from.year()..=to.year()).any(|(_, info)| info.provisional);
    }

    /// Day 0 is the start day if the office is still open then, else the next working day;
    /// the deadline is closing time `n` working days later (periods start the day after).
    fn working_days(&mut self, start: NaiveDateTime, n: u32) -> Result<NaiveDateTime, CalendarError> {
        let mut date = start.date();
        let mut counted = match self.hours(date)? {
            Some((_, close)) if start.time() < close => 0,
            _ => -1,
        };
        loop {
            if let Some((_, close)) = self.hours(date)? {
                if counted == i64::from(n) {
                    return Ok(date.and_time(close));
                }
            }
            date = next_day(date);
            if self.hours(date)?.is_some() {
                counted += 1;
            }
        }
    }

    /// Consumes `seconds` of office time from `start` on.
    fn office_time(&mut self, start: NaiveDateTime, seconds: u64) -> Result<NaiveDateTime, CalendarError> {
        let mut remaining = TimeDelta::seconds(i64::try_from(seconds).expect("bounded by u32 hours"));
        let mut date = start.date();
        let mut from = start.time();
        loop {
            if let Some((open, close)) = self.hours(date)? {
                let begin = from.max(open);
                if begin < close {
                    let available = close - begin;
                    if remaining <= available {
                        return Ok(date.and_time(begin) + remaining);
                    }
                    remaining -= available;
                }
            }
            date = next_day(date);
            from = NaiveTime::MIN;
        }
    }
}

/// A date as Indonesians write it on letters and receipts: "Rabu, 25 November 2026".
pub fn indonesian_date(date: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
    const MONTHS: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    let day = DAYS[date.weekday().num_days_from_monday() as usize];
    format!("{day}, {} {} {}", date.day(), MONTHS[date.month0() as usize], date.year())
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1)).expect("dates far from the end of time")
}

#[cfg(test)]
mod tests;
