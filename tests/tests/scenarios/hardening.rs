//! Defects found under attack, each held closed.

use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, pdf, sha256_hex};
use serde_json::json;

#[tokio::test]
async fn the_same_upload_sent_in_parallel_is_stored_and_attached_once() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let body = json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_rusak" });
    let case = t.post_as(&head, "/api/v1/cases", body).await.body["id"].as_str().unwrap().to_string();
    let bytes = pdf(7);
    let declared = json!({ "document": "kk", "content_type": "application/pdf", "size": bytes.len(), "sha256": sha256_hex(&bytes) });
    let presigned = t.post_as(&head, &format!("/api/v1/cases/{case}/uploads"), declared).await;
    assert_eq!(presigned.status, StatusCode::CREATED, "{presigned:?}");
    let url = presigned.body["url"].as_str().unwrap().to_string();
    let headers = presigned.body["headers"].as_object().unwrap().clone();
    let sends = (0..12).map(|_| {
        let (url, headers, bytes) = (url.clone(), headers.clone(), bytes.clone());
        let t = &t;
        async move {
            t.raw(move |c, _| {
                headers.iter().fold(c.put(url).body(bytes), |r, (name, value)| r.header(name, value.as_str().unwrap()))
            })
            .await
        }
    });
    let replies = futures::future::join_all(sends).await;
    for r in &replies {
        assert!(
            r.status == StatusCode::OK || (r.status == StatusCode::CONFLICT && r.code() == "UPLOAD_DONE"),
            "no request fails for another's sake: {r:?}"
        );
    }
    let history = t.app.store.history(&case).await.unwrap();
    let attached = history
        .iter()
        .filter(|e| matches!(e.kind, adminduk_app::ports::CaseEventKind::DocumentAttached { .. }))
        .count();
    assert_eq!(attached, 1, "attached once: {history:?}");
    let stored = t.app.store.case(&case).await.unwrap().unwrap();
    assert_eq!(stored.documents.len(), 1);
    assert_eq!(t.app.blobs.get(&stored.documents[0].upload_id).await.unwrap(), Some(bytes));
}

#[tokio::test]
async fn a_polyglot_file_is_refused_and_files_are_served_as_inert_downloads() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let body = json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_rusak" });
    let case = t.post_as(&head, "/api/v1/cases", body).await.body["id"].as_str().unwrap().to_string();
    let mut polyglot = adminduk_tests::jpeg(1);
    polyglot.extend(b"<html><body><script>fetch('/api/v1/me')</script></body></html>");
    let refused = t.upload(&head, &case, "ktp_el_rusak", "image/jpeg", polyglot).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "FILE_TYPE_NOT_ALLOWED"),
        "{refused:?}"
    );
    let mut scripted = b"%PDF-1.7\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n".to_vec();
    scripted.extend(b"%%EOF\n");
    assert_eq!(t.upload(&head, &case, "kk", "application/pdf", scripted).await.code(), "FILE_TYPE_NOT_ALLOWED");
    assert!(t.app.store.case(&case).await.unwrap().unwrap().documents.is_empty(), "nothing was attached");

    // A file that is what it says is served so that no browser runs it as a page.
    assert_eq!(t.upload(&head, &case, "kk", "application/pdf", pdf(1)).await.status, StatusCode::OK);
    let upload = t.app.store.case(&case).await.unwrap().unwrap().documents[0].upload_id.clone();
    let link = t.get(&format!("/api/v1/cases/{case}/documents/{upload}"), Some(&head)).await;
    let url = link.body["url"].as_str().unwrap().to_string();
    let url = if url.starts_with('/') { format!("{}{url}", t.base) } else { url };
    let file = adminduk_tests::reqwest::Client::new().get(&url).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    let header = |name: &str| file.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(header("x-content-type-options"), "nosniff");
    // Named for the document and the case (no number yet: a draft's id).
    assert_eq!(header("content-disposition"), format!("inline; filename=\"kk-{case}.pdf\""));
    assert!(header("content-security-policy").contains("default-src 'none'"), "{}", header("content-security-policy"));
    // A name altered on the link cannot break out of the header.
    let altered = url.replace("&name=", "&name=%22%0D%0AX-Evil:%201;");
    let file = adminduk_tests::reqwest::Client::new().get(&altered).send().await.unwrap();
    let disposition = file.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("inline; filename=\"X-Evil1kk-"), "{disposition}");
    assert!(file.headers().get("x-evil").is_none());
}

#[tokio::test]
async fn free_text_inputs_are_bounded_and_an_sms_stays_an_sms() {
    use adminduk_domain::workflow::Role;
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let body = json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_rusak" });
    let case = t.post_as(&head, "/api/v1/cases", body).await.body["id"].as_str().unwrap().to_string();
    t.upload(&head, &case, "ktp_el_rusak", "image/png", adminduk_tests::png(1)).await;
    t.upload(&head, &case, "kk", "application/pdf", pdf(1)).await;
    assert_eq!(t.submit(&head, &case).await.status, StatusCode::OK);
    let fo = t.officer("fo@gowakab.go.id", "73.06", &[Role::FrontOffice]).await;
    let huge = "Berkas kurang jelas. ".repeat(90_000);
    let r = t.act(&fo, &case, "kembalikan", json!({ "reason": huge })).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "INPUT_INVALID"), "a 1.8 MB reason");
    let bell =
        t.act(&fo, &case, "kembalikan", json!({ "reason": "Foto KTP-el buram\u{0007}, mohon unggah ulang" })).await;
    assert_eq!(bell.code(), "INPUT_INVALID");
    // Not asked for by the action, still bounded: it would land in the history.
    let note = t
        .act(&fo, &case, "kembalikan", json!({ "reason": "Foto KTP-el buram, unggah ulang", "note": "x".repeat(5000) }))
        .await;
    assert_eq!(note.code(), "INPUT_INVALID");

    let long = "Foto KTP-el yang rusak buram dan KK tidak terbaca pada bagian anggota keluarga. ".repeat(6);
    let ok = t.act(&fo, &case, "kembalikan", json!({ "reason": long.trim() })).await;
    assert_eq!(ok.status, StatusCode::OK, "{ok:?}");
    let sms = t.messages_to("+6281234567890").await;
    let returned = sms.last().unwrap();
    assert!(returned.chars().count() <= 459, "{} characters: {returned}", returned.chars().count());
    assert!(
        returned.contains('…') && returned.contains("/permohonan/"),
        "the reason gives way, the link stays: {returned}"
    );
    let mail = t.messages_to("andi@contoh.id").await;
    // Whole, its final full stop the template's own.
    assert!(
        mail.last().unwrap().contains(&format!("{}.", long.trim().trim_end_matches('.'))),
        "the e-mail carries the whole reason"
    );
}

#[tokio::test]
async fn every_refusal_is_our_json_and_an_oversized_body_is_413() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let body =
        json!({ "service": "PENGADUAN_KABUPATEN", "answers": { "isi_pengaduan": "Antrean loket terlalu lama" } });
    let case = t.post_as(&head, "/api/v1/cases", body).await.body["id"].as_str().unwrap().to_string();
    let no_version = t.raw(|c, base| c.delete(format!("{base}/api/v1/cases/{case}")).bearer_auth(&head)).await;
    assert_eq!((no_version.status, no_version.code()), (StatusCode::BAD_REQUEST, "QUERY_INVALID"), "{no_version:?}");
    let bad_limit = t.get("/api/v1/admin/audit?limit=banyak", Some(&head)).await;
    assert_eq!(bad_limit.code(), "QUERY_INVALID");
    let huge = json!({ "service": "PENGADUAN_KABUPATEN", "answers": { "isi_pengaduan": "x".repeat(3 * 1024 * 1024) } });
    let r = t.post_as(&head, "/api/v1/cases", huge).await;
    assert_eq!((r.status, r.code()), (StatusCode::PAYLOAD_TOO_LARGE, "BODY_TOO_LARGE"), "{r:?}");
}

#[tokio::test]
async fn the_bearer_scheme_is_read_in_any_case() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let me = t
            .raw(|c, base| c.get(format!("{base}/api/v1/me")).header("Authorization", format!("{scheme} {head}")))
            .await;
        assert_eq!(me.status, StatusCode::OK, "{scheme}: {me:?}");
    }
    let basic =
        t.raw(|c, base| c.get(format!("{base}/api/v1/me")).header("Authorization", format!("Basic {head}"))).await;
    assert_eq!(basic.code(), "TOKEN_MISSING");
}

#[tokio::test]
async fn officers_do_not_see_drafts_never_filed() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let fo = t.officer("fo@gowakab.go.id", "73.06", &[adminduk_domain::workflow::Role::FrontOffice]).await;
    let body = json!({ "service": "KIA", "variant": "usia_5_17", "applicant_nik": family::CHILD_10 });
    let draft = t.post_as(&head, "/api/v1/cases", body).await;
    let id = draft.body["id"].as_str().unwrap().to_string();
    assert_eq!(t.get(&format!("/api/v1/cases/{id}"), Some(&head)).await.status, StatusCode::OK);
    assert_eq!(
        t.get(&format!("/api/v1/cases/{id}"), Some(&fo)).await.code(),
        "CASE_NOT_FOUND",
        "a draft is its reporter's"
    );
    assert_eq!(t.get(&format!("/api/v1/cases/{id}/history"), Some(&fo)).await.code(), "CASE_NOT_FOUND");
}

#[tokio::test]
async fn an_idempotency_key_reused_for_another_request_is_refused() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let send = |body: serde_json::Value| {
        let head = head.clone();
        t.raw(move |c, base| {
            c.post(format!("{base}/api/v1/cases")).bearer_auth(head).header("Idempotency-Key", "k-1").json(&body)
        })
    };
    let kia = json!({ "service": "KIA", "variant": "usia_5_17", "applicant_nik": family::CHILD_10 });
    let first = send(kia.clone()).await;
    let again = send(kia.clone()).await;
    assert_eq!(
        (first.status, &again.body["id"]),
        (StatusCode::CREATED, &first.body["id"]),
        "a retry gets the same case"
    );
    let other =
        send(json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_hilang", "applicant_nik": family::HEAD }))
            .await;
    assert_eq!((other.status, other.code()), (StatusCode::UNPROCESSABLE_ENTITY, "IDEMPOTENCY_KEY_REUSED"), "{other:?}");
    // The same service for the same child, but with answers the first request did not send.
    let mut answered = kia;
    answered["answers"] = json!({ "catatan": "dengan jawaban" });
    let answered = send(answered).await;
    assert_eq!(answered.code(), "IDEMPOTENCY_KEY_REUSED", "another body: {answered:?}");
    assert_eq!(t.get("/api/v1/cases", Some(&head)).await.body.as_array().unwrap().len(), 1, "one case made");
}

#[tokio::test]
async fn access_tokens_stop_at_logout_a_new_password_and_a_reused_refresh_token() {
    use chrono::TimeDelta;
    let t = TestApp::spawn().await;
    t.citizen(family::HEAD, "081234567890", "andi@contoh.id").await;
    let phone = t.login(family::HEAD, adminduk_tests::PASSWORD).await.body;
    let laptop = t.login(family::HEAD, adminduk_tests::PASSWORD).await.body;
    let token = |s: &serde_json::Value| s["access_token"].as_str().unwrap().to_string();
    assert_eq!(t.get("/api/v1/me", Some(&token(&phone))).await.status, StatusCode::OK);

    // Signing out on the phone: its access token stops at once, not when it runs out.
    t.advance(TimeDelta::seconds(2));
    let out = t.post("/api/v1/auth/logout", json!({ "refresh_token": phone["refresh_token"] })).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let stale = t.get("/api/v1/me", Some(&token(&phone))).await;
    assert_eq!((stale.status, stale.code()), (StatusCode::UNAUTHORIZED, "SESSION_ENDED"));
    // The laptop's session goes on: it renews (as the apps do on a 401) and is served.
    let renewed = t.post("/api/v1/auth/refresh", json!({ "refresh_token": laptop["refresh_token"] })).await;
    assert_eq!(renewed.status, StatusCode::OK, "{renewed:?}");
    assert_eq!(t.get("/api/v1/me", Some(&token(&renewed.body))).await.status, StatusCode::OK);

    // A refresh token used again later (a copy, not a retry): every access token so far stops too.
    t.advance(TimeDelta::minutes(1));
    let copied = t.post("/api/v1/auth/refresh", json!({ "refresh_token": laptop["refresh_token"] })).await;
    assert_eq!(copied.code(), "SESSION_INVALID");
    assert_eq!(t.get("/api/v1/me", Some(&token(&renewed.body))).await.code(), "SESSION_ENDED");

    // A new password: the same.
    let fresh = t.login(family::HEAD, adminduk_tests::PASSWORD).await.body;
    t.advance(TimeDelta::seconds(2));
    assert_eq!(
        t.post("/api/v1/auth/password-reset", json!({ "login": family::HEAD })).await.status,
        StatusCode::ACCEPTED
    );
    let code = t.code_sent_to("+6281234567890").await;
    let reset = t
        .post(
            "/api/v1/auth/password-reset/confirm",
            json!({ "login": family::HEAD, "code": code, "new_password": "Bontonompo-Selatan-17" }),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{reset:?}");
    assert_eq!(t.get("/api/v1/me", Some(&token(&fresh))).await.code(), "SESSION_ENDED");
    let again = t.login(family::HEAD, "Bontonompo-Selatan-17").await.body;
    assert_eq!(t.get("/api/v1/me", Some(&token(&again))).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_residents_draft_tells_nothing_about_a_nik_outside_their_family() {
    let settings = adminduk_app::settings::Settings { limit_per_login: 3, ..Default::default() };
    let t = TestApp::spawn_with(settings).await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let kia = |nik: &str| json!({ "service": "KIA", "variant": "usia_5_17", "applicant_nik": nik });
    // Not in the register at all: refused as another family is, not as "not registered".
    let unknown = t.post_as(&head, "/api/v1/cases", kia("7306081212990009")).await;
    assert_eq!((unknown.status, unknown.code()), (StatusCode::FORBIDDEN, "NOT_SAME_FAMILY"), "{unknown:?}");
    // In their own KK, the register may say more.
    let deceased = t.post_as(&head, "/api/v1/cases", kia(family::DECEASED)).await;
    assert_eq!(deceased.code(), "APPLICANT_NOT_ACTIVE", "{deceased:?}");
    assert_eq!(t.post_as(&head, "/api/v1/cases", kia(family::CHILD_10)).await.status, StatusCode::CREATED);
    // An account that keeps naming NIKs outside its family is stopped for the window.
    for nik in ["7306081212990010", "7306081212990011"] {
        assert_eq!(t.post_as(&head, "/api/v1/cases", kia(nik)).await.code(), "NOT_SAME_FAMILY");
    }
    let more = t.post_as(&head, "/api/v1/cases", kia(family::CHILD_10)).await;
    assert_eq!((more.status, more.code()), (StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS"), "{more:?}");
}
