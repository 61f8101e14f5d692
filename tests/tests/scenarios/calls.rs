//! DynamoDB calls per use case, counted on the emulator (issue 13): each use case reads by key or
//! a page of one partition and writes in one transaction; none scans. The counts are written to
//! target/dynamodb-calls.txt (make bench shows them) and held to bounds a change must argue for.

use std::collections::BTreeMap;
use std::sync::Arc;

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{Backend, TestApp, family};
use serde_json::json;

type Calls = BTreeMap<String, u32>;

fn total(calls: &Calls) -> u32 {
    calls.values().sum()
}

#[tokio::test]
async fn each_use_case_reads_by_key_or_a_page_and_writes_once() {
    let (store, counter) = adminduk_aws::testing::counted_store().await;
    let t = TestApp::spawn_with_store(Backend::DynamoDb, Some(Arc::new(store)), Default::default()).await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let case = t.ktp_el_rusak_draft(&head).await;
    let fo = t.officer("fo@gowakab.go.id", "73.06", &[Role::FrontOffice]).await;

    let mut measured: Vec<(&str, Calls)> = Vec::new();
    counter.take();
    assert_eq!(t.submit(&head, &case).await.status, StatusCode::OK);
    measured.push(("submit (number, history, outbox, figures)", counter.take()));
    assert_eq!(t.get(&format!("/api/v1/cases/{case}"), Some(&head)).await.status, StatusCode::OK);
    measured.push(("a reporter reads their case", counter.take()));
    assert_eq!(t.get("/api/v1/queue", Some(&fo)).await.status, StatusCode::OK);
    measured.push(("an officer reads their queue", counter.take()));
    assert_eq!(t.get(&format!("/api/v1/cases/{case}"), Some(&fo)).await.status, StatusCode::OK);
    measured.push(("an officer opens the case (and the read is recorded)", counter.take()));
    let acted = t.act(&fo, &case, "verifikasi", json!({ "document_estimate": ["KTP-el"] })).await;
    assert_eq!(acted.status, StatusCode::OK, "{acted:?}");
    measured.push(("an officer acts on the case", counter.take()));

    let report: String = measured
        .iter()
        .map(|(what, calls)| {
            let calls: Vec<String> = calls.iter().map(|(op, n)| format!("{op} {n}")).collect();
            format!("{what}: {}\n", calls.join(", "))
        })
        .collect();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/dynamodb-calls.txt");
    std::fs::write(&file, format!("DynamoDB calls per use case (emulator, one request each)\n{report}")).unwrap();
    println!("{report}");

    // No use case scans. Each writes in one transaction, but filing, which first claims its
    // registration number in a transaction of its own (so two filings never share one).
    for (i, (what, calls)) in measured.iter().enumerate() {
        assert!(!calls.contains_key("Scan"), "{what} scans: {calls:?}");
        let transactions = calls.get("TransactWriteItems").copied().unwrap_or(0);
        assert!(transactions <= if i == 0 { 2 } else { 1 }, "{what}: {calls:?}");
    }
    // Today's counts, as bounds: the queue is two Queries per state the officer works (8 for
    // the front office), read at once: a page of it, and its sort keys for the whole queue's
    // counts (DynamoDB keeps no count to read instead); a case read is the session's account, the case, the
    // applicant's record and family once each (cases::register_reads), the reader's own record
    // known from the session. A change may lower these, not raise them.
    let bounds = [14, 5, 17, 8, 7];
    for ((what, calls), bound) in measured.iter().zip(bounds) {
        assert!(total(calls) <= bound, "{what}: {} calls, at most {bound}\n{report}", total(calls));
    }
}
