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
    let r = t.submit(token, &case).await;
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

    let slip = t.raw(|c, base| c.get(format!("{base}/api/v1/cases/{case}/slip.pdf")).bearer_auth(&wife)).await;
    let slip = slip.body.as_str().unwrap_or_default();
    assert!(slip.contains("Perihal") && slip.contains("alm. Andi Baso Mappatunru"), "the slip names the deceased");
    assert!(slip.contains("TANDA TERIMA PERMOHONAN") && !slip.contains("RESI PENGAMBILAN"));
    // No pickup receipt before the documents are promised at verification.
    let early = t.get(&format!("/api/v1/cases/{case}/receipt.pdf"), Some(&wife)).await;
    assert_eq!((early.status, early.code()), (StatusCode::CONFLICT, "NO_PICKUP_RECEIPT"));
    assert!(t.get(&format!("/api/v1/cases/{case}"), Some(&wife)).await.body["receipt_code"].is_null());

    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let queue = t.get("/api/v1/queue", Some(&fo)).await;
    assert_eq!(queue.body["items"][0]["subject_name"], "alm. Andi Baso Mappatunru");
    let estimate = json!({ "document_estimate": ["Kutipan Akta Kematian"] });
    assert_eq!(t.act(&fo, &case, "verifikasi", estimate).await.status, StatusCode::OK);
    let receipt = t.raw(|c, base| c.get(format!("{base}/api/v1/cases/{case}/receipt.pdf")).bearer_auth(&wife)).await;
    let receipt = receipt.body.as_str().unwrap_or_default();
    assert!(receipt.contains("RESI PENGAMBILAN DOKUMEN") && receipt.contains("Kutipan Akta Kematian"), "promised now");

    // A late death certificate is not a service here; a second report by another service of the
    // same event would be flagged. The same service twice is refused outright, naming the first.
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

/// Files `body` as the head of the family with every document the case then requires, and
/// returns the case as the front office reads it.
async fn filed_and_read(t: &TestApp, head: &str, fo: &str, body: Value) -> Value {
    let service = body["service"].clone();
    let draft = t.post_as(head, "/api/v1/cases", body).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{service}: {draft:?}");
    let case = id(&draft);
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(head)).await;
    for (n, r) in view.body["requirements"].as_array().unwrap().iter().enumerate() {
        if r["status"] == "required" {
            let doc = r["document"].as_str().unwrap();
            let up = t.upload(head, &case, doc, "application/pdf", pdf(n as u32)).await;
            assert_eq!(up.status, StatusCode::OK, "{service} {doc}: {up:?}");
        }
    }
    let filed = t.submit(head, &case).await;
    assert_eq!(filed.status, StatusCode::OK, "{service}: {filed:?}");
    t.get(&format!("/api/v1/cases/{case}"), Some(fo)).await.body
}

fn declared(view: &Value) -> std::collections::BTreeMap<String, (String, Option<String>)> {
    view["declaration"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["fields"].as_array().unwrap().clone())
        .map(|f| {
            let on_record = f["on_record"].as_str().map(str::to_string);
            (f["name"].as_str().unwrap().to_string(), (f["value"].as_str().unwrap().to_string(), on_record))
        })
        .collect()
}

#[tokio::test]
async fn each_seed_000_service_is_declared_and_read_back_by_the_officer() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let police = json!({ "nomor_laporan_polisi": "LP/B/123/XI/2026/Res Gowa", "tanggal_laporan_polisi": "2026-11-20" });
    let with = |base: Value, more: &Value| {
        let mut b = base;
        for (k, v) in more.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let cases: Vec<(Value, Vec<(&str, &str)>)> = vec![
        (
            json!({ "service": "KELAHIRAN", "applicant_nik": family::HEAD, "answers": {
                "nama_anak": "Nurul Hikmah", "jenis_kelamin": "2", "tempat_dilahirkan": "puskesmas",
                "tempat_lahir": "Gowa", "tanggal_lahir": "2026-11-10", "pukul_lahir": "23:10",
                "jenis_kelahiran": "kembar_2", "kelahiran_ke": 3, "penolong_kelahiran": "bidan",
                "berat_bayi": 2.8, "panjang_bayi": 47, "bukti_kelahiran": "sptjm",
                "ibu_dari": "keluarga", "ibu_keluarga": family::WIFE,
                "ayah_dari": "luar", "ayah_luar": { "nama": "Kenji Sato", "jenis_kelamin": "1", "tanggal_lahir": "1990-02-02", "kewarganegaraan": "2" },
                "perkawinan_orang_tua": "belum_tercatat",
                "saksi": [{ "nik": family::HEAD }, { "nik": family::CHILD_16 }], "hubungan_pelapor": "keluarga" } }),
            vec![
                ("jenis_kelahiran", "Kembar 2"),
                (
                    "ayah_luar",
                    "Nama lengkap: Kenji Sato; Jenis kelamin: Laki-laki; Tanggal lahir: Jumat, 2 Februari 1990; Kewarganegaraan: WNA",
                ),
                ("perkawinan_orang_tua", "Belum tercatat (SPTJM F-2.04)"),
            ],
        ),
        (
            json!({ "service": "KEDATANGAN_ANGGOTA_KELUARGA", "applicant_nik": family::HEAD, "answers": {
                "daerah_asal": "Kota Makassar", "nomor_skpwni": "SKPWNI/7371/2026/0456", "tanggal_skpwni": "2026-11-02",
                "alamat_tujuan": { "alamat": "Jl. Masjid Raya No. 12", "rt": "002", "rw": "004", "kode_desa": "7306081001", "kode_pos": "92111" },
                "anggota_datang": [{ "orang": { "nama": "Rahmawati", "jenis_kelamin": "2", "tanggal_lahir": "2001-07-07", "kewarganegaraan": "1", "nik": "7371014707010003" }, "shdk": "9" }] } }),
            vec![
                ("nomor_skpwni", "SKPWNI/7371/2026/0456"),
                (
                    "alamat_tujuan",
                    "Jl. Masjid Raya No. 12, RT 002/RW 004, Somba Opu, Kabupaten Gowa, Sulawesi Selatan (kode desa 7306081001), kode pos 92111",
                ),
                (
                    "anggota_datang",
                    "1. Nama lengkap: Rahmawati; Jenis kelamin: Perempuan; Tanggal lahir: Sabtu, 7 Juli 2001; Kewarganegaraan: WNI; NIK (bila ada): 7371014707010003, Famili Lain",
                ),
            ],
        ),
        (
            with(death_of(family::WIFE), &json!({})),
            vec![("sebab_kematian", "Sakit biasa/tua"), ("yang_menerangkan", "Dokter"), ("pukul_kematian", "14:05")],
        ),
        (
            json!({ "service": "PINDAH", "applicant_nik": family::HEAD, "answers": {
                "alasan_pindah": "pekerjaan", "jenis_kepindahan": "kepala_dan_sebagian",
                "alamat_tujuan": { "alamat": "Jl. Perintis Kemerdekaan No. 10", "rt": "001", "rw": "002", "kode_desa": "73.71.14.1001" },
                "anggota_pindah": [{ "nik": family::HEAD }, { "nik": family::CHILD_16 }],
                "status_kk_tinggal": "tetap", "status_kk_pindah": "membuat_kk_baru", "rencana_tanggal_pindah": "2027-01-15" } }),
            vec![
                (
                    "anggota_pindah",
                    "1. Andi Baso Mappatunru (NIK 7306081203850001); 2. Muhammad Fadli (NIK 7306081506100003)",
                ),
                ("status_kk_tinggal", "Nomor KK tetap"),
                ("rencana_tanggal_pindah", "Jumat, 15 Januari 2027"),
            ],
        ),
        (
            json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_hilang", "applicant_nik": family::HEAD, "answers": police.clone() }),
            vec![("nomor_laporan_polisi", "LP/B/123/XI/2026/Res Gowa")],
        ),
        (
            json!({ "service": "AKTA_HILANG_RUSAK", "variant": "akta_kelahiran_hilang", "applicant_nik": family::CHILD_16,
                "answers": with(json!({ "nomor_akta": "7306-LT-15062010-0123" }), &police) }),
            vec![("nomor_akta", "7306-LT-15062010-0123"), ("tanggal_laporan_polisi", "Jumat, 20 November 2026")],
        ),
        (
            json!({ "service": "PERUBAHAN_BIODATA", "applicant_nik": family::HEAD, "answers": {
                "elemen": ["nama_lengkap", "golongan_darah"], "nama_lengkap_baru": "Andi Baso Mappatunru Daeng Nai",
                "golongan_darah_baru": "11", "dasar_perubahan": "Kutipan Akta Kelahiran No. 7306-LT-12031985-0001" } }),
            vec![("elemen", "Nama lengkap, Golongan darah"), ("golongan_darah_baru", "O+")],
        ),
        (
            json!({ "service": "PERUBAHAN_GELAR", "applicant_nik": family::HEAD, "answers": {
                "jenis_gelar": "akademik", "gelar": "S.T.", "dasar_gelar": "Ijazah S1 Universitas Hasanuddin No. 123/UN4/2010" } }),
            vec![("jenis_gelar", "Gelar akademik"), ("gelar", "S.T.")],
        ),
        (
            json!({ "service": "PERUBAHAN_SHDK", "applicant_nik": family::HEAD, "answers": {
                "sebab_perubahan": "lainnya", "susunan_baru": [{ "nik": family::CHILD_16, "shdk_baru": "9" }] } }),
            vec![("susunan_baru", "1. Muhammad Fadli (NIK 7306081506100003), Famili Lain")],
        ),
        (
            json!({ "service": "AKTA_KELAHIRAN_TERDAFTAR", "applicant_nik": family::CHILD_10, "answers": {
                "bukti_kelahiran": "surat_keterangan_lahir", "perkawinan_orang_tua": "tercatat" } }),
            vec![("perkawinan_orang_tua", "Tercatat (memiliki buku nikah/akta perkawinan)")],
        ),
        (json!({ "service": "KIA", "variant": "usia_5_17", "applicant_nik": family::CHILD_10, "answers": {} }), vec![]),
    ];
    assert_eq!(cases.len(), 11, "the eleven online services of seed 000");
    for (body, expected) in cases {
        let service = body["service"].as_str().unwrap().to_string();
        let view = filed_and_read(&t, &head, &fo, body).await;
        let read = declared(&view);
        for (field, value) in expected {
            assert_eq!(read.get(field).map(|(v, _)| v.as_str()), Some(value), "{service} {field}: {read:?}");
        }
        assert!(view["number"].is_string(), "{service} was filed");
    }
    // A data change shows the register's value beside the new one (F-1.06 semula/menjadi).
    let biodata = t.get("/api/v1/cases", Some(&head)).await;
    let change = biodata.body.as_array().unwrap().iter().find(|c| c["service"] == "PERUBAHAN_BIODATA").unwrap();
    let view = t.get(&format!("/api/v1/cases/{}", change["id"].as_str().unwrap()), Some(&fo)).await.body;
    let read = declared(&view);
    assert_eq!(
        read["nama_lengkap_baru"],
        ("Andi Baso Mappatunru Daeng Nai".to_string(), Some("Andi Baso Mappatunru".into()))
    );
    assert_eq!(read["golongan_darah_baru"].1.as_deref(), Some("O"));
}

/// A death report by the head of the family about `deceased`.
fn death_of(deceased: &str) -> Value {
    let mut body = death(deceased);
    body["answers"]["hubungan_pelapor"] = json!("suami_istri");
    body
}

#[tokio::test]
async fn a_family_document_accepted_before_is_attached_again_without_uploading() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let pickup = t.officer("ambil@gowakab.go.id", GOWA, &[Role::LoketPengambilan]).await;
    // A title change for the head, completed: its KK scan was accepted.
    let title = json!({ "service": "PERUBAHAN_GELAR", "applicant_nik": family::HEAD, "answers": {
        "jenis_gelar": "akademik", "gelar": "S.T.", "dasar_gelar": "Ijazah S1 No. 123/UN4/2010" } });
    let first = filed_and_read(&t, &head, &fo, title).await;
    let first_id = first["id"].as_str().unwrap().to_string();
    let kk = first["documents"].as_array().unwrap().iter().find(|d| d["document"] == "kk").unwrap().clone();
    let staff = [
        (Role::PetugasLoket, "terima_berkas"),
        (Role::Validator, "validasi"),
        (Role::OperatorSiak, "entri_siak"),
        (Role::Produksi, "cetak"),
        (Role::Kadis, "tandatangani"),
    ];
    assert_eq!(
        t.act(&fo, &first_id, "verifikasi", json!({ "document_estimate": ["Kartu Keluarga (KK)"] })).await.status,
        StatusCode::OK
    );
    for (i, (role, action)) in staff.into_iter().enumerate() {
        let officer = t.officer(&format!("o{i}@gowakab.go.id"), GOWA, &[role]).await;
        assert_eq!(t.act(&officer, &first_id, action, json!({})).await.status, StatusCode::OK, "{action}");
    }
    let numbers = json!({ "document_numbers": [{ "document": "Kartu Keluarga (KK)", "number": "7306081203150001" }] });
    assert_eq!(t.act(&fo, &first_id, "registrasi", numbers).await.status, StatusCode::OK);
    let handed =
        json!({ "collected_by": { "name": "Andi Baso Mappatunru", "relation": "applicant", "nik": family::HEAD } });
    assert_eq!(t.act(&pickup, &first_id, "serahkan", handed).await.body["outcome"], "completed");

    // A new case of the same family offers that file; attaching it needs no upload.
    let shdk = json!({ "service": "PERUBAHAN_SHDK", "applicant_nik": family::HEAD, "answers": {
        "sebab_perubahan": "lainnya", "susunan_baru": [{ "nik": family::CHILD_16, "shdk_baru": "9" }] } });
    let second = id(&t.post_as(&head, "/api/v1/cases", shdk).await);
    let offered = t.get(&format!("/api/v1/cases/{second}/reusable"), Some(&head)).await;
    let offered: Vec<_> =
        offered.body.as_array().unwrap().iter().map(|d| (d["document"].clone(), d["from_case"].clone())).collect();
    assert_eq!(offered, [(json!("kk"), json!(first_id))], "only what this case asks for");
    let v = version(&t, &second).await;
    let reused = t
        .post_as(&head, &format!("/api/v1/cases/{second}/reuse"), json!({ "version": v, "upload_id": kk["upload_id"] }))
        .await;
    assert_eq!(reused.status, StatusCode::OK, "{reused:?}");
    let doc = reused.body["documents"].as_array().unwrap().iter().find(|d| d["document"] == "kk").unwrap().clone();
    assert_eq!((doc["upload_id"].clone(), doc["reused_from"].clone()), (kk["upload_id"].clone(), json!(first_id)));
    // Someone else cannot take it, and a made-up upload is refused.
    let wife = t.resident_session(family::WIFE, "081311112222", "siti@contoh.id").await;
    let hers = id(&t
        .post_as(
            &wife,
            "/api/v1/cases",
            json!({ "service": "PERUBAHAN_GELAR", "applicant_nik": family::WIFE, "answers": {} }),
        )
        .await);
    let v = version(&t, &hers).await;
    let taken = t
        .post_as(&wife, &format!("/api/v1/cases/{hers}/reuse"), json!({ "version": v, "upload_id": kk["upload_id"] }))
        .await;
    assert_eq!(taken.code(), "DOCUMENT_NOT_REUSABLE");
    // Deleting the new draft leaves the earlier case's file in place.
    let v = version(&t, &second).await;
    let gone = t.raw(|c, base| c.delete(format!("{base}/api/v1/cases/{second}?version={v}")).bearer_auth(&head)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert!(t.app.blobs.get(kk["upload_id"].as_str().unwrap()).await.unwrap().is_some());
}

#[tokio::test]
async fn the_same_event_filed_through_two_services_is_flagged_to_the_officer() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let fo = t.officer("fo@gowakab.go.id", GOWA, &[Role::FrontOffice]).await;
    let police = json!({ "nomor_laporan_polisi": "LP/B/123/XI/2026/Res Gowa", "tanggal_laporan_polisi": "2026-11-20" });
    let online = json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_hilang", "applicant_nik": family::HEAD, "answers": police });
    let first = filed_and_read(&t, &head, &fo, online).await;
    assert_eq!(first["related"], json!([]), "alone, nothing to flag");
    // The village counter files a damaged-card report for the same person; the Dinas sees both.
    let desa = t.officer("desa@gowakab.go.id", "73.06.08.1001", &[Role::OperatorDesa]).await;
    let counter = json!({ "service": "KTP_EL_RUSAK", "applicant_nik": family::HEAD, "answers": {} });
    let second = filed_and_read(&t, &desa, &fo, counter).await;
    let related = &second["related"];
    assert_eq!(related.as_array().map(Vec::len), Some(1), "{second:?}");
    assert_eq!(related[0]["number"], first["number"]);
    assert_eq!(related[0]["service_name"], first["service_name"]);
    // Lists mark the later filing, so the officer opens it before working either.
    let found = t.get(&format!("/api/v1/search?q={}", family::HEAD), Some(&fo)).await;
    let marked: Vec<_> =
        found.body.as_array().unwrap().iter().map(|i| (i["number"].clone(), i["possible_duplicate"].clone())).collect();
    assert!(marked.contains(&(second["number"].clone(), json!(true))), "{marked:?}");
    assert!(marked.contains(&(first["number"].clone(), json!(false))), "{marked:?}");
}
