use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::field::Field;
use crate::calendar::TimeStandard;

/// One service of the catalogue (`data/catalogue/services/**/*.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Stable code, upper snake case, e.g. `KK_HILANG_DESA`. Never reused.
    pub code: String,
    pub name: String,
    pub description: String,
    pub office: OfficeLevel,
    /// Which of seed 000's groups the service falls in; decides who may report it.
    pub group: ReporterGroup,
    /// Where people look for it in the catalogue (a lost KTP-el is both KTP-el and lost
    /// documents); the first is its home.
    pub topics: Vec<Topic>,
    /// Other words people use for it ("e-KTP", "akta lahir", "meninggal"), for the search.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Who may ask for it.
    pub requesters: Vec<Requester>,
    pub channels: Vec<Channel>,
    /// Conditions the applicant must meet for every variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Condition>,
    /// The kind of event the service records, shared by services that record the same event
    /// ("kelahiran" for a birth report and a late birth certificate): open cases of one event
    /// for one person are flagged to officers as possible duplicates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Who the event is about, when not the chosen applicant (see [`Subject`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    /// The declaration: what the official form records beyond the applicant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    pub variants: Vec<Variant>,
    pub products: Vec<String>,
    /// In rupiah; 0 is free of charge, as every Adminduk service is.
    pub fee: u32,
    pub time_standard: TimeStandard,
    pub workflow: String,
    /// Days after the event within which it must be reported (birth 60, death 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_within_days: Option<u32>,
    /// Where the product is collected, for the receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickup: Option<String>,
    /// The number field of the declaration that is the case's quantity (KTP-el blanks asked
    /// for): the case takes it when its reporter files, or files again; later steps may only
    /// lower it. Asked once, in the form, never again as an action's input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_field: Option<String>,
    /// Seeds, decrees and regulations the entry follows.
    pub sources: Vec<String>,
}

/// Who an event is about, as lists, receipts and messages name it: the applicant chosen from
/// the family or by NIK (the default; `applicant_label` says what the picker asks for, e.g.
/// "Almarhum/almarhumah"), or the person a field of the declaration records (a newborn).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// A `person` field naming the subject instead of the applicant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What the applicant picker asks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant_label: Option<String>,
    /// Which members of the family the picker offers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<super::field::MemberFilter>,
    /// Written before the subject's name ("alm.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// A variant: a case of the service with its own requirements (KIA 0-5 or 5-17, KK lost or
/// damaged, ...). It may follow another workflow or time standard than the service's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Condition>,
    pub requirements: Vec<Requirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_standard: Option<TimeStandard>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Channel>>,
}

/// A document the applicant supplies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// A code from `data/catalogue/documents.toml`.
    pub document: String,
    /// When the document is needed only in some cases: the condition as data...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// ...and in words, as the decree says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// "jika ada": asked for but not required.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub if_available: bool,
    /// Extra words for the applicant, e.g. "asli ditunjukkan", "2 lembar".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Largest upload in megabytes, when this document needs other than the default (5 MB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_mb: Option<u32>,
    /// How many files may stand for it (photos of several documents or pages); by default one,
    /// a new file replacing the one before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_files: Option<u8>,
}

impl Requirement {
    /// How many files may stand for it.
    pub fn files(&self) -> usize {
        usize::from(self.max_files.unwrap_or(1))
    }
}

/// What a requirement's `max_mb` may be.
pub const UPLOAD_LIMIT_MB: std::ops::RangeInclusive<u32> = 1..=20;

/// How strongly a requirement binds.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    Mandatory,
    Conditional,
    IfAvailable,
}

impl Requirement {
    pub fn need(&self) -> Need {
        match (&self.when, self.if_available) {
            (_, true) => Need::IfAvailable,
            (Some(_), false) => Need::Conditional,
            (None, false) => Need::Mandatory,
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeLevel {
    /// Dinas Dukcapil Kabupaten Gowa.
    Kabupaten,
    /// Dinas Dukcapil Provinsi Sulawesi Selatan.
    Provinsi,
}

/// The catalogue's sections, as people think of their business with the Dinas, in the order
/// the citizen site lists them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    KelahiranAnak,
    Kematian,
    PindahDatang,
    Kk,
    KtpEl,
    Kia,
    PerubahanData,
    DokumenHilangRusak,
    Pengaduan,
    LayananProvinsi,
    Lainnya,
}

impl Topic {
    pub const ALL: [Topic; 11] = [
        Topic::KelahiranAnak,
        Topic::Kematian,
        Topic::PindahDatang,
        Topic::Kk,
        Topic::KtpEl,
        Topic::Kia,
        Topic::PerubahanData,
        Topic::DokumenHilangRusak,
        Topic::Pengaduan,
        Topic::LayananProvinsi,
        Topic::Lainnya,
    ];

    /// The section's heading.
    pub fn label(self) -> &'static str {
        match self {
            Topic::KelahiranAnak => "Kelahiran dan anak",
            Topic::Kematian => "Kematian",
            Topic::PindahDatang => "Pindah dan datang",
            Topic::Kk => "Kartu Keluarga (KK)",
            Topic::KtpEl => "KTP-el dan identitas digital",
            Topic::Kia => "Kartu Identitas Anak (KIA)",
            Topic::PerubahanData => "Perubahan data",
            Topic::DokumenHilangRusak => "Dokumen hilang atau rusak",
            Topic::Pengaduan => "Pengaduan",
            Topic::LayananProvinsi => "Layanan Dinas Dukcapil Provinsi",
            Topic::Lainnya => "Layanan lainnya",
        }
    }
}

/// Seed 000's service groups: Kepala Keluarga, Suami and Istri may report every group for the
/// whole family; any other SHDK only the first four, and only for themselves.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReporterGroup {
    Pindah,
    PerubahanElemenData,
    KehilanganKerusakanDokumen,
    PenerbitanDokumen,
    Lainnya,
}

impl ReporterGroup {
    /// Whether a resident whose SHDK is not Kepala Keluarga, Suami or Istri may report it.
    pub fn open_to_every_member(self) -> bool {
        self != ReporterGroup::Lainnya
    }
}

/// Who may ask for a service.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requester {
    /// A resident with a personal account (seed 000).
    PenggunaPribadi,
    /// Staff of an institution bound by a PKS, including village counter operators.
    PenggunaInstansi,
    /// Anyone with a valid identity: PPID requests, complaints.
    Masyarakat,
    /// An institution or agency as such: data verification, PKS facilitation, IKD outreach.
    Lembaga,
    /// A Dinas Dukcapil kabupaten/kota asking the province (KTP-el blanks).
    DinasKabupatenKota,
}

/// Where a request comes in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Online,
    LoketDesa,
    LoketKecamatan,
    LoketDinas,
    Whatsapp,
    DatangLangsung,
    JemputBola,
}

impl Service {
    pub fn variant(&self, code: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.code == code)
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The workflow a variant follows: its own, else the service's.
    pub fn workflow_of<'a>(&'a self, variant: &'a Variant) -> &'a str {
        variant.workflow.as_deref().unwrap_or(&self.workflow)
    }

    /// The time standard of a variant: its own, else the service's.
    pub fn time_standard_of(&self, variant: &Variant) -> TimeStandard {
        variant.time_standard.unwrap_or(self.time_standard)
    }
}
