//! Cases from a report to the handover, through the HTTP API, as the seeds describe them.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, jpeg, pdf};
use chrono::TimeDelta;
use serde_json::{Value, json};

const GOWA: &str = "73.06";
const SUNGGUMINASA: &str = "73.06.08.1001";

/// A birth declared as F-2.01 records it: the child, the parents from the family, two witnesses.
fn birth(applicant: &str) -> Value {
    json!({
        "service": "KELAHIRAN",
        "applicant_nik": applicant,
        "answers": {
            "nama_anak": "Nurul Hikmah", "jenis_kelamin": "2", "tempat_dilahirkan": "rs",
            "tempat_lahir": "Gowa", "tanggal_lahir": "2026-11-10", "pukul_lahir": "08:35",
            "jenis_kelahiran": "tunggal", "kelahiran_ke": 3, "penolong_kelahiran": "dokter",
            "berat_bayi": 3.15, "panjang_bayi": 49.5, "bukti_kelahiran": "surat_keterangan_lahir",
            "ibu_dari": "keluarga", "ibu_keluarga": family::WIFE, "pekerjaan_ibu": "2",
            "ayah_dari": "keluarga", "ayah_keluarga": family::HEAD, "pekerjaan_ayah": "5",
            "perkawinan_orang_tua": "tercatat", "tanggal_perkawinan": "2008-05-17",
            "saksi": [{ "nik": family::HEAD }, { "nik": family::FOREIGNER, "pekerjaan": "15" }],
            "hubungan_pelapor": "ayah"
        }
    })
}

fn id(r: &adminduk_tests::Reply) -> String {
    r.body["id"].as_str().unwrap_or_else(|| panic!("{r:?}")).to_string()
}

async fn version(t: &TestApp, case: &str) -> u64 {
    t.app.store.case(case).await.unwrap().unwrap().version
}

#[tokio::test]
async fn a_head_of_family_reports_a_birth_through_to_pickup() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let draft = t.post_as(&head, "/api/v1/cases", birth(family::HEAD)).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{draft:?}");
    let case = id(&draft);
    assert_eq!(draft.body["state"], "draf");

    // Submitting with documents missing names them.
    let early =
        t.post_as(&head, &format!("/api/v1/cases/{case}/submit"), json!({ "declared": true, "version": 1 })).await;
    assert_eq!((early.status, early.code()), (StatusCode::UNPROCESSABLE_ENTITY, "REQUIREMENTS_MISSING"));
    assert_eq!(early.body["problems"].as_array().unwrap().len(), 5);

    for (n, doc) in
        ["formulir_f201", "surat_keterangan_lahir", "buku_nikah_orang_tua", "kk_orang_tua", "ktp_el_orang_tua"]
            .iter()
            .enumerate()
    {
        let r = t.upload(&head, &case, doc, "application/pdf", pdf(n as u32)).await;
        assert_eq!(r.status, StatusCode::OK, "{doc}: {r:?}");
    }
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(&head)).await;
    let requirements = view.body["requirements"].as_array().unwrap();
    assert!(requirements.iter().filter(|r| r["status"] == "required").all(|r| r["uploaded"] == true), "{view:?}");
    // The documents these answers rule out are listed as not applying, and were never asked for.
    let not_applicable: Vec<_> =
        requirements.iter().filter(|r| r["status"] == "not_applicable").map(|r| r["document"].clone()).collect();
    assert_eq!(not_applicable, ["sptjm_kelahiran", "sptjm_pasangan"]);
    // Filing needs the reporter's statement that the data are true (seed 000); it is kept.
    let path = format!("/api/v1/cases/{case}/submit");
    let unstated = t.post_as(&head, &path, json!({ "version": version(&t, &case).await })).await;
    assert_eq!((unstated.status, unstated.code()), (StatusCode::UNPROCESSABLE_ENTITY, "STATEMENT_REQUIRED"));
    let submitted = t.post_as(&head, &path, json!({ "declared": true, "version": version(&t, &case).await })).await;
    assert_eq!(submitted.status, StatusCode::OK, "{submitted:?}");
    assert!(submitted.body["statement"]["text"].as_str().unwrap().starts_with("Saya menyatakan bahwa data"));
    assert_eq!(submitted.body["statement"]["at"], submitted.body["submitted_at"]);
    assert_eq!(submitted.body["number"], "7306-2026-000001");
    assert_eq!(submitted.body["state"], "menunggu_verifikasi");
    assert!(submitted.body["service_due"].is_string());
    let sms = t.messages_to("+6281234567890").await;
    assert!(sms.last().unwrap().contains("7306-2026-000001"), "{sms:?}");
    assert!(
        sms.last().unwrap().contains("Pelaporan Kelahiran: Nurul Hikmah"),
        "the message names the newborn: {sms:?}"
    );
    let early = t
        .post_as(&head, &format!("/api/v1/cases/{case}/survey"), json!({ "scores": [4, 4, 4, 4, 4, 4, 4, 4, 4] }))
        .await;
    assert_eq!(early.code(), "CASE_NOT_COMPLETED");

    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let loket = t.officer("loket@gowakab.go.id", GOWA, &[Role::PetugasLoket]).await;
    let validator = t.officer("validator@gowakab.go.id", GOWA, &[Role::Validator]).await;
    let siak = t.officer("siak@gowakab.go.id", GOWA, &[Role::OperatorSiak]).await;
    let produksi = t.officer("produksi@gowakab.go.id", GOWA, &[Role::Produksi]).await;
    let kadis = t.officer("kadis@gowakab.go.id", GOWA, &[Role::Kadis]).await;
    let pengambilan = t.officer("ambil@gowakab.go.id", GOWA, &[Role::LoketPengambilan]).await;

    let queue = t.get("/api/v1/queue", Some(&fo)).await;
    assert_eq!(queue.body["total"], 1, "{queue:?}");
    assert_eq!(queue.body["items"][0]["subject_name"], "Nurul Hikmah", "the queue names the newborn");
    // The officer reads the declaration field by field, with the people named by the register.
    let read = t.get(&format!("/api/v1/cases/{case}"), Some(&fo)).await;
    let declared: std::collections::BTreeMap<String, String> = read.body["declaration"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["fields"].as_array().unwrap().clone())
        .map(|f| (f["name"].as_str().unwrap().to_string(), f["value"].as_str().unwrap().to_string()))
        .collect();
    for (field, value) in [
        ("nama_anak", "Nurul Hikmah"),
        ("jenis_kelamin", "Perempuan"),
        ("tempat_dilahirkan", "RS/Rumah bersalin"),
        ("pukul_lahir", "08:35"),
        ("berat_bayi", "3.15 kg"),
        ("panjang_bayi", "49.5 cm"),
        ("kelahiran_ke", "3"),
        ("ibu_keluarga", "Siti Rahmawati (NIK 7306084512870002)"),
        ("ayah_keluarga", "Andi Baso Mappatunru (NIK 7306081203850001)"),
        ("pekerjaan_ayah", "Pegawai Negeri Sipil"),
        ("tanggal_perkawinan", "Sabtu, 17 Mei 2008"),
        (
            "saksi",
            "1. Andi Baso Mappatunru (NIK 7306081203850001); 2. Kenji Sato (NIK 7306080202900006), Karyawan Swasta",
        ),
        ("hubungan_pelapor", "Ayah"),
    ] {
        assert_eq!(declared.get(field).map(String::as_str), Some(value), "{field}: {declared:?}");
    }
    let sections: Vec<_> = read.body["declaration"].as_array().unwrap().iter().map(|s| s["title"].clone()).collect();
    assert_eq!(sections, ["Data anak", "Data ibu", "Data ayah", "Saksi", "Pelapor"]);
    assert_eq!(queue.body["items"][0]["applicant_nik"], "730608******0001", "queues mask the NIK");
    // The validator has nothing to do yet; one state at a time is a queue too.
    assert_eq!(t.get("/api/v1/queue", Some(&validator)).await.body["total"], 0);
    assert_eq!(t.get("/api/v1/queue?state=menunggu_verifikasi", Some(&fo)).await.body["total"], 1);
    assert_eq!(t.get("/api/v1/queue?state=menunggu_registrasi", Some(&fo)).await.body["total"], 0);
    let open = t.get("/api/v1/figures?month=2026-11", Some(&fo)).await;
    assert_eq!(open.body["services"][0]["open_by_state"], json!({ "Menunggu Verifikasi": 1 }), "{open:?}");

    let steps: [(&str, &str, Value); 8] = [
        (
            &fo,
            "verifikasi",
            json!({ "document_estimate": ["Kutipan Akta Kelahiran", "Kartu Keluarga (KK)", "Kartu Identitas Anak (KIA)"] }),
        ),
        (&loket, "terima_berkas", json!({})),
        (&validator, "validasi", json!({})),
        (&siak, "entri_siak", json!({})),
        (&produksi, "cetak", json!({})),
        (&kadis, "tandatangani", json!({})),
        (
            &fo,
            "registrasi",
            json!({ "document_numbers": [{ "document": "Kutipan Akta Kelahiran", "number": "7306-LT-10112026-0001" }] }),
        ),
        (
            &pengambilan,
            "serahkan",
            json!({ "collected_by": { "name": "Andi Baso Mappatunru", "relation": "applicant", "nik": family::HEAD } }),
        ),
    ];
    for (token, action, inputs) in steps {
        let r = t.act(token, &case, action, inputs).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {r:?}");
    }
    let done = t.get(&format!("/api/v1/cases/{case}"), Some(&head)).await;
    assert_eq!((done.body["state"].as_str(), done.body["outcome"].as_str()), (Some("selesai"), Some("completed")));
    let history = t.get(&format!("/api/v1/cases/{case}/history"), Some(&head)).await;
    let last = history.body.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["action_name"].as_str(), last["state_name"].as_str()),
        (Some("Serahkan dokumen"), Some("Selesai"))
    );
    let transitions: Vec<_> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "transition")
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        transitions,
        [
            "ajukan",
            "verifikasi",
            "terima_berkas",
            "validasi",
            "entri_siak",
            "cetak",
            "tandatangani",
            "registrasi",
            "serahkan"
        ]
    );
    let sms = t.messages_to("+6281234567890").await;
    assert!(
        sms.iter().any(|m| m.contains("Kutipan Akta Kelahiran, Kartu Keluarga (KK), Kartu Identitas Anak (KIA)")),
        "the estimate reaches the reporter: {sms:?}"
    );
    assert!(sms.iter().any(|m| m.contains("7306-LT-10112026-0001")), "the document number too");

    // The reporter rates the service once it is done (nine elements, 1 to 4), once.
    let survey = format!("/api/v1/cases/{case}/survey");
    assert_eq!(t.post_as(&head, &survey, json!({ "scores": [4, 4, 5] })).await.code(), "SURVEY_INVALID");
    let rated = t.post_as(&head, &survey, json!({ "scores": [4, 4, 3, 4, 3, 4, 4, 3, 4] })).await;
    assert_eq!(rated.status, StatusCode::OK, "{rated:?}");
    assert_eq!(t.post_as(&head, &survey, json!({ "scores": [1, 1, 1, 1, 1, 1, 1, 1, 1] })).await.code(), "SURVEY_DONE");
    assert_eq!(t.post_as(&fo, &survey, json!({ "scores": [4, 4, 4, 4, 4, 4, 4, 4, 4] })).await.code(), "NOT_REPORTER");

    // The month's figures of the Dinas count every step, and the delivery within its standard.
    let figures = t.get("/api/v1/figures?month=2026-11", Some(&kadis)).await;
    assert_eq!((figures.body["office"].as_str(), figures.body["month"].as_str()), (Some("73.06"), Some("2026-11")));
    let services = figures.body["services"].as_array().unwrap();
    assert_eq!(services.len(), 1, "{figures:?}");
    for action in transitions {
        assert_eq!(services[0]["actions"][&action], 1, "{action}: {figures:?}");
    }
    assert_eq!((services[0]["delivered_on_time"].as_u64(), services[0]["delivered_late"].as_u64()), (Some(1), Some(0)));
    assert_eq!(services[0]["share_on_time"], 1.0);
    assert_eq!(services[0]["action_names"]["serahkan"], "Serahkan dokumen");
    assert_eq!(services[0]["open_by_state"], json!({}), "nothing open any more");
    // (4+4+3+4+3+4+4+3+4) / 9 x 25 = 91.67: Sangat Baik.
    let satisfaction = &services[0]["satisfaction"];
    assert_eq!((satisfaction["value"].as_f64(), satisfaction["grade"].as_str()), (Some(91.67), Some("A")));
    assert_eq!((satisfaction["label"].as_str(), satisfaction["respondents"].as_u64()), (Some("Sangat Baik"), Some(1)));
    assert!(t.get("/api/v1/figures?month=2026-10", Some(&kadis)).await.body["services"].as_array().unwrap().is_empty());
    assert_eq!(t.get("/api/v1/figures?month=2026-13", Some(&kadis)).await.code(), "MONTH_INVALID");
    assert_eq!(t.get("/api/v1/figures?month=2026-11", Some(&head)).await.code(), "OFFICERS_ONLY");

    // Officers find it by the number on the receipt or the applicant's NIK; residents and other
    // offices do not.
    let ids = |r: &adminduk_tests::Reply| -> Vec<String> {
        r.body.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
    };
    let by_number = t.get("/api/v1/search?q=7306-2026-000001", Some(&pengambilan)).await;
    assert_eq!((by_number.status, ids(&by_number)), (StatusCode::OK, vec![case.clone()]));
    let applicant = t.app.store.case(&case).await.unwrap().unwrap().applicant.nik.unwrap();
    assert_eq!(ids(&t.get(&format!("/api/v1/search?q={applicant}"), Some(&fo)).await), vec![case.clone()]);
    assert!(ids(&t.get("/api/v1/search?q=7306-2026-000099", Some(&fo)).await).is_empty());
    assert_eq!(t.get("/api/v1/search?q=7306-2026-000001", Some(&head)).await.code(), "OFFICERS_ONLY");
    let makassar = t.officer("fo@makassarkota.go.id", "73.71", &[Role::FrontOffice]).await;
    assert!(ids(&t.get(&format!("/api/v1/search?q={applicant}"), Some(&makassar)).await).is_empty());
}

#[tokio::test]
async fn a_child_cannot_report_a_death_for_a_family_member() {
    let t = TestApp::spawn().await;
    t.advance(TimeDelta::days(365)); // the 16-year-old turns 17 and may register
    let child = t.resident_session(family::CHILD_16, "081298765432", "fadli@contoh.id").await;
    let death = json!({ "service": "KEMATIAN", "applicant_nik": family::HEAD, "answers": {} });
    let r = t.post_as(&child, "/api/v1/cases", death).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "SERVICE_NOT_FOR_MEMBER"), "{r:?}");
    let moving = json!({ "service": "PINDAH", "applicant_nik": family::HEAD, "answers": {} });
    assert_eq!(t.post_as(&child, "/api/v1/cases", moving).await.code(), "ONLY_FOR_SELF");
    let own = json!({ "service": "PINDAH", "answers": {} });
    assert_eq!(
        t.post_as(&child, "/api/v1/cases", own).await.status,
        StatusCode::CREATED,
        "a move of one's own is allowed"
    );
    assert!(t.app.store.cases_of_reporter("nobody").await.unwrap().is_empty());
}

#[tokio::test]
async fn a_village_operator_files_a_lost_kk_that_is_returned_once_then_completed() {
    let t = TestApp::spawn().await;
    let desa = t.officer("kel.sungguminasa@gowakab.go.id", SUNGGUMINASA, &[Role::OperatorDesa]).await;
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let validator = t.officer("validator@gowakab.go.id", GOWA, &[Role::Validator]).await;
    let kadis = t.officer("kadis@gowakab.go.id", GOWA, &[Role::Kadis]).await;

    let draft =
        t.post_as(&desa, "/api/v1/cases", json!({ "service": "KK_HILANG_DESA", "applicant_nik": family::HEAD, "answers": { "nomor_laporan_polisi": "LP/B/123/XI/2026/Sulsel/Res Gowa", "tanggal_laporan_polisi": "2026-11-20" } })).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{draft:?}");
    assert_eq!(draft.body["office"], SUNGGUMINASA, "the case sits at the counter that filed it");
    let case = id(&draft);
    let editable = |token: &String| {
        let (t, path) = (&t, format!("/api/v1/cases/{case}"));
        let token = token.clone();
        async move { t.get(&path, Some(&token)).await.body["editable"].clone() }
    };
    assert_eq!(editable(&desa).await, true, "a draft is its reporter's to change");
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(&desa)).await;
    assert_eq!(view.body["actions"], json!([]), "a draft is filed through submit and takes no action before");
    t.upload(&desa, &case, "surat_kehilangan_polisi", "application/pdf", pdf(1)).await;
    t.upload(&desa, &case, "dokumen_anggota_keluarga", "image/jpeg", jpeg(2)).await;
    // The family has married members, so the legalised marriage book is required too.
    let r = t.submit(&desa, &case).await;
    assert_eq!(r.code(), "REQUIREMENTS_MISSING");
    assert!(r.body["message"].as_str().unwrap().contains("Buku Nikah"));
    t.upload(&desa, &case, "buku_nikah_legalisir", "application/pdf", pdf(3)).await;
    let r = t.submit(&desa, &case).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(editable(&desa).await, false, "filed, it is the officers' turn");

    assert_eq!(t.act(&fo, &case, "verifikasi", json!({})).await.status, StatusCode::OK);
    let short = t.act(&validator, &case, "kembalikan", json!({ "reason": "buram" })).await;
    assert_eq!(
        (short.status, short.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "INPUT_INVALID"),
        "a reason the reporter can act on"
    );
    let reason = "Surat kehilangan dari kepolisian tidak terbaca, unggah ulang yang jelas";
    assert_eq!(t.act(&validator, &case, "kembalikan", json!({ "reason": reason })).await.status, StatusCode::OK);
    let sms = t.messages_to("+6281234567890").await;
    assert!(sms.is_empty(), "the reporter is the operator, whose account has no phone");
    let history = t.get(&format!("/api/v1/cases/{case}/history"), Some(&desa)).await;
    assert!(history.body.as_array().unwrap().iter().any(|e| e["inputs"]["reason"] == reason));
    assert_eq!((editable(&desa).await, editable(&fo).await), (json!(true), json!(false)), "returned to its reporter");

    // Fixed: a clearer scan replaces the first, and the case goes back.
    assert_eq!(
        t.upload(&desa, &case, "surat_kehilangan_polisi", "application/pdf", pdf(4)).await.status,
        StatusCode::OK
    );
    assert_eq!(t.act(&desa, &case, "ajukan_ulang", json!({})).await.status, StatusCode::OK);
    for (token, action, inputs) in [
        (&fo, "verifikasi", json!({})),
        (&validator, "validasi", json!({})),
        (&fo, "terima_berkas", json!({})),
        (&fo, "ajukan_sertifikasi", json!({})),
        (&validator, "validasi_sertifikasi", json!({})),
        (&kadis, "tandatangani", json!({})),
    ] {
        let r = t.act(token, &case, action, inputs).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {r:?}");
    }
    let bsre = t.machine("C-BSRE", &["integrasi.jawaban"]).await;
    let certified = t.integration_answer(&bsre, &case, "bsre_disetujui", "BSRE-0001").await;
    assert_eq!(certified.body["state"], "siap_cetak", "{certified:?}");
    let numbers = json!({ "document_numbers": [{ "document": "Kartu Keluarga (KK) tersertifikasi elektronik", "number": "7306081203150001" }] });
    assert_eq!(t.act(&desa, &case, "cetak_di_desa", numbers).await.status, StatusCode::OK);
    let handed = t
        .act(
            &desa,
            &case,
            "serahkan",
            json!({ "collected_by": { "name": "Siti Rahmawati", "relation": "kk_member", "nik": family::WIFE } }),
        )
        .await;
    assert_eq!((handed.status, handed.body["outcome"].as_str()), (StatusCode::OK, Some("completed")), "{handed:?}");
}

#[tokio::test]
async fn two_officers_acting_at_once_get_one_success_and_one_conflict() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let case = id(&t
        .post_as(&head, "/api/v1/cases", json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_rusak" }))
        .await);
    t.upload(&head, &case, "ktp_el_rusak", "image/png", adminduk_tests::png(1)).await;
    t.upload(&head, &case, "kk", "application/pdf", pdf(1)).await;
    let r = t.submit(&head, &case).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let a = t.officer("fo1@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let b = t.officer("fo2@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let v = version(&t, &case).await;
    let verify = json!({ "action": "verifikasi", "version": v, "inputs": { "document_estimate": ["KTP-el"] } });
    let cancel = json!({ "action": "batalkan", "version": v, "inputs": { "reason": "Pemohon sudah memiliki KTP-el yang baru" } });
    let path = format!("/api/v1/cases/{case}/actions");
    let (first, second) = tokio::join!(t.post_as(&a, &path, verify), t.post_as(&b, &path, cancel));
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{first:?} / {second:?}");
    let loser = if first.status == StatusCode::CONFLICT { &first } else { &second };
    let winner = if first.status == StatusCode::OK { &first } else { &second };
    assert_eq!(loser.code(), "CASE_CHANGED");
    assert_eq!(loser.body["current"]["state"], winner.body["state"], "the 409 carries the current state");
    let history = t.get(&format!("/api/v1/cases/{case}/history"), Some(&head)).await;
    let transitions = history.body.as_array().unwrap().iter().filter(|e| e["event"] == "transition").count();
    assert_eq!(transitions, 2, "submission and one officer action, never both");
}

#[tokio::test]
async fn fifty_parallel_requests_with_one_idempotency_key_make_one_case() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let body = json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_rusak" });
    let creates = (0..50).map(|_| {
        let (t, head, body) = (&t, &head, body.clone());
        async move {
            t.raw(|c, base| {
                c.post(format!("{base}/api/v1/cases")).bearer_auth(head).header("Idempotency-Key", "buat-1").json(&body)
            })
            .await
        }
    });
    let replies = futures::future::join_all(creates).await;
    let ids: std::collections::BTreeSet<_> = replies
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
            r.body["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids.len(), 1);
    let case = ids.into_iter().next().unwrap();
    assert_eq!(t.get("/api/v1/cases", Some(&head)).await.body.as_array().unwrap().len(), 1);

    t.upload(&head, &case, "ktp_el_rusak", "image/jpeg", jpeg(1)).await;
    t.upload(&head, &case, "kk", "application/pdf", pdf(1)).await;
    let v = version(&t, &case).await;
    let submits = (0..50).map(|_| {
        let (t, head, case) = (&t, &head, case.clone());
        async move {
            t.raw(move |c, base| {
                c.post(format!("{base}/api/v1/cases/{case}/submit"))
                    .bearer_auth(head)
                    .header("Idempotency-Key", "ajukan-1")
                    .json(&json!({ "declared": true, "version": v }))
            })
            .await
        }
    });
    let replies = futures::future::join_all(submits).await;
    for r in &replies {
        assert_eq!((r.status, r.body["number"].as_str()), (StatusCode::OK, Some("7306-2026-000001")), "{r:?}");
    }
    let history = t.get(&format!("/api/v1/cases/{case}/history"), Some(&head)).await;
    let filings = history.body.as_array().unwrap().iter().filter(|e| e["event"] == "transition").count();
    assert_eq!(filings, 1, "filed once: {history:?}");
    assert_eq!(t.app.store.counter("regno:73.06:2026").await.unwrap(), 1, "numbered once, no number skipped");
    let other = t
        .raw(|c, base| {
            c.post(format!("{base}/api/v1/cases/{case}/submit"))
                .bearer_auth(&head)
                .header("Idempotency-Key", "ajukan-1")
                .json(&json!({ "declared": true, "version": v + 1 }))
        })
        .await;
    assert_eq!(other.code(), "IDEMPOTENCY_KEY_REUSED", "the key with another body: {other:?}");
    let sent = t.messages_to("+6281234567890").await.into_iter().filter(|m| m.contains("7306-2026-000001")).count();
    assert_eq!(sent, 1, "one submission, one SMS");
}

#[tokio::test]
async fn twenty_filings_at_once_in_one_dinas_each_get_their_own_number() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let mut drafts = Vec::new();
    for i in 0..20 {
        let body = json!({
            "service": "PENGADUAN_KABUPATEN",
            "answers": { "isi_pengaduan": format!("Antrean loket terlalu lama, hari ke-{i}") },
        });
        drafts.push(id(&t.post_as(&head, "/api/v1/cases", body).await));
    }
    let submits = drafts.iter().map(|case| t.submit(&head, case));
    let replies = futures::future::join_all(submits).await;
    let numbers: std::collections::BTreeSet<String> = replies
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::OK, "no filing fails for another's sake: {r:?}");
            r.body["number"].as_str().unwrap().to_string()
        })
        .collect();
    let expected: std::collections::BTreeSet<String> = (1..=20).map(|n| format!("7306-2026-{n:06}")).collect();
    assert_eq!(numbers, expected, "twenty numbers, each given once, none skipped");

    // The officer reads the twenty a page at a time; every page counts the whole queue.
    let layanan = t.officer("layanan@gowakab.go.id", GOWA, &[Role::PetugasLayanan]).await;
    let mut walked = Vec::new();
    let mut path = "/api/v1/queue?limit=8".to_string();
    loop {
        let page = t.get(&path, Some(&layanan)).await;
        assert_eq!((page.status, &page.body["total"]), (StatusCode::OK, &json!(20)), "{page:?}");
        walked.extend(page.body["items"].as_array().unwrap().iter().map(|c| c["number"].as_str().unwrap().to_string()));
        match page.body["next"].as_str() {
            Some(next) => {
                let url = adminduk_tests::reqwest::Url::parse_with_params(
                    "http://adminduk/api/v1/queue",
                    [("limit", "8"), ("after", next)],
                )
                .unwrap();
                path = format!("{}?{}", url.path(), url.query().unwrap());
            }
            None => break,
        }
    }
    assert_eq!(walked.len(), 20, "pages of 8, 8 and 4: {walked:?}");
    assert_eq!(walked.iter().collect::<std::collections::BTreeSet<_>>().len(), 20, "each case once");
    let bad = t.get("/api/v1/queue?after=kemarin", Some(&layanan)).await;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "CURSOR_INVALID"));
}

#[tokio::test]
async fn bad_uploads_and_requests_are_refused_and_leave_nothing() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let case = id(&t
        .post_as(&head, "/api/v1/cases", json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_rusak" }))
        .await);
    let presign = |doc: &str, ct: &str, size: u64, sha: &str| json!({ "document": doc, "content_type": ct, "size": size, "sha256": sha });
    let path = format!("/api/v1/cases/{case}/uploads");
    let sha = adminduk_tests::sha256_hex(&pdf(1));
    assert_eq!(t.post_as(&head, &path, presign("kk", "text/plain", 10, &sha)).await.code(), "FILE_TYPE_NOT_ALLOWED");
    assert_eq!(
        t.post_as(&head, &path, presign("kk", "application/pdf", 6 * 1024 * 1024, &sha)).await.code(),
        "FILE_TOO_LARGE"
    );
    assert_eq!(t.post_as(&head, &path, presign("kk", "application/pdf", 10, "abc")).await.code(), "CHECKSUM_INVALID");
    assert_eq!(
        t.post_as(&head, &path, presign("akta_cerai", "application/pdf", 10, &sha)).await.code(),
        "DOCUMENT_NOT_REQUIRED"
    );

    // Arrival checks: checksum, declared size, content type, the bytes' own type, expiry.
    let send = |url: String, ct: &'static str, bytes: Vec<u8>| {
        move |c: &adminduk_tests::reqwest::Client, _: String| c.put(url).header("content-type", ct).body(bytes)
    };
    let presigned = |bytes: &[u8], ct: &str| presign("kk", ct, bytes.len() as u64, &adminduk_tests::sha256_hex(bytes));
    let good = pdf(1);
    let url =
        t.post_as(&head, &path, presigned(&good, "application/pdf")).await.body["url"].as_str().unwrap().to_string();
    let mut tampered = good.clone();
    tampered[10] ^= 1;
    assert_eq!(t.raw(send(url.clone(), "application/pdf", tampered)).await.code(), "CHECKSUM_MISMATCH");
    assert_eq!(t.raw(send(url.clone(), "application/pdf", good[..5].to_vec())).await.code(), "FILE_SIZE_MISMATCH");
    assert_eq!(t.raw(send(url.clone(), "image/png", good.clone())).await.code(), "FILE_TYPE_MISMATCH");
    let exe = b"MZ\x90\x00 bukan foto".to_vec();
    let exe_url =
        t.post_as(&head, &path, presigned(&exe, "image/jpeg")).await.body["url"].as_str().unwrap().to_string();
    assert_eq!(t.raw(send(exe_url, "image/jpeg", exe)).await.code(), "FILE_TYPE_NOT_ALLOWED");
    let forged = url.replace("token=", "token=x");
    assert_eq!(t.raw(send(forged, "application/pdf", good.clone())).await.code(), "URL_INVALID");
    t.advance(TimeDelta::minutes(16));
    let expired = t.raw(send(url, "application/pdf", good)).await;
    assert_eq!((expired.status, expired.code()), (StatusCode::FORBIDDEN, "URL_EXPIRED"));
    let stored = t.app.store.case(&case).await.unwrap().unwrap();
    assert!(stored.documents.is_empty(), "nothing was attached");
    let head = adminduk_tests::TestApp::token(&t.login(family::HEAD, adminduk_tests::PASSWORD).await);

    let unknown = t.post_as(&head, "/api/v1/cases", json!({ "service": "TIDAK_ADA" })).await;
    assert_eq!((unknown.status, unknown.code()), (StatusCode::NOT_FOUND, "SERVICE_NOT_FOUND"));
    let bad_form = t
        .post_as(
            &head,
            "/api/v1/cases",
            json!({ "service": "KELAHIRAN", "applicant_nik": family::HEAD, "answers": { "tanggal_lahir": "besok" } }),
        )
        .await;
    assert_eq!((bad_form.status, bad_form.code()), (StatusCode::UNPROCESSABLE_ENTITY, "FORM_INVALID"));
    assert_eq!(bad_form.body["problems"][0]["field"], "tanggal_lahir");
    let malformed = t
        .raw(|c, base| {
            c.post(format!("{base}/api/v1/cases"))
                .bearer_auth(&head)
                .header("content-type", "application/json")
                .body("{")
        })
        .await;
    assert_eq!(malformed.code(), "REQUEST_MALFORMED");
    assert_eq!(
        t.get("/api/v1/cases", Some(&head)).await.body.as_array().unwrap().len(),
        1,
        "only the first draft exists"
    );
}

#[tokio::test]
async fn officers_see_their_office_only_and_every_document_view_is_recorded() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let case = id(&t
        .post_as(&head, "/api/v1/cases", json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_rusak" }))
        .await);
    t.upload(&head, &case, "ktp_el_rusak", "image/jpeg", jpeg(7)).await;
    t.upload(&head, &case, "kk", "application/pdf", pdf(7)).await;
    t.submit(&head, &case).await;

    let makassar = t.officer("fo@makassarkota.go.id", "73.71", &[Role::FrontOffice]).await;
    assert_eq!(t.get(&format!("/api/v1/cases/{case}"), Some(&makassar)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.get("/api/v1/queue", Some(&makassar)).await.body["total"], 0);
    let province = t.officer("fo@sulselprov.go.id", "73", &[Role::FrontOffice]).await;
    assert_eq!(t.get("/api/v1/queue", Some(&province)).await.body["total"], 0, "the province works its own services");
    assert_eq!(t.get("/api/v1/queue", Some(&head)).await.code(), "OFFICERS_ONLY");

    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(&fo)).await;
    let actions: Vec<_> =
        view.body["actions"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_string()).collect();
    assert_eq!(actions, ["verifikasi", "kembalikan", "batalkan"], "only the FO's actions");
    let upload = view.body["documents"][1]["upload_id"].as_str().unwrap().to_string();
    let link = t.get(&format!("/api/v1/cases/{case}/documents/{upload}"), Some(&fo)).await;
    let url = link.body["url"].as_str().unwrap().to_string();
    let file = t
        .raw({
            let url = url.clone();
            move |c, _| c.get(url)
        })
        .await;
    assert_eq!(file.status, StatusCode::OK);
    let history = t.get(&format!("/api/v1/cases/{case}/history"), Some(&fo)).await;
    let viewed = history.body.as_array().unwrap().iter().find(|e| e["event"] == "document_viewed").cloned();
    assert_eq!(viewed.as_ref().map(|e| e["upload_id"].as_str()), Some(Some(upload.as_str())), "{history:?}");
    t.advance(TimeDelta::minutes(6));
    assert_eq!(t.raw(move |c, _| c.get(url)).await.code(), "URL_EXPIRED", "officers' links are short-lived");

    // A queue orders by deadline and flags what is due soon.
    let queue = t.get("/api/v1/queue", Some(&fo)).await;
    assert_eq!(queue.body["total"], 1);
    assert_eq!(queue.body["near_deadline"], 0);
    t.advance(TimeDelta::hours(4));
    let later = t.officer_session("fo@gowakab.go.id").await;
    assert_eq!(t.get("/api/v1/queue", Some(&later)).await.body["past_deadline"], 1);
}

#[tokio::test]
async fn the_promised_date_waits_while_a_returned_case_is_with_its_reporter() {
    let t = TestApp::spawn().await;
    let desa = t.officer("kel.sungguminasa@gowakab.go.id", SUNGGUMINASA, &[Role::OperatorDesa]).await;
    t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let case = id(&t
        .post_as(&desa, "/api/v1/cases", json!({ "service": "KK_HILANG_DESA", "applicant_nik": family::HEAD, "answers": { "nomor_laporan_polisi": "LP/B/123/XI/2026/Sulsel/Res Gowa", "tanggal_laporan_polisi": "2026-11-20" } }))
        .await);
    for (n, doc) in ["surat_kehilangan_polisi", "dokumen_anggota_keluarga", "buku_nikah_legalisir"].iter().enumerate() {
        t.upload(&desa, &case, doc, "application/pdf", pdf(n as u32)).await;
    }
    // Monday 10:00: two working days, due Wednesday at closing.
    let filed = t.submit(&desa, &case).await;
    assert_eq!(filed.body["service_due"], "2026-11-25T08:00:00Z", "{filed:?}");
    // Returned at 11:00; fixed and sent back on Tuesday at 11:00: a working day later.
    t.advance(TimeDelta::hours(1));
    let fo = t.officer_session("fo@gowakab.go.id").await;
    t.act(&fo, &case, "kembalikan", json!({ "reason": "Surat kehilangan tidak terbaca, mohon unggah ulang" })).await;
    t.advance(TimeDelta::hours(24));
    let desa = t.officer_session("kel.sungguminasa@gowakab.go.id").await;
    let back = t.act(&desa, &case, "ajukan_ulang", json!({})).await;
    assert_eq!(back.body["service_due"], "2026-11-26T08:00:00Z", "Thursday at closing: {back:?}");
    assert!(back.body["service_paused_at"].is_null());
}

/// Until an officer takes it up, the reporter may withdraw a filed case; after, they cannot.
#[tokio::test]
async fn a_reporter_withdraws_a_case_only_while_it_waits_for_an_officer() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let file = || async {
        let case = id(&t.post_as(&head, "/api/v1/cases", birth(family::HEAD)).await);
        for (n, doc) in
            ["formulir_f201", "surat_keterangan_lahir", "buku_nikah_orang_tua", "kk_orang_tua", "ktp_el_orang_tua"]
                .iter()
                .enumerate()
        {
            t.upload(&head, &case, doc, "application/pdf", pdf(n as u32)).await;
        }
        let r = t.submit(&head, &case).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        case
    };
    let first = file().await;
    let view = t.get(&format!("/api/v1/cases/{first}"), Some(&head)).await;
    let codes = |v: &Value| v["actions"].as_array().unwrap().iter().map(|a| a["code"].clone()).collect::<Vec<_>>();
    assert_eq!(codes(&view.body), [json!("tarik")], "offered to the reporter: {view:?}");
    let fo_view = t.get(&format!("/api/v1/cases/{first}"), Some(&fo)).await;
    assert!(!codes(&fo_view.body).contains(&json!("tarik")), "not an officer's action");
    let withdrawn = t.act(&head, &first, "tarik", json!({})).await;
    assert_eq!((withdrawn.status, &withdrawn.body["outcome"]), (StatusCode::OK, &json!("cancelled")), "{withdrawn:?}");

    let second = file().await;
    let estimate = json!({ "document_estimate": ["Kutipan Akta Kelahiran"] });
    assert_eq!(t.act(&fo, &second, "verifikasi", estimate).await.status, StatusCode::OK);
    let late = t.act(&head, &second, "tarik", json!({})).await;
    assert_eq!((late.status, late.code()), (StatusCode::CONFLICT, "ACTION_NOT_AVAILABLE"));
}

#[tokio::test]
async fn a_queue_names_cases_as_the_catalogue_does_after_it_is_adjusted() {
    use adminduk_app::caller::{Actor, Person};
    use adminduk_domain::catalogue::Catalogue;
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let body =
        json!({ "service": "PENGADUAN_KABUPATEN", "answers": { "isi_pengaduan": "Antrean loket terlalu lama" } });
    let case = id(&t.post_as(&head, "/api/v1/cases", body).await);
    assert_eq!(t.submit(&head, &case).await.status, StatusCode::OK);
    let layanan = t.officer("layanan@gowakab.go.id", GOWA, &[Role::PetugasLayanan]).await;
    let page = t.get("/api/v1/queue", Some(&layanan)).await;
    let item = page.body["items"][0].clone();
    assert_eq!((item["id"].as_str(), item["applicant_nik"].as_str()), (Some(case.as_str()), Some("730608******0001")));
    assert_eq!((&item["near_deadline"], &item["past_deadline"]), (&json!(false), &json!(false)), "{item}");

    // The Dinas renames the state and the service in its catalogue: the case, listed with the
    // names it had, is listed with the new ones (it was not written since).
    let (state, service) = (item["state_name"].as_str().unwrap(), item["service_name"].as_str().unwrap());
    let files: Vec<(&str, String)> = adminduk_domain::data::embedded_under("catalogue")
        .map(|(path, text)| (path, text.replace(state, "Menunggu Ditelaah").replace(service, "Keluhan Warga")))
        .collect();
    let adjusted = Catalogue::from_files(files.iter().map(|(p, t)| (*p, t.as_str()))).unwrap();
    let app = adminduk_app::App::new(
        t.app.store.clone(),
        t.app.blobs.clone(),
        t.app.clock.clone(),
        adminduk_app::tokens::TokenKeys::generate(),
        adjusted,
        (*t.app.calendar).clone(),
        (*t.app.settings).clone(),
    );
    let account = t.app.store.account_by_alias("email:layanan@gowakab.go.id").await.unwrap().unwrap();
    let officer = Actor::Person(Box::new(Person::Officer { office: account.office.unwrap(), account }));
    let view = adminduk_app::cases::queue(&app, &officer, None, None, 25).await.unwrap();
    let relisted = serde_json::from_slice::<Value>(&view.to_json()).unwrap()["items"][0].clone();
    let mut expected = item.clone();
    expected["state_name"] = json!("Menunggu Ditelaah");
    expected["service_name"] = json!("Keluhan Warga");
    assert_eq!(relisted, expected, "the same item, named anew");
    // Where the catalogue is the one the listing was made with, the listing is the item.
    let again = adminduk_app::cases::queue(&t.app, &officer, None, None, 25).await.unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&again.to_json()).unwrap()["items"][0], item);
}
