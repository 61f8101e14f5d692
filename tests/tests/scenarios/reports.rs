//! Monthly Adminduk reports (seed 002) over HTTPS: a kabupaten/kota's system submits, corrects
//! and reads its own; the province reads all of them, sees who is late, and the late are
//! reminded.

use adminduk_domain::workflow::Role;
use adminduk_tests::TestApp;
use adminduk_tests::reqwest::StatusCode;
use serde_json::{Value, json};

fn report(received: u64) -> Value {
    json!({
        "services": [{ "service": "KELAHIRAN", "received": received, "completed": 40, "rejected": 2,
                       "cancelled": 1, "on_time": 38, "late": 2 }],
        "steps": [{ "service": "KELAHIRAN", "step": "verifikasi", "on_time": 41, "late": 1 }],
        "documents": [{ "product": "Kartu Keluarga (KK)", "count": 120 }],
        "satisfaction": { "respondents": 35, "index": 84.2 },
        "complaints": { "received": 4, "answered": 4 },
        "blanks": { "received": 2000, "used": 812, "damaged": 6, "stock": 1182 }
    })
}

/// A system speaking for `office`, created by the province's admin as a kabupaten's would be.
async fn system(t: &TestApp, admin: &str, office: &str) -> String {
    let body = json!({ "name": format!("SIAK {office}"), "scopes": ["laporan.bulanan"], "office": office });
    t.client_token(&t.post_as(admin, "/api/v1/admin/clients", body).await).await
}

async fn put_csv(t: &TestApp, token: &str, path: &str, csv: &'static str) -> adminduk_tests::Reply {
    let (token, path) = (token.to_string(), path.to_string());
    t.raw(move |c, base| c.put(format!("{base}{path}")).bearer_auth(token).header("content-type", "text/csv").body(csv))
        .await
}

#[tokio::test]
async fn a_kabupaten_system_submits_corrects_and_reads_its_own_reports() {
    let t = TestApp::spawn().await;
    let admin = t.officer("admin@dukcapil.sulselprov.go.id", "73", &[Role::Admin]).await;
    let bone = system(&t, &admin, "73.08").await;
    let path = "/api/v1/reports/73.08/2026-10";

    let first = t.put_as(&bone, path, report(45)).await;
    assert_eq!(
        (first.status, &first.body["version"], &first.body["channel"]),
        (StatusCode::CREATED, &json!(1), &json!("api")),
        "{first:?}"
    );
    let again = t.put_as(&bone, path, report(45)).await;
    assert_eq!(
        (again.status, &again.body["version"]),
        (StatusCode::OK, &json!(1)),
        "the same report again changes nothing"
    );

    // A correction, as CSV: a new version; both stay readable.
    let csv = "bagian,kode,langkah,ukuran,nilai\n\
               layanan,KELAHIRAN,,diterima,46\nlayanan,KELAHIRAN,,selesai,41\n\
               langkah,KELAHIRAN,verifikasi,tepat_waktu,41\nlangkah,KELAHIRAN,verifikasi,terlambat,1\n\
               dokumen,Kartu Keluarga (KK),,terbit,120\nikm,,,responden,35\nikm,,,indeks,84.2\n\
               pengaduan,,,diterima,4\npengaduan,,,dijawab,4\nblangko,,,stok,1180\n";
    let corrected = put_csv(&t, &bone, path, csv).await;
    assert_eq!((corrected.status, &corrected.body["version"]), (StatusCode::CREATED, &json!(2)), "{corrected:?}");
    let read = t.get(path, Some(&bone)).await;
    assert_eq!(read.status, StatusCode::OK, "{read:?}");
    assert_eq!(read.body["versions"].as_array().unwrap().len(), 2);
    assert_eq!(read.body["current"]["report"]["services"][0]["received"], 46);
    assert_eq!(read.body["satisfaction_grade"], "B (Baik)");
    assert_eq!(read.body["status"], "terlambat", "October's was due on 10 November");
    let first = t.get(&format!("{path}?version=1"), Some(&bone)).await;
    assert_eq!(first.body["current"]["report"]["services"][0]["received"], 45);
    let exported = t.raw(move |c, base| c.get(format!("{base}{path}?format=csv&version=2")).bearer_auth(&bone)).await;
    let text = exported.body.as_str().unwrap_or_default().to_string();
    assert!(
        text.starts_with("bagian,kode,langkah,ukuran,nilai\n") && text.contains("layanan,KELAHIRAN,,diterima,46"),
        "{text}"
    );

    // Each problem at once, and nothing kept.
    let bad = "bagian,kode,langkah,ukuran,nilai\nlayanan,KELAHIRAN,,diterima,-3\nblangko,,,entah,1\n";
    let bone = system(&t, &admin, "73.08").await;
    let refused = put_csv(&t, &bone, path, bad).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::UNPROCESSABLE_ENTITY, "REPORT_INVALID"));
    assert_eq!(refused.body["problems"].as_array().unwrap().len(), 2, "{refused:?}");
    let unknown = t.put_as(&bone, path, json!({ "services": [], "extra": 1 })).await;
    assert_eq!(unknown.code(), "REQUEST_INVALID");
    assert_eq!(t.get(path, Some(&bone)).await.body["versions"].as_array().unwrap().len(), 2);

    // Its own Dinas only, finished months only, Dinas kabupaten/kota only.
    let other = t.put_as(&bone, "/api/v1/reports/73.06/2026-10", report(1)).await;
    assert_eq!((other.status, other.code()), (StatusCode::FORBIDDEN, "REPORT_NOT_YOURS"));
    assert_eq!(t.get("/api/v1/reports/73.06/2026-10", Some(&bone)).await.code(), "REPORT_NOT_YOURS");
    assert_eq!(t.put_as(&bone, "/api/v1/reports/73.08/2026-11", report(1)).await.code(), "MONTH_NOT_OVER");
    assert_eq!(t.put_as(&bone, "/api/v1/reports/73/2026-10", report(1)).await.code(), "OFFICE_NOT_REPORTING");
    assert_eq!(t.put_as(&bone, "/api/v1/reports/73.08/2026-1", report(1)).await.code(), "MONTH_INVALID");

    // A Gowa officer who is not its Kadis cannot submit Gowa's; Gowa's Kadis can, and reads
    // nothing of Bone's.
    let verifier = t.officer("verif@gowakab.go.id", "73.06", &[Role::VerifikatorBerkas]).await;
    assert_eq!(t.put_as(&verifier, "/api/v1/reports/73.06/2026-10", report(1)).await.code(), "KADIS_ONLY");
    let kadis = t.officer("kadis@gowakab.go.id", "73.06", &[Role::Kadis]).await;
    assert_eq!(t.get(path, Some(&kadis)).await.code(), "OUTSIDE_OFFICE");
    let counter = t.officer("loket@gowakab.go.id", "73.06.08", &[Role::Kadis]).await;
    assert_eq!(t.get("/api/v1/reports?month=2026-10", Some(&counter)).await.code(), "OUTSIDE_OFFICE");

    // Every machine call is in the audit log with its record count.
    let log = t.app.store.audit(t.app.clock.now(), 200).await.unwrap();
    let submitted = log.iter().filter(|e| e.action == "report_submitted").count();
    assert_eq!(submitted, 2, "two versions, two submissions");
    assert!(log.iter().any(|e| e.action == "machine_call"
        && e.subject == "/api/v1/reports/{office}/{month}"
        && e.detail["records"] == 2));
}

#[tokio::test]
async fn the_province_sees_every_kabupaten_and_the_late_are_reminded_once() {
    let t = TestApp::spawn().await;
    let admin = t.officer("admin@dukcapil.sulselprov.go.id", "73", &[Role::Admin]).await;
    let bone = system(&t, &admin, "73.08").await;
    t.officer("kadis@gowakab.go.id", "73.06", &[Role::Kadis]).await;
    // October's reports were due on 10 November; today is 23 November.
    let sent = t.put_as(&bone, "/api/v1/reports/73.08/2026-10", report(45)).await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let province = t.officer("kadis@dukcapil.sulselprov.go.id", "73", &[Role::Kadis]).await;
    let table = t.get("/api/v1/reports?month=2026-10", Some(&province)).await;
    assert_eq!(table.status, StatusCode::OK, "{table:?}");
    let rows = table.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 24, "every kabupaten/kota of Sulawesi Selatan");
    let row = |office: &str| rows.iter().find(|r| r["office"] == office).unwrap().clone();
    assert_eq!((row("73.08")["status"].clone(), row("73.08")["received"].clone()), (json!("terlambat"), json!(45)));
    assert_eq!(row("73.06")["status"], "tidak_masuk");
    assert_eq!(row("73.08")["share_on_time"], json!(0.95));
    let november = t.get("/api/v1/reports?month=2026-11", Some(&province)).await;
    assert!(november.body["rows"].as_array().unwrap().iter().all(|r| r["status"] == "belum_jatuh_tempo"));
    let csv =
        t.raw(|c, base| c.get(format!("{base}/api/v1/reports?month=2026-10&format=csv")).bearer_auth(&province)).await;
    let text = csv.body.as_str().unwrap_or_default().to_string();
    assert_eq!(text.lines().count(), 25, "a header and 24 rows: {text}");
    assert!(text.contains("2026-10,73.08,Kabupaten Bone,terlambat,1"), "{text}");

    // Gowa's Kadis is reminded once of the missing October report, however often the sweep runs.
    assert_eq!(adminduk_app::reports::remind_late(&t.app).await.unwrap(), 1);
    adminduk_app::reports::remind_late(&t.app).await.unwrap();
    let mail = t.messages_to("kadis@gowakab.go.id").await;
    let reminders: Vec<_> = mail.iter().filter(|m| m.contains("Laporan bulanan pelayanan")).collect();
    assert_eq!(reminders.len(), 1, "{mail:?}");
    assert!(reminders[0].contains("2026-10") && reminders[0].contains("10-11-2026"), "{reminders:?}");
}
