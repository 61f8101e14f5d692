//! Province services over HTTP: a PPID data request from a resident, answered and closed.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, pdf};
use chrono::TimeDelta;
use serde_json::json;

async fn filed_ppid_request(t: &TestApp, resident: &str) -> String {
    let body = json!({ "service": "PERMINTAAN_DATA_INFORMASI", "variant": "online", "answers": {
        "data_diminta": "Jumlah penduduk per kecamatan di Kabupaten Gowa tahun 2026",
        "maksud_tujuan": "Penelitian skripsi", "format_data": "tabel_elektronik"
    } });
    let draft = t.post_as(resident, "/api/v1/cases", body).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{draft:?}");
    assert_eq!(draft.body["office"], "73", "a province service sits at the province");
    let case = draft.body["id"].as_str().unwrap().to_string();
    t.upload(resident, &case, "surat_permohonan_data", "application/pdf", pdf(1)).await;
    t.upload(resident, &case, "identitas_pemohon", "application/pdf", pdf(2)).await;
    let r = t.submit(resident, &case).await;
    assert_eq!((r.status, r.body["number"].as_str()), (StatusCode::OK, Some("73-2026-000001")), "{r:?}");
    case
}

#[tokio::test]
async fn a_ppid_request_is_confirmed_approved_answered_and_surveyed() {
    let t = TestApp::spawn().await;
    let resident = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let case = filed_ppid_request(&t, &resident).await;
    let sms = t.messages_to("+6281234567890").await;
    assert!(
        sms.iter().any(|m| m.contains("diterima Dukcapil Sulsel")),
        "a province service names the province's Dinas: {sms:?}"
    );
    let mail = t.messages_to("andi@contoh.id").await;
    assert!(
        mail.iter().any(|m| m.contains("Pengaduan: pengaduan Dinas Dukcapil Provinsi Sulawesi Selatan")),
        "and the province's complaint channel, not the kabupaten's: {mail:?}"
    );
    let gowa_fo = t.officer("fo@gowakab.go.id", "73.06", &[Role::FrontOffice, Role::PetugasPpid]).await;
    assert_eq!(
        t.get("/api/v1/queue", Some(&gowa_fo)).await.body["total"],
        0,
        "the kabupaten does not work province cases"
    );
    let ppid = t.officer("ppid@sulselprov.go.id", "73", &[Role::PetugasPpid]).await;
    t.officer("kabid@sulselprov.go.id", "73", &[Role::Kabid]).await;
    assert_eq!(t.get("/api/v1/queue", Some(&ppid)).await.body["total"], 1);
    // Seed 002: the 30 minutes run from the confirmation, not from the request.
    t.advance(TimeDelta::hours(4));
    let ppid = t.officer_session("ppid@sulselprov.go.id").await;
    let kabid = t.officer_session("kabid@sulselprov.go.id").await;
    let resident = t.resident_session_again(family::HEAD).await;
    let confirmed = t.act(&ppid, &case, "konfirmasi", json!({})).await;
    assert_eq!(confirmed.body["service_due"], "2026-11-23T06:30:00Z", "14:00 WITA confirmed, due 14:30: {confirmed:?}");
    for (token, action, inputs) in
        [(&kabid, "setujui", json!({})), (&ppid, "penuhi", json!({ "note": "Data terlampir dalam email resmi PPID" }))]
    {
        let r = t.act(token, &case, action, inputs).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {r:?}");
    }
    let survey = json!({ "survey": [4, 4, 3, 4, 4, 3, 4, 4, 4] });
    let bad = t.act(&resident, &case, "isi_survei", json!({ "survey": [5, 4] })).await;
    assert_eq!(bad.code(), "INPUT_INVALID");
    let r = t.act(&resident, &case, "isi_survei", survey).await;
    assert_eq!((r.status, r.body["outcome"].as_str()), (StatusCode::OK, Some("completed")), "{r:?}");
    assert_eq!(
        r.body["service_done_at"], "2026-11-23T06:00:00Z",
        "delivered when the data was sent, within the 30 minutes"
    );
    let sms = t.messages_to("+6281234567890").await;
    assert!(sms.iter().any(|m| m.contains("telah dipenuhi")), "{sms:?}");
    // One survey path: the workflow's survey step counts in the satisfaction index as the survey
    // route does, and the case does not offer a second survey.
    let figures = t.get("/api/v1/figures?month=2026-11", Some(&ppid)).await;
    let ppid_figures = figures.body["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == "PERMINTAAN_DATA_INFORMASI")
        .unwrap()
        .clone();
    assert_eq!(ppid_figures["satisfaction"]["respondents"], 1, "{figures:?}");
    let again = t
        .post_as(&resident, &format!("/api/v1/cases/{case}/survey"), json!({ "scores": [4, 4, 4, 4, 4, 4, 4, 4, 4] }))
        .await;
    assert_eq!(again.code(), "SURVEY_DONE");
    assert!(t.get(&format!("/api/v1/cases/{case}"), Some(&resident)).await.body["survey_elements"].is_null());

    // The case's e-mails arrive under the province's letterhead, with its address (the account's
    // own, its activation code, come from Gowa's Dinas, where the resident lives).
    t.app.outbox().drain(t.mailbox.as_ref(), 1_000).await.unwrap();
    let inbox = adminduk_app::ports::Mailbox::delivered(t.mailbox.as_ref(), Some("andi@contoh.id"), 100).await.unwrap();
    let html: Vec<&str> =
        inbox.iter().filter(|d| d.message.template != "kode_aktivasi").filter_map(|d| d.html.as_deref()).collect();
    assert!(!html.is_empty());
    assert!(
        html.iter().all(|h| h.contains("Provinsi Sulawesi Selatan</span>") && h.contains("Jl. Urip Sumoharjo")),
        "{html:?}"
    );
}

#[tokio::test]
async fn a_request_nobody_rates_closes_by_itself_after_seven_days() {
    let t = TestApp::spawn().await;
    let resident = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let case = filed_ppid_request(&t, &resident).await;
    let ppid = t.officer("ppid@sulselprov.go.id", "73", &[Role::PetugasPpid, Role::Kabid]).await;
    for (action, inputs) in
        [("konfirmasi", json!({})), ("setujui", json!({})), ("penuhi", json!({ "note": "Data terkirim" }))]
    {
        assert_eq!(t.act(&ppid, &case, action, inputs).await.status, StatusCode::OK);
    }
    assert_eq!(adminduk_app::cases::sweep(&t.app, 100).await.unwrap(), 0, "not yet due");
    t.advance(TimeDelta::hours(169));
    assert_eq!(adminduk_app::cases::sweep(&t.app, 100).await.unwrap(), 1);
    let closed = t.app.store.case(&case).await.unwrap().unwrap();
    assert_eq!((closed.state.as_str(), closed.outcome.is_some()), ("selesai", true));
    let history = t.app.store.history(&case).await.unwrap();
    assert_eq!(history.last().unwrap().actor, "sistem");
}

#[tokio::test]
async fn gowa_asks_the_province_for_ktp_el_blanks_through_to_the_handover() {
    let t = TestApp::spawn().await;
    let kadis_gowa = t.officer("kadis@gowakab.go.id", "73.06", &[Role::Kadis]).await;
    let body =
        json!({ "service": "PERMINTAAN_BLANGKO_KTP_EL", "answers": { "stok_tersedia": 120, "jumlah_diminta": 2000 } });
    let draft = t.post_as(&kadis_gowa, "/api/v1/cases", body).await;
    assert_eq!((draft.status, draft.body["office"].as_str()), (StatusCode::CREATED, Some("73")), "{draft:?}");
    let case = draft.body["id"].as_str().unwrap().to_string();
    t.upload(&kadis_gowa, &case, "surat_permintaan_blangko", "application/pdf", pdf(1)).await;
    t.upload(&kadis_gowa, &case, "laporan_stok_blangko", "application/pdf", pdf(2)).await;
    let r = t.submit(&kadis_gowa, &case).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.body["quantity"], 2000, "how many blanks, as the form declares them");
    let prov = t.officer("layanan@sulselprov.go.id", "73", &[Role::PetugasLayanan]).await;
    let analis = t.officer("analis@sulselprov.go.id", "73", &[Role::AnalisKebijakan]).await;
    let kabid = t.officer("kabid@sulselprov.go.id", "73", &[Role::Kabid]).await;
    let kadis = t.officer("kadis@sulselprov.go.id", "73", &[Role::Kadis]).await;
    for (token, action, inputs) in [
        (&prov, "rekap", json!({})),
        (&analis, "analisis", json!({})),
        (&kabid, "verifikasi", json!({})),
        (&kadis, "setujui", json!({ "quantity": 1500 })),
        (
            &prov,
            "susun_bast",
            json!({ "document_numbers": [{ "document": "Berita Acara Serah Terima (BAST)", "number": "470/88/BAST/2026" }], "quantity": 1500 }),
        ),
        (&analis, "verifikasi_bast", json!({})),
        (&kabid, "verifikasi_bast", json!({})),
        (&kadis, "tandatangani_bast", json!({})),
    ] {
        let r = t.act(token, &case, action, inputs).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {r:?}");
    }
    // The BAST was written from the request when it was drawn up: on the province's letterhead,
    // with the number and quantity, downloadable by the requesting Dinas, its QR code checkable.
    let seen = t.get(&format!("/api/v1/cases/{case}"), Some(&kadis_gowa)).await;
    let bast =
        seen.body["issued"].as_array().unwrap().iter().find(|d| d["document"] == "Berita Acara Serah Terima (BAST)");
    let upload = bast.unwrap_or_else(|| panic!("{seen:?}"))["upload_id"].as_str().unwrap().to_string();
    let link = t.get(&format!("/api/v1/cases/{case}/documents/{upload}"), Some(&kadis_gowa)).await;
    let url = link.body["url"].as_str().unwrap().to_string();
    let file = t.raw(move |c, _| c.get(url)).await;
    let text = file.body.as_str().unwrap_or_default().to_string();
    assert!(text.starts_with("%PDF-") && text.contains("470/88/BAST/2026"), "{text}");
    // Handed from the province's Kadis to Gowa's envoy, the quantity in words, both to sign.
    let shown: Vec<&str> =
        text.lines().filter_map(|l| l.strip_suffix(") Tj")).filter_map(|l| l.split_once('(')).map(|(_, t)| t).collect();
    let words = shown.join(" ");
    for expected in [
        "Kepala Dinas Kependudukan dan Pencatatan Sipil Provinsi Sulawesi Selatan, selanjutnya disebut PIHAK PERTAMA",
        "Petugas yang diutus Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa dengan surat tugas",
        "sejumlah 1.500 (seribu lima ratus) keping",
        "Yang menerima,",
        "Yang menyerahkan,",
    ] {
        assert!(words.contains(expected), "{expected}: {shown:#?}");
    }
    assert_eq!(shown.iter().filter(|l| l.starts_with("NIP.")).count(), 2, "{shown:#?}");
    assert!(
        text.contains("Provinsi Sulawesi Selatan") && !text.contains("Kabupaten Gowa menyerahkan"),
        "the province's letterhead: {text}"
    );
    let stored = t.app.store.case(&case).await.unwrap().unwrap();
    let history = t.get(&format!("/api/v1/cases/{case}/history"), Some(&kadis_gowa)).await;
    assert!(history.body.as_array().unwrap().iter().any(|e| e["event"] == "product_attached"), "{history:?}");
    // The public check accepts a letter's statement signed with the service's key (what its QR
    // code holds) and names the document.
    let letter_code = {
        use adminduk_app::cases::LetterClaims;
        let claims: LetterClaims = serde_json::from_value(json!({ "typ": "surat", "no": stored.number.clone().unwrap(), "doc": "Berita Acara Serah Terima (BAST)", "iat": 0 })).unwrap();
        t.app.keys.sign_statement(&claims)
    };
    let checked = t.get(&format!("/api/v1/receipts/verify?code={letter_code}"), None).await;
    assert_eq!(
        (checked.body["valid"].as_bool(), checked.body["document"].as_str()),
        (Some(true), Some("Berita Acara Serah Terima (BAST)")),
        "{checked:?}"
    );

    // The Dinas's officer collects the blanks holding a power of attorney, scanned at the desk.
    let collector = json!({ "collected_by": { "name": "Petugas Dukcapil Gowa", "relation": "attorney", "power_of_attorney": "Surat Tugas 800/12/2026" } });
    assert_eq!(t.act(&prov, &case, "serah_terima", collector.clone()).await.code(), "POWER_OF_ATTORNEY_MISSING");
    let scan = t.attach(&prov, &case, "power_of_attorney", "surat_kuasa_pengambilan", "application/pdf", pdf(9)).await;
    assert_eq!(scan.status, StatusCode::OK, "{scan:?}");
    let r = t.act(&prov, &case, "serah_terima", collector).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let seen = t.get(&format!("/api/v1/cases/{case}"), Some(&kadis_gowa)).await;
    assert_eq!(
        (seen.status, seen.body["outcome"].as_str()),
        (StatusCode::OK, Some("completed")),
        "the reporter follows its own request"
    );
}

#[tokio::test]
async fn an_ikd_activation_at_the_province_office_for_a_resident_of_another_kabupaten() {
    let t = TestApp::spawn().await;
    let operator = t.officer("ikd@sulselprov.go.id", "73", &[Role::PetugasLayanan]).await;
    // A Makassar NIK: not in Gowa's register, valid for the province.
    let body = json!({ "service": "AKTIVASI_IKD", "variant": "kantor", "applicant_nik": "7371014507950003" });
    assert_eq!(t.post_as(&operator, "/api/v1/cases", body).await.code(), "APPLICANT_NAME_REQUIRED");
    let body = json!({ "service": "AKTIVASI_IKD", "variant": "kantor", "applicant_nik": "7371014507950003", "applicant_name": "Nur Afni" });
    let draft = t.post_as(&operator, "/api/v1/cases", body).await;
    assert_eq!(draft.body["applicant"]["name"], "Nur Afni");
    assert_eq!(draft.status, StatusCode::CREATED, "{draft:?}");
    let case = draft.body["id"].as_str().unwrap().to_string();
    t.upload(&operator, &case, "ktp_el", "image/jpeg", adminduk_tests::jpeg(1)).await;
    let r = t.submit(&operator, &case).await;
    assert_eq!((r.status, r.body["state"].as_str()), (StatusCode::OK, Some("menunggu_verifikasi")), "{r:?}");
    assert_eq!(t.act(&operator, &case, "berikan_qr", json!({})).await.status, StatusCode::OK);
    let done = t.act(&operator, &case, "konfirmasi_aktif", json!({})).await;
    assert_eq!(done.body["outcome"], "completed", "{done:?}");
    let bogus = json!({ "service": "AKTIVASI_IKD", "variant": "kantor", "applicant_nik": "7371019907950003" });
    assert_eq!(t.post_as(&operator, "/api/v1/cases", bogus).await.code(), "NIK_BIRTH_DATE_INVALID");
}

/// A resident of Makassar (NIK 73.71, a woman born 15 May 1990): not in Gowa's register.
const MAKASSAR: &str = "7371015505900001";

fn province_registration(nik: &str, birth_date: &str, kabupaten: &str) -> serde_json::Value {
    json!({
        "nik": nik, "name": "  Nurhayati   Daeng Ngai ", "birth_date": birth_date, "kabupaten": kabupaten,
        "email": "nurhayati@contoh.id", "phone": "085255501234", "password": adminduk_tests::PASSWORD,
    })
}

#[tokio::test]
async fn a_sulsel_resident_outside_gowa_registers_with_the_province_and_asks_its_ppid() {
    let t = TestApp::spawn().await;
    let register = |body| t.post("/api/v1/auth/register/provinsi", body);
    // The statement must hold together; each part is named.
    for (body, code) in [
        (province_registration("7471015505900001", "1990-05-15", "73.71"), "NIK_OUTSIDE_PROVINCE"),
        (province_registration(MAKASSAR, "1990-05-16", "73.71"), "BIRTH_DATE_NOT_NIK"),
        (province_registration("7371015505150001", "2015-05-15", "73.71"), "UNDER_17"),
        (province_registration(MAKASSAR, "1990-05-15", "73.99"), "KABUPATEN_INVALID"),
        (province_registration(MAKASSAR, "1990-05-15", "73.71.01"), "KABUPATEN_INVALID"),
    ] {
        let r = register(body).await;
        assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{r:?}");
    }
    let mut numbered = province_registration(MAKASSAR, "1990-05-15", "73.71");
    numbered["name"] = json!("Nurhayati 2");
    assert_eq!(register(numbered).await.code(), "NAME_INVALID");

    let r = register(province_registration(MAKASSAR, "1990-05-15", "73.71")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let user_id = r.body["user_id"].as_str().unwrap().to_string();
    let code = t.code_sent_to("+6285255501234").await;
    let r = t.post("/api/v1/auth/activate", json!({ "login": "085255501234", "code": code })).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    // Its NIK is a statement: it is not a login name, and keeps no resident of it out.
    assert_eq!(t.login(MAKASSAR, adminduk_tests::PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    let session = t.login("nurhayati@contoh.id", adminduk_tests::PASSWORD).await;
    let token = TestApp::token(&session);
    let me = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(
        (me.body["user_id"].as_str(), me.body["name"].as_str()),
        (Some(user_id.as_str()), Some("Nurhayati Daeng Ngai")),
        "{me:?}"
    );
    assert_eq!(me.body["declared"], json!({ "birth_date": "1990-05-15", "kabupaten": "73.71" }));
    assert!(me.body.get("family").is_none(), "no family: the register does not know them");
    let may_file: Vec<&str> = me.body["may_file"].as_array().unwrap().iter().filter_map(|s| s.as_str()).collect();
    assert_eq!(may_file, ["AKTIVASI_IKD", "PENGADUAN_PROVINSI", "PERMINTAAN_DATA_INFORMASI"], "{me:?}");

    // Gowa's services and the register stay closed to it; no one else's NIK is probed through it.
    let birth = t.post_as(&token, "/api/v1/cases", json!({ "service": "KELAHIRAN" })).await;
    assert_eq!(birth.code(), "REQUESTER_NOT_ALLOWED", "{birth:?}");
    let complaint = json!({ "service": "PENGADUAN_KABUPATEN", "answers": { "isi_pengaduan": "Antrean lama" } });
    assert_eq!(t.post_as(&token, "/api/v1/cases", complaint).await.code(), "REQUESTER_NOT_ALLOWED");
    let for_another = json!({ "service": "PENGADUAN_PROVINSI", "applicant_nik": family::HEAD, "answers": { "isi_pengaduan": "Antrean lama" } });
    assert_eq!(t.post_as(&token, "/api/v1/cases", for_another).await.code(), "ONLY_FOR_SELF");
    let lookup = t.get(&format!("/api/v1/register/lookup?q={}", family::HEAD), Some(&token)).await;
    assert_eq!(lookup.code(), "OFFICERS_ONLY");
    let chances = t.get("/api/v1/catalogue/PERMINTAAN_DATA_INFORMASI/mine", Some(&token)).await;
    assert_eq!(chances.body["online"], true, "{chances:?}");
    let chances = t.get("/api/v1/catalogue/KELAHIRAN/mine", Some(&token)).await;
    assert_eq!(chances.body["online"], false, "{chances:?}");

    // The province's PPID: filed, worked and rated, the resident told under the province's name.
    let case = filed_ppid_request(&t, &token).await;
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(&token)).await;
    assert_eq!(view.body["applicant"]["nik"], MAKASSAR, "{view:?}");
    assert_eq!(view.body["applicant"]["name"], "Nurhayati Daeng Ngai");
    let sms = t.messages_to("+6285255501234").await;
    assert!(sms.iter().any(|m| m.contains("73-2026-000001") && m.contains("Dukcapil Sulsel")), "{sms:?}");
    let ppid = t.officer("ppid@sulselprov.go.id", "73", &[Role::PetugasPpid, Role::Kabid]).await;
    for (action, inputs) in
        [("konfirmasi", json!({})), ("setujui", json!({})), ("penuhi", json!({ "note": "Data terkirim" }))]
    {
        assert_eq!(t.act(&ppid, &case, action, inputs).await.status, StatusCode::OK, "{action}");
    }
    let rated = t.act(&token, &case, "isi_survei", json!({ "survey": [4, 4, 4, 4, 4, 4, 4, 4, 4] })).await;
    assert_eq!(rated.body["outcome"], "completed", "{rated:?}");
    let mine = t.get("/api/v1/cases", Some(&token)).await;
    assert_eq!(mine.body.as_array().map(Vec::len), Some(1), "{mine:?}");
    // Their own data (UU 27/2022): the statement, not a register record, and who worked the case.
    let data = t.get("/api/v1/me/data", Some(&token)).await;
    assert_eq!(data.body["register"], json!({ "pernyataan": { "birth_date": "1990-05-15", "kabupaten": "73.71" } }));
    assert_eq!(data.body["cases"].as_array().map(Vec::len), Some(1));
    let by: Vec<&str> =
        data.body["processing"].as_array().unwrap().iter().filter_map(|p| p["by_id"].as_str()).collect();
    assert!(!by.is_empty() && by.iter().all(|b| b.starts_with("O-") || *b == "sistem"), "{data:?}");
    let pdf = t.get("/api/v1/me/data.pdf", Some(&token)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    t.app.outbox().drain(t.mailbox.as_ref(), 1_000).await.unwrap();
    let inbox =
        adminduk_app::ports::Mailbox::delivered(t.mailbox.as_ref(), Some("nurhayati@contoh.id"), 100).await.unwrap();
    assert!(inbox.len() >= 3, "{inbox:?}");
    assert!(
        inbox.iter().filter_map(|d| d.html.as_deref()).all(|h| h.contains("Provinsi Sulawesi Selatan</span>")),
        "every e-mail, the activation code's too, under the province's letterhead"
    );
}
