//! The benchmarks in short on the test build, as `make test` runs them: they report their ratios
//! (a debug build's mean little, so none is judged) and fail only when a request or a record
//! fails. The report is kept in target/tmp/bench-short.txt, which `make test` prints.

use std::process::Command;

fn run(binary: &str, args: &[&str]) -> String {
    let out = Command::new(binary).args(args).output().expect("the benchmark starts");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{binary} failed:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
    report
}

#[test]
fn the_benchmarks_run_in_short_and_report() {
    let mut report = run(env!("CARGO_BIN_EXE_requests"), &["--short"]);
    report += &run(env!("CARGO_BIN_EXE_batch-verification"), &["--short"]);
    for line in ["reporter reads their case:", "officer reads their queue:", "filing drafts:", "rekaman/menit"] {
        assert!(report.contains(line), "the report names {line:?}:\n{report}");
    }
    std::fs::write(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-short.txt"), &report).unwrap();
}
