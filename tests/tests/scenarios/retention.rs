//! Retention (UU 27/2022): a draft never filed and left unchanged for 30 days loses its answers
//! and files to the housekeeping round; a draft still being worked on and a filed case keep
//! theirs.

use adminduk_tests::TestApp;
use adminduk_tests::reqwest::StatusCode;
use chrono::TimeDelta;
use serde_json::json;

#[tokio::test]
async fn a_draft_left_thirty_days_is_erased_and_its_files_removed() {
    let t = TestApp::spawn().await;
    let token = t.resident_session("7306081203850001", "081234567890", "andi@example.com").await;
    let left = t.ktp_el_rusak_draft(&token).await;
    let view = t.get(&format!("/api/v1/cases/{left}"), Some(&token)).await;
    let upload = view.body["documents"][0]["upload_id"].as_str().unwrap().to_string();
    assert!(t.app.blobs.get(&upload).await.unwrap().is_some());
    let erased_after = chrono::DateTime::parse_from_rfc3339(view.body["erased_after"].as_str().unwrap()).unwrap();
    assert_eq!(erased_after, t.app.clock.now() + TimeDelta::days(30), "the reporter is told when");
    let filed = t.ktp_el_rusak_draft(&token).await;
    assert_eq!(t.submit(&token, &filed).await.status, StatusCode::OK);
    let filed_view = t.get(&format!("/api/v1/cases/{filed}"), Some(&token)).await;
    assert!(filed_view.body["erased_after"].is_null(), "a filed case is kept");

    t.advance(TimeDelta::days(20));
    let token = t.resident_session_again("7306081203850001").await;
    let worked_on = t.ktp_el_rusak_draft(&token).await;
    t.advance(TimeDelta::days(11)); // `left` unchanged for 31 days, `worked_on` for 11
    let done = adminduk_app::housekeeping::run(&t.app, 100).await.unwrap();
    assert_eq!(done.drafts_removed, 1);

    let token = t.resident_session_again("7306081203850001").await;
    let erased = t.get(&format!("/api/v1/cases/{left}"), Some(&token)).await;
    assert_eq!(erased.body["documents"], json!([]), "{erased:?}");
    assert!(t.app.blobs.get(&upload).await.unwrap().is_none(), "the file is gone");
    let history = t.get(&format!("/api/v1/cases/{left}/history"), Some(&token)).await;
    let last = history.body.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "sistem", "{last}");
    for kept in [&filed, &worked_on] {
        let view = t.get(&format!("/api/v1/cases/{kept}"), Some(&token)).await;
        assert_eq!(view.body["documents"].as_array().map(Vec::len), Some(2), "{kept} keeps its files");
    }
    let again = adminduk_app::housekeeping::run(&t.app, 100).await.unwrap();
    assert_eq!(again.drafts_removed, 0, "an erased draft is not a draft any more");
}
