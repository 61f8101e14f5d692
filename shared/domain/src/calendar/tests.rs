use super::*;
use crate::Coded;
use proptest::prelude::*;

fn wita(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap()
}

fn due(start: &str, standard: TimeStandard) -> DateTime<FixedOffset> {
    Calendar::embedded().deadline(wita(start), standard).unwrap().due
}

#[test]
fn embedded_calendar_covers_2026_for_sure_and_2027_provisionally() {
    let cal = Calendar::embedded();
    assert_eq!(cal.years().collect::<Vec<_>>(), [(2026, false), (2027, true)]);
    assert_eq!(cal.offset(), FixedOffset::east_opt(8 * 3600).unwrap());
    assert_eq!(cal.zone_name(), "WITA");
    let d = NaiveDate::from_ymd_opt(2026, 8, 17).unwrap();
    assert_eq!(cal.holiday(d).unwrap().kind, HolidayKind::LiburNasional);
    assert!(!cal.is_working_day(d).unwrap());
}

#[test]
fn working_days_skip_the_weekend() {
    // Friday afternoon + 2 working days: Monday is day 1, Tuesday day 2.
    assert_eq!(due("2026-11-20T15:00:00", TimeStandard::WorkingDays(2)), wita("2026-11-24T16:00:00"));
    // Submitted on a Saturday: the clock starts Monday (day 0).
    assert_eq!(due("2026-11-21T10:00:00", TimeStandard::WorkingDays(2)), wita("2026-11-25T16:00:00"));
    // Zero working days: close of the same day.
    assert_eq!(due("2026-11-23T09:00:00", TimeStandard::WorkingDays(0)), wita("2026-11-23T16:00:00"));
}

#[test]
fn office_hour_edges_decide_the_first_day() {
    // One minute before closing still counts the day as day 0; at closing it does not.
    assert_eq!(due("2026-11-23T15:59:00", TimeStandard::WorkingDays(1)), wita("2026-11-24T16:00:00"));
    assert_eq!(due("2026-11-23T16:00:00", TimeStandard::WorkingDays(1)), wita("2026-11-25T16:00:00"));
    // Before opening the day is day 0 too.
    assert_eq!(due("2026-11-23T06:00:00", TimeStandard::WorkingDays(1)), wita("2026-11-24T16:00:00"));
    // Friday closes at 16:30.
    assert_eq!(due("2026-11-19T10:00:00", TimeStandard::WorkingDays(1)), wita("2026-11-20T16:30:00"));
}

#[test]
fn office_minutes_run_only_in_office_hours() {
    assert_eq!(due("2026-11-23T10:00:00", TimeStandard::OfficeMinutes(30)), wita("2026-11-23T10:30:00"));
    assert_eq!(due("2026-11-23T15:50:00", TimeStandard::OfficeMinutes(30)), wita("2026-11-24T08:20:00"));
    assert_eq!(due("2026-11-23T07:00:00", TimeStandard::OfficeMinutes(10)), wita("2026-11-23T08:10:00"));
    // Friday 16:20: ten minutes left on Friday, the other twenty on Monday.
    assert_eq!(due("2026-11-20T16:20:00", TimeStandard::OfficeMinutes(30)), wita("2026-11-23T08:20:00"));
    assert_eq!(due("2026-11-23T10:00:00", TimeStandard::OfficeSeconds(30)), wita("2026-11-23T10:00:30"));
    assert_eq!(due("2026-11-23T15:00:00", TimeStandard::OfficeHours(1)), wita("2026-11-23T16:00:00"));
    // Exactly filling the day ends at closing, not the next morning.
    assert_eq!(due("2026-11-23T08:00:00", TimeStandard::OfficeHours(8)), wita("2026-11-23T16:00:00"));
}

#[test]
fn elapsed_hours_ignore_the_calendar() {
    // Seed 002's 3x24 jam for IKD activation runs over the weekend.
    assert_eq!(due("2026-11-21T10:00:00", TimeStandard::Hours(72)), wita("2026-11-24T10:00:00"));
}

#[test]
fn holidays_and_cuti_bersama() {
    // 16 Jan 2026 (Friday) is Isra Mikraj: Thursday + 1 working day lands on Monday.
    assert_eq!(due("2026-01-15T09:00:00", TimeStandard::WorkingDays(1)), wita("2026-01-19T16:00:00"));
    // Lebaran 2026: with cuti bersama open, the 18th is a working day.
    assert_eq!(due("2026-03-17T10:00:00", TimeStandard::WorkingDays(1)), wita("2026-03-18T16:00:00"));
    let closed = Calendar::embedded().clone().with_cuti_bersama_as_working_days(false);
    let d = closed.deadline(wita("2026-03-17T10:00:00"), TimeStandard::WorkingDays(1)).unwrap();
    assert_eq!(d.due, wita("2026-03-25T16:00:00"));
    assert!(!d.provisional);
    // Office minutes skip the whole closed stretch too.
    let d = closed.deadline(wita("2026-03-17T15:50:00"), TimeStandard::OfficeMinutes(20)).unwrap();
    assert_eq!(d.due, wita("2026-03-25T08:10:00"));
}

#[test]
fn turn_of_the_year_crosses_into_provisional_data() {
    // 31 Dec 2026 is day 0; 1 Jan holiday, weekend, 4 Jan day 1, 5 Jan (estimated Isra Mikraj)
    // closed, 6 Jan day 2.
    let d = Calendar::embedded().deadline(wita("2026-12-31T10:00:00"), TimeStandard::WorkingDays(2)).unwrap();
    assert_eq!(d.due, wita("2027-01-06T16:00:00"));
    assert!(d.provisional);
    // Christmas 2026 within the year: not provisional.
    let closed = Calendar::embedded().clone().with_cuti_bersama_as_working_days(false);
    let d = closed.deadline(wita("2026-12-23T10:00:00"), TimeStandard::WorkingDays(1)).unwrap();
    assert_eq!(d.due, wita("2026-12-28T16:00:00"));
    assert!(!d.provisional);
}

#[test]
fn years_without_holiday_data_are_refused() {
    let err = Calendar::embedded().deadline(wita("2027-12-30T10:00:00"), TimeStandard::WorkingDays(5)).unwrap_err();
    assert_eq!(err, CalendarError::HolidaysUnknown(2028));
    assert_eq!(err.code(), "CALENDAR_YEAR_UNKNOWN");
    assert!(Calendar::embedded().deadline(wita("2025-06-02T10:00:00"), TimeStandard::OfficeMinutes(1)).is_err());
}

#[test]
fn start_in_another_offset_is_read_in_local_time() {
    let start = DateTime::parse_from_rfc3339("2026-11-23T01:00:00Z").unwrap();
    let d = Calendar::embedded().deadline(start, TimeStandard::OfficeMinutes(10)).unwrap();
    assert_eq!(d.due, wita("2026-11-23T09:10:00"));
    assert_eq!(d.due.offset().local_minus_utc(), 8 * 3600);
}

#[test]
fn invalid_files_are_refused_with_the_file_named() {
    let config = *crate::data::SOURCES.iter().find(|(p, _)| *p == "calendar/config.toml").unwrap();
    let bad_hours = config.1.replace(r#"monday = ["08:00", "16:00"]"#, r#"monday = ["16:00", "08:00"]"#);
    let err = Calendar::from_files([("calendar/config.toml", bad_hours.as_str())]).unwrap_err();
    assert!(matches!(&err, CalendarError::Invalid { file, .. } if file == "calendar/config.toml"), "{err}");
    let twice = r#"year = 2026
provisional = false
source = "x"
days = [
  { date = "2026-01-01", kind = "libur_nasional", name = "a" },
  { date = "2026-01-01", kind = "cuti_bersama", name = "b" },
]"#;
    let err = Calendar::from_files([config, ("calendar/holidays-2026.toml", twice)]).unwrap_err();
    assert!(err.to_string().contains("dua kali"), "{err}");
    let wrong_year = twice.replace("year = 2026", "year = 2025");
    assert!(Calendar::from_files([config, ("calendar/holidays-2025.toml", wrong_year.as_str())]).is_err());
    assert!(Calendar::from_files([("calendar/holidays-2026.toml", twice)]).is_err(), "config is required");
}

#[test]
fn dates_read_in_indonesian() {
    assert_eq!(indonesian_date(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()), "Rabu, 25 November 2026");
    assert_eq!(indonesian_date(NaiveDate::from_ymd_opt(2027, 1, 3).unwrap()), "Minggu, 3 Januari 2027");
}

#[test]
fn time_standards_read_in_indonesian() {
    assert_eq!(TimeStandard::WorkingDays(2).to_string(), "2 hari kerja");
    assert_eq!(TimeStandard::Hours(72).to_string(), "3x24 jam");
    assert_eq!(TimeStandard::OfficeMinutes(30).to_string(), "30 menit");
}

fn start_2026() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (0i64..364 * 24 * 60).prop_map(|minutes| wita("2026-01-01T00:00:00") + TimeDelta::minutes(minutes))
}

proptest! {
    #[test]
    fn working_day_deadlines_end_at_a_closing_time_after_the_start(start in start_2026(), n in 0u32..15) {
        let cal = Calendar::embedded();
        let d = cal.deadline(start, TimeStandard::WorkingDays(n)).unwrap();
        prop_assert!(d.due > start);
        let (_, close) = cal.office_hours(d.due.date_naive()).unwrap().expect("a working day");
        prop_assert_eq!(d.due.time(), close);
        // One more working day always moves the deadline to a later working day.
        let later = cal.deadline(start, TimeStandard::WorkingDays(n + 1)).unwrap();
        prop_assert!(later.due.date_naive() > d.due.date_naive());
    }

    #[test]
    fn office_time_is_additive(start in start_2026(), a in 0u32..600, b in 0u32..600) {
        let cal = Calendar::embedded();
        let first = cal.deadline(start, TimeStandard::OfficeMinutes(a)).unwrap().due;
        let both = cal.deadline(first, TimeStandard::OfficeMinutes(b)).unwrap().due;
        let at_once = cal.deadline(start, TimeStandard::OfficeMinutes(a + b)).unwrap().due;
        // Adding b after a may start from a closing instant; the same office time is consumed.
        prop_assert!(both >= at_once);
        if b > 0 {
            prop_assert_eq!(both, at_once);
        }
    }
}

#[test]
fn office_time_between_two_instants() {
    let cal = Calendar::embedded();
    let between = |a: &str, b: &str| cal.office_seconds_between(wita(a), wita(b)).unwrap();
    assert_eq!(between("2026-11-23T10:00:00", "2026-11-23T10:30:00"), 1800);
    assert_eq!(between("2026-11-23T15:00:00", "2026-11-24T09:00:00"), 2 * 3600, "15-16 and 08-09");
    assert_eq!(between("2026-11-20T16:00:00", "2026-11-23T08:30:00"), 30 * 60 + 30 * 60, "Friday closes at 16:30");
    assert_eq!(between("2026-11-23T18:00:00", "2026-11-23T20:00:00"), 0);
    assert_eq!(between("2026-11-23T12:00:00", "2026-11-23T11:00:00"), 0, "backwards is nothing");
}

proptest! {
    #[test]
    fn office_time_is_what_a_deadline_consumed(start in start_2026(), minutes in 1u32..2000) {
        let cal = Calendar::embedded();
        let due = cal.deadline(start, TimeStandard::OfficeMinutes(minutes)).unwrap().due;
        prop_assert_eq!(cal.office_seconds_between(start, due).unwrap(), u64::from(minutes) * 60);
    }
}

#[test]
fn office_hours_read_as_people_say_them() {
    assert_eq!(Calendar::embedded().hours_label(), "Senin–Kamis 08.00–16.00, Jumat 08.00–16.30 WITA");
}
