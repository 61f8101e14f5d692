//! Loading the population register (our mirror of SIAK) from a SIAK export.

pub mod import;
pub mod lookup;
