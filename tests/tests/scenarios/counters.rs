//! The counter flows of seeds 001 and 004 over HTTP: KTP-el baru at the kecamatan, catatan
//! pinggir.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, pdf};
use chrono::TimeDelta;
use serde_json::json;

#[tokio::test]
async fn ktp_el_baru_is_recorded_deduplicated_printed_and_handed_over_at_the_kecamatan() {
    let t = TestApp::spawn().await;
    t.advance(TimeDelta::days(365)); // the 16-year-old turns 17
    let kec = t.officer("kec.sombaopu@gowakab.go.id", "73.06.08", &[Role::OperatorKecamatan]).await;
    let walk_in =
        json!({ "service": "KTP_EL_BARU", "applicant_nik": family::CHILD_16, "contact": { "phone": "081377778888" } });
    let case = t.post_as(&kec, "/api/v1/cases", walk_in).await;
    assert_eq!(case.body["office"], "73.06.08", "{case:?}");
    let id = case.body["id"].as_str().unwrap().to_string();
    t.upload(&kec, &id, "kk", "application/pdf", pdf(1)).await;
    assert_eq!(t.submit(&kec, &id).await.body["state"], "menunggu_perekaman");
    assert_eq!(t.act(&kec, &id, "rekam_biometrik", json!({})).await.status, StatusCode::OK);
    let dedup = t.machine("C-DEDUP", &["integrasi.jawaban"]).await;
    let deduplicated = t.integration_answer(&dedup, &id, "penunggalan_selesai", "DUK-0001").await;
    assert_eq!(deduplicated.body["state"], "siap_cetak", "{deduplicated:?}");
    // The card carries its holder's NIK, not another's.
    let another = json!({ "document_numbers": [{ "document": "KTP-el", "number": family::WIFE }] });
    assert_eq!(t.act(&kec, &id, "cetak", another).await.code(), "DOCUMENT_NUMBER_NOT_HOLDER");
    let printed = t
        .act(&kec, &id, "cetak", json!({ "document_numbers": [{ "document": "KTP-el", "number": family::CHILD_16 }] }))
        .await;
    assert_eq!(printed.body["state"], "siap_diambil");
    // A name that is not the NIK's is refused; the register's name is what is kept.
    let stranger =
        json!({ "collected_by": { "name": "Rudi Tetangga", "relation": "applicant", "nik": family::CHILD_16 } });
    assert_eq!(t.act(&kec, &id, "serahkan", stranger).await.code(), "COLLECTOR_NAME_MISMATCH");
    let done = t
        .act(
            &kec,
            &id,
            "serahkan",
            json!({ "collected_by": { "name": "Muhammad Fadli", "relation": "applicant", "nik": family::CHILD_16 } }),
        )
        .await;
    assert_eq!(done.body["outcome"], "completed", "{done:?}");
    // Seed 004: the applicant is told at the phone the counter recorded, at each step it names.
    let sms = t.messages_to("+6281377778888").await;
    assert_eq!(sms.len(), 4, "filed, recorded, printed and ready, handed over: {sms:?}");
    assert!(t.messages_to("kec.sombaopu@gowakab.go.id").await.is_empty(), "never the officer");

    // A ten-year-old is not eligible for a KTP-el: said before any draft is left behind.
    let young =
        t.post_as(&kec, "/api/v1/cases", json!({ "service": "KTP_EL_BARU", "applicant_nik": family::CHILD_10 })).await;
    assert_eq!((young.status, young.code()), (StatusCode::UNPROCESSABLE_ENTITY, "NOT_ELIGIBLE"), "{young:?}");
}

#[tokio::test]
async fn a_catatan_pinggir_goes_through_the_draft_check_and_is_marked_sudah_diambil() {
    let t = TestApp::spawn().await;
    let desa = t.officer("kel.sungguminasa@gowakab.go.id", "73.06.08.1001", &[Role::OperatorDesa]).await;
    let dinas = t
        .officer(
            "dinas@gowakab.go.id",
            "73.06",
            &[Role::FrontOffice, Role::Validator, Role::LoketPengambilan, Role::Produksi, Role::Kadis],
        )
        .await;
    let body = json!({
        "service": "CATATAN_PINGGIR", "variant": "perubahan_jenis_kelamin", "applicant_nik": family::WIFE,
        "contact": { "phone": "081366665555", "email": "siti@contoh.id" },
        "answers": {
            "nama_pengadilan": "Pengadilan Negeri Sungguminasa", "nomor_putusan": "12/Pdt.P/2026/PN Sgm",
            "tanggal_putusan": "2026-10-01", "isi_perubahan": "Jenis kelamin menjadi perempuan"
        }
    });
    let id = t.post_as(&desa, "/api/v1/cases", body).await.body["id"].as_str().unwrap().to_string();
    for (n, doc) in ["penetapan_pengadilan", "akta_pencatatan_sipil", "ktp_el", "kk"].iter().enumerate() {
        assert_eq!(t.upload(&desa, &id, doc, "application/pdf", pdf(n as u32)).await.status, StatusCode::OK);
    }
    assert_eq!(t.submit(&desa, &id).await.status, StatusCode::OK);
    for (action, inputs) in [
        ("verifikasi", json!({})),
        ("validasi", json!({})),
        ("terima_berkas", json!({})),
        ("perbaiki_input", json!({ "note": "Ejaan nama ayah dibetulkan sesuai akta" })),
        ("draf_sesuai", json!({})),
        ("validasi_catatan_pinggir", json!({})),
        ("tandatangani", json!({})),
        (
            "tandai_tercetak",
            json!({ "document_numbers": [{ "document": "Catatan pinggir pada akta pencatatan sipil", "number": "CP-7306-2026-0001" }] }),
        ),
        (
            "serahkan",
            json!({ "collected_by": { "name": "Siti Rahmawati", "relation": "applicant", "nik": family::WIFE } }),
        ),
    ] {
        let r = t.act(&dinas, &id, action, inputs).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {r:?}");
    }
    let case = t.app.store.case(&id).await.unwrap().unwrap();
    assert_eq!(case.state, "sudah_diambil");
    // Seed 004 (catatan pinggir): an SMS when filed, validated (send the files), files received,
    // ready to collect and collected; at the applicant's phone, none to the officers.
    let sms = t.messages_to("+6281366665555").await;
    for expected in ["diterima Dukcapil Gowa", "Kirim berkas fisik", "Berkas fisik", "sudah dicetak", "diserahkan"] {
        assert!(sms.iter().any(|m| m.to_lowercase().contains(&expected.to_lowercase())), "{expected}: {sms:?}");
    }
    let mail = t.messages_to("siti@contoh.id").await;
    assert_eq!(mail.len(), sms.len(), "each SMS has its e-mail");
    // Sending the files asks for the Dinas's postal address, from the office list.
    assert!(
        mail.iter().any(|m| m.contains("kirim berkas fisik") && m.contains("Jl. Mesjid Raya No. 30, Sungguminasa")),
        "{mail:?}"
    );
    for officer in ["kel.sungguminasa@gowakab.go.id", "dinas@gowakab.go.id"] {
        assert!(t.messages_to(officer).await.is_empty(), "{officer}");
    }
}
