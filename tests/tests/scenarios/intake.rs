//! Cases filed at a counter for a walk-in applicant (seed 003): the applicant is told at every
//! step at the contact the counter recorded, never the officer; outside systems answer over
//! HTTPS once per reference, or the Kadis records their answer by hand; the applicant sees the
//! case with their own account and prints the certified KK themselves.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, jpeg, pdf};
use serde_json::{Value, json};

const SUNGGUMINASA: &str = "73.06.08.1001";
const CONTACT_PHONE: &str = "+6281311112222";
const CONTACT_EMAIL: &str = "kontak.andi@contoh.id";

fn kk_lost(nik: &str, contact: Value) -> Value {
    json!({
        "service": "KK_HILANG_DESA", "applicant_nik": nik, "contact": contact,
        "answers": { "nomor_laporan_polisi": "LP/B/123/XI/2026/Sulsel/Res Gowa", "tanggal_laporan_polisi": "2026-11-20" }
    })
}

/// Files a KK-lost case at the Sungguminasa counter with its documents; returns its id.
async fn file_at_the_counter(t: &TestApp, desa: &str, body: Value) -> String {
    let draft = t.post_as(desa, "/api/v1/cases", body).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{draft:?}");
    let id = draft.body["id"].as_str().unwrap().to_string();
    for (n, (doc, kind, bytes)) in [
        ("surat_kehilangan_polisi", "application/pdf", pdf(1)),
        ("dokumen_anggota_keluarga", "image/jpeg", jpeg(2)),
        ("buku_nikah_legalisir", "application/pdf", pdf(3)),
    ]
    .into_iter()
    .enumerate()
    {
        let r = t.upload(desa, &id, doc, kind, bytes).await;
        assert_eq!(r.status, StatusCode::OK, "{n}: {r:?}");
    }
    let r = t.submit(desa, &id).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    id
}

/// Every recipient the outbox holds messages for.
async fn recipients(t: &TestApp) -> std::collections::BTreeSet<String> {
    t.app.store.pending_messages(10_000).await.unwrap().into_iter().map(|m| m.recipient).collect()
}

#[tokio::test]
async fn a_counter_case_tells_the_applicant_at_every_step_and_bsre_answers_once_over_https() {
    let t = TestApp::spawn().await;
    let desa = t.officer("kel.sungguminasa@gowakab.go.id", SUNGGUMINASA, &[Role::OperatorDesa]).await;
    let fo = t.officer("fo@gowakab.go.id", "73.06", &[Role::FrontOffice]).await;
    let validator = t.officer("validator@gowakab.go.id", "73.06", &[Role::Validator]).await;
    let kadis = t.officer("kadis@gowakab.go.id", "73.06", &[Role::Kadis]).await;

    let bad = t.post_as(&desa, "/api/v1/cases", kk_lost(family::HEAD, json!({ "phone": "021-555" }))).await;
    assert_eq!((bad.status, bad.code()), (StatusCode::UNPROCESSABLE_ENTITY, "PHONE_NOT_MOBILE"), "{bad:?}");
    let contact = json!({ "phone": "0813-1111-2222", "email": CONTACT_EMAIL });
    let id = file_at_the_counter(&t, &desa, kk_lost(family::HEAD, contact)).await;
    let case = t.get(&format!("/api/v1/cases/{id}"), Some(&desa)).await;
    assert_eq!(case.body["contact"], json!({ "phone": CONTACT_PHONE, "email": CONTACT_EMAIL }));

    for (token, action) in [
        (&fo, "verifikasi"),
        (&validator, "validasi"),
        (&fo, "terima_berkas"),
        (&fo, "ajukan_sertifikasi"),
        (&validator, "validasi_sertifikasi"),
        (&kadis, "tandatangani"),
    ] {
        let r = t.act(token, &id, action, json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {r:?}");
    }

    // BSrE's answer: only a client holding the integration scope sends it.
    let reports = t.machine("C-LAPORAN", &["laporan.bulanan"]).await;
    let refused = t.integration_answer(&reports, &id, "bsre_disetujui", "BSRE-1").await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "SCOPE_MISSING"));
    assert!(refused.body["message"].as_str().unwrap().contains("integrasi.jawaban"));
    let bsre = t.machine("C-BSRE", &["integrasi.jawaban"]).await;
    let wrong = t.integration_answer(&bsre, &id, "cetak_di_desa", "BSRE-0").await;
    assert_eq!(wrong.code(), "ACTION_NOT_AVAILABLE", "{wrong:?}");
    let first = t.integration_answer(&bsre, &id, "bsre_disetujui", "BSRE-2026-000123").await;
    assert_eq!(
        (first.status, &first.body["state"], &first.body["repeated"]),
        (StatusCode::OK, &json!("siap_cetak"), &json!(false))
    );
    let again = t.integration_answer(&bsre, &id, "bsre_disetujui", "BSRE-2026-000123").await;
    assert_eq!((again.status, &again.body["repeated"]), (StatusCode::OK, &json!(true)), "{again:?}");
    let history = t.get(&format!("/api/v1/cases/{id}/history"), Some(&fo)).await;
    let approvals = history.body.as_array().unwrap().iter().filter(|e| e["action"] == "bsre_disetujui").count();
    assert_eq!(approvals, 1, "a repeated delivery changes nothing");
    let audit = t.app.store.audit(t.app.clock.now(), 100).await.unwrap();
    let answers: Vec<_> = audit.iter().filter(|e| e.action == "integration_answer").collect();
    assert_eq!(answers.len(), 3, "every delivery is audited: {answers:?}");
    let refused = audit.iter().find(|e| e.action == "machine_call" && e.actor == "C-LAPORAN").unwrap();
    assert_eq!(refused.detail["status"], 403, "a call refused for its scope is audited too");
    assert!(answers.iter().any(|e| e.actor == "C-BSRE" && e.detail["outcome"] == "repeated"));

    // The certified KK from SIAK is attached to the case, by an officer working its step only.
    const PRODUCT: &str = "Kartu Keluarga (KK) tersertifikasi elektronik";
    let signed_kk = pdf(42);
    let by_fo = t.attach(&fo, &id, "product", PRODUCT, "application/pdf", signed_kk.clone()).await;
    assert_eq!(by_fo.code(), "ROLE_NOT_ALLOWED", "the FO has no step at siap_cetak");
    let unknown = t.attach(&desa, &id, "product", "Akta Kelahiran", "application/pdf", signed_kk.clone()).await;
    assert_eq!(unknown.code(), "PRODUCT_UNKNOWN");
    let attached = t.attach(&desa, &id, "product", PRODUCT, "application/pdf", signed_kk.clone()).await;
    assert_eq!(attached.status, StatusCode::OK, "{attached:?}");

    // The applicant, who has an account, sees the case the counter filed, downloads the KK and
    // prints it.
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&head)).await;
    let issued = view.body["issued"].as_array().unwrap().clone();
    assert_eq!((issued.len(), issued[0]["document"].as_str()), (1, Some(PRODUCT)), "{view:?}");
    let upload = issued[0]["upload_id"].as_str().unwrap();
    let link = t.get(&format!("/api/v1/cases/{id}/documents/{upload}"), Some(&head)).await;
    let url = link.body["url"].as_str().unwrap().to_string();
    let file = t.raw(move |c, _| c.get(url)).await;
    let expected = String::from_utf8_lossy(&signed_kk).into_owned();
    assert_eq!((file.status, file.body), (StatusCode::OK, Value::String(expected)), "what the office attached");
    let mine = t.get("/api/v1/cases", Some(&head)).await;
    assert!(mine.body.as_array().unwrap().iter().any(|c| c["id"] == id), "{mine:?}");
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&head)).await;
    let actions: Vec<_> = view.body["actions"].as_array().unwrap().iter().map(|a| a["code"].clone()).collect();
    assert_eq!(actions, vec![json!("cetak_mandiri")], "the applicant's own step only");
    let printed = t.act(&head, &id, "cetak_mandiri", json!({})).await;
    assert_eq!((printed.status, &printed.body["outcome"]), (StatusCode::OK, &json!("completed")), "{printed:?}");
    let survey =
        t.post_as(&head, &format!("/api/v1/cases/{id}/survey"), json!({ "scores": [4, 4, 3, 4, 4, 3, 4, 4, 4] })).await;
    assert_eq!(survey.status, StatusCode::OK, "the applicant rates the service: {survey:?}");

    // Every message went to the contact the counter recorded; none to any officer.
    let sms = t.messages_to(CONTACT_PHONE).await;
    // Seed 003: an SMS at each step, from filing to the certified KK.
    for expected in [
        "diterima Dukcapil Gowa",
        "Validasi Kasi/Validator",
        "Kirim berkas fisik",
        "Berkas fisik",
        "Validasi Draf KK",
        "Tanda Tangan Elektronik",
        "Persetujuan BSrE",
        "ditandatangani elektronik",
    ] {
        assert!(sms.iter().any(|m| m.contains(expected)), "{expected}: {sms:?}");
    }
    assert_eq!(
        recipients(&t).await,
        [CONTACT_PHONE, CONTACT_EMAIL, "+6281234567890", "andi@contoh.id"].map(String::from).into_iter().collect(),
        "the applicant's contact, and the applicant's own account for its activation code only"
    );
    assert!(t.messages_to("kel.sungguminasa@gowakab.go.id").await.is_empty());

    // Another family's case is not the resident's to see.
    let wife_case = file_at_the_counter(&t, &desa, kk_lost(family::WIFE, Value::Null)).await;
    assert_eq!(t.get(&format!("/api/v1/cases/{wife_case}"), Some(&head)).await.code(), "CASE_NOT_FOUND");
    let reused = t.integration_answer(&bsre, &wife_case, "bsre_disetujui", "BSRE-2026-000123").await;
    assert_eq!((reused.status, reused.code()), (StatusCode::CONFLICT, "REFERENCE_REUSED"));
}

#[tokio::test]
async fn without_a_recorded_contact_the_applicants_account_is_told_and_the_kadis_records_bsre_by_hand() {
    let t = TestApp::spawn().await;
    let desa = t.officer("kel.sungguminasa@gowakab.go.id", SUNGGUMINASA, &[Role::OperatorDesa]).await;
    let dinas = t.officer("dinas@gowakab.go.id", "73.06", &[Role::FrontOffice, Role::Validator, Role::Kadis]).await;
    let fo = t.officer("fo@gowakab.go.id", "73.06", &[Role::FrontOffice]).await;
    t.resident_session(family::WIFE, "081298765432", "siti@contoh.id").await;
    let id = file_at_the_counter(&t, &desa, kk_lost(family::WIFE, Value::Null)).await;
    for action in
        ["verifikasi", "validasi", "terima_berkas", "ajukan_sertifikasi", "validasi_sertifikasi", "tandatangani"]
    {
        assert_eq!(t.act(&dinas, &id, action, json!({})).await.status, StatusCode::OK, "{action}");
    }
    // The FO cannot stand in for BSrE; the Kadis can, saying why.
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&fo)).await;
    assert_eq!(view.body["actions"], json!([]));
    assert_eq!(t.act(&fo, &id, "bsre_disetujui", json!({})).await.code(), "ROLE_NOT_ALLOWED");
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&dinas)).await;
    let offered = view.body["actions"].as_array().unwrap();
    assert!(offered.iter().any(|a| a["code"] == "bsre_disetujui" && a["inputs"][0] == "reason"), "{offered:?}");
    assert_eq!(t.act(&dinas, &id, "bsre_disetujui", json!({})).await.code(), "REASON_REQUIRED");
    let reason = "Layanan BSrE tidak dapat dihubungi; persetujuan dicek manual di portal BSrE";
    let r = t.act(&dinas, &id, "bsre_disetujui", json!({ "reason": reason })).await;
    assert_eq!((r.status, &r.body["state"]), (StatusCode::OK, &json!("siap_cetak")), "{r:?}");
    let history = t.get(&format!("/api/v1/cases/{id}/history"), Some(&dinas)).await;
    let by_hand = history.body.as_array().unwrap().iter().find(|e| e["action"] == "bsre_disetujui").unwrap().clone();
    assert_eq!((by_hand["role"].as_str(), by_hand["inputs"]["reason"].as_str()), (Some("sistem"), Some(reason)));
    assert_ne!(by_hand["actor"], "sistem", "the officer who recorded it is named");

    let sms = t.messages_to("+6281298765432").await;
    assert!(
        sms.iter().any(|m| m.contains("ditandatangani elektronik")),
        "the applicant's own account is told: {sms:?}"
    );
    assert!(
        t.messages_to("dinas@gowakab.go.id").await.is_empty()
            && t.messages_to("kel.sungguminasa@gowakab.go.id").await.is_empty()
    );
}

#[tokio::test]
async fn a_counter_finds_the_walk_in_family_and_files_only_what_its_roles_allow() {
    let t = TestApp::spawn().await;
    let kec = t.officer("kec.sombaopu@gowakab.go.id", "73.06.08", &[Role::OperatorKecamatan]).await;
    let desa = t.officer("kel.sungguminasa@gowakab.go.id", SUNGGUMINASA, &[Role::OperatorDesa]).await;
    let by_nik = t.get(&format!("/api/v1/register/lookup?q={}", family::WIFE), Some(&kec)).await;
    assert_eq!((by_nik.status, by_nik.body["no_kk"].as_str()), (StatusCode::OK, Some(family::KK)), "{by_nik:?}");
    assert_eq!(by_nik.body["found_nik"], family::WIFE);
    let members: Vec<_> = by_nik.body["members"].as_array().unwrap().iter().map(|m| m["nik"].clone()).collect();
    assert!(members.contains(&json!(family::CHILD_16)) && !members.contains(&json!(family::DECEASED)), "{members:?}");
    let by_kk = t.get(&format!("/api/v1/register/lookup?q={}", family::KK), Some(&kec)).await;
    assert_eq!(
        (by_kk.body["members"].as_array().map(Vec::len), &by_kk.body["found_nik"]),
        (Some(members.len()), &Value::Null)
    );
    assert_eq!(t.get("/api/v1/register/lookup?q=7306089999990009", Some(&kec)).await.code(), "NOT_IN_REGISTER");
    assert_eq!(t.get("/api/v1/register/lookup?q=123", Some(&kec)).await.code(), "LOOKUP_INVALID");
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    assert_eq!(t.get(&format!("/api/v1/register/lookup?q={}", family::KK), Some(&head)).await.code(), "OFFICERS_ONLY");
    let audited = t.app.store.audit(t.app.clock.now(), 100).await.unwrap();
    assert_eq!(
        audited.iter().filter(|e| e.action == "register_lookup").count(),
        3,
        "each lookup is recorded, found or not"
    );

    let may_file = |token: String| {
        let t = &t;
        async move {
            let me = t.get("/api/v1/me", Some(&token)).await;
            me.body["may_file"].as_array().cloned().unwrap_or_default()
        }
    };
    let kec_files = may_file(kec.clone()).await;
    assert!(
        kec_files.contains(&json!("KTP_EL_BARU")) && !kec_files.contains(&json!("KK_HILANG_DESA")),
        "{kec_files:?}"
    );
    let desa_files = may_file(desa.clone()).await;
    assert!(
        desa_files.contains(&json!("KK_HILANG_DESA")) && !desa_files.contains(&json!("KTP_EL_BARU")),
        "{desa_files:?}"
    );
    assert!(may_file(head).await.is_empty(), "residents choose per family member on the citizen site");
}

#[tokio::test]
async fn the_dinas_counter_and_the_ppid_desk_file_for_walk_ins_and_a_returned_case_stays_its_reporters() {
    let t = TestApp::spawn().await;
    let loket = t.officer("loket@gowakab.go.id", "73.06", &[Role::PetugasLoket]).await;
    let fo = t.officer("fo@gowakab.go.id", "73.06", &[Role::FrontOffice]).await;
    let walk_in = json!({ "service": "KIA", "variant": "usia_5_17", "applicant_nik": family::CHILD_10,
        "contact": { "phone": "081399990000" } });
    let id = t.post_as(&loket, "/api/v1/cases", walk_in).await.body["id"].as_str().unwrap().to_string();
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&loket)).await;
    for r in view.body["requirements"].as_array().unwrap().iter().filter(|r| r["status"] == "required") {
        let up = t.upload(&loket, &id, r["document"].as_str().unwrap(), "application/pdf", pdf(3)).await;
        assert_eq!(up.status, StatusCode::OK, "{up:?}");
    }
    assert_eq!(t.submit(&loket, &id).await.status, StatusCode::OK);
    let reason = json!({ "reason": "Pas foto anak tidak berwarna, ganti dengan foto berwarna" });
    assert_eq!(t.act(&fo, &id, "kembalikan", reason).await.status, StatusCode::OK);
    // Returned, it is the counter's again: the new photo, then filed again.
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&loket)).await;
    assert_eq!(view.body["editable"], true, "{view:?}");
    assert_eq!(t.upload(&loket, &id, "pas_foto_anak", "image/jpeg", jpeg(4)).await.status, StatusCode::OK);
    assert_eq!(t.act(&loket, &id, "ajukan_ulang", json!({})).await.status, StatusCode::OK);
    let sms = t.messages_to("+6281399990000").await;
    assert!(sms.iter().any(|m| m.contains("dikembalikan")) && sms.len() >= 3, "the walk-in is told: {sms:?}");

    // A resident's own returned case is theirs alone: the counter cannot resubmit it.
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let own = json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_hilang", "applicant_nik": family::HEAD });
    let own = t.post_as(&head, "/api/v1/cases", own).await.body["id"].as_str().unwrap().to_string();
    let view = t.get(&format!("/api/v1/cases/{own}"), Some(&head)).await;
    for r in view.body["requirements"].as_array().unwrap().iter().filter(|r| r["status"] == "required") {
        t.upload(&head, &own, r["document"].as_str().unwrap(), "application/pdf", pdf(5)).await;
    }
    let filed = t.submit(&head, &own).await;
    assert_eq!(filed.status, StatusCode::OK, "{filed:?}");
    let reason = json!({ "reason": "Surat kehilangan tidak terbaca, unggah ulang" });
    assert_eq!(t.act(&fo, &own, "kembalikan", reason).await.status, StatusCode::OK);
    assert_eq!(t.act(&loket, &own, "ajukan_ulang", json!({})).await.code(), "NOT_REPORTER");
    assert_eq!(t.act(&head, &own, "ajukan_ulang", json!({})).await.status, StatusCode::OK);

    // The province's PPID desk files a walk-in's data request, for someone outside Gowa's register.
    let ppid = t.officer("ppid@sulselprov.go.id", "73", &[Role::PetugasPpid]).await;
    let request = json!({ "service": "PERMINTAAN_DATA_INFORMASI", "variant": "datang_langsung",
        "applicant_nik": "7371014507950003", "applicant_name": "Nur Afni", "contact": { "email": "nurafni@contoh.id" },
        "answers": { "data_diminta": "Jumlah penduduk Gowa per kecamatan", "maksud_tujuan": "Penelitian skripsi",
            "format_data": "tabel_elektronik" } });
    let draft = t.post_as(&ppid, "/api/v1/cases", request).await;
    assert_eq!((draft.status, draft.body["office"].as_str()), (StatusCode::CREATED, Some("73")), "{draft:?}");
    let me = t.get("/api/v1/me", Some(&ppid)).await;
    assert!(me.body["may_file"].as_array().unwrap().contains(&json!("PERMINTAAN_DATA_INFORMASI")), "{me:?}");
}

#[tokio::test]
async fn a_counter_case_is_not_changed_once_the_officers_work_it() {
    let t = TestApp::spawn().await;
    t.advance(chrono::TimeDelta::days(365)); // the 16-year-old turns 17
    let kec = t.officer("kec.sombaopu@gowakab.go.id", "73.06.08", &[Role::OperatorKecamatan]).await;
    let walk_in = json!({ "service": "KTP_EL_BARU", "applicant_nik": family::CHILD_16 });
    let id = t.post_as(&kec, "/api/v1/cases", walk_in).await.body["id"].as_str().unwrap().to_string();
    t.upload(&kec, &id, "kk", "application/pdf", pdf(1)).await;
    assert_eq!(t.submit(&kec, &id).await.status, StatusCode::OK);
    // Waiting for the biometric recording, the same operator works it as an officer, not as its reporter.
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&kec)).await;
    assert_eq!(view.body["editable"], false);
    assert_eq!(t.upload(&kec, &id, "kk", "application/pdf", pdf(2)).await.code(), "CASE_NOT_EDITABLE");
}
