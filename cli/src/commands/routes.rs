//! `adminduk routes`: the API's route table, with the Lambda function serving each route (what
//! infra/template.yaml must route, checked in `make test`).

use std::process::ExitCode;

use adminduk_app::http::ROUTES;

use crate::output::Output;

pub fn run(out: &Output) -> ExitCode {
    out.show(&ROUTES, || {
        ROUTES
            .iter()
            .map(|r| {
                let function = serde_json::to_value(r.function).expect("serialisable");
                format!("{:<6} {:<44} {}\n", r.method, r.path, function.as_str().unwrap_or_default())
            })
            .collect()
    })
}
