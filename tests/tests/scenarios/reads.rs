//! Every read of someone else's personal data is recorded before it is answered (issue 17, point
//! 12): an officer opening a case, a search by NIK, a document viewed, a receipt looked up at the
//! pickup counter. The Dinas's admin or inspector reads the record, filtered and as CSV; an
//! inspector elsewhere sees none of it, and an officer without either role cannot read it.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family};
use serde_json::{Value, json};

const GOWA: &str = "73.06";

fn actions(log: &Value) -> Vec<(String, String)> {
    let entries = log.as_array().unwrap_or_else(|| panic!("{log:?}"));
    entries.iter().map(|e| (e["action"].as_str().unwrap().into(), e["subject"].as_str().unwrap().into())).collect()
}

#[tokio::test]
async fn officers_reads_of_a_residents_case_are_recorded_and_read_by_the_inspector() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let case = t.ktp_el_rusak_draft(&head).await;
    assert_eq!(t.submit(&head, &case).await.status, StatusCode::OK);
    let filed = t.app.store.case(&case).await.unwrap().unwrap();
    let upload = filed.documents[0].upload_id.clone();

    // The resident reading their own case is no one else's read.
    assert_eq!(t.get(&format!("/api/v1/cases/{case}"), Some(&head)).await.status, StatusCode::OK);
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let fo_id = t.app.store.account_by_alias("email:fo@gowakab.go.id").await.unwrap().unwrap().id;
    assert_eq!(t.get(&format!("/api/v1/cases/{case}"), Some(&fo)).await.status, StatusCode::OK);
    let found = t.get(&format!("/api/v1/search?q={}", family::HEAD), Some(&fo)).await;
    assert_eq!(found.body.as_array().map(Vec::len), Some(1), "{found:?}");
    let link = t.get(&format!("/api/v1/cases/{case}/documents/{upload}"), Some(&fo)).await;
    assert_eq!(link.status, StatusCode::OK, "{link:?}");

    let inspector = t.officer("inspektorat@gowakab.go.id", GOWA, &[Role::Inspektur]).await;
    let log = t.get(&format!("/api/v1/admin/audit?actor={fo_id}"), Some(&inspector)).await;
    assert_eq!(log.status, StatusCode::OK, "{log:?}");
    let masked = format!("{}******{}", &family::HEAD[..6], &family::HEAD[12..]);
    assert_eq!(
        actions(&log.body),
        [
            ("document_viewed".to_string(), case.clone()),
            ("case_search".to_string(), masked.clone()),
            ("case_viewed".to_string(), case.clone()),
            ("login".to_string(), fo_id.clone())
        ],
        "newest first, the NIK masked"
    );
    let entry = &log.body[2];
    assert_eq!(entry["detail"]["applicant_nik"], masked.as_str(), "{entry}");
    assert!(entry["client_address"].is_string() && entry["at"].is_string(), "{entry}");
    assert!(entry["actor_name"].is_string(), "named for its reader: {entry}");
    assert!(!log.body.to_string().contains(family::HEAD), "no NIK in the clear: {}", log.body);
    // The resident opening their own document is no one else's read either.
    assert_eq!(t.get(&format!("/api/v1/cases/{case}/documents/{upload}"), Some(&head)).await.status, StatusCode::OK);
    let views = t.get("/api/v1/admin/audit?action=document_viewed", Some(&inspector)).await;
    assert_eq!(actions(&views.body), [("document_viewed".to_string(), case.clone())], "the officer's only");
    let viewed = t.get("/api/v1/admin/audit?action=case_viewed", Some(&inspector)).await;
    assert_eq!(
        actions(&viewed.body),
        [("case_viewed".to_string(), case.clone())],
        "the resident's own read is not one"
    );

    // Exported as CSV for the inspectorate's own tools.
    let csv = t.get(&format!("/api/v1/admin/audit?actor={fo_id}&format=csv"), Some(&inspector)).await;
    let text = csv.body.as_str().unwrap_or_else(|| panic!("{csv:?}"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "waktu_wita,pelaku,nama_pelaku,tindakan,subjek,alamat,rincian");
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[3].contains("case_viewed") && lines[3].contains(&fo_id), "{text}");

    // A day before anything happened reads nothing; a period the wrong way round is refused.
    let empty = t.get("/api/v1/admin/audit?to=2026-01-01", Some(&inspector)).await;
    assert_eq!(empty.body, json!([]), "{empty:?}");
    let backwards = t.get("/api/v1/admin/audit?from=2026-11-30&to=2026-11-01", Some(&inspector)).await;
    assert_eq!((backwards.status, backwards.code()), (StatusCode::BAD_REQUEST, "PERIOD_INVALID"));

    // Another Dinas's inspector sees none of it; an officer with neither role reads nothing.
    let bone = t.officer("inspektorat@bonekab.go.id", "73.08", &[Role::Inspektur]).await;
    let theirs = t.get(&format!("/api/v1/admin/audit?actor={fo_id}"), Some(&bone)).await;
    assert_eq!(theirs.body, json!([]), "{theirs:?}");
    let refused = t.get("/api/v1/admin/audit", Some(&fo)).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "AUDITORS_ONLY"));
}

#[tokio::test]
async fn a_resident_downloads_their_data_and_who_processed_it() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let case = t.ktp_el_rusak_draft(&head).await;
    assert_eq!(t.submit(&head, &case).await.status, StatusCode::OK);
    let upload = t.app.store.case(&case).await.unwrap().unwrap().documents[0].upload_id.clone();
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    t.get(&format!("/api/v1/cases/{case}"), Some(&fo)).await;
    t.get(&format!("/api/v1/search?q={}", family::HEAD), Some(&fo)).await;
    t.get(&format!("/api/v1/cases/{case}/documents/{upload}"), Some(&fo)).await;
    let verified = t.act(&fo, &case, "verifikasi", json!({ "document_estimate": ["KTP-el"] })).await;
    assert_eq!(verified.status, StatusCode::OK, "{verified:?}");
    // Another resident's case is read too, and is not in this export.
    let wife = t.resident_session(family::WIFE, "081311112222", "siti@contoh.id").await;
    t.get(&format!("/api/v1/search?q={}", family::WIFE), Some(&fo)).await;

    let data = t.get("/api/v1/me/data", Some(&head)).await;
    assert_eq!(data.status, StatusCode::OK, "{data:?}");
    let d = &data.body;
    assert_eq!(
        (d["account"]["nik"].as_str(), d["account"]["email"].as_str()),
        (Some(family::HEAD), Some("andi@contoh.id"))
    );
    assert_eq!(d["register"]["penduduk"]["nik"], family::HEAD);
    assert!(d["register"]["keluarga"]["address"].is_string(), "{d}");
    let cases = d["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(
        (cases[0]["id"].as_str(), cases[0]["documents"].as_array().map(Vec::len)),
        (Some(case.as_str()), Some(2))
    );
    assert!(cases[0]["history"].as_array().unwrap().len() >= 3, "{}", cases[0]);
    let processing = d["processing"].as_array().unwrap();
    let what: Vec<&str> = processing.iter().map(|p| p["what"].as_str().unwrap()).collect();
    for expected in ["Membuka permohonan", "Mencari permohonan dengan NIK", "Melihat berkas"] {
        assert!(what.contains(&expected), "{expected}: {what:?}");
    }
    assert!(what.iter().any(|w| w.starts_with("Verifikasi")), "the officer's step: {what:?}");
    assert_eq!(processing.len(), 4, "the reads and the step, not the resident's own doings: {what:?}");
    assert!(processing.iter().all(|p| p["by"] == "Petugas fo@gowakab.go.id"), "named: {processing:?}");
    assert!(processing.iter().all(|p| p["by_id"] != d["account"]["user_id"]), "{processing:?}");
    let wifes = t.get("/api/v1/me/data", Some(&wife)).await;
    let theirs: Vec<&str> =
        wifes.body["processing"].as_array().unwrap().iter().map(|p| p["what"].as_str().unwrap()).collect();
    assert_eq!(theirs, ["Mencari permohonan dengan NIK"], "each their own");

    // The same to keep, as a PDF; an officer's account has no such download.
    let file = t.get("/api/v1/me/data.pdf", Some(&head)).await;
    let text = file.body.as_str().unwrap_or_default();
    assert!(
        text.starts_with("%PDF-") && text.contains("RIWAYAT PEMROSESAN") && text.contains("Membuka permohonan"),
        "{file:?}"
    );
    assert_eq!(t.get("/api/v1/me/data", Some(&fo)).await.code(), "RESIDENTS_ONLY");
}
