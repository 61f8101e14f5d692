//! The service catalogue as data: services with their variants and requirements, the document
//! types they ask for, the workflows they follow and the notification templates those send.
//! Written as TOML files a Dinas can adjust to its own service-standard decree (embedded as JSON
//! by the build), and checked as a whole when loaded: a catalogue that loads is consistent.

mod condition;
mod field;
mod letter;
mod offices;
mod products;
mod service;
mod template;
mod validate;
mod view;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::workflow::Workflow;

pub use condition::{AnswerIs, CitizenshipLabel, Condition, Facts, FamilyFact};
pub use field::{CodeList, Field, FieldKind, FieldOption, MemberFilter, TextChars};
pub use letter::{Letter, RenderedLetter, Signature};
pub use offices::{OfficeCard, WhatsApp};
pub use products::{check_product_number, numbered_by_nik};
pub use service::{
    Channel, Need, OfficeLevel, ReporterGroup, Requester, Requirement, Service, Subject, Topic, UPLOAD_LIMIT_MB,
    Variant,
};
pub use template::{
    ACCOUNT_TEMPLATES, APPOINTMENT_TEMPLATES, Placeholder, Rendered, Template, WHATSAPP_TEMPLATES, fill,
    names as placeholder_names,
};
pub use view::{ReporterRules, ServiceView, fee_label};

/// A kind of document a requirement asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentType {
    pub name: String,
    /// The Permendagri 109/2019 form, when the document is one (F-1.06, F-2.01, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
}

/// The document code of the power of attorney (form F-1.07) an attorney shows at the pickup
/// counter, scanned onto the case there.
pub const POWER_OF_ATTORNEY: &str = "surat_kuasa_pengambilan";

/// The loaded, consistent catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    services: BTreeMap<String, Service>,
    workflows: BTreeMap<String, Workflow>,
    documents: BTreeMap<String, DocumentType>,
    templates: BTreeMap<String, Template>,
    letters: BTreeMap<String, Letter>,
    desks: crate::appointment::Desks,
    offices: offices::Offices,
}

/// One thing wrong in the catalogue files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Katalog layanan tidak sah ({} masalah):\n{}", .0.len(), .0.iter().map(|p| format!("- {}: {}", p.file, p.message)).collect::<Vec<_>>().join("\n"))]
pub struct CatalogueError(pub Vec<Problem>);

impl crate::Coded for CatalogueError {
    fn code(&self) -> &'static str {
        "CATALOGUE_INVALID"
    }
}

impl Catalogue {
    /// Loads the catalogue from files named by their path under the data folder:
    /// `catalogue/documents.toml`, `catalogue/notifications.toml`, `catalogue/letters.toml`,
    /// `catalogue/desks.toml`, `catalogue/offices.toml`, `catalogue/workflows/*.toml`
    /// and `catalogue/services/**/*.toml`, or the same as `.json` (`data::parse`). Every problem
    /// is reported, not only the first.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Catalogue, CatalogueError> {
        let mut loader = validate::Loader::default();
        for (path, text) in files {
            loader.read(path, text);
        }
        loader.finish()
    }

    /// The catalogue built into the crate (`data/catalogue/`), loaded once.
    pub fn embedded() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            Catalogue::from_files(crate::data::embedded_under("catalogue")).unwrap_or_else(|e| panic!("{e}"))
        })
    }

    /// Every service, by code.
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.values()
    }

    pub fn service(&self, code: &str) -> Option<&Service> {
        self.services.get(code)
    }

    pub fn workflows(&self) -> impl Iterator<Item = &Workflow> {
        self.workflows.values()
    }

    pub fn workflow(&self, code: &str) -> Option<&Workflow> {
        self.workflows.get(code)
    }

    pub fn document(&self, code: &str) -> Option<&DocumentType> {
        self.documents.get(code)
    }

    /// The desk `office` keeps for `visit`, if it takes bookings for it.
    pub fn desk(
        &self,
        office: &crate::office::Office,
        visit: crate::appointment::Visit,
    ) -> Option<&crate::appointment::Desk> {
        self.desks.of(office, visit)
    }

    /// How people read `office`: its name, address, pickup counter, complaint channel and
    /// letterhead.
    pub fn office(&self, office: &crate::office::Office) -> OfficeCard {
        self.offices.card(office)
    }

    /// The opening hours `office` keeps when they differ from the calendar's (offices.toml).
    pub fn office_hours(&self, office: &crate::office::Office) -> Option<crate::calendar::WeekHours> {
        self.offices.hours(office)
    }

    /// The kecamatan served by the WhatsApp number the platform calls `number_id`.
    pub fn office_of_whatsapp(&self, number_id: &str) -> Option<crate::office::Office> {
        self.offices.of_whatsapp(number_id)
    }

    pub fn letter(&self, key: &str) -> Option<&Letter> {
        self.letters.get(key)
    }

    pub fn template(&self, key: &str) -> Option<&Template> {
        self.templates.get(key)
    }

    pub fn templates(&self) -> impl Iterator<Item = (&str, &Template)> {
        self.templates.iter().map(|(k, t)| (k.as_str(), t))
    }

    /// A service with its documents, rules and labels spelled out, for people and clients.
    pub fn view<'a>(&'a self, service: &'a Service) -> ServiceView<'a> {
        ServiceView::new(self, service)
    }
}

#[cfg(test)]
mod tests;
