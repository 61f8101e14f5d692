//! Batch NIK verification for partners under a PKS (scope `data.verifikasi`): every kind of
//! answer, in JSON lines and CSV, at full size; never a word of register data the partner did not
//! send; refused without a PKS in force; audited per batch.

use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{Reply, TestApp, family};
use serde_json::{Value, json};

/// An Instansi Induk with a PKS ending `until`, and its system's token for `data.verifikasi`.
async fn partner(t: &TestApp, admin: &str, until: &str) -> String {
    let pks = json!({ "number": "470/9/PKS/2026", "valid_from": "2026-01-01", "valid_until": until, "services": ["KELAHIRAN"] });
    let induk = t
        .post_as(
            admin,
            "/api/v1/admin/institutions",
            json!({ "name": "BPJS Kesehatan Gowa", "kind": "induk", "pks": pks }),
        )
        .await;
    assert_eq!(induk.status, StatusCode::CREATED, "{induk:?}");
    let body = json!({ "name": "Sistem BPJS", "scopes": ["data.verifikasi"], "institution_id": induk.body["id"] });
    t.client_token(&t.post_as(admin, "/api/v1/admin/clients", body).await).await
}

async fn send(t: &TestApp, token: &str, content_type: &'static str, body: String, purpose: &'static str) -> Reply {
    let token = token.to_string();
    t.raw(move |c, base| {
        let purpose: String =
            purpose.bytes().map(|b| if b == b' ' { "%20".to_string() } else { (b as char).to_string() }).collect();
        c.post(format!("{base}/api/v1/verifications?purpose={purpose}"))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
    })
    .await
}

fn lines(reply: &Reply) -> Vec<Value> {
    let text = reply.body.as_str().expect("JSON lines come back as text");
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The records of one round: each kind of answer once.
fn round(i: usize) -> [Value; 6] {
    [
        json!({ "nik": family::HEAD, "name": "ANDI BASO MAPPATUNRU", "birth_date": "1985-03-12", "reference": format!("A-{i}") }),
        json!({ "nik": family::WIFE, "name": "Siti Rahma", "birth_date": "1987-12-05", "sex": 2, "no_kk": family::KK }),
        json!({ "nik": "7306089999990001", "name": "Tidak Ada", "birth_date": "1990-01-01" }),
        json!({ "nik": family::DECEASED, "name": "Hj. Maemunah", "birth_date": "1950-01-01" }),
        json!({ "nik": family::MOVED, "name": "Rahmat Daeng Ngalle", "birth_date": "1991-03-03" }),
        json!({ "nik": "12345", "name": "Salah", "birth_date": "1990-01-01" }),
    ]
}

#[tokio::test]
async fn a_full_batch_gets_every_kind_of_answer_and_nothing_it_did_not_send() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let bpjs = partner(&t, &admin, "2026-12-31").await;
    // The full size on the embedded store; a smaller batch on the emulated DynamoDB.
    let rounds = if std::env::var("ADMINDUK_TEST_BACKEND").is_ok_and(|b| b == "dynamodb") { 300 } else { 100_000 / 6 };
    let mut body = String::new();
    for i in 0..rounds {
        for r in round(i) {
            body.push_str(&r.to_string());
            body.push('\n');
        }
    }
    let reply = send(&t, &bpjs, "application/x-ndjson", body, "Verifikasi peserta JKN").await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.status);
    let text = reply.body.as_str().unwrap().to_string();
    for secret in ["Mappatunru", "MAPPATUNRU", "Rahmawati", "Sungguminasa", "1985-03-12", "Maemunah"] {
        assert!(!text.contains(secret), "no register data, nor what was sent beyond the NIK: {secret}");
    }
    let answers = lines(&reply);
    assert_eq!(answers.len(), rounds * 6);
    assert_eq!(
        answers[0],
        json!({ "line": 1, "reference": "A-0", "nik": family::HEAD, "status": "found", "matches": { "name": true, "birth_date": true } })
    );
    assert_eq!(answers[1]["matches"], json!({ "name": false, "birth_date": true, "sex": true, "no_kk": true }));
    let statuses: Vec<&str> = answers[..6].iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["found", "found", "not_found", "deceased", "inactive", "invalid"]);
    assert!(answers[3].get("matches").is_none(), "a deceased person's data is not compared");
    assert_eq!(answers.last().unwrap()["line"], json!(rounds * 6));

    let log = t.app.store.audit(t.app.clock.now(), 50).await.unwrap();
    let batch = log.iter().find(|e| e.action == "batch_verification").expect("the batch is audited");
    let n = rounds as u64;
    assert_eq!(
        (&batch.detail["records"], &batch.detail["found"], &batch.detail["invalid"], &batch.detail["purpose"]),
        (&json!(n * 6), &json!(n * 2), &json!(n), &json!("Verifikasi peserta JKN"))
    );
}

#[tokio::test]
async fn csv_in_csv_out_and_the_refusals() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let bpjs = partner(&t, &admin, "2026-12-31").await;
    let csv = format!(
        "nik,name,birth_date,birth_place,reference\n{},\"Andi Baso, Mappatunru\",1985-03-12,Makassar,R1\n\n{},Siapa,1990-01-01,,R2\n",
        family::HEAD,
        "7306089999990001"
    );
    let reply = send(&t, &bpjs, "text/csv", csv, "Verifikasi peserta JKN").await;
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    let text = reply.body.as_str().unwrap().to_string();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "line,reference,nik,status,name,birth_date,birth_place,sex,no_kk,problem");
    assert_eq!(rows[1], format!("2,R1,{},found,ya,ya,tidak,,,", family::HEAD));
    assert_eq!(rows[2], "4,R2,7306089999990001,not_found,,,,,,");
    let bad = send(&t, &bpjs, "text/csv", "nama,nik\n".into(), "Verifikasi peserta JKN").await;
    assert_eq!((bad.status, bad.code()), (StatusCode::UNPROCESSABLE_ENTITY, "CSV_HEADER_INVALID"));

    // Refused before anything is read.
    let one = format!("{}\n", round(0)[0]);
    assert_eq!(send(&t, &bpjs, "application/x-ndjson", one.clone(), "").await.code(), "PURPOSE_INVALID");
    assert_eq!(send(&t, &bpjs, "application/json", one.clone(), "Verifikasi").await.code(), "CONTENT_TYPE_UNSUPPORTED");
    let expired = partner(&t, &admin, "2026-06-30").await;
    let r = send(&t, &expired, "application/x-ndjson", one.clone(), "Verifikasi peserta").await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "PKS_NOT_VALID"));
    let unbound = t.machine("lepas", &["data.verifikasi"]).await;
    assert_eq!(send(&t, &unbound, "application/x-ndjson", one, "Verifikasi peserta").await.code(), "PKS_MISSING");
}
