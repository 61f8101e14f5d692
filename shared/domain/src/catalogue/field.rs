//! The fields of a service's declaration, as data: each field's kind and the limits its answers
//! must keep. The checks themselves are in `case::declaration`.

use serde::{Deserialize, Serialize};

use super::condition::Condition;
use crate::codes::{BloodType, Citizenship, Education, MaritalStatus, Occupation, Religion, Sex, Shdk};

/// A field of a declaration.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The heading the field is shown under (the form's section: "Data anak", "Data ibu", ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Asked only when this holds (conditions read the other answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// The choices of a `choice` or `choices` field; for a `code_list` field, filled from it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<FieldOption>,
    /// A SIAK code list the choices come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_list: Option<CodeList>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// `text`: length in characters and the characters allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chars: Option<TextChars>,
    /// `number`: the unit it is in (kg, cm) and its range; `decimals` digits after the point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub min: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub max: Option<serde_json::Number>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub decimals: u8,
    /// `date`, `date_time`: whether a day after today is allowed (a planned move is; a birth is not).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub future: bool,
    /// `family_member`: who of the reporter's family may be picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<MemberFilter>,
    /// `group`: the fields of each entry and how many entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// A string (`min_length`, `max_length`, `chars`).
    Text,
    /// A JSON number (`unit`, `min`, `max`, `decimals`).
    Number,
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM`, 24-hour.
    Time,
    /// `YYYY-MM-DDTHH:MM`, local time.
    DateTime,
    /// One of the options (a string).
    Choice,
    /// Any number of the options (an array of strings).
    Choices,
    /// `true` or `false`; conditions read it as `ya` or `tidak`.
    YesNo,
    /// A well-formed NIK (not looked up).
    Nik,
    NoKk,
    /// A NIK of someone in the register; the name is shown back.
    RegisteredNik,
    /// The NIK of a member of the reporter's family, as `member` filters them.
    FamilyMember,
    /// Someone who is not (yet) in the register: `{ nama, jenis_kelamin, tanggal_lahir,
    /// kewarganegaraan, nik? }`.
    Person,
    /// `{ alamat, rt, rw, kode_desa, nama_desa?, kode_pos? }`; region names come from the code.
    Address,
    /// Repeated entries of `fields` (`min_items` to `max_items`), an array of objects.
    Group,
}

/// The characters a text may hold.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextChars {
    /// A person's or place's name: letters, spaces and `.,'-`.
    Name,
    /// Letters, digits, spaces and the punctuation of an ordinary sentence, one line.
    Line,
    /// As `line`, over several lines.
    Free,
    /// Digits only (document numbers written as digits).
    Digits,
    /// A document number: letters, digits and `/.-` with spaces.
    Reference,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeList {
    JenisKelamin,
    Agama,
    StatusPerkawinan,
    GolonganDarah,
    Pendidikan,
    Pekerjaan,
    Shdk,
    Kewarganegaraan,
}

impl CodeList {
    /// The list's values as options: the SIAK code as the value, the label as the label.
    pub fn options(self) -> Vec<FieldOption> {
        fn of<T: Copy>(all: &[T], code: impl Fn(T) -> u8, label: impl Fn(T) -> &'static str) -> Vec<FieldOption> {
            all.iter().map(|v| FieldOption { value: code(*v).to_string(), label: label(*v).to_string() }).collect()
        }
        match self {
            CodeList::JenisKelamin => of(Sex::ALL, Sex::code, Sex::label),
            CodeList::Agama => of(Religion::ALL, Religion::code, Religion::label),
            CodeList::StatusPerkawinan => of(MaritalStatus::ALL, MaritalStatus::code, MaritalStatus::label),
            CodeList::GolonganDarah => of(BloodType::ALL, BloodType::code, BloodType::label),
            CodeList::Pendidikan => of(Education::ALL, Education::code, Education::label),
            CodeList::Pekerjaan => of(Occupation::ALL, Occupation::code, Occupation::label),
            CodeList::Shdk => of(Shdk::ALL, Shdk::code, Shdk::label),
            CodeList::Kewarganegaraan => of(Citizenship::ALL, Citizenship::code, Citizenship::label),
        }
    }
}

/// Which members of the reporter's family a `family_member` field offers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberFilter {
    /// Only these SHDK (any when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shdk: Vec<Shdk>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    /// Younger than this many years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below_age: Option<u32>,
    /// Not the reporter themselves (a death is reported by someone else).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_reporter: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOption {
    pub value: String,
    pub label: String,
}

impl Field {
    pub fn has_options(&self) -> bool {
        matches!(self.kind, FieldKind::Choice | FieldKind::Choices)
    }

    /// The field inside a group, by name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Fills the options of a code-list field from its list (at load).
    pub(crate) fn expand(&mut self) {
        if let Some(list) = self.code_list {
            self.options = list.options();
        }
        for f in &mut self.fields {
            f.expand();
        }
    }
}
