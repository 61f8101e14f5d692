//! Records of cases (permohonan), their history and their uploads.

use adminduk_domain::case::Answers;
use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use adminduk_domain::workflow::{ActionInputs, Outcome, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::AccountKind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    pub id: String,
    /// The registration number, given at submission.
    pub number: Option<String>,
    pub service: String,
    pub variant: String,
    pub workflow: String,
    /// Where the case sits: the Dinas, or the counter that filed it.
    pub office: Office,
    pub applicant: Applicant,
    /// Where the applicant is told of each step, as recorded at a counter or by an institution;
    /// without it, messages go to the reporter's account (a resident's own case) or to the
    /// applicant's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// The reporting account.
    pub reporter: String,
    pub reporter_kind: ReporterKind,
    pub state: String,
    /// Form answers by field code (see the service's form in the catalogue).
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, serde_json::Value>))]
    pub answers: Answers,
    pub documents: Vec<AttachedDocument>,
    /// What the office produced for the applicant, as files: `document` names the service's
    /// product.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issued: Vec<AttachedDocument>,
    /// The documents an officer estimated at verification: what the pickup receipt promises.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promised: Vec<String>,
    /// How many items the case is about now, where its steps count them (KTP-el blanks: asked
    /// for, then approved, then handed over in the BAST).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// When the current state's time standard runs out.
    pub state_due: Option<DateTime<Utc>>,
    /// When the service's time standard runs out (the promised date). It moves later by the
    /// time the case spends in states that pause the service clock.
    pub service_due: Option<DateTime<Utc>>,
    /// Since when the service clock is paused (the case waits on its applicant).
    #[serde(default)]
    pub service_paused_at: Option<DateTime<Utc>>,
    /// When the service was delivered (the first state that stops the clock), for the figures
    /// of cases finished within their time standard.
    #[serde(default)]
    pub service_done_at: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
    /// When it was filed, another open case recorded the same kind of event for the same person
    /// (a possible duplicate, for the officer to look at; the case view names it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub possible_duplicate: bool,
    /// The reporter's statement that the data are true, made when filing (seed 000: the reporter
    /// answers for what they report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<Statement>,
    /// The slot booked for the visit the case waits for (see the state's `visit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<super::Booking>,
    /// The applicant's satisfaction survey (nine scores, 1 to 4), once the case is completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<Vec<u8>>,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// The words the reporter agreed to, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    pub text: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A case as a list shows it (an officer's queue): what names it and where it stands, read
/// without its documents, statement or booking. It has the `Case`'s field names: read from a
/// whole case's document, the rest is skipped unread.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CaseHead {
    pub id: String,
    pub number: Option<String>,
    pub service: String,
    pub variant: String,
    pub workflow: String,
    pub office: Office,
    pub applicant: Applicant,
    /// Read for the one answer that names the case's subject (a newborn, the deceased).
    pub answers: Answers,
    pub state: String,
    #[serde(default, deserialize_with = "rfc3339::maybe")]
    pub state_due: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "rfc3339::maybe")]
    pub service_due: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub possible_duplicate: bool,
    #[serde(deserialize_with = "rfc3339::one")]
    pub updated_at: DateTime<Utc>,
}

/// A case's line in the officers' queues, made by the application whenever the case is written
/// and kept beside it, so that a queue page is answered without reading each case's document:
/// the line as JSON (what a queue item shows whatever the hour), and a mark of the catalogue its
/// names came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub json: String,
    pub catalogue: String,
}

/// One case of a queue page.
#[derive(Debug, Clone, PartialEq)]
pub enum Queued {
    /// Its listing's JSON, made with the catalogue the page is read with.
    Listed { id: String, state_due: Option<DateTime<Utc>>, json: String },
    /// Listed with another catalogue (since adjusted), or written before cases had listings: the
    /// case's head, to list it from afresh.
    Head(Box<CaseHead>),
}

impl Queued {
    pub fn id(&self) -> &str {
        match self {
            Queued::Listed { id, .. } => id,
            Queued::Head(head) => &head.id,
        }
    }

    /// The case's head, where it came as one.
    pub fn head(self) -> Option<CaseHead> {
        match self {
            Queued::Head(head) => Some(*head),
            Queued::Listed { .. } => None,
        }
    }
}

/// Times as serde wrote them (RFC 3339), read by chrono's strict parser: its serde reader takes
/// the relaxed one, several times slower, and a queue page reads dozens.
mod rfc3339 {
    use std::borrow::Cow;

    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer};

    fn parse<E: serde::de::Error>(text: &str) -> Result<DateTime<Utc>, E> {
        DateTime::parse_from_rfc3339(text).map(|t| t.to_utc()).map_err(E::custom)
    }

    pub fn one<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        parse(&<Cow<'de, str>>::deserialize(d)?)
    }

    pub fn maybe<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        <Option<Cow<'de, str>>>::deserialize(d)?.map(|t| parse(&t)).transpose()
    }
}

impl From<&Case> for CaseHead {
    fn from(c: &Case) -> Self {
        CaseHead {
            id: c.id.clone(),
            number: c.number.clone(),
            service: c.service.clone(),
            variant: c.variant.clone(),
            workflow: c.workflow.clone(),
            office: c.office,
            applicant: c.applicant.clone(),
            answers: c.answers.clone(),
            state: c.state.clone(),
            state_due: c.state_due,
            service_due: c.service_due,
            outcome: c.outcome,
            possible_duplicate: c.possible_duplicate,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicant {
    // None for one who has no NIK yet (a newborn, a foreigner) or a case that names no KK.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub nik: Option<Nik>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub no_kk: Option<NoKk>,
    pub name: String,
}

/// The applicant's phone (E.164) and e-mail, both checked when recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The WhatsApp number (E.164) the applicant wrote from: messages go there first, by SMS
    /// to `phone` when WhatsApp cannot deliver them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whatsapp: Option<String>,
}

/// A received upload that stands for one requirement document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachedDocument {
    pub document: String,
    pub upload_id: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    /// The earlier case of the same family this file was accepted in, when it was reused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reused_from: Option<String>,
}

/// One line of a case's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseEvent {
    pub case_id: String,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub role: Option<Role>,
    #[serde(flatten)]
    pub kind: CaseEventKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CaseEventKind {
    Created,
    AnswersChanged,
    DocumentAttached {
        document: String,
        upload_id: String,
    },
    /// An officer attached a document the office produced.
    ProductAttached {
        document: String,
        upload_id: String,
    },
    Transition {
        action: String,
        from: String,
        to: String,
        inputs: Box<ActionInputs>,
    },
    /// An officer opened a document: every view of personal data is recorded.
    DocumentViewed {
        document: String,
        upload_id: String,
    },
    /// The reporter deleted the draft: its answers and files are gone.
    DraftDeleted,
    /// A document accepted in an earlier completed case of the family was attached again.
    DocumentReused {
        document: String,
        upload_id: String,
        from_case: String,
    },
    /// An appointment was booked, moved, cancelled or missed (the note says which, and when).
    Appointment {
        note: String,
    },
    /// An officer corrected a declared answer.
    AnswerCorrected {
        field: String,
        #[cfg_attr(feature = "openapi", schema(value_type = serde_json::Value))]
        from: Box<serde_json::Value>,
        #[cfg_attr(feature = "openapi", schema(value_type = serde_json::Value))]
        to: Box<serde_json::Value>,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UploadStatus {
    /// Promised by a presigned URL, not yet arrived.
    Pending,
    Received,
    /// Arrived straight in the blob store but not as declared, or too late: removed. The code
    /// and message say why, for the applicant.
    Rejected {
        code: String,
        message: String,
    },
}

/// What an upload is for, and so who sends it and where it is attached.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UploadPurpose {
    /// A requirement document, sent by the reporter while the case waits on them.
    #[default]
    Requirement,
    /// A document the office produced (the TTE-signed KK, a PPID answer, a letter), attached by an
    /// officer working the case; the reporter and the applicant download it.
    Product,
    /// The F-1.07 power of attorney an attorney shows at the pickup counter, scanned there.
    PowerOfAttorney,
}

/// What an idempotency key was first used for: the case it made and, where a retry must send the
/// same body, that body's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotentCase {
    pub case_id: String,
    pub request: Option<String>,
}

/// Where a queue page goes on from: after this case in the queue's order (soonest due first,
/// undated last, then by id). Its `token` is what the API hands out as the next page's cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueAfter {
    pub due: Option<DateTime<Utc>>,
    pub id: String,
}

impl QueueAfter {
    /// The place after `case`.
    pub fn case(case: &Queued) -> Self {
        match case {
            Queued::Listed { id, state_due, .. } => Self { due: *state_due, id: id.clone() },
            Queued::Head(head) => Self { due: head.state_due, id: head.id.clone() },
        }
    }

    /// `2026-12-04T01:55:00.123456789Z/K-1`, or `-/K-1` for an undated case.
    pub fn token(&self) -> String {
        let due = self.due.map_or_else(|| "-".to_string(), |d| d.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true));
        format!("{due}/{}", self.id)
    }

    pub fn parse(token: &str) -> Option<Self> {
        let (due, id) = token.split_once('/')?;
        let due = match due {
            "-" => None,
            due => Some(DateTime::parse_from_rfc3339(due).ok()?.with_timezone(&Utc)),
        };
        (!id.is_empty()).then(|| Self { due, id: id.to_string() })
    }
}

/// How many open cases a queue holds, and how many of them are near or past their state's
/// deadline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub open: u64,
    /// Due at `now` or later, by the near bound.
    pub near: u64,
    /// Due before `now`.
    pub past: u64,
}

/// An upload bound to what its presign declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    pub id: String,
    pub case_id: String,
    #[serde(default)]
    pub purpose: UploadPurpose,
    /// The account that asked for the upload URL, named in the case's history.
    #[serde(default)]
    pub sender: Option<String>,
    pub document: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub status: UploadStatus,
    pub expires_at: DateTime<Utc>,
}

/// Who reported a case: a kind of account, or a Dinas kabupaten/kota's system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReporterKind {
    Pribadi,
    Instansi,
    Officer,
    /// A Dinas kabupaten/kota's own system (a machine client), reporting the Dinas's requests to
    /// the province.
    Sistem,
}

impl From<AccountKind> for ReporterKind {
    fn from(kind: AccountKind) -> ReporterKind {
        match kind {
            AccountKind::Pribadi => ReporterKind::Pribadi,
            AccountKind::Instansi => ReporterKind::Instansi,
            AccountKind::Officer => ReporterKind::Officer,
        }
    }
}
