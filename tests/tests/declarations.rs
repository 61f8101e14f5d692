//! Declarations over HTTP: the subject named everywhere, every refusal naming its field, drafts
//! edited and deleted, duplicates refused, officers correcting with a reason.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, pdf};
use serde_json::{Value, json};

const GOWA: &str = "73.06";

fn id(r: &adminduk_tests::Reply) -> String {
    r.body["id"].as_str().unwrap_or_else(|| panic!("{r:?}")).to_string()
}

async fn version(t: &TestApp, case: &str) -> u64 {
    t.app.store.case(case).await.unwrap().unwrap().version
}

fn death(deceased: &str) -> Value {
    json!({
        "service": "KEMATIAN",
        "applicant_nik": deceased,
        "answers": {
            "tanggal_kematian": "2026-11-20", "pukul_kematian": "14:05", "sebab_kematian": "sakit",
            "tempat_kematian": "RSUD Syekh Yusuf", "yang_menerangkan": "dokter",
            "saksi": [{ "nik": family::CHILD_16 }, { "nik": family::FOREIGNER }], "hubungan_pelapor": "suami_istri"
        }
    })
}

/// Files a death report by `token` with its documents; returns the reply of the submission.
async fn file_death(t: &TestApp, token: &str, deceased: &str) -> (String, adminduk_tests::Reply) {
    let draft = t.post_as(token, "/api/v1/cases", death(deceased)).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{draft:?}");
    let case = id(&draft);
    for (n, doc) in ["formulir_f201", "surat_keterangan_kematian", "kk"].iter().enumerate() {
        assert_eq!(t.upload(token, &case, doc, "application/pdf", pdf(n as u32)).await.status, StatusCode::OK);
    }
    let v = version(t, &case).await;
    let r = t.post_as(token, &format!("/api/v1/cases/{case}/submit"), json!({ "version": v })).await;
    (case, r)
}

#[tokio::test]
async fn a_death_names_the_deceased_and_greets_the_reporter_and_is_reported_once() {
    let t = TestApp::spawn().await;
    let wife = t.resident_session(family::WIFE, "081311112222", "siti@contoh.id").await;
    // The deceased is someone else of the family, never the reporter.
    let own = t.post_as(&wife, "/api/v1/cases", death(family::WIFE)).await;
    assert_eq!((own.status, own.code()), (StatusCode::UNPROCESSABLE_ENTITY, "APPLICANT_NOT_OFFERED"), "{own:?}");

    let (case, filed) = file_death(&t, &wife, family::HEAD).await;
    assert_eq!(filed.status, StatusCode::OK, "{filed:?}");
    let number = filed.body["number"].as_str().unwrap().to_string();
    let mine = t.get("/api/v1/cases", Some(&wife)).await;
    assert_eq!(mine.body[0]["subject_name"], "alm. Andi Baso Mappatunru", "{mine:?}");
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(&wife)).await;
    assert_eq!(view.body["subject_name"], "alm. Andi Baso Mappatunru");

    // Messages greet whom they are sent to and say whom the report is about.
    let sms = t.messages_to("+6281311112222").await;
    assert!(sms.iter().any(|m| m.contains("Pelaporan Kematian: alm. Andi Baso Mappatunru")), "{sms:?}");
    let mail = t.messages_to("siti@contoh.id").await;
    let filed_mail = mail.iter().find(|m| m.contains(&number)).expect("an e-mail about the filing");
    assert!(filed_mail.starts_with("Yth. Siti Rahmawati,"), "{filed_mail}");
    assert!(filed_mail.contains("Pelaporan Kematian: alm. Andi Baso Mappatunru"), "{filed_mail}");

    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let queue = t.get("/api/v1/queue", Some(&fo)).await;
    assert_eq!(queue.body["items"][0]["subject_name"], "alm. Andi Baso Mappatunru");

    // A second report of the same death while the first is open is refused, naming the first.
    let (_, again) = file_death(&t, &wife, family::HEAD).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "DUPLICATE_CASE"), "{again:?}");
    assert!(again.body["message"].as_str().unwrap().contains(&number), "{again:?}");
}

#[tokio::test]
async fn every_bad_answer_is_refused_naming_its_field() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let mut body = death(family::WIFE);
    body["answers"]["pukul_kematian"] = json!("25:61");
    body["answers"]["tanggal_kematian"] = json!("2027-01-01");
    body["answers"]["saksi"] =
        json!([{ "nik": "7306080404800009" }, { "nik": family::CHILD_10 }, { "nik": family::HEAD }]);
    body["answers"]["tempat_kematian"] = json!("rumah\u{0007}duka");
    let r = t.post_as(&head, "/api/v1/cases", body).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "FORM_INVALID"), "{r:?}");
    let problems: Vec<(String, String)> = r.body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["field"].as_str().unwrap().to_string(), p["code"].as_str().unwrap().to_string()))
        .collect();
    let expected = [
        ("tanggal_kematian", "DATE_IN_FUTURE"),
        ("pukul_kematian", "TIME_INVALID"),
        ("tempat_kematian", "TEXT_CHARS"),
        ("saksi", "TOO_MANY_ITEMS"),
        ("saksi.1.nik", "NIK_NOT_IN_REGISTER"),
    ]
    .map(|(f, c)| (f.to_string(), c.to_string()));
    assert_eq!(problems, expected);
    assert!(r.body["message"].as_str().unwrap().contains("Pukul kematian"), "{r:?}");
    assert!(t.get("/api/v1/cases", Some(&head)).await.body.as_array().unwrap().is_empty(), "nothing was kept");
}

#[tokio::test]
async fn a_draft_is_edited_then_deleted_by_its_reporter_with_its_files() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let draft = t
        .post_as(&head, "/api/v1/cases", json!({ "service": "PINDAH", "answers": { "alasan_pindah": "pekerjaan" } }))
        .await;
    let case = id(&draft);
    let answers = json!({
        "alasan_pindah": "pendidikan",
        "alamat_tujuan": { "alamat": "Jl. Perintis Kemerdekaan No. 10", "rt": "001", "rw": "002", "kode_desa": "73.71.14.1001" },
        "anggota_pindah": [{ "nik": family::HEAD }],
    });
    let v = version(&t, &case).await;
    let r =
        t.put_as(&head, &format!("/api/v1/cases/{case}/answers"), json!({ "version": v, "answers": answers })).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let read = t.get(&format!("/api/v1/cases/{case}"), Some(&head)).await;
    let address = read.body["declaration"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "alamat_tujuan")
        .cloned();
    let address = address.expect("the address is declared")["value"].as_str().unwrap().to_string();
    assert!(address.contains("Kota Makassar") && address.contains("Sulawesi Selatan"), "{address}");
    assert_eq!(t.upload(&head, &case, "kk", "application/pdf", pdf(1)).await.status, StatusCode::OK);
    let upload_id = t.app.store.case(&case).await.unwrap().unwrap().documents[0].upload_id.clone();
    assert!(t.app.blobs.get(&upload_id).await.unwrap().is_some());

    let stale = t.raw(|c, base| c.delete(format!("{base}/api/v1/cases/{case}?version=1")).bearer_auth(&head)).await;
    assert_eq!(stale.code(), "CASE_CHANGED");
    let v = version(&t, &case).await;
    let gone = t.raw(|c, base| c.delete(format!("{base}/api/v1/cases/{case}?version={v}")).bearer_auth(&head)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{gone:?}");
    assert!(t.get("/api/v1/cases", Some(&head)).await.body.as_array().unwrap().is_empty());
    let kept = t.app.store.case(&case).await.unwrap().unwrap();
    assert!(kept.answers.is_empty() && kept.documents.is_empty(), "no personal data stays: {kept:?}");
    assert_eq!(t.app.blobs.get(&upload_id).await.unwrap(), None, "the file is removed");
    let edit =
        t.put_as(&head, &format!("/api/v1/cases/{case}/answers"), json!({ "version": v + 1, "answers": {} })).await;
    assert_eq!(edit.status, StatusCode::CONFLICT, "{edit:?}");
}

#[tokio::test]
async fn an_officer_at_the_step_corrects_a_declared_field_with_a_reason() {
    let t = TestApp::spawn().await;
    let wife = t.resident_session(family::WIFE, "081311112222", "siti@contoh.id").await;
    let (case, filed) = file_death(&t, &wife, family::HEAD).await;
    assert_eq!(filed.status, StatusCode::OK, "{filed:?}");
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let validator = t.officer("validator@gowakab.go.id", GOWA, &[Role::Validator]).await;
    let path = format!("/api/v1/cases/{case}/corrections");
    let v = version(&t, &case).await;
    let fix = |value: Value, reason: &str| json!({ "version": v, "field": "pukul_kematian", "value": value, "reason": reason });

    let not_now = t.post_as(&validator, &path, fix(json!("14:50"), "Sesuai surat keterangan kematian")).await;
    assert_eq!(not_now.code(), "NOT_AT_THIS_STEP");
    assert_eq!(t.post_as(&wife, &path, fix(json!("14:50"), "x")).await.code(), "OFFICERS_ONLY");
    assert_eq!(t.post_as(&fo, &path, fix(json!("14:50"), " ")).await.code(), "REASON_INVALID");
    assert_eq!(t.post_as(&fo, &path, fix(json!("99:99"), "Sesuai surat")).await.code(), "FORM_INVALID");
    let ok = t.post_as(&fo, &path, fix(json!("14:50"), "Sesuai surat keterangan kematian")).await;
    assert_eq!(ok.status, StatusCode::OK, "{ok:?}");
    assert_eq!(ok.body["answers"]["pukul_kematian"], "14:50");
    let history = t.get(&format!("/api/v1/cases/{case}/history"), Some(&wife)).await;
    let line = history.body.as_array().unwrap().iter().find(|e| e["event"] == "answer_corrected").cloned().unwrap();
    assert_eq!((line["from"].clone(), line["to"].clone()), (json!("14:05"), json!("14:50")));
    assert_eq!(line["reason"], "Sesuai surat keterangan kematian");
    assert_eq!(line["role"], "front_office");

    // The estimate names the service's products; numbers are checked for their document's format.
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(&fo)).await;
    assert_eq!(view.body["products"], json!(["Kutipan Akta Kematian", "Kartu Keluarga (KK)"]));
    let typo = t.act(&fo, &case, "verifikasi", json!({ "document_estimate": ["Akta Mati"] })).await;
    assert_eq!((typo.status, typo.code()), (StatusCode::UNPROCESSABLE_ENTITY, "PRODUCT_UNKNOWN"), "{typo:?}");
    let bad_number = json!({
        "document_estimate": ["Kutipan Akta Kematian"],
        "document_numbers": [{ "document": "Kutipan Akta Kematian", "number": "7306-LT-20112026-0001" }],
    });
    assert_eq!(t.act(&fo, &case, "verifikasi", bad_number).await.code(), "DOCUMENT_NUMBER_INVALID");
    let estimate = json!({ "document_estimate": ["Kutipan Akta Kematian", "Kartu Keluarga (KK)"] });
    assert_eq!(t.act(&fo, &case, "verifikasi", estimate).await.status, StatusCode::OK);
}
