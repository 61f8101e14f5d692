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
