//! Batch NIK verification for partners under a PKS (scope `data.verifikasi`): every kind of
//! answer, in JSON lines and CSV, at full size; never a word of register data the partner did not
//! send; refused without a PKS in force; audited per batch.

use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{Reply, TestApp, family};
use serde_json::{Value, json};

/// An Instansi Induk with a PKS ending `until`, and its system's token for `data.verifikasi`.
async fn partner(t: &TestApp, admin: &str, until: &str) -> String {
    t.client_token(&partner_system(t, admin, until).await).await
}

/// An Instansi Induk with a PKS ending `until`, and its system for `data.verifikasi` as created.
async fn partner_system(t: &TestApp, admin: &str, until: &str) -> Reply {
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
    t.post_as(admin, "/api/v1/admin/clients", body).await
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

/// Sends `body` to the URL a job gave, with its headers.
async fn put_file(t: &TestApp, upload: &Value, body: Vec<u8>) -> Reply {
    let (url, headers) = (upload["url"].as_str().unwrap().to_string(), upload["headers"].clone());
    t.raw(move |c, _| {
        let request = c.put(url).body(body);
        headers.as_object().unwrap().iter().fold(request, |r, (name, value)| r.header(name, value.as_str().unwrap()))
    })
    .await
}

/// Polls the job until it is over.
async fn finished(t: &TestApp, token: &str, id: &str) -> Reply {
    for _ in 0..1200 {
        let job = t.get(&format!("/api/v1/verifications/jobs/{id}"), Some(token)).await;
        if job.body["status"] != "awaiting_upload" && job.body["status"] != "running" {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the job {id} did not finish in a minute");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_batch_goes_as_a_file_and_its_answers_are_fetched_when_the_job_is_done() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let system = partner_system(&t, &admin, "2026-12-31").await;
    let bpjs = t.client_token(&system).await;
    let rounds = if std::env::var("ADMINDUK_TEST_BACKEND").is_ok_and(|b| b == "dynamodb") { 300 } else { 100_000 / 6 };
    let mut file = String::new();
    for i in 0..rounds {
        for r in round(i) {
            file.push_str(&r.to_string());
            file.push('\n');
        }
    }
    let file = file.into_bytes();
    let declare = |size: usize, sha256: String| json!({ "purpose": "Verifikasi peserta JKN", "format": "jsonl", "size": size, "sha256": sha256 });
    let sha256 = adminduk_tests::sha256_hex(&file);

    // Refused before any file: a wrong declaration, another scope, no PKS.
    let jobs = "/api/v1/verifications/jobs";
    assert_eq!(t.post_as(&bpjs, jobs, declare(file.len(), "ab".into())).await.code(), "CHECKSUM_INVALID");
    assert_eq!(t.post_as(&bpjs, jobs, declare(60_000_000, sha256.clone())).await.code(), "BATCH_TOO_LARGE");
    let reports = t.machine("laporan", &["laporan.bulanan"]).await;
    let r = t.post_as(&reports, jobs, declare(file.len(), sha256.clone())).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "SCOPE_MISSING"), "{r:?}");

    let job = t.post_as(&bpjs, jobs, declare(file.len(), sha256.clone())).await;
    assert_eq!(job.status, StatusCode::CREATED, "{job:?}");
    assert_eq!(job.body["status"], "awaiting_upload");
    let id = job.body["id"].as_str().unwrap().to_string();
    let upload = job.body["upload"].clone();
    assert_eq!(
        (upload["method"].as_str(), upload["headers"]["content-type"].as_str()),
        (Some("PUT"), Some("application/x-ndjson"))
    );

    // A file other than the one declared is refused and the job still waits for the right one.
    let mut other = file.clone();
    other[10] = b'9';
    let refused = put_file(&t, &upload, other).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::UNPROCESSABLE_ENTITY, "CHECKSUM_MISMATCH"));
    let short = put_file(&t, &upload, file[..100].to_vec()).await;
    assert_eq!(short.code(), "FILE_SIZE_MISMATCH");
    // A longer one is cut off where it passes the declared size: the refusal may come while the
    // client is still sending, which then sees the connection closed instead.
    let longer = [file.clone(), vec![b'\n'; 256 * 1024]].concat();
    let sent = adminduk_tests::reqwest::Client::new()
        .put(upload["url"].as_str().unwrap())
        .header("content-type", "application/x-ndjson")
        .body(longer)
        .send()
        .await;
    if let Ok(response) = sent {
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("FILE_SIZE_MISMATCH"));
    }
    assert!(t.app.blobs.read(&id).await.unwrap().is_none(), "nothing of a refused file is kept");
    let path = format!("/api/v1/verifications/jobs/{id}");
    assert_eq!(t.get(&path, Some(&bpjs)).await.body["status"], "awaiting_upload");

    // Sent twice at once: one is taken, the other refused (before its bytes are read, so its
    // client may see the connection closed instead of the 409).
    let send = || {
        let request = adminduk_tests::reqwest::Client::new()
            .put(upload["url"].as_str().unwrap())
            .header("content-type", "application/x-ndjson")
            .body(file.clone());
        async move {
            let response = request.send().await.ok()?;
            let status = response.status();
            Some((status, response.json::<Value>().await.unwrap_or_default()))
        }
    };
    let (one, two) = tokio::join!(send(), send());
    let accepted: Vec<_> = [&one, &two].into_iter().flatten().filter(|(s, _)| *s == StatusCode::OK).collect();
    assert_eq!(accepted.len(), 1, "one upload is taken: {one:?} {two:?}");
    assert!(["running", "done"].contains(&accepted[0].1["status"].as_str().unwrap()), "{accepted:?}");
    for (status, body) in [&one, &two].into_iter().flatten().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!((*status, body["code"].as_str()), (StatusCode::CONFLICT, Some("BATCH_UPLOADED")));
    }
    assert_eq!(put_file(&t, &upload, b"{}\n".to_vec()).await.code(), "BATCH_UPLOADED", "one file per job");

    let done = finished(&t, &bpjs, &id).await;
    assert_eq!(done.body["status"], "done", "{done:?}");
    let n = rounds as u64;
    assert_eq!(
        done.body["counts"],
        json!({ "records": n * 6, "found": n * 2, "not_found": n, "deceased": n, "inactive": n, "invalid": n })
    );
    assert!(done.body["upload"].is_null(), "nothing more to send");
    assert!(t.app.blobs.read(&id).await.unwrap().is_none(), "the partner's file is not kept once answered");

    // The answers, one per record, as in a request; nothing the partner did not send.
    let url = done.body["answers"]["url"].as_str().unwrap().to_string();
    let download = adminduk_tests::reqwest::get(&url).await.unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/x-ndjson");
    let text = download.text().await.unwrap();
    for secret in ["Mappatunru", "MAPPATUNRU", "Sungguminasa", "1985-03-12", "Maemunah"] {
        assert!(!text.contains(secret), "no register data: {secret}");
    }
    let answers: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(answers.len(), rounds * 6);
    let statuses: Vec<&str> = answers[..6].iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["found", "found", "not_found", "deceased", "inactive", "invalid"]);
    assert_eq!(answers[0]["reference"], "A-0");
    assert_eq!(answers.last().unwrap()["line"], json!(rounds * 6));
    let forged = url.replace("token=", "token=x");
    assert_eq!(adminduk_tests::reqwest::get(&forged).await.unwrap().status(), StatusCode::FORBIDDEN);

    // The batch is audited as one, with the address the job was asked from.
    let log = t.app.store.audit(t.app.clock.now(), 50).await.unwrap();
    let batch = log.iter().find(|e| e.action == "batch_verification").expect("the batch is audited");
    assert_eq!((&batch.detail["records"], &batch.detail["format"]), (&json!(n * 6), &json!("jsonl")));
    assert!(batch.client_address.is_some());

    // Another partner's system does not see the job.
    let other = partner(&t, &admin, "2026-12-31").await;
    let r = t.get(&path, Some(&other)).await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "JOB_NOT_FOUND"));

    // Kept a week: then housekeeping removes the job and its answers (on DynamoDB its TTL and
    // the bucket's lifecycle rule do), and no link is offered any more.
    let kept = t.get(&path, Some(&bpjs)).await;
    assert!(kept.body["answers"]["url"].is_string());
    t.advance(chrono::TimeDelta::days(7) + chrono::TimeDelta::minutes(1));
    adminduk_app::housekeeping::run(&t.app, 100).await.unwrap();
    let bpjs = t.client_token(&system).await;
    let gone = t.get(&path, Some(&bpjs)).await;
    if std::env::var("ADMINDUK_TEST_BACKEND").is_ok_and(|b| b == "dynamodb") {
        assert!(gone.body["answers"].is_null(), "{gone:?}");
    } else {
        assert_eq!(gone.code(), "JOB_NOT_FOUND");
        assert!(
            t.app.blobs.read(&adminduk_app::ports::answers_key(&id)).await.unwrap().is_none(),
            "the answers are removed"
        );
    }
    assert_eq!(adminduk_tests::reqwest::get(&url).await.unwrap().status(), StatusCode::FORBIDDEN, "the link is over");

    // A CSV file whose header lacks a column fails with the reason; a file never sent fails
    // once its time is over.
    let csv = b"nama,nik\n1,2\n".to_vec();
    let body = json!({ "purpose": "Verifikasi peserta JKN", "format": "csv", "size": csv.len(), "sha256": adminduk_tests::sha256_hex(&csv) });
    let job = t.post_as(&bpjs, jobs, body.clone()).await;
    assert_eq!(put_file(&t, &job.body["upload"], csv).await.status, StatusCode::OK);
    let failed = finished(&t, &bpjs, job.body["id"].as_str().unwrap()).await;
    assert_eq!(
        (failed.body["status"].as_str(), failed.body["problem"]["code"].as_str()),
        (Some("failed"), Some("CSV_HEADER_INVALID"))
    );
    let never = t.post_as(&bpjs, jobs, body).await;
    t.advance(chrono::TimeDelta::minutes(61));
    let bpjs = t.client_token(&system).await;
    let late = t.get(&format!("/api/v1/verifications/jobs/{}", never.body["id"].as_str().unwrap()), Some(&bpjs)).await;
    assert_eq!(
        (late.body["status"].as_str(), late.body["problem"]["code"].as_str()),
        (Some("failed"), Some("BATCH_NOT_UPLOADED"))
    );
}
