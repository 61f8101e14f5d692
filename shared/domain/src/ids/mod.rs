//! Identifiers that can only hold valid values: build them with `parse`.

mod email;
mod nik;
mod no_kk;
mod phone;

pub use email::{Email, EmailError};
pub use nik::{Nik, NikError, NikWarning};
pub use no_kk::{NoKk, NoKkError};
pub use phone::{Phone, PhoneError};

/// Sixteen ASCII digits, or `None`, skipping the separators people type inside numbers (spaces,
/// dots, dashes). Read in place: every NIK of an import or a stored record passes here.
fn sixteen_digits(input: &str) -> Option<[u8; 16]> {
    let mut digits = [0u8; 16];
    let mut n = 0;
    for b in input.bytes().filter(|b| !matches!(b, b' ' | b'.' | b'-' | b'\t')) {
        if !b.is_ascii_digit() || n == 16 {
            return None;
        }
        digits[n] = b;
        n += 1;
    }
    (n == 16).then_some(digits)
}
