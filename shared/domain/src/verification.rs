//! Batch NIK verification for partners under a PKS: each record a partner sends (a NIK with the
//! name and birth date it holds, and optionally more) is answered with whether each field it sent
//! matches the register, or that the NIK is unknown, deceased or inactive. Nothing the partner
//! did not send ever comes back (UU 27/2022 on personal data protection).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::Sex;

/// How a batch's records come, and so how its answers go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One JSON object per line (`application/x-ndjson`).
    Jsonl,
    /// A header `nik,name,birth_date[,birth_place,sex,no_kk,reference]`, then one record per row.
    Csv,
}

impl Format {
    /// The media type of records and answers in this form.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Jsonl => "application/x-ndjson",
            Format::Csv => "text/csv",
        }
    }
}

/// How many records of a batch got each kind of answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    pub records: u64,
    pub found: u64,
    pub not_found: u64,
    pub deceased: u64,
    pub inactive: u64,
    pub invalid: u64,
}

impl Counts {
    pub fn count(&mut self, status: Status) {
        self.records += 1;
        *match status {
            Status::Found => &mut self.found,
            Status::NotFound => &mut self.not_found,
            Status::Deceased => &mut self.deceased,
            Status::Inactive => &mut self.inactive,
            Status::Invalid => &mut self.invalid,
        } += 1;
    }
}

/// One record as a partner sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub nik: String,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    #[serde(default)]
    pub birth_place: Option<String>,
    /// 1 laki-laki, 2 perempuan.
    #[serde(default)]
    pub sex: Option<u8>,
    #[serde(default)]
    pub no_kk: Option<String>,
    /// The partner's own reference, echoed back.
    #[serde(default)]
    pub reference: Option<String>,
}

/// What the register holds of a person, for comparing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnRecord<'a> {
    pub name: &'a str,
    pub birth_date: NaiveDate,
    pub birth_place: &'a str,
    pub sex: Sex,
    pub no_kk: &'a str,
    pub alive: bool,
    pub active: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In the register, alive and active: each field sent is compared.
    Found,
    NotFound,
    Deceased,
    /// Moved out or deactivated in SIAK.
    Inactive,
    /// The record itself cannot be read; `problem` says why.
    Invalid,
}

/// The answer to one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// The record's line in what was sent (1 for the first record).
    pub line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The NIK as the partner sent it.
    pub nik: String,
    pub status: Status,
    /// For a found NIK: whether each field the partner sent matches.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub matches: BTreeMap<&'static str, bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Names compared as people write them: case, spaces and punctuation aside.
pub fn same_name(a: &str, b: &str) -> bool {
    fn key(s: &str) -> String {
        let kept: String = s.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).collect();
        kept.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()
    }
    key(a) == key(b)
}

/// Longest text field a record may carry.
const MAX_TEXT: usize = 200;

impl Record {
    /// The NIK's sixteen digits, or why the record cannot be checked at all.
    pub fn checked_nik(&self) -> Result<String, String> {
        let digits: String = self.nik.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        if digits.len() != 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("NIK harus 16 angka".into());
        }
        let texts = [Some(&self.name), self.birth_place.as_ref(), self.reference.as_ref(), self.no_kk.as_ref()];
        if texts.into_iter().flatten().any(|t| t.chars().count() > MAX_TEXT || t.chars().any(char::is_control)) {
            return Err(format!("Isian paling banyak {MAX_TEXT} karakter tanpa karakter kendali"));
        }
        if self.name.trim().is_empty() {
            return Err("Nama wajib diisi".into());
        }
        if NaiveDate::parse_from_str(self.birth_date.trim(), "%Y-%m-%d").is_err() {
            return Err("Tanggal lahir harus berbentuk TTTT-BB-HH".into());
        }
        if self.sex.is_some_and(|s| Sex::from_code(s).is_err()) {
            return Err("Jenis kelamin 1 (laki-laki) atau 2 (perempuan)".into());
        }
        Ok(digits)
    }

    /// The answer for this record, given what the register holds under its NIK.
    pub fn answer(&self, line: u64, on_record: Option<&OnRecord<'_>>) -> Answer {
        let mut answer = Answer {
            line,
            reference: self.reference.clone(),
            nik: self.nik.clone(),
            status: Status::Invalid,
            matches: BTreeMap::new(),
            problem: None,
        };
        if let Err(problem) = self.checked_nik() {
            answer.problem = Some(problem);
            return answer;
        }
        answer.status = match on_record {
            None => Status::NotFound,
            Some(r) if !r.alive => Status::Deceased,
            Some(r) if !r.active => Status::Inactive,
            Some(r) => {
                answer.matches.insert("name", same_name(&self.name, r.name));
                let born = NaiveDate::parse_from_str(self.birth_date.trim(), "%Y-%m-%d").ok();
                answer.matches.insert("birth_date", born == Some(r.birth_date));
                if let Some(place) = &self.birth_place {
                    answer.matches.insert("birth_place", same_name(place, r.birth_place));
                }
                if let Some(sex) = self.sex {
                    answer.matches.insert("sex", sex == r.sex.code());
                }
                if let Some(no_kk) = &self.no_kk {
                    answer.matches.insert("no_kk", no_kk.trim() == r.no_kk);
                }
                Status::Found
            }
        };
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> OnRecord<'static> {
        OnRecord {
            name: "ANDI MAPPANYUKKI",
            birth_date: NaiveDate::from_ymd_opt(1985, 3, 12).unwrap(),
            birth_place: "SUNGGUMINASA",
            sex: Sex::from_code(1).unwrap(),
            no_kk: "7306081203850099",
            alive: true,
            active: true,
        }
    }

    fn record() -> Record {
        Record {
            nik: "7306081203850001".into(),
            name: "Andi  Mappanyukki.".into(),
            birth_date: "1985-03-12".into(),
            ..Record::default()
        }
    }

    #[test]
    fn only_the_fields_sent_are_answered_and_no_register_data_comes_back() {
        let a = record().answer(1, Some(&person()));
        assert_eq!(a.status, Status::Found);
        assert_eq!(a.matches, BTreeMap::from([("name", true), ("birth_date", true)]));
        let text = serde_json::to_string(&a).unwrap();
        assert!(!text.contains("MAPPANYUKKI") && !text.contains("1985"), "{text}");

        let r = Record {
            birth_place: Some("Makassar".into()),
            sex: Some(2),
            no_kk: Some("7306081203850099".into()),
            ..record()
        };
        let a = r.answer(2, Some(&person()));
        assert_eq!(
            a.matches,
            BTreeMap::from([
                ("name", true),
                ("birth_date", true),
                ("birth_place", false),
                ("sex", false),
                ("no_kk", true)
            ])
        );
    }

    #[test]
    fn the_dead_the_inactive_the_unknown_and_the_unreadable_say_only_that() {
        let dead = OnRecord { alive: false, ..person() };
        assert_eq!(record().answer(1, Some(&dead)).status, Status::Deceased);
        assert!(record().answer(1, Some(&dead)).matches.is_empty());
        let gone = OnRecord { active: false, ..person() };
        assert_eq!(record().answer(1, Some(&gone)).status, Status::Inactive);
        assert_eq!(record().answer(1, None).status, Status::NotFound);
        for bad in [
            Record { nik: "12345".into(), ..record() },
            Record { birth_date: "12-03-1985".into(), ..record() },
            Record { name: " ".into(), ..record() },
            Record { sex: Some(3), ..record() },
            Record { reference: Some("x".repeat(201)), ..record() },
        ] {
            let a = bad.answer(4, Some(&person()));
            assert_eq!((a.status, a.problem.is_some(), a.matches.is_empty()), (Status::Invalid, true, true), "{bad:?}");
        }
    }
}
