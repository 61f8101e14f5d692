//! Identifiers that can only hold valid values: build them with `parse`.

mod email;
mod nik;
mod no_kk;
mod phone;

pub use email::{Email, EmailError};
pub use nik::{Nik, NikError, NikWarning};
pub use no_kk::{NoKk, NoKkError};
pub use phone::{Phone, PhoneError};

/// Removes the separators people type inside numbers (spaces, dots, dashes) and keeps the rest.
fn strip_separators(input: &str) -> String {
    input.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '\t')).collect()
}

/// Sixteen ASCII digits, or `None`.
fn sixteen_digits(input: &str) -> Option<[u8; 16]> {
    let s = strip_separators(input);
    let bytes: [u8; 16] = s.as_bytes().try_into().ok()?;
    bytes.iter().all(u8::is_ascii_digit).then_some(bytes)
}
