//! The logs of a whole scenario (register, activate, log in, a counter's lookup and filing, an
//! officer's step, a failed login) hold a line per request with its route template, caller, status
//! and time, and never a NIK, phone number, e-mail address, code or token.

use std::io::Write;
use std::sync::{Arc, Mutex};

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, pdf};
use serde_json::json;

/// Everything written to the log, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_follow_each_request_and_hold_no_personal_data_or_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    // Everything of ours, at its most talkative, as JSON the way the Lambda functions log.
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_env_filter("debug,hyper=info,h2=info,reqwest=info,rustls=info")
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    assert_eq!(t.login(family::WIFE, "Salah-Sandi-2026").await.code(), "LOGIN_FAILED");
    let desa = t.officer("kel.sungguminasa@gowakab.go.id", "73.06.08.1001", &[Role::OperatorDesa]).await;
    let lookup = t.get(&format!("/api/v1/register/lookup?q={}", family::WIFE), Some(&desa)).await;
    assert_eq!(lookup.status, StatusCode::OK);
    let body = json!({
        "service": "KK_HILANG_DESA", "applicant_nik": family::WIFE,
        "contact": { "phone": "081311112222", "email": "kontak.siti@contoh.id" },
        "answers": { "nomor_laporan_polisi": "LP/B/1/XII/2026", "tanggal_laporan_polisi": "2026-11-20" }
    });
    let id = t.post_as(&desa, "/api/v1/cases", body).await.body["id"].as_str().unwrap().to_string();
    for (doc, n) in [("surat_kehilangan_polisi", 1), ("dokumen_anggota_keluarga", 2), ("buku_nikah_legalisir", 3)] {
        assert_eq!(t.upload(&desa, &id, doc, "application/pdf", pdf(n)).await.status, StatusCode::OK);
    }
    assert_eq!(t.submit(&desa, &id).await.status, StatusCode::OK);
    assert_eq!(t.get("/api/v1/cases", Some(&head)).await.status, StatusCode::OK);

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // A line per request, in its span: the route template, the caller, the status.
    let filed =
        lines.iter().find(|l| l["fields"]["message"] == "request" && l["span"]["route"] == "/api/v1/cases/{id}/submit");
    let filed = filed.unwrap_or_else(|| panic!("no request line for the submit: {text}"));
    assert_eq!(filed["fields"]["status"], 200);
    assert!(filed["span"]["actor"].as_str().is_some_and(|a| a.starts_with("petugas:")), "{filed}");
    assert!(filed["span"]["request_id"].as_str().is_some_and(|r| !r.is_empty()));
    // The use case's own span names the case and the action (ids and codes, nothing personal).
    let moved = lines.iter().find(|l| l["fields"]["message"] == "case moving");
    let moved = moved.unwrap_or_else(|| panic!("no line from the transition: {text}"));
    let transition = moved["spans"].as_array().and_then(|s| s.iter().find(|s| s["name"] == "transition"));
    let transition = transition.unwrap_or_else(|| panic!("not in the transition's span: {moved}"));
    assert_eq!(transition["case"], id.as_str());
    assert!(transition["action"].as_str().is_some_and(|a| !a.is_empty()), "{transition}");
    assert!(moved["spans"].as_array().unwrap().iter().any(|s| s["name"] == "submit"), "{moved}");
    let lookup_line = lines.iter().find(|l| l["span"]["route"] == "/api/v1/register/lookup");
    assert!(lookup_line.is_some(), "the lookup is logged by its route, not its address");

    // Nothing personal or secret, anywhere.
    let code = t
        .app
        .store
        .pending_messages(1000)
        .await
        .unwrap()
        .iter()
        .find_map(|m| m.body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_string));
    let forbidden = vec![
        family::HEAD.to_string(),
        family::WIFE.to_string(),
        family::KK.to_string(),
        "081234567890".into(),
        "+6281234567890".into(),
        "+6281311112222".into(),
        "andi@contoh.id".into(),
        "kontak.siti@contoh.id".into(),
        "Salah-Sandi-2026".into(),
        head.clone(),
        desa.clone(),
    ];
    for secret in &forbidden {
        assert!(!text.contains(secret.as_str()), "the logs hold {secret}");
    }
    // A code is six digits: looked for as a number of its own, outside the lines' timestamps
    // (whose microseconds, or a request id's digits, may hold the same six by chance).
    let stamped: Vec<String> = lines
        .iter()
        .map(|l| {
            let mut l = l.clone();
            l.as_object_mut().map(|o| o.remove("timestamp"));
            l.to_string()
        })
        .collect();
    let numbers: std::collections::HashSet<&str> =
        stamped.iter().flat_map(|l| l.split(|c: char| !c.is_ascii_digit())).collect();
    if let Some(code) = code {
        assert!(!numbers.contains(code.as_str()), "the logs hold the code {code}");
    }
    let requests = lines.iter().filter(|l| l["fields"]["message"] == "request").count();
    assert!(requests >= 12, "a line per request: {requests} in {text}");
}
