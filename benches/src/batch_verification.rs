//! Batch NIK verification, measured beside its floor in the same run. A register of 200,000
//! residents is loaded into the embedded store; a partner's batch of 100,000
//! records (nine in ten known, one in ten unknown; half of the known with a misspelt name) is
//! answered by the real use case, streamed as a partner sends it, and by a floor that does the
//! same reading, checking and answering against an in-memory map of the same register.
//!
//! Floors: at least 1,000,000 records per minute, and at least half the floor's throughput.
//! Exits non-zero below either. Run with `make bench`. `--short` (what `make test` runs on the
//! test build) verifies 10,000 records against 20,000 residents once and reports without judging.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use adminduk_app::App;
use adminduk_app::auth::ClientAddress;
use adminduk_app::ports::Resident;
use adminduk_app::settings::Settings;
use adminduk_app::verification::{self, Bytes, Format};
use adminduk_domain::verification::Record;
use futures::StreamExt;

const MIN_PER_MINUTE: f64 = 1_000_000.0;
const MIN_SHARE_OF_FLOOR: f64 = 0.5;

/// The partner's batch, as JSON lines.
fn batch(register: &[Resident], records: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..records {
        let r = &register[(i * 7919) % register.len()];
        let line = if i % 10 == 9 {
            serde_json::json!({ "nik": format!("7306{:012}", 900_000_000 + i), "name": "Tidak Dikenal", "birth_date": "1990-01-01" })
        } else {
            let name = if i % 2 == 0 { r.name.clone() } else { format!("{}X", r.name) };
            serde_json::json!({ "nik": r.nik, "name": name, "birth_date": r.birth_date.to_string(), "reference": i.to_string() })
        };
        serde_json::to_writer(&mut out, &line).unwrap();
        out.push(b'\n');
    }
    out
}

/// The floor: the same lines read, checked and answered against a map of the register.
fn floor(body: &[u8], map: &HashMap<String, Resident>) -> (usize, usize) {
    let mut out = Vec::with_capacity(body.len());
    let mut answered = 0;
    for (i, line) in body.split(|&b| b == b'\n').filter(|l| !l.is_empty()).enumerate() {
        let record: Record = serde_json::from_slice(line).unwrap();
        let found = record.checked_nik().ok().and_then(|nik| map.get(&nik));
        let answer = record.answer(i as u64 + 1, found.map(verification::on_record).as_ref());
        serde_json::to_writer(&mut out, &answer).unwrap();
        out.push(b'\n');
        answered += 1;
    }
    (answered, out.len())
}

#[tokio::main]
async fn main() -> ExitCode {
    let judged = !std::env::args().any(|a| a == "--short");
    // Residents in the register, records in the batch, runs of each (the best counts).
    let (register_size, records, runs) = if judged { (200_000, 100_000, 3) } else { (20_000, 10_000, 1) };
    let folder = tempfile::tempdir().unwrap();
    let store = Arc::new(adminduk_embedded::SqliteStore::open(&folder.path().join("bench.db")).unwrap());
    let today = chrono::Local::now().date_naive();
    let mut register = Vec::with_capacity(register_size);
    let mut families = adminduk_app::demo::DemoRegister::new(42, today);
    while register.len() < register_size {
        let mut fams = Vec::new();
        let mut people = Vec::new();
        for (family, members) in families.by_ref().take(1_000) {
            fams.push(family);
            people.extend(members);
        }
        register.extend(people.iter().cloned());
        adminduk_app::ports::RegisterWriter::upsert_register(store.as_ref(), fams, people).await.unwrap();
    }
    let app = App::new(
        store,
        Arc::new(adminduk_embedded::DiskBlobs::new(folder.path()).unwrap()),
        Arc::new(adminduk_app::clock::SystemClock),
        adminduk_app::tokens::TokenKeys::generate(),
        adminduk_domain::catalogue::Catalogue::embedded().clone(),
        adminduk_domain::calendar::Calendar::embedded().clone(),
        Settings::default(),
    );
    let body = batch(&register, records);
    let map: HashMap<String, Resident> = register.iter().map(|r| (r.nik.to_string(), r.clone())).collect();

    // The best of three runs each, so that a busy moment on the machine does not decide.
    let mut floor_time = std::time::Duration::MAX;
    let mut floor_answers = 0;
    for _ in 0..runs {
        let started = Instant::now();
        floor_answers = floor(&body, &map).0;
        floor_time = floor_time.min(started.elapsed());
    }
    let mut time = std::time::Duration::MAX;
    let mut lines = 0;
    for _ in 0..runs {
        // The use case, fed in 64 KiB pieces as a connection delivers them.
        let pieces: Vec<Result<Bytes, std::io::Error>> =
            body.chunks(64 * 1024).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
        let started = Instant::now();
        let answers = verification::answers(
            app.clone(),
            "bench".into(),
            "Pengukuran kinerja".into(),
            Format::Jsonl,
            futures::stream::iter(pieces),
            ClientAddress::default(),
        )
        .await
        .unwrap()
        .0;
        let mut answers = std::pin::pin!(answers);
        lines = 0;
        while let Some(chunk) = answers.next().await {
            lines += chunk.unwrap().iter().filter(|&&b| b == b'\n').count();
        }
        time = time.min(started.elapsed());
    }

    assert_eq!((lines, floor_answers), (records, records), "every record answered once");
    let per_minute = records as f64 / time.as_secs_f64() * 60.0;
    let share = floor_time.as_secs_f64() / time.as_secs_f64();
    println!("Verifikasi NIK massal: {records} rekaman, register {register_size} penduduk (terbaik dari {runs} kali)");
    println!("  dasar (peta di memori): {:.3} s", floor_time.as_secs_f64());
    println!("  layanan (SQLite, dialirkan): {:.3} s = {:.0} rekaman/menit", time.as_secs_f64(), per_minute);
    println!("  terhadap dasar: {:.0}% (batas bawah {:.0}%)", share * 100.0, MIN_SHARE_OF_FLOOR * 100.0);
    if !judged {
        println!("  (singkat: dilaporkan, tidak dinilai)");
        return ExitCode::SUCCESS;
    }
    let mut ok = true;
    if per_minute < MIN_PER_MINUTE {
        println!("  GAGAL: di bawah {MIN_PER_MINUTE:.0} rekaman/menit");
        ok = false;
    }
    if share < MIN_SHARE_OF_FLOOR {
        println!("  GAGAL: di bawah {:.0}% dasar", MIN_SHARE_OF_FLOOR * 100.0);
        ok = false;
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
