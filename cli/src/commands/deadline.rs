use std::process::ExitCode;

use adminduk_domain::calendar::{Deadline, TimeStandard, indonesian_date};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::NotFound;
use crate::data_dir::Data;
use crate::output::{Failure, Output};

#[derive(Serialize)]
struct Answer<'a> {
    service: &'a str,
    variant: &'a str,
    time_standard: TimeStandard,
    time_standard_label: String,
    start: DateTime<FixedOffset>,
    #[serde(flatten)]
    deadline: Deadline,
}

pub fn run(data: &Data, service: &str, variant: Option<&str>, start: DateTime<FixedOffset>, out: &Output) -> ExitCode {
    let c = &data.catalogue;
    let Some(s) = c.service(service) else {
        return out.fail(&NotFound::new("Layanan", service, c.services().map(|s| s.code.as_str())));
    };
    let v = match variant {
        None => &s.variants[0],
        Some(code) => match s.variant(code) {
            Some(v) => v,
            None => return out.fail(&NotFound::new("Varian", code, s.variants.iter().map(|v| v.code.as_str()))),
        },
    };
    let standard = s.time_standard_of(v);
    let deadline = match data.calendar.deadline(start, standard) {
        Ok(d) => d,
        Err(e) => return out.fail(Failure::from(&e)),
    };
    let answer = Answer {
        service: &s.code,
        variant: &v.code,
        time_standard: standard,
        time_standard_label: standard.to_string(),
        start,
        deadline,
    };
    out.show(&answer, || {
        let due = answer.deadline.due;
        let mut text = format!(
            "{} ({}): standar waktu {}\nMulai  : {} pukul {}\nTenggat: {} pukul {} {}\n",
            s.name,
            v.name,
            standard,
            indonesian_date(start.with_timezone(&due.timezone()).date_naive()),
            start.with_timezone(&due.timezone()).format("%H:%M"),
            indonesian_date(due.date_naive()),
            due.format("%H:%M"),
            data.calendar.zone_name(),
        );
        if answer.deadline.provisional {
            text.push_str("Catatan: tenggat ini memakai perkiraan hari libur yang belum ditetapkan SKB.\n");
        }
        text
    })
}
