use std::process::ExitCode;

use adminduk_domain::ids::{Nik, NikWarning};
use adminduk_domain::region::RegionCode;
use chrono::NaiveDate;
use serde::Serialize;

use crate::output::{Failure, Output};

#[derive(Serialize)]
struct Checked<'a> {
    input: &'a str,
    valid: bool,
    #[serde(flatten)]
    result: Verdict,
}

/// The parts of a valid NIK, or why it is invalid, side by side with `valid`.
#[derive(Serialize)]
#[serde(untagged)]
enum Verdict {
    Parsed(Parsed),
    Refused(Failure),
}

#[derive(Serialize)]
struct Parsed {
    nik: String,
    masked: String,
    birth_date: NaiveDate,
    sex: Labelled,
    region: RegionCode,
    serial: u16,
    warnings: Vec<NikWarning>,
}

#[derive(Serialize)]
struct Labelled {
    code: u8,
    label: &'static str,
}

/// Exit status 0 for a valid NIK, 1 for an invalid one.
pub fn run(input: &str, at: Option<NaiveDate>, out: &Output) -> ExitCode {
    let reference = at.unwrap_or_else(|| chrono::Local::now().date_naive());
    let result = Nik::parse(input, reference).map_err(|e| Failure::from(&e)).map(|nik| Parsed {
        nik: nik.to_string(),
        masked: nik.masked(),
        birth_date: nik.birth_date(reference),
        sex: Labelled { code: nik.sex().code(), label: nik.sex().label() },
        region: nik.region(),
        serial: nik.serial(),
        warnings: nik.warnings(),
    });
    let checked = match result {
        Ok(p) => Checked { input, valid: true, result: Verdict::Parsed(p) },
        Err(f) => Checked { input, valid: false, result: Verdict::Refused(f) },
    };
    out.show(&checked, || match &checked.result {
        Verdict::Parsed(p) => {
            let region = |name: Option<&str>, code: u8| name.map_or_else(|| format!("kode {code:02}"), str::to_string);
            let mut text = format!(
                "NIK {} sah.\n  Tanggal lahir : {}\n  Jenis kelamin : {}\n  Wilayah       : {}, {}, Kecamatan {}\n  Nomor urut    : {:04}\n",
                p.nik,
                adminduk_domain::calendar::indonesian_date(p.birth_date),
                p.sex.label,
                p.region.province_name(),
                region(p.region.kabupaten().name(), p.region.kabupaten),
                region(p.region.kecamatan().name(), p.region.kecamatan),
                p.serial,
            );
            for w in &p.warnings {
                text.push_str(&format!("  Peringatan [{}]: {}\n", w.code(), w.message()));
            }
            text
        }
        Verdict::Refused(f) => format!("NIK tidak sah [{}]: {}\n", f.code, f.message),
    });
    if checked.valid { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
