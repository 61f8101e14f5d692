use serde::{Deserialize, Serialize};

/// An input an action may require.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// Why a case is returned, cancelled or rejected; the applicant reads it.
    Reason,
    /// The documents the Dinas expects to issue, estimated at verification (seed 000).
    DocumentEstimate,
    /// The numbers of the documents issued or registered.
    DocumentNumbers,
    /// Who collected the documents at handover.
    Collector,
    /// An appointment: IKD activation, outreach visit.
    Schedule,
    /// A count: KTP-el blanks requested or approved.
    Quantity,
    /// Free text the next step needs (an answer, what was done).
    Note,
    /// The nine answers of the satisfaction survey (PermenPANRB 14/2017).
    Survey,
}

impl InputKind {
    pub fn label(self) -> &'static str {
        match self {
            InputKind::Reason => "alasan",
            InputKind::DocumentEstimate => "estimasi dokumen yang akan diterbitkan",
            InputKind::DocumentNumbers => "nomor dokumen",
            InputKind::Collector => "data pengambil dokumen",
            InputKind::Schedule => "jadwal",
            InputKind::Quantity => "jumlah",
            InputKind::Note => "catatan",
            InputKind::Survey => "jawaban survei kepuasan",
        }
    }
}

/// What an officer or reporter supplies with an action. Only the inputs the action requires
/// are checked; the others are kept as given.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionInputs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_estimate: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_numbers: Vec<DocumentNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_by: Option<Collector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<chrono::DateTime<chrono::FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<Vec<u8>>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentNumber {
    /// The product, e.g. "Kartu Keluarga".
    pub document: String,
    pub number: String,
}

/// Who took the documents: the applicant, a member of the same KK, or someone holding a power
/// of attorney (form F-1.07).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collector {
    pub name: String,
    pub relation: CollectorRelation,
    /// The collector's NIK, as typed or read from their KTP-el: the applicant's own, or a member
    /// of the applicant's KK. Kept masked once checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik: Option<String>,
    /// The F-1.07 Surat Kuasa reference; required for an `attorney`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_of_attorney: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectorRelation {
    Applicant,
    KkMember,
    Attorney,
}

/// The shortest reason an applicant can act on.
const MIN_REASON_CHARS: usize = 10;
/// Elements of the satisfaction survey, each answered 1 to 4.
pub const SURVEY_ELEMENTS: usize = crate::survey::ELEMENTS.len();

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Longest texts an action takes, in characters, and most entries of a list.
const MAX_REASON_CHARS: usize = 500;
const MAX_NOTE_CHARS: usize = 1000;
const MAX_NAME_CHARS: usize = 100;
const MAX_DOCUMENT_CHARS: usize = 120;
const MAX_ENTRIES: usize = 20;

/// A text over `max` characters, or with control characters (a line break only where `lines`).
fn unfit(text: &str, max: usize, lines: bool) -> Option<String> {
    if text.chars().count() > max {
        Some(format!("paling banyak {max} karakter"))
    } else if text.chars().any(|c| c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t'))) {
        Some("tidak boleh berisi karakter kendali".into())
    } else {
        None
    }
}

impl ActionInputs {
    /// The first input, of any kind sent, that is too long or holds what no text should.
    pub(super) fn out_of_bounds(&self) -> Option<(InputKind, String)> {
        let texts = [
            (InputKind::Reason, self.reason.as_deref(), MAX_REASON_CHARS, true),
            (InputKind::Note, self.note.as_deref(), MAX_NOTE_CHARS, true),
            (InputKind::Collector, self.collected_by.as_ref().map(|c| c.name.as_str()), MAX_NAME_CHARS, false),
            (
                InputKind::Collector,
                self.collected_by.as_ref().and_then(|c| c.power_of_attorney.as_deref()),
                MAX_NAME_CHARS,
                false,
            ),
        ];
        for (kind, text, max, lines) in texts {
            if let Some(problem) = text.and_then(|t| unfit(t, max, lines)) {
                return Some((kind, problem));
            }
        }
        if self.document_estimate.len() > MAX_ENTRIES || self.document_numbers.len() > MAX_ENTRIES {
            let kind = if self.document_estimate.len() > MAX_ENTRIES {
                InputKind::DocumentEstimate
            } else {
                InputKind::DocumentNumbers
            };
            return Some((kind, format!("paling banyak {MAX_ENTRIES} dokumen")));
        }
        let estimate = self.document_estimate.iter().map(|d| (InputKind::DocumentEstimate, d.as_str()));
        let numbers = self
            .document_numbers
            .iter()
            .flat_map(|d| [d.document.as_str(), d.number.as_str()])
            .map(|t| (InputKind::DocumentNumbers, t));
        estimate.chain(numbers).find_map(|(kind, t)| unfit(t, MAX_DOCUMENT_CHARS, false).map(|p| (kind, p)))
    }

    /// Checks one required input: `Ok` or the reason (in Indonesian) it cannot be accepted.
    /// `Err(None)` means it is missing altogether.
    pub(super) fn check(&self, kind: InputKind) -> Result<(), Option<String>> {
        match kind {
            InputKind::Reason => match &self.reason {
                None => Err(None),
                Some(r) if r.trim().chars().count() < MIN_REASON_CHARS => {
                    Err(Some(format!("alasan minimal {MIN_REASON_CHARS} karakter agar pelapor dapat menindaklanjuti")))
                }
                Some(_) => Ok(()),
            },
            InputKind::DocumentEstimate => match self.document_estimate.as_slice() {
                [] => Err(None),
                list if list.iter().any(|d| blank(d)) => Err(Some("nama dokumen tidak boleh kosong".into())),
                _ => Ok(()),
            },
            InputKind::DocumentNumbers => match self.document_numbers.as_slice() {
                [] => Err(None),
                list if list.iter().any(|d| blank(&d.document) || blank(&d.number)) => {
                    Err(Some("setiap dokumen harus bernama dan bernomor".into()))
                }
                _ => Ok(()),
            },
            InputKind::Collector => match &self.collected_by {
                None => Err(None),
                Some(c) if blank(&c.name) => Err(Some("nama pengambil wajib diisi".into())),
                Some(c) if c.relation != CollectorRelation::Attorney && c.nik.as_deref().is_none_or(blank) => {
                    Err(Some("NIK pengambil wajib diisi (dibaca dari KTP-el)".into()))
                }
                Some(c)
                    if c.relation == CollectorRelation::Attorney
                        && c.power_of_attorney.as_deref().is_none_or(blank) =>
                {
                    Err(Some("penerima kuasa wajib menunjukkan Surat Kuasa (F-1.07)".into()))
                }
                Some(_) => Ok(()),
            },
            InputKind::Schedule => self.schedule.map(|_| ()).ok_or(None),
            InputKind::Quantity => match self.quantity {
                None => Err(None),
                Some(0) => Err(Some("jumlah harus lebih dari nol".into())),
                Some(_) => Ok(()),
            },
            InputKind::Note => match &self.note {
                None => Err(None),
                Some(n) if blank(n) => Err(Some("catatan tidak boleh kosong".into())),
                Some(_) => Ok(()),
            },
            InputKind::Survey => match &self.survey {
                None => Err(None),
                Some(a) => crate::survey::Answers::parse(a).map(|_| ()).map_err(|e| Some(e.to_string())),
            },
        }
    }
}
