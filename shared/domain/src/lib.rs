//! The pure domain of Layanan Adminduk Online.
//!
//! Nothing here performs IO or reads a clock: identifiers that can only hold valid values,
//! the SIAK code lists, the service catalogue and workflows (loaded from data files), the
//! workflow engine and the working-day calendar. Storage, HTTP and AWS live in other crates.

pub mod access;
pub mod age;
pub mod appointment;
pub mod calendar;
pub mod case;
pub mod catalogue;
pub mod codes;
pub mod data;
pub mod ids;
pub mod office;
pub mod password;
pub mod region;
pub mod report;
pub mod survey;
pub mod verification;
pub mod words;
pub mod workflow;

/// A refusal that crosses a boundary: a stable machine code for programs and a message in
/// Bahasa Indonesia (its `Display`) for people.
pub trait Coded: std::error::Error {
    /// Stable, upper-snake-case code, e.g. `NIK_FORMAT`. Never changes once published.
    fn code(&self) -> &'static str;
}
