//! Does importing the register stay within bounded memory? Imports a baseline export (10,000
//! rows) and a large one (1,000,000 rows by default) with the release `adminduk` binary and
//! compares their peak resident memory and throughput. The large import may use at most
//! `MAX_MEMORY_RATIO` times the baseline's peak, and must import at least `MIN_ROWS_PER_SECOND`
//! (process start, reading, checking and committing included).
//!
//! Run with `make bench`. Arguments: `[large rows] [path to adminduk]`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use adminduk_app::demo::DemoRegister;

const BASELINE_ROWS: u64 = 10_000;
const MAX_MEMORY_RATIO: f64 = 2.0;
const MIN_ROWS_PER_SECOND: f64 = 200_000.0;

fn write_export(path: &Path, rows: u64) -> u64 {
    let mut out = csv::Writer::from_path(path).expect("a writable file");
    out.write_record(adminduk_app::register::import::COLUMNS).unwrap();
    let mut written = 0;
    let today = chrono::Local::now().date_naive();
    'families: for (family, people) in DemoRegister::new(42, today) {
        for p in people {
            let flag = |b: bool| if b { "1" } else { "0" }.to_string();
            out.write_record([
                p.nik.to_string(),
                p.no_kk.to_string(),
                p.name,
                p.birth_place,
                p.birth_date.to_string(),
                p.sex.code().to_string(),
                p.religion.code().to_string(),
                p.marital_status.code().to_string(),
                p.blood_type.code().to_string(),
                p.citizenship.code().to_string(),
                p.shdk.code().to_string(),
                family.address.clone(),
                family.rt.clone(),
                family.rw.clone(),
                family.desa.to_string(),
                flag(p.alive),
                flag(p.active),
            ])
            .unwrap();
            written += 1;
            if written == rows {
                break 'families;
            }
        }
    }
    out.flush().unwrap();
    written
}

/// Peak resident set (VmHWM, KiB) of a running process, from /proc.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct Run {
    rows: u64,
    peak_kib: u64,
    elapsed: Duration,
}

fn import(adminduk: &Path, data: &Path, file: &Path, rows: u64) -> Run {
    let start = Instant::now();
    let mut child = Command::new(adminduk)
        .args(["--data", data.to_str().unwrap(), "import-register", file.to_str().unwrap(), "--json"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("adminduk starts");
    let mut peak = 0;
    loop {
        if let Some(kib) = peak_kib(child.id()) {
            peak = peak.max(kib);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(child.wait().unwrap().success(), "the import succeeds");
    Run { rows, peak_kib: peak, elapsed: start.elapsed() }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let large: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let adminduk = args.get(2).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target/release/adminduk"));
    let dir = tempfile::tempdir().unwrap();
    let mut runs = Vec::new();
    for rows in [BASELINE_ROWS, large] {
        let file = dir.path().join(format!("siak-{rows}.csv"));
        let written = write_export(&file, rows);
        let data = dir.path().join(format!("data-{rows}"));
        runs.push(import(&adminduk, &data, &file, written));
    }
    let (base, big) = (&runs[0], &runs[1]);
    let rate = |r: &Run| r.rows as f64 / r.elapsed.as_secs_f64();
    let ratio = big.peak_kib as f64 / base.peak_kib.max(1) as f64;
    println!("rows        peak RSS      time       rows/s");
    for r in &runs {
        println!("{:>9}  {:>8} KiB  {:>8.2} s  {:>9.0}", r.rows, r.peak_kib, r.elapsed.as_secs_f64(), rate(r));
    }
    println!("peak memory ratio {ratio:.2} (limit {MAX_MEMORY_RATIO}), throughput ratio {:.2}", rate(big) / rate(base));
    let mut ok = true;
    if ratio > MAX_MEMORY_RATIO {
        println!("memory grows with the file: the import is not bounded");
        ok = false;
    }
    if rate(big) < MIN_ROWS_PER_SECOND {
        println!("the import is below {MIN_ROWS_PER_SECOND:.0} rows/s");
        ok = false;
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
