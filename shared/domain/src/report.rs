//! The monthly Adminduk service report each Dinas kabupaten/kota sends the province (seed 002):
//! cases by service and outcome, compliance with the time standard per service and per step,
//! documents issued per product, the satisfaction index, complaints and the KTP-el blank stock.
//! Figures only: a report never holds personal data.
//!
//! It travels as JSON (this shape) or as CSV in long form, one figure per row:
//! `bagian,kode,langkah,ukuran,nilai` (see [`Row`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::case::FieldProblem;

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(NaiveDate);

impl Month {
    pub fn parse(s: &str) -> Option<Month> {
        let s = s.trim();
        (s.len() == 7).then(|| NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()).flatten().map(Month)
    }

    pub fn of(day: NaiveDate) -> Month {
        Month(day.with_day(1).expect("every month has a first day"))
    }

    pub fn first_day(self) -> NaiveDate {
        self.0
    }

    pub fn next(self) -> Month {
        Month(self.0.checked_add_months(chrono::Months::new(1)).expect("a month within chrono's range"))
    }

    pub fn previous(self) -> Month {
        Month(self.0.checked_sub_months(chrono::Months::new(1)).expect("a month within chrono's range"))
    }

    /// The last day a report on this month is on time: the 10th of the next month.
    pub fn report_due(self) -> NaiveDate {
        self.next().0.with_day(REPORT_DUE_DAY).expect("every month has a 10th")
    }
}

/// Reports are due by this day of the next month.
pub const REPORT_DUE_DAY: u32 = 10;

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.0.year(), self.0.month())
    }
}

/// One Dinas's month, as reported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MonthlyReport {
    /// Per service (the catalogue's code, e.g. `KELAHIRAN`).
    #[serde(default)]
    pub services: Vec<ServiceLine>,
    /// Compliance with each step's time standard, per service.
    #[serde(default)]
    pub steps: Vec<StepLine>,
    /// Documents issued, per product (e.g. `Kartu Keluarga (KK)`).
    #[serde(default)]
    pub documents: Vec<DocumentLine>,
    /// The satisfaction index (IKM) of the month's surveys, when there were any.
    #[serde(default)]
    pub satisfaction: Option<Satisfaction>,
    #[serde(default)]
    pub complaints: Complaints,
    #[serde(default)]
    pub blanks: Blanks,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceLine {
    pub service: String,
    /// Filed this month.
    #[serde(default)]
    pub received: u64,
    /// Closed this month, by outcome.
    #[serde(default)]
    pub completed: u64,
    #[serde(default)]
    pub rejected: u64,
    #[serde(default)]
    pub cancelled: u64,
    /// Delivered this month within, and after, the service's time standard.
    #[serde(default)]
    pub on_time: u64,
    #[serde(default)]
    pub late: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StepLine {
    pub service: String,
    /// The workflow state, e.g. `verifikasi`.
    pub step: String,
    #[serde(default)]
    pub on_time: u64,
    #[serde(default)]
    pub late: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentLine {
    pub product: String,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    pub respondents: u64,
    /// 25 to 100 (PermenPAN-RB 14/2017).
    pub index: f64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Complaints {
    #[serde(default)]
    pub received: u64,
    #[serde(default)]
    pub answered: u64,
}

/// KTP-el blanks over the month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Blanks {
    #[serde(default)]
    pub received: u64,
    #[serde(default)]
    pub used: u64,
    #[serde(default)]
    pub damaged: u64,
    /// In stock at the end of the month.
    #[serde(default)]
    pub stock: u64,
}

/// Longest code, step or product name a report may carry.
const MAX_NAME: usize = 100;

fn problem(field: String, code: &'static str, message: String) -> FieldProblem {
    FieldProblem { field, code, message }
}

fn name_problem(field: String, value: &str) -> Option<FieldProblem> {
    let v = value.trim();
    (v.is_empty() || v.chars().count() > MAX_NAME || v.chars().any(char::is_control)).then(|| {
        problem(field, "NAME_INVALID", format!("Kode atau nama wajib diisi, paling banyak {MAX_NAME} karakter"))
    })
}

impl MonthlyReport {
    /// Every problem at once: names that are empty or too long, lines given twice, an index
    /// outside 25 to 100.
    pub fn check(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, l) in self.services.iter().enumerate() {
            problems.extend(name_problem(format!("services.{i}.service"), &l.service));
            if !seen.insert(("layanan", l.service.trim().to_string(), String::new())) {
                problems.push(twice(format!("services.{i}"), &l.service));
            }
        }
        for (i, l) in self.steps.iter().enumerate() {
            problems.extend(name_problem(format!("steps.{i}.service"), &l.service));
            problems.extend(name_problem(format!("steps.{i}.step"), &l.step));
            if !seen.insert(("langkah", l.service.trim().to_string(), l.step.trim().to_string())) {
                problems.push(twice(format!("steps.{i}"), &format!("{} {}", l.service, l.step)));
            }
        }
        for (i, l) in self.documents.iter().enumerate() {
            problems.extend(name_problem(format!("documents.{i}.product"), &l.product));
            if !seen.insert(("dokumen", l.product.trim().to_string(), String::new())) {
                problems.push(twice(format!("documents.{i}"), &l.product));
            }
        }
        if let Some(s) = self.satisfaction {
            if !(25.0..=100.0).contains(&s.index) || s.respondents == 0 {
                problems.push(problem(
                    "satisfaction".into(),
                    "INDEX_INVALID",
                    "Indeks kepuasan antara 25 dan 100, dari paling sedikit satu responden".into(),
                ));
            }
        }
        problems
    }

    /// The report as rows of its CSV form, in a stable order.
    pub fn rows(&self) -> Vec<Row> {
        let row = |section: &str, code: &str, step: &str, measure: &str, value: String| Row {
            section: section.into(),
            code: code.into(),
            step: step.into(),
            measure: measure.into(),
            value,
        };
        let mut rows = Vec::new();
        for l in &self.services {
            for (m, v) in [
                ("diterima", l.received),
                ("selesai", l.completed),
                ("ditolak", l.rejected),
                ("dibatalkan", l.cancelled),
                ("tepat_waktu", l.on_time),
                ("terlambat", l.late),
            ] {
                rows.push(row("layanan", &l.service, "", m, v.to_string()));
            }
        }
        for l in &self.steps {
            rows.push(row("langkah", &l.service, &l.step, "tepat_waktu", l.on_time.to_string()));
            rows.push(row("langkah", &l.service, &l.step, "terlambat", l.late.to_string()));
        }
        for l in &self.documents {
            rows.push(row("dokumen", &l.product, "", "terbit", l.count.to_string()));
        }
        if let Some(s) = self.satisfaction {
            rows.push(row("ikm", "", "", "responden", s.respondents.to_string()));
            rows.push(row("ikm", "", "", "indeks", s.index.to_string()));
        }
        rows.push(row("pengaduan", "", "", "diterima", self.complaints.received.to_string()));
        rows.push(row("pengaduan", "", "", "dijawab", self.complaints.answered.to_string()));
        for (m, v) in [
            ("diterima", self.blanks.received),
            ("terpakai", self.blanks.used),
            ("rusak", self.blanks.damaged),
            ("stok", self.blanks.stock),
        ] {
            rows.push(row("blangko", "", "", m, v.to_string()));
        }
        rows
    }

    /// A report from the rows of its CSV form; every row that cannot be read is a problem named
    /// by its line (the header is line 1).
    pub fn from_rows(rows: &[Row]) -> Result<MonthlyReport, Vec<FieldProblem>> {
        let mut report = MonthlyReport::default();
        let mut services: BTreeMap<String, ServiceLine> = BTreeMap::new();
        let mut steps: BTreeMap<(String, String), StepLine> = BTreeMap::new();
        let mut documents: BTreeMap<String, u64> = BTreeMap::new();
        let (mut respondents, mut index) = (None, None);
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, r) in rows.iter().enumerate() {
            let line = format!("baris.{}", i + 2);
            let bad = |message: &str| problem(line.clone(), "ROW_INVALID", format!("Baris {}: {message}", i + 2));
            let key = (r.section.trim(), r.code.trim(), r.step.trim(), r.measure.trim());
            if !seen.insert(key) {
                problems.push(bad("angka yang sama diisi dua kali"));
                continue;
            }
            let count = || r.value.trim().parse::<u64>().map_err(|_| bad("nilai harus bilangan bulat 0 atau lebih"));
            let (code, step) = (r.code.trim().to_string(), r.step.trim().to_string());
            let result = match (key.0, key.3) {
                ("layanan", m) => count().and_then(|v| {
                    let l = services
                        .entry(code.clone())
                        .or_insert_with(|| ServiceLine { service: code, ..Default::default() });
                    let slot = match m {
                        "diterima" => &mut l.received,
                        "selesai" => &mut l.completed,
                        "ditolak" => &mut l.rejected,
                        "dibatalkan" => &mut l.cancelled,
                        "tepat_waktu" => &mut l.on_time,
                        "terlambat" => &mut l.late,
                        _ => return Err(bad("ukuran layanan tidak dikenal")),
                    };
                    *slot = v;
                    Ok(())
                }),
                ("langkah", m) => count().and_then(|v| {
                    let l = steps.entry((code.clone(), step.clone())).or_insert_with(|| StepLine {
                        service: code,
                        step,
                        ..Default::default()
                    });
                    match m {
                        "tepat_waktu" => l.on_time = v,
                        "terlambat" => l.late = v,
                        _ => return Err(bad("ukuran langkah tidak dikenal")),
                    }
                    Ok(())
                }),
                ("dokumen", "terbit") => count().map(|v| {
                    documents.insert(code, v);
                }),
                ("ikm", "responden") => count().map(|v| respondents = Some(v)),
                ("ikm", "indeks") => match r.value.trim().parse::<f64>() {
                    Ok(v) if v.is_finite() => {
                        index = Some(v);
                        Ok(())
                    }
                    _ => Err(bad("indeks harus bilangan")),
                },
                ("pengaduan", m) => count().and_then(|v| {
                    match m {
                        "diterima" => report.complaints.received = v,
                        "dijawab" => report.complaints.answered = v,
                        _ => return Err(bad("ukuran pengaduan tidak dikenal")),
                    }
                    Ok(())
                }),
                ("blangko", m) => count().and_then(|v| {
                    match m {
                        "diterima" => report.blanks.received = v,
                        "terpakai" => report.blanks.used = v,
                        "rusak" => report.blanks.damaged = v,
                        "stok" => report.blanks.stock = v,
                        _ => return Err(bad("ukuran blangko tidak dikenal")),
                    }
                    Ok(())
                }),
                _ => Err(bad("bagian atau ukuran tidak dikenal")),
            };
            problems.extend(result.err());
        }
        match (respondents, index) {
            (Some(respondents), Some(index)) => report.satisfaction = Some(Satisfaction { respondents, index }),
            (None, None) => {}
            _ => problems.push(problem(
                "ikm".into(),
                "ROW_INVALID",
                "IKM diisi dengan jumlah responden dan indeksnya".into(),
            )),
        }
        report.services = services.into_values().collect();
        report.steps = steps.into_values().collect();
        report.documents = documents.into_iter().map(|(product, count)| DocumentLine { product, count }).collect();
        problems.extend(report.check());
        if problems.is_empty() { Ok(report) } else { Err(problems) }
    }
}

fn twice(field: String, what: &str) -> FieldProblem {
    problem(field, "LINE_REPEATED", format!("{what} diisi dua kali"))
}

/// One figure of a report's CSV form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// `layanan`, `langkah`, `dokumen`, `ikm`, `pengaduan` or `blangko`.
    #[serde(rename = "bagian")]
    pub section: String,
    /// The service code or the product's name; empty where the section has none.
    #[serde(rename = "kode")]
    pub code: String,
    /// The workflow step, for `langkah`.
    #[serde(rename = "langkah")]
    pub step: String,
    /// What is counted: `diterima`, `selesai`, `tepat_waktu`, `terbit`, `stok`, ...
    #[serde(rename = "ukuran")]
    pub measure: String,
    #[serde(rename = "nilai")]
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> MonthlyReport {
        MonthlyReport {
            services: vec![ServiceLine {
                service: "KELAHIRAN".into(),
                received: 12,
                completed: 10,
                rejected: 1,
                cancelled: 0,
                on_time: 9,
                late: 2,
            }],
            steps: vec![StepLine { service: "KELAHIRAN".into(), step: "verifikasi".into(), on_time: 11, late: 1 }],
            documents: vec![DocumentLine { product: "Kartu Keluarga (KK)".into(), count: 30 }],
            satisfaction: Some(Satisfaction { respondents: 8, index: 82.5 }),
            complaints: Complaints { received: 3, answered: 2 },
            blanks: Blanks { received: 1000, used: 420, damaged: 3, stock: 577 },
        }
    }

    #[test]
    fn a_report_survives_its_csv_form() {
        let report = sample();
        assert_eq!(report.check(), vec![]);
        assert_eq!(MonthlyReport::from_rows(&report.rows()), Ok(report));
    }

    #[test]
    fn every_unreadable_row_is_named_at_once() {
        let mut rows = sample().rows();
        rows[0].value = "-1".into();
        rows[1].measure = "entah".into();
        rows.push(rows[2].clone());
        let problems = MonthlyReport::from_rows(&rows).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["baris.2", "baris.3", format!("baris.{}", rows.len() + 1).as_str()]);
    }

    #[test]
    fn repeated_lines_empty_names_and_impossible_indexes_are_refused() {
        let mut report = sample();
        report.services.push(report.services[0].clone());
        report.documents[0].product = " ".into();
        report.satisfaction = Some(Satisfaction { respondents: 1, index: 101.0 });
        let codes: Vec<_> = report.check().iter().map(|p| p.code).collect();
        assert_eq!(codes, ["LINE_REPEATED", "NAME_INVALID", "INDEX_INVALID"]);
    }

    #[test]
    fn a_month_is_due_on_the_tenth_of_the_next() {
        let m = Month::parse("2026-12").unwrap();
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(m.report_due(), NaiveDate::from_ymd_opt(2027, 1, 10).unwrap());
        assert_eq!(m.previous().to_string(), "2026-11");
        for bad in ["2026-13", "2026-1", "26-01", "2026-01-01", ""] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }
}
