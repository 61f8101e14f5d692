use std::fmt::Write as _;
use std::process::ExitCode;

use adminduk_domain::workflow::Workflow;
use serde::Serialize;

use super::NotFound;
use crate::data_dir::Data;
use crate::output::Output;

#[derive(Serialize)]
struct Listed<'a> {
    code: &'a str,
    name: &'a str,
    services: Vec<&'a str>,
}

pub fn run(data: &Data, name: Option<&str>, out: &Output) -> ExitCode {
    let c = &data.catalogue;
    let Some(name) = name else {
        let list: Vec<_> = c
            .workflows()
            .map(|w| Listed {
                code: &w.code,
                name: &w.name,
                services: c
                    .services()
                    .filter(|s| s.variants.iter().any(|v| s.workflow_of(v) == w.code))
                    .map(|s| s.code.as_str())
                    .collect(),
            })
            .collect();
        return out.show(&list, || {
            list.iter().map(|l| format!("{:<28} {} ({})\n", l.code, l.name, l.services.join(", "))).collect()
        });
    };
    match c.workflow(name) {
        Some(wf) => out.show(wf, || describe(wf)),
        None => out.fail(&NotFound::new("Alur", name, c.workflows().map(|w| w.code.as_str()))),
    }
}

fn describe(wf: &Workflow) -> String {
    let mut text = format!("{} [{}]\nSumber: {}\n\n", wf.name, wf.code, wf.source);
    for state in &wf.states {
        let standard = state.time_standard.map(|t| format!(", standar waktu {t}")).unwrap_or_default();
        let end = state.outcome.map(|o| format!(" (status akhir: {o:?})")).unwrap_or_default();
        writeln!(text, "{} [{}]{standard}{end}", state.name, state.code).unwrap();
        for a in &state.actions {
            let roles: Vec<_> = a.roles.iter().map(|r| r.label()).collect();
            let inputs: Vec<_> = a.inputs.iter().map(|i| i.label()).collect();
            write!(text, "  -> {} [{}] oleh {} => {}", a.name, a.code, roles.join(" / "), a.to).unwrap();
            if !inputs.is_empty() {
                write!(text, "; wajib: {}", inputs.join(", ")).unwrap();
            }
            if let Some(n) = &a.notify {
                write!(text, "; kirim {n}").unwrap();
            }
            text.push('\n');
        }
    }
    text
}
