//! Form answers: every field the service defines, checked by its kind.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalogue::{FieldKind, Service};
use crate::ids::{Nik, NoKk};

/// Answers as submitted: field name to a JSON value.
pub type Answers = BTreeMap<String, serde_json::Value>;

const MAX_TEXT: usize = 1000;

/// One field that cannot be accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

fn problem(field: &str, code: &'static str, message: impl Into<String>) -> FieldProblem {
    FieldProblem { field: field.to_string(), code, message: message.into() }
}

/// Checks `answers` against `service`'s form. Returns the chosen options of the choice fields
/// (what conditions read), or every problem. Required fields may be left empty while
/// `complete` is false (a draft).
pub fn check_answers(
    service: &Service,
    answers: &Answers,
    today: NaiveDate,
    complete: bool,
) -> Result<BTreeMap<String, BTreeSet<String>>, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    for name in answers.keys() {
        if service.field(name).is_none() {
            problems.push(problem(name, "FIELD_UNKNOWN", format!("Isian {name} tidak ada pada layanan ini")));
        }
    }
    let mut choices = BTreeMap::new();
    for field in &service.fields {
        let value = answers
            .get(&field.name)
            .filter(|v| !v.is_null() && *v != &serde_json::json!("") && *v != &serde_json::json!([]));
        let Some(value) = value else {
            if field.required && complete {
                problems.push(problem(&field.name, "FIELD_REQUIRED", format!("{} wajib diisi", field.label)));
            }
            continue;
        };
        let text = value.as_str();
        let option = |v: &str| field.options.iter().any(|o| o.value == v);
        match field.kind {
            FieldKind::Text => match text {
                Some(t) if t.trim().chars().count() <= MAX_TEXT => {}
                Some(_) => problems.push(problem(
                    &field.name,
                    "FIELD_TOO_LONG",
                    format!("{} paling banyak {MAX_TEXT} karakter", field.label),
                )),
                None => {
                    problems.push(problem(&field.name, "FIELD_INVALID", format!("{} harus berupa teks", field.label)))
                }
            },
            FieldKind::Date => match text.and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()) {
                Some(d) if d <= today => {}
                Some(_) => problems.push(problem(
                    &field.name,
                    "DATE_IN_FUTURE",
                    format!("{} tidak boleh setelah hari ini", field.label),
                )),
                None => problems.push(problem(
                    &field.name,
                    "DATE_INVALID",
                    format!("{} harus tanggal YYYY-MM-DD", field.label),
                )),
            },
            FieldKind::Nik => {
                if let Err(e) = Nik::parse(text.unwrap_or_default(), today) {
                    problems.push(problem(&field.name, crate::Coded::code(&e), format!("{}: {e}", field.label)));
                }
            }
            FieldKind::NoKk => {
                if let Err(e) = NoKk::parse(text.unwrap_or_default()) {
                    problems.push(problem(&field.name, crate::Coded::code(&e), format!("{}: {e}", field.label)));
                }
            }
            FieldKind::Number => {
                if value.as_u64().is_none_or(|n| n > 10_000_000) {
                    problems.push(problem(
                        &field.name,
                        "NUMBER_INVALID",
                        format!("{} harus bilangan bulat tidak negatif", field.label),
                    ));
                }
            }
            FieldKind::Choice => match text.filter(|t| option(t)) {
                Some(t) => {
                    choices.insert(field.name.clone(), BTreeSet::from([t.to_string()]));
                }
                None => problems.push(problem(
                    &field.name,
                    "CHOICE_INVALID",
                    format!("Pilihan {} tidak tersedia", field.label),
                )),
            },
            FieldKind::Choices => {
                let picked: Option<BTreeSet<String>> = value
                    .as_array()
                    .map(|a| a.iter().filter_map(|v| v.as_str().filter(|s| option(s)).map(str::to_string)).collect());
                match picked.filter(|p| p.len() == value.as_array().map_or(0, Vec::len)) {
                    Some(p) => {
                        choices.insert(field.name.clone(), p);
                    }
                    None => problems.push(problem(
                        &field.name,
                        "CHOICE_INVALID",
                        format!("Pilihan {} tidak tersedia", field.label),
                    )),
                }
            }
        }
    }
    if problems.is_empty() { Ok(choices) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::catalogue::Catalogue;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn answers(v: serde_json::Value) -> Answers {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_birth_report_form() {
        let s = Catalogue::embedded().service("KELAHIRAN").unwrap();
        let good = answers(
            json!({ "nama_anak": "Nurul", "tanggal_lahir": "2026-11-01", "tempat_lahir": "Sungguminasa", "bukti_kelahiran": "sptjm", "perkawinan_orang_tua": "tercatat" }),
        );
        let choices = check_answers(s, &good, today(), true).unwrap();
        assert_eq!(choices["bukti_kelahiran"], BTreeSet::from(["sptjm".to_string()]));

        let draft = answers(json!({ "nama_anak": "Nurul" }));
        assert!(check_answers(s, &draft, today(), false).is_ok(), "a draft may be incomplete");
        let codes: Vec<_> = check_answers(s, &draft, today(), true).unwrap_err().into_iter().map(|p| p.code).collect();
        assert_eq!(codes, ["FIELD_REQUIRED"; 4]);

        let bad = answers(
            json!({ "nama_anak": 7, "tanggal_lahir": "2026-12-01", "bukti_kelahiran": "kartu", "warna": "merah" }),
        );
        let codes: Vec<_> = check_answers(s, &bad, today(), false).unwrap_err().into_iter().map(|p| p.code).collect();
        assert_eq!(codes, ["FIELD_UNKNOWN", "FIELD_INVALID", "DATE_IN_FUTURE", "CHOICE_INVALID"]);
    }

    #[test]
    fn multiple_choices_and_identifiers() {
        let s = Catalogue::embedded().service("PERUBAHAN_BIODATA").unwrap();
        let ok = answers(json!({ "elemen": ["agama", "golongan_darah"] }));
        assert_eq!(check_answers(s, &ok, today(), true).unwrap()["elemen"].len(), 2);
        let bad = answers(json!({ "elemen": ["agama", "hobi"] }));
        assert_eq!(check_answers(s, &bad, today(), true).unwrap_err()[0].code, "CHOICE_INVALID");
        let death = Catalogue::embedded().service("KEMATIAN").unwrap();
        let wrong = answers(json!({ "tanggal_kematian": "2026-11-20", "nik_almarhum": "123" }));
        assert_eq!(check_answers(death, &wrong, today(), true).unwrap_err()[0].code, "NIK_FORMAT");
    }
}
