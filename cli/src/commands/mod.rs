//! One module per subcommand.

pub mod catalogue;
pub mod deadline;
pub mod import_register;
pub mod nik;
pub mod routes;
pub mod seed_demo;
pub mod serve;
pub mod workflow;

use adminduk_domain::Coded;

/// A code or name the user typed that names nothing.
#[derive(Debug, thiserror::Error)]
#[error("{what} {name} tidak ada. Pilihan: {choices}")]
pub struct NotFound {
    pub what: &'static str,
    pub name: String,
    pub choices: String,
}

impl Coded for NotFound {
    fn code(&self) -> &'static str {
        "NOT_FOUND"
    }
}

impl NotFound {
    pub fn new<'a>(what: &'static str, name: &str, choices: impl Iterator<Item = &'a str>) -> NotFound {
        NotFound { what, name: name.to_string(), choices: choices.collect::<Vec<_>>().join(", ") }
    }
}
