//! Receipts and handover, and the card services of seed 004.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, jpeg, pdf};
use serde_json::json;

const GOWA: &str = "73.06";
const SOMBA_OPU: &str = "73.06.08";
const SUNGGUMINASA: &str = "73.06.08.1001";

#[tokio::test]
async fn ktp_el_lost_via_the_village_printed_and_handed_over_by_scanning_the_receipt() {
    let t = TestApp::spawn().await;
    let desa = t.officer("kel.sungguminasa@gowakab.go.id", SUNGGUMINASA, &[Role::OperatorDesa]).await;
    let kecamatan = t.officer("kec.sombaopu@gowakab.go.id", SOMBA_OPU, &[Role::OperatorKecamatan]).await;
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let validator = t.officer("validator@gowakab.go.id", GOWA, &[Role::Validator]).await;

    let draft =
        t.post_as(&desa, "/api/v1/cases", json!({ "service": "KTP_EL_HILANG", "applicant_nik": family::WIFE, "answers": { "nomor_laporan_polisi": "LP/B/123/XI/2026/Sulsel/Res Gowa", "tanggal_laporan_polisi": "2026-11-20" } })).await;
    let case = draft.body["id"].as_str().unwrap().to_string();
    t.upload(&desa, &case, "surat_kehilangan_polisi", "application/pdf", pdf(1)).await;
    t.upload(&desa, &case, "kk", "application/pdf", pdf(2)).await;
    let r = t.submit(&desa, &case).await;
    assert_eq!(r.status, StatusCode::OK, "the KTP-el copy is 'jika ada': {r:?}");

    // The receipt: a PDF, and a QR payload anyone can check without seeing personal data.
    let pdf_reply = t.raw(|c, base| c.get(format!("{base}/api/v1/cases/{case}/receipt.pdf")).bearer_auth(&desa)).await;
    assert_eq!(pdf_reply.status, StatusCode::OK);
    assert!(pdf_reply.body.as_str().unwrap().starts_with("%PDF-"));
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(&desa)).await;
    let code = view.body["receipt_code"].as_str().unwrap().to_string();
    let check = t.get(&format!("/api/v1/receipts/verify?code={code}"), None).await;
    assert_eq!((check.status, check.body["valid"].as_bool()), (StatusCode::OK, Some(true)), "{check:?}");
    assert_eq!(check.body["number"], "7306-2026-000001");
    let public = check.body.to_string();
    assert!(!public.contains(family::WIFE) && !public.contains("Siti"), "no personal data: {public}");
    let forged = format!("{}x", &code[..code.len() - 1]);
    assert_eq!(t.get(&format!("/api/v1/receipts/verify?code={forged}"), None).await.code(), "RECEIPT_INVALID");

    let early = t
        .post_as(
            &kecamatan,
            "/api/v1/pickup",
            json!({ "receipt": code, "collected_by": { "name": "Siti Rahmawati", "relation": "applicant" } }),
        )
        .await;
    assert_eq!((early.status, early.code()), (StatusCode::CONFLICT, "NOT_READY_FOR_PICKUP"));

    for (token, action, inputs) in [
        (&fo, "verifikasi", json!({})),
        (&validator, "validasi", json!({})),
        (&kecamatan, "terima_berkas", json!({})),
        (&fo, "antrikan_cetak", json!({})),
        (&kecamatan, "cetak", json!({ "document_numbers": [{ "document": "KTP-el", "number": family::WIFE }] })),
    ] {
        let r = t.act(token, &case, action, inputs).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {r:?}");
    }
    // Scanning the receipt shows whose case it is and what is handed over.
    let seen = t.get(&format!("/api/v1/pickup?receipt={code}"), Some(&kecamatan)).await;
    assert_eq!(seen.status, StatusCode::OK, "{seen:?}");
    assert_eq!(
        (seen.body["ready"].as_bool(), seen.body["applicant_name"].as_str()),
        (Some(true), Some("Siti Rahmawati"))
    );
    assert_eq!(seen.body["documents"], json!([format!("KTP-el No. {}", family::WIFE)]));
    assert_eq!(seen.body["applicant_nik"], "730608******0002", "masked, to compare with the KTP-el shown");
    // The QR code is the public check page's address with the statement: a phone camera opens it,
    // and the counter's scanner reads the same.
    let address = format!("{}/cek?kode={code}", t.base);
    let query: String = address
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let scanned = t.get(&format!("/api/v1/pickup?receipt={query}"), Some(&kecamatan)).await;
    assert_eq!(scanned.body["case_id"], seen.body["case_id"], "{scanned:?}");
    let checked = t.get(&format!("/api/v1/receipts/verify?code={query}"), None).await;
    assert_eq!(checked.body["valid"], true, "{checked:?}");
    let pickup = |collector: serde_json::Value| {
        let body = json!({ "receipt": code, "collected_by": collector });
        let (t, kecamatan) = (&t, &kecamatan);
        async move { t.post_as(kecamatan, "/api/v1/pickup", body).await.code().to_string() }
    };
    let refusals = [
        (json!({ "name": "Rahmat", "relation": "attorney" }), "INPUT_INVALID"),
        (
            json!({ "name": "Rahmat", "relation": "attorney", "power_of_attorney": "F-1.07/2026/031" }),
            "POWER_OF_ATTORNEY_MISSING",
        ),
        (json!({ "name": "Orang Lain", "relation": "applicant", "nik": family::CHILD_16 }), "COLLECTOR_NOT_APPLICANT"),
        (json!({ "name": "Siti Rahmawati", "relation": "applicant" }), "INPUT_INVALID"),
        (json!({ "name": "Tetangga", "relation": "kk_member", "nik": "7306082001800004" }), "COLLECTOR_NOT_IN_KK"),
        (json!({ "name": "Almarhum", "relation": "kk_member", "nik": family::DECEASED }), "COLLECTOR_NOT_IN_KK"),
    ];
    for (collector, code) in refusals {
        assert_eq!(pickup(collector.clone()).await, code, "{collector}");
    }
    let handed = t
        .post_as(
            &kecamatan,
            "/api/v1/pickup",
            json!({ "receipt": code, "collected_by": { "name": "Andi Baso", "relation": "kk_member", "nik": family::HEAD } }),
        )
        .await;
    assert_eq!((handed.status, handed.body["outcome"].as_str()), (StatusCode::OK, Some("completed")), "{handed:?}");
    let check = t.get(&format!("/api/v1/receipts/verify?code={code}"), None).await;
    assert_eq!(check.body["completed"], true);
    // Scanned again, the receipt says when and to whom it was handed over.
    let again = t
        .post_as(&kecamatan, "/api/v1/pickup", json!({ "receipt": code, "collected_by": { "name": "Andi Baso", "relation": "kk_member", "nik": family::HEAD } }))
        .await;
    assert_eq!(again.code(), "ALREADY_COLLECTED");
    assert!(again.body["message"].as_str().unwrap().contains("Andi Baso"), "{again:?}");
    let seen = t.get(&format!("/api/v1/pickup?receipt={code}"), Some(&kecamatan)).await;
    assert_eq!(
        (seen.body["ready"].as_bool(), seen.body["collected"]["by"]["relation"].as_str()),
        (Some(false), Some("kk_member"))
    );
    assert_ne!(seen.body["collected"]["by"]["nik"], family::HEAD, "the collector's NIK is kept masked");
}

#[tokio::test]
async fn kia_for_a_school_child_needs_a_colour_photo_and_the_right_age_band() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let young = t
        .post_as(
            &head,
            "/api/v1/cases",
            json!({ "service": "KIA", "variant": "usia_0_5", "applicant_nik": family::CHILD_10 }),
        )
        .await;
    assert_eq!(
        (young.status, young.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "NOT_ELIGIBLE"),
        "a ten-year-old is not 0-5, said before a draft is made: {young:?}"
    );

    let draft = t
        .post_as(
            &head,
            "/api/v1/cases",
            json!({ "service": "KIA", "variant": "usia_5_17", "applicant_nik": family::CHILD_10 }),
        )
        .await;
    let case = draft.body["id"].as_str().unwrap().to_string();
    t.upload(&head, &case, "kutipan_akta_kelahiran", "application/pdf", pdf(3)).await;
    t.upload(&head, &case, "kk_orang_tua", "application/pdf", pdf(4)).await;
    let r = t.submit(&head, &case).await;
    assert_eq!(r.code(), "REQUIREMENTS_MISSING");
    assert!(r.body["message"].as_str().unwrap().contains("Pas foto anak berwarna"));
    // Photos may be larger than the 5 MB default: this requirement allows 10 MB.
    let big = json!({ "document": "pas_foto_anak", "content_type": "image/jpeg", "size": 8 * 1024 * 1024, "sha256": "0".repeat(64) });
    assert_eq!(t.post_as(&head, &format!("/api/v1/cases/{case}/uploads"), big).await.status, StatusCode::CREATED);
    let scan = json!({ "document": "kk_orang_tua", "content_type": "application/pdf", "size": 8 * 1024 * 1024, "sha256": "0".repeat(64) });
    assert_eq!(t.post_as(&head, &format!("/api/v1/cases/{case}/uploads"), scan).await.code(), "FILE_TOO_LARGE");
    assert_eq!(t.upload(&head, &case, "pas_foto_anak", "image/jpeg", jpeg(5)).await.status, StatusCode::OK);
    let r = t.submit(&head, &case).await;
    assert_eq!((r.status, r.body["state"].as_str()), (StatusCode::OK, Some("menunggu_verifikasi")), "{r:?}");
    // No more uploads once submitted.
    assert_eq!(t.upload(&head, &case, "pas_foto_anak", "image/jpeg", jpeg(6)).await.code(), "CASE_NOT_EDITABLE");

    // Handover by the typed registration number.
    let fo = t
        .officer(
            "fo@gowakab.go.id",
            GOWA,
            &[
                Role::FrontOffice,
                Role::Validator,
                Role::OperatorSiak,
                Role::Produksi,
                Role::Kadis,
                Role::PetugasLoket,
                Role::LoketPengambilan,
            ],
        )
        .await;
    for (action, inputs) in [
        ("verifikasi", json!({ "document_estimate": ["Kartu Identitas Anak (KIA)"] })),
        ("terima_berkas", json!({})),
        ("validasi", json!({})),
        ("entri_siak", json!({})),
        ("cetak", json!({})),
        ("tandatangani", json!({})),
        (
            "registrasi",
            json!({ "document_numbers": [{ "document": "Kartu Identitas Anak (KIA)", "number": "7306082003160004" }] }),
        ),
    ] {
        assert_eq!(t.act(&fo, &case, action, inputs).await.status, StatusCode::OK, "{action}");
    }
    let number = r.body["number"].as_str().unwrap();
    let handed = t
        .post_as(
            &fo,
            "/api/v1/pickup",
            json!({ "receipt": number, "collected_by": { "name": "Andi Baso", "relation": "kk_member", "nik": family::HEAD } }),
        )
        .await;
    assert_eq!(handed.body["outcome"], "completed", "{handed:?}");
}

/// The registration slip is not a pickup receipt; a cancelled case has no pickup receipt.
#[tokio::test]
async fn a_slip_is_not_a_pickup_receipt_and_a_cancelled_case_has_none() {
    let t = TestApp::spawn().await;
    let desa = t.officer("kel.sungguminasa@gowakab.go.id", SUNGGUMINASA, &[Role::OperatorDesa]).await;
    let kecamatan = t.officer("kec.sombaopu@gowakab.go.id", SOMBA_OPU, &[Role::OperatorKecamatan]).await;
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let answers =
        json!({ "nomor_laporan_polisi": "LP/B/124/XI/2026/Sulsel/Res Gowa", "tanggal_laporan_polisi": "2026-11-20" });
    let draft = t
        .post_as(
            &desa,
            "/api/v1/cases",
            json!({ "service": "KTP_EL_HILANG", "applicant_nik": family::WIFE, "answers": answers }),
        )
        .await;
    let case = draft.body["id"].as_str().unwrap().to_string();
    t.upload(&desa, &case, "surat_kehilangan_polisi", "application/pdf", pdf(1)).await;
    t.upload(&desa, &case, "kk", "application/pdf", pdf(2)).await;
    let filed = t.submit(&desa, &case).await;
    assert_eq!(filed.status, StatusCode::OK, "{filed:?}");

    // The counter checked the originals before filing: the KTP-el is promised at once.
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(&desa)).await;
    let (slip, resi) = (view.body["slip_code"].as_str().unwrap(), view.body["receipt_code"].as_str().unwrap());
    assert_ne!(slip, resi);
    let checked = t.get(&format!("/api/v1/receipts/verify?code={slip}"), None).await;
    assert_eq!((checked.body["valid"].as_bool(), &checked.body["kind"]), (Some(true), &json!("tanda_terima")));
    // Without a camera: the number with the check code printed beside it.
    let number = view.body["number"].as_str().unwrap();
    let printed = view.body["check_code"].as_str().unwrap().to_string();
    let typed = t.get(&format!("/api/v1/receipts/verify?number={number}&check={}", printed.to_lowercase()), None).await;
    assert_eq!((typed.status, &typed.body["number"]), (StatusCode::OK, &json!(number)), "{typed:?}");
    let wrong = if printed.starts_with('A') { "BBBB-BBBB" } else { "AAAA-AAAA" };
    let guessed = t.get(&format!("/api/v1/receipts/verify?number={number}&check={wrong}"), None).await;
    assert_eq!(guessed.code(), "RECEIPT_INVALID");
    assert_eq!(t.get(&format!("/api/v1/receipts/verify?number={number}"), None).await.code(), "QUERY_INVALID");
    let at_pickup = t.get(&format!("/api/v1/pickup?receipt={slip}"), Some(&kecamatan)).await;
    assert_eq!(at_pickup.code(), "NOT_A_PICKUP_RECEIPT");
    assert_eq!(t.get(&format!("/api/v1/pickup?receipt={resi}"), Some(&kecamatan)).await.status, StatusCode::OK);

    let cancel = t.act(&fo, &case, "batalkan", json!({ "reason": "Pemohon menemukan KTP-el yang hilang" })).await;
    assert_eq!(cancel.status, StatusCode::OK, "{cancel:?}");
    let receipt = t.get(&format!("/api/v1/cases/{case}/receipt.pdf"), Some(&desa)).await;
    assert_eq!((receipt.status, receipt.code()), (StatusCode::CONFLICT, "NO_PICKUP_RECEIPT"));
    assert!(t.get(&format!("/api/v1/cases/{case}"), Some(&desa)).await.body["receipt_code"].is_null());
    let slip = t.raw(|c, base| c.get(format!("{base}/api/v1/cases/{case}/slip.pdf")).bearer_auth(&desa)).await;
    assert_eq!(slip.status, StatusCode::OK, "the slip stays: the case was filed");
}
