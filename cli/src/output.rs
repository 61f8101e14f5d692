//! Printing results and failures, as text for people or JSON for programs.

use std::process::ExitCode;

use adminduk_domain::Coded;
use serde::Serialize;

pub struct Output {
    json: bool,
}

/// A failure with its stable code, printed the same way the API will answer it.
#[derive(Debug, Serialize)]
pub struct Failure {
    pub code: &'static str,
    pub message: String,
}

impl<E: Coded> From<&E> for Failure {
    fn from(e: &E) -> Self {
        Failure { code: e.code(), message: e.to_string() }
    }
}

impl Output {
    pub fn new(json: bool) -> Output {
        Output { json }
    }

    /// Prints `value` as JSON, or the text `human` gives.
    pub fn show<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> ExitCode {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).expect("serialisable"));
        } else {
            print!("{}", human());
        }
        ExitCode::SUCCESS
    }

    /// Reports a failure (exit status 2: the request could not be answered).
    pub fn fail(&self, failure: impl Into<Failure>) -> ExitCode {
        let failure = failure.into();
        if self.json {
            println!("{}", serde_json::to_string_pretty(&failure).expect("serialisable"));
        } else {
            eprintln!("Galat [{}]: {}", failure.code, failure.message);
        }
        ExitCode::from(2)
    }
}
