//! The `adminduk` binary, run as a newcomer or a script would run it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn adminduk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_adminduk")).args(args).output().expect("adminduk runs")
}

fn json(args: &[&str], exit: i32) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = adminduk(&all);
    assert_eq!(out.status.code(), Some(exit), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn catalogue_lists_every_service_with_what_a_citizen_needs_to_know() {
    let v = json(&["catalogue"], 0);
    let services = v["services"].as_array().unwrap();
    assert_eq!(services.len(), 29);
    for s in services {
        for key in
            ["code", "name", "office", "group", "products", "fee_label", "time_standard", "workflow", "reporter_rules"]
        {
            assert!(!s[key].is_null(), "{} lacks {key}", s["code"]);
        }
        for variant in s["variants"].as_array().unwrap() {
            for r in variant["requirements"].as_array().unwrap() {
                assert!(r["name"].is_string() && r["need"].is_string());
            }
        }
    }
    let kk = services.iter().find(|s| s["code"] == "KK_HILANG_DESA").unwrap();
    assert_eq!(kk["time_standard"], serde_json::json!({ "working_days": 2 }));
    assert_eq!(kk["fee_label"], "Gratis");

    let text = adminduk(&["catalogue"]);
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Penerbitan Kartu Keluarga (KK) Karena Hilang melalui Loket Desa/Kelurahan [KK_HILANG_DESA]")
    );
    assert!(text.contains("29 layanan."));
}

#[test]
fn nik_reports_its_parts_warnings_and_errors() {
    let v = json(&["nik", "7306084512850003", "--at", "2026-11-23"], 0);
    assert_eq!(v["valid"], true);
    assert_eq!(v["birth_date"], "1985-12-05");
    assert_eq!(v["sex"]["label"], "Perempuan");
    assert_eq!(v["region"]["kecamatan"], "Somba Opu");
    assert_eq!(v["masked"], "730608******0003");

    let v = json(&["nik", "7306996512850003", "--at", "2026-11-23"], 0);
    assert_eq!(v["warnings"][0]["code"], "NIK_KECAMATAN_UNKNOWN");

    let v = json(&["nik", "9906084512850003"], 1);
    assert_eq!(v["valid"], false);
    assert_eq!(v["code"], "NIK_PROVINCE_UNKNOWN");
    assert!(v["message"].as_str().unwrap().contains("provinsi"));
}

#[test]
fn workflow_shows_states_roles_inputs_and_time_standards() {
    let v = json(&["workflow", "pengajuan_wa"], 0);
    let states = v["states"].as_array().unwrap();
    assert_eq!(states[0]["time_standard"], serde_json::json!({ "office_seconds": 30 }));
    let last = states.iter().find(|s| s["code"] == "menunggu_tte").unwrap();
    assert_eq!(last["actions"][0]["roles"], serde_json::json!(["kadis"]));
    assert_eq!(last["actions"][0]["inputs"], serde_json::json!(["document_numbers"]));
    assert_eq!(last["actions"][0]["notify"], "dokumen_terbit");

    let list = json(&["workflow"], 0);
    assert_eq!(list.as_array().unwrap().len(), 14);

    let v = json(&["workflow", "tidak_ada"], 2);
    assert_eq!(v["code"], "NOT_FOUND");
}

#[test]
fn deadline_on_the_working_day_calendar() {
    let v = json(&["deadline", "--service", "KK_HILANG_DESA", "--start", "2026-11-20T15:00:00+08:00"], 0);
    assert_eq!(v["due"], "2026-11-24T16:00:00+08:00");
    assert_eq!(v["provisional"], false);
    assert_eq!(v["time_standard_label"], "2 hari kerja");

    let v = json(
        &[
            "deadline",
            "--service",
            "PERMINTAAN_DATA_INFORMASI",
            "--variant",
            "datang_langsung",
            "--start",
            "2026-11-23T15:30:00+08:00",
        ],
        0,
    );
    assert_eq!(v["due"], "2026-11-24T08:30:00+08:00");

    let v = json(&["deadline", "--service", "KK_HILANG_DESA", "--start", "2027-12-30T10:00:00+08:00"], 2);
    assert_eq!(v["code"], "CALENDAR_YEAR_UNKNOWN");
    let v = json(&["deadline", "--service", "KIA", "--variant", "dewasa", "--start", "2026-11-23T10:00:00+08:00"], 2);
    assert_eq!(v["code"], "NOT_FOUND");

    let bad = adminduk(&["deadline", "--service", "KIA", "--start", "besok"]);
    assert_eq!(bad.status.code(), Some(2), "clap refuses a malformed time");
}

/// A Dinas's copy of the TOML data folder the program is built with.
fn write_embedded_data(dir: &Path) {
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/domain/data");
    for (path, _) in adminduk_domain::data::EMBEDDED {
        let path = format!("{}.toml", adminduk_domain::data::stem(path));
        let file = dir.join(&path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::copy(sources.join(&path), file).unwrap();
    }
}

#[test]
fn a_dinas_can_load_its_adjusted_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    write_embedded_data(dir.path());
    let folder = dir.path().to_str().unwrap();
    let kk = dir.path().join("catalogue/services/kabupaten/kk-hilang-desa.toml");
    let text = std::fs::read_to_string(&kk).unwrap();
    std::fs::write(&kk, text.replace("time_standard = { working_days = 2 }", "time_standard = { working_days = 1 }"))
        .unwrap();
    let v = json(
        &["deadline", "--catalogue", folder, "--service", "KK_HILANG_DESA", "--start", "2026-11-20T15:00:00+08:00"],
        0,
    );
    assert_eq!(v["due"], "2026-11-23T16:00:00+08:00");

    // Closing on cuti bersama moves a deadline past Christmas Eve.
    let config = dir.path().join("calendar/config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("cuti_bersama_is_working_day = true", "cuti_bersama_is_working_day = false"))
        .unwrap();
    let v = json(
        &["deadline", "--catalogue", folder, "--service", "KK_HILANG_DESA", "--start", "2026-12-23T10:00:00+08:00"],
        0,
    );
    assert_eq!(v["due"], "2026-12-28T16:00:00+08:00");

    // A broken file is named, with every problem, and nothing runs on a half-valid catalogue.
    std::fs::write(&kk, "code = \"KK_HILANG_DESA\"\n").unwrap();
    let v = json(&["catalogue", "--catalogue", folder], 2);
    assert_eq!(v["code"], "CATALOGUE_INVALID");
    assert!(v["message"].as_str().unwrap().contains("kk-hilang-desa.toml"));

    let v = json(&["catalogue", "--catalogue", dir.path().join("tidak-ada").to_str().unwrap()], 2);
    assert_eq!(v["code"], "DATA_UNREADABLE");
}

const HEADER: &str = "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,agama,status_perkawinan,golongan_darah,kewarganegaraan,shdk,alamat,rt,rw,kode_desa,hidup,aktif";

#[test]
fn import_register_reports_rejections_and_re_imports_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let csv = dir.path().join("siak.csv");
    let rows = [
        "7306081203850001,7306081203150001,Andi Baso,Sungguminasa,1985-03-12,1,1,2,4,1,1,Jl. Masjid Raya,002,004,73.06.08.1001,1,1",
        "7306084512870002,7306081203150001,Siti Rahmawati,Gowa,1987-12-05,2,1,2,1,1,3,Jl. Masjid Raya,002,004,73.06.08.1001,1,1",
        "7306081506100003,7306081203150001,Muhammad Fadli,Gowa,2010-06-15,1,1,1,4,1,4,Jl. Masjid Raya,002,004,7306081001,1,1",
        "9906081506100003,7306081203150001,Salah,Gowa,2010-06-15,1,1,1,4,1,4,Jl.,1,1,7306081001,1,1",
    ];
    std::fs::write(&csv, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    let run = |args: &[&str]| json(&[&["--data", data.to_str().unwrap()], args].concat(), 0);

    let first = run(&["import-register", csv.to_str().unwrap()]);
    assert_eq!(
        (first["rows"].as_u64(), first["inserted"].as_u64(), first["rejected"].as_u64()),
        (Some(4), Some(3), Some(1))
    );
    let rejects = std::fs::read_to_string(first["rejects_file"].as_str().unwrap()).unwrap();
    assert!(rejects.contains("5,990608******0003,NIK_PROVINCE_UNKNOWN"), "{rejects}");

    let again = run(&["import-register", csv.to_str().unwrap()]);
    assert_eq!(
        (again["inserted"].as_u64(), again["updated"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(0), Some(3))
    );

    // The son starts his own family: the same NIK under a new No. KK.
    let moved = "7306081506100003,7306082001260001,Muhammad Fadli,Gowa,2010-06-15,1,1,2,4,1,1,Jl. Baru,001,001,73.06.08.2001,1,1";
    std::fs::write(&csv, format!("{HEADER}\n{moved}\n")).unwrap();
    let third = run(&["import-register", csv.to_str().unwrap()]);
    assert_eq!(third["updated"].as_u64(), Some(1));

    let missing = adminduk(&["--data", data.to_str().unwrap(), "import-register", "/tidak/ada.csv", "--json"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn seed_demo_makes_a_register_and_accounts_and_can_run_twice() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let first = json(&["--data", data, "seed-demo", "--families", "30", "--seed", "4"], 0);
    assert_eq!(first["families"], 30);
    assert!(first["residents"].as_u64().unwrap() > 60);
    let accounts = first["accounts"].as_array().unwrap();
    let admin = accounts.iter().find(|a| a["login"] == "admin@demo.gowakab.go.id").unwrap();
    assert_eq!(admin["totp_secret"].as_str().unwrap().len(), 32);
    assert!(accounts.iter().any(|a| a["login"].as_str().unwrap().starts_with("C-")), "the province client");
    assert!(accounts.iter().any(|a| a["who"].as_str().unwrap().starts_with("Pengguna Pribadi")));

    let second = json(&["--data", data, "seed-demo", "--families", "30", "--seed", "4"], 0);
    let again = second["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["login"] == "admin@demo.gowakab.go.id")
        .unwrap()
        .clone();
    assert_eq!(again["totp_secret"], admin["totp_secret"], "the same officers, not new ones");
    assert_eq!(second["residents"], first["residents"], "the same register");
}

/// A running server, stopped and reaped whatever happens to the test.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `adminduk serve` on a free port and reads its start-up report.
fn start_server(data: &Path) -> (Server, Value) {
    start_server_with(data, &[], &[])
}

fn start_server_with(data: &Path, args: &[&str], env: &[(&str, String)]) -> (Server, Value) {
    use std::io::BufRead;
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_adminduk"))
            .args([&["--data", data.to_str().unwrap(), "serve", "--port", "0", "--json"], args].concat())
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = std::io::BufReader::new(server.0.stdout.take().unwrap()).lines();
    let mut text = String::new();
    loop {
        text.push_str(&lines.next().expect("the server reports its start").unwrap());
        if let Ok(report) = serde_json::from_str::<Value>(&text) {
            return (server, report);
        }
    }
}

/// Stops the server as a service manager would, and waits for it.
fn terminate(server: &mut Server) -> std::process::ExitStatus {
    Command::new("kill").args(["-TERM", &server.0.id().to_string()]).status().unwrap();
    server.0.wait().unwrap()
}

#[test]
fn serve_runs_everything_locally_and_a_restart_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, report) = start_server(dir.path());
    let url = report["url"].as_str().unwrap().to_string();
    let accounts = report["demo"]["accounts"].as_array().unwrap().clone();
    let citizen = accounts.iter().find(|a| a["who"].as_str().unwrap().starts_with("Pengguna Pribadi")).unwrap();
    let (login, password) =
        (citizen["login"].as_str().unwrap().to_string(), citizen["password"].as_str().unwrap().to_string());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let http = reqwest::Client::new();
    let health: Value =
        runtime.block_on(async { http.get(format!("{url}/health")).send().await.unwrap().json().await.unwrap() });
    assert_eq!(health["status"], "ok");
    // The background worker moves the demo citizen's activation messages to the mailbox.
    let mut delivered = 0;
    for _ in 0..50 {
        let mailbox: Value = runtime.block_on(async {
            http.get(format!("{url}/api/v1/local/mailbox")).send().await.unwrap().json().await.unwrap()
        });
        delivered = mailbox.as_array().unwrap().len();
        if delivered >= 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(delivered >= 2, "activation SMS and e-mail in the mailbox");
    let login_body = serde_json::json!({ "login": login, "password": password });
    let status = runtime.block_on(async {
        http.post(format!("{url}/api/v1/auth/login")).json(&login_body).send().await.unwrap().status()
    });
    assert_eq!(status, 200);
    assert!(terminate(&mut server).success(), "a graceful stop");

    let (mut again, report) = start_server(dir.path());
    assert!(report["demo"].is_null(), "no second demo: the data was kept");
    let url = report["url"].as_str().unwrap().to_string();
    let status = runtime.block_on(async {
        http.post(format!("{url}/api/v1/auth/login")).json(&login_body).send().await.unwrap().status()
    });
    assert_eq!(status, 200, "the account survived the restart");
    assert!(terminate(&mut again).success());
}

#[test]
fn serve_runs_on_aws_apis_after_a_bootstrap() {
    let endpoint = adminduk_aws::testing::endpoint().to_string();
    let suffix = format!("{}", std::process::id());
    let env: Vec<(&str, String)> = vec![
        ("AWS_ENDPOINT_URL", endpoint),
        ("AWS_ACCESS_KEY_ID", "test".into()),
        ("AWS_SECRET_ACCESS_KEY", "test".into()),
        ("AWS_REGION", "ap-southeast-3".into()),
        ("ADMINDUK_TABLE", format!("adminduk-cli-{suffix}")),
        ("ADMINDUK_UPLOADS_BUCKET", format!("adminduk-cli-{suffix}")),
    ];
    let bootstrap = Command::new(env!("CARGO_BIN_EXE_adminduk"))
        .args(["bootstrap-aws", "--json"])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    assert!(bootstrap.status.success(), "{}", String::from_utf8_lossy(&bootstrap.stdout));

    let dir = tempfile::tempdir().unwrap();
    let (mut server, report) = start_server_with(dir.path(), &["--backend", "aws"], &env);
    assert!(report["mailbox"].is_null(), "on AWS, SMS and e-mail leave through SNS and SES");
    let citizen = report["demo"]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["who"].as_str().unwrap().starts_with("Pengguna Pribadi"))
        .unwrap()
        .clone();
    let login = serde_json::json!({ "login": citizen["login"], "password": citizen["password"] });
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let http = reqwest::Client::new();
    let url = report["url"].as_str().unwrap().to_string();
    let status = runtime
        .block_on(async { http.post(format!("{url}/api/v1/auth/login")).json(&login).send().await.unwrap().status() });
    assert_eq!(status, 200);
    assert!(terminate(&mut server).success());

    let (mut again, report) = start_server_with(dir.path(), &["--backend", "aws"], &env);
    assert!(report["demo"].is_null(), "the data lives in DynamoDB and was kept");
    let url = report["url"].as_str().unwrap().to_string();
    let status = runtime
        .block_on(async { http.post(format!("{url}/api/v1/auth/login")).json(&login).send().await.unwrap().status() });
    assert_eq!(status, 200);
    assert!(terminate(&mut again).success());
}

#[test]
fn the_mailbox_with_its_codes_is_served_on_loopback_only() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, report) = start_server_with(dir.path(), &["--bind", "0.0.0.0"], &[]);
    assert_eq!(report["mailbox"], Value::Null, "{report}");
    let port = report["url"].as_str().unwrap().rsplit(':').next().unwrap().to_string();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let status = runtime.block_on(async {
        reqwest::get(format!("http://127.0.0.1:{port}/api/v1/local/mailbox")).await.unwrap().status()
    });
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
}
