use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use adminduk_app::register::import::{self, CHUNK_ROWS, ImportReport, ImportSink, Rejection};
use indicatif::{ProgressBar, ProgressStyle};

use crate::data_dir::Data;
use crate::installation;
use crate::output::{Failure, Output};

/// Writes rejections as they come and moves the bar.
struct Sink {
    rejects: csv::Writer<BufWriter<File>>,
    bar: ProgressBar,
}

impl ImportSink for Sink {
    fn rejected(&mut self, r: &Rejection) {
        let codes: Vec<_> = r.reasons.iter().map(|x| x.code).collect();
        let messages: Vec<_> = r.reasons.iter().map(|x| x.message.as_str()).collect();
        let line = r.line.to_string();
        let nik = r.nik.clone().unwrap_or_default();
        // A failing rejects file must not stop the import; the summary still counts the row.
        let _ = self.rejects.write_record([line.as_str(), nik.as_str(), &codes.join(";"), &messages.join("; ")]);
    }

    fn progress(&mut self, bytes: u64) {
        self.bar.set_position(bytes);
    }
}

fn failure(code: &'static str, message: String) -> Failure {
    Failure { code, message }
}

pub fn run(data: Data, folder: &Path, file: &Path, rejects: Option<PathBuf>, out: &Output) -> ExitCode {
    let input = match File::open(file) {
        Ok(f) => f,
        Err(e) => {
            return out.fail(failure("FILE_UNREADABLE", format!("Berkas {} tidak dapat dibuka: {e}", file.display())));
        }
    };
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let rejects_path = rejects.unwrap_or_else(|| file.with_extension("ditolak.csv"));
    let mut writer = match File::create(&rejects_path) {
        Ok(f) => csv::Writer::from_writer(BufWriter::new(f)),
        Err(e) => {
            return out.fail(failure(
                "FILE_UNWRITABLE",
                format!("Berkas {} tidak dapat ditulis: {e}", rejects_path.display()),
            ));
        }
    };
    let _ = writer.write_record(["baris", "nik", "kode", "alasan"]);
    let app = match installation::open(data, folder) {
        Ok(app) => app,
        Err(e) => return out.fail(&e),
    };
    let runtime = installation::runtime();
    // Drawn only on a terminal; invisible in CI and pipes.
    let bar = ProgressBar::new(size)
        .with_style(ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} ({eta})").expect("a valid template"));
    let today = app.today();
    let mut sink = Sink { rejects: writer, bar };
    let load = |chunks| runtime.block_on(app.store.load_register(chunks));
    let result = import::import(BufReader::new(input), today, CHUNK_ROWS, &mut sink, load);
    sink.bar.finish_and_clear();
    let _ = sink.rejects.flush();
    let report = match result {
        Ok(report) => report,
        Err(e) => return out.fail(&e),
    };
    #[derive(serde::Serialize)]
    struct Summary<'a> {
        #[serde(flatten)]
        report: &'a ImportReport,
        rejects_file: String,
    }
    let summary = Summary { report: &report, rejects_file: rejects_path.display().to_string() };
    out.show(&summary, || {
        let mut text = format!(
            "{} baris dibaca: {} baru, {} diperbarui, {} tetap, {} ditolak.\n",
            report.rows, report.inserted, report.updated, report.unchanged, report.rejected
        );
        if report.warnings > 0 {
            text.push_str(&format!(
                "{} baris dengan tanggal lahir berbeda dari NIK (peringatan, tetap diimpor).\n",
                report.warnings
            ));
        }
        if report.rejected > 0 {
            text.push_str(&format!("Baris yang ditolak dan alasannya: {}\n", rejects_path.display()));
        }
        text
    })
}
