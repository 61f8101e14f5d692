//! Age in whole years, as the eligibility rules count it.

use chrono::{Datelike, NaiveDate};

/// Completed years between `birth` and `at`. Someone born on 29 February turns a year older on
/// 1 March in common years. Zero when `at` is before `birth`.
pub fn age_in_years(birth: NaiveDate, at: NaiveDate) -> u32 {
    if at < birth {
        return 0;
    }
    let years = at.year() - birth.year();
    let had_birthday = (at.month(), at.day()) >= (birth.month(), birth.day());
    u32::try_from(if had_birthday { years } else { years - 1 }).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn counts_completed_years() {
        assert_eq!(age_in_years(d(2009, 11, 23), d(2026, 11, 22)), 16);
        assert_eq!(age_in_years(d(2009, 11, 23), d(2026, 11, 23)), 17);
        assert_eq!(age_in_years(d(2021, 11, 24), d(2026, 11, 23)), 4, "KIA 0-5 until the day before turning five");
        assert_eq!(age_in_years(d(2026, 11, 23), d(2026, 11, 23)), 0);
        assert_eq!(age_in_years(d(2027, 1, 1), d(2026, 11, 23)), 0);
    }

    #[test]
    fn leap_day_birthdays() {
        assert_eq!(age_in_years(d(2008, 2, 29), d(2025, 2, 28)), 16);
        assert_eq!(age_in_years(d(2008, 2, 29), d(2025, 3, 1)), 17);
        assert_eq!(age_in_years(d(2008, 2, 29), d(2028, 2, 29)), 20);
    }
}
