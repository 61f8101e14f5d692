use crate::office::Office;

/// The number people quote: the Dinas's region digits, the year and a sequence,
/// e.g. `7306-2026-000123`.
pub fn registration_number(office: Office, year: i32, sequence: u64) -> String {
    let digits: String = office.dinas().to_string().chars().filter(char::is_ascii_digit).collect();
    format!("{digits}-{year}-{sequence:06}")
}

#[cfg(test)]
#[test]
fn numbers_name_the_dinas_year_and_sequence() {
    assert_eq!(registration_number(Office::GOWA, 2026, 123), "7306-2026-000123");
    assert_eq!(registration_number(Office::parse("73.06.08.1001").unwrap(), 2026, 7), "7306-2026-000007");
    assert_eq!(registration_number(Office::SULSEL, 2027, 1_234_567), "73-2027-1234567");
}
