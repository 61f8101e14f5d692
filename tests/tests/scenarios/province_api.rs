//! A Dinas kabupaten/kota's system files its requests to the province over the API (issue 12,
//! point 4): a machine client of that Dinas holding `provinsi.layanan` creates and files a blank
//! KTP-el request or a data verification request with an Idempotency-Key, follows it by reading
//! the case, and downloads the BAST when it is ready. It sees only its own requests and calls no
//! route that does not name its scope.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{Reply, TestApp, family, pdf};
use serde_json::{Value, json};

/// A client of `office` created by the province's admin, with a token for `scopes`.
async fn system_of(t: &TestApp, admin: &str, office: &str, scopes: &[&str]) -> String {
    let body = json!({ "name": format!("SIAK Dukcapil {office}"), "scopes": scopes, "office": office });
    let created = t.post_as(admin, "/api/v1/admin/clients", body).await;
    t.client_token(&created).await
}

/// POST with an Idempotency-Key.
async fn post_once(t: &TestApp, token: &str, path: &str, key: &str, body: Value) -> Reply {
    let (token, path, key) = (token.to_string(), path.to_string(), key.to_string());
    t.raw(move |c, base| c.post(format!("{base}{path}")).bearer_auth(token).header("Idempotency-Key", key).json(&body))
        .await
}

#[tokio::test]
async fn bone_s_system_asks_for_ktp_el_blanks_follows_the_request_and_downloads_the_bast() {
    let t = TestApp::spawn().await;
    let admin = t.officer("admin@sulselprov.go.id", "73", &[Role::Admin]).await;
    let bone = system_of(&t, &admin, "73.08", &["provinsi.layanan"]).await;

    // Created once, however often the same request is sent.
    let body =
        json!({ "service": "PERMINTAAN_BLANGKO_KTP_EL", "answers": { "stok_tersedia": 80, "jumlah_diminta": 1200 } });
    let draft = post_once(&t, &bone, "/api/v1/cases", "bone-blangko-2026-12", body.clone()).await;
    assert_eq!((draft.status, draft.body["office"].as_str()), (StatusCode::CREATED, Some("73")), "{draft:?}");
    let case = draft.body["id"].as_str().unwrap().to_string();
    assert_eq!(draft.body["reporter_kind"], "sistem");
    assert_eq!(draft.body["applicant"]["name"], "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bone");
    let again = post_once(&t, &bone, "/api/v1/cases", "bone-blangko-2026-12", body).await;
    let nonsense =
        json!({ "service": "PERMINTAAN_BLANGKO_KTP_EL", "answers": { "stok_tersedia": -5, "jumlah_diminta": 0 } });
    let refused = post_once(&t, &bone, "/api/v1/cases", "bone-salah", nonsense).await;
    assert_eq!(refused.code(), "FORM_INVALID", "{refused:?}");
    assert_eq!(again.body["id"].as_str(), Some(case.as_str()), "{again:?}");

    // The two documents the request needs, uploaded as a browser would; filed once.
    let path = format!("/api/v1/cases/{case}/submit");
    let early = t.post_as(&bone, &path, json!({ "declared": true, "version": 1 })).await;
    assert_eq!(early.code(), "REQUIREMENTS_MISSING", "{early:?}");
    assert_eq!(
        t.upload(&bone, &case, "surat_permintaan_blangko", "application/pdf", pdf(1)).await.status,
        StatusCode::OK
    );
    assert_eq!(t.upload(&bone, &case, "laporan_stok_blangko", "application/pdf", pdf(2)).await.status, StatusCode::OK);
    let version = t.app.store.case(&case).await.unwrap().unwrap().version;
    let submit = json!({ "declared": true, "version": version });
    let filed = post_once(&t, &bone, &path, "bone-ajukan-2026-12", submit.clone()).await;
    assert_eq!((filed.status, filed.body["state"].as_str()), (StatusCode::OK, Some("menunggu_rekap")), "{filed:?}");
    assert_eq!(filed.body["quantity"], 1200, "the count the form declares, asked once");
    let number = filed.body["number"].as_str().unwrap().to_string();
    let repeated = post_once(&t, &bone, &path, "bone-ajukan-2026-12", submit).await;
    assert_eq!((repeated.status, repeated.body["number"].as_str()), (StatusCode::OK, Some(number.as_str())));
    let version = repeated.body["version"].as_u64().unwrap();
    let again = json!({ "declared": true, "version": version });
    let other_key = post_once(&t, &bone, &path, "bone-ajukan-lagi", again).await;
    assert_eq!((other_key.status, other_key.code()), (StatusCode::CONFLICT, "ALREADY_SUBMITTED"), "{other_key:?}");

    // Its own requests only; and nothing a person's token is for.
    let mine = t.get("/api/v1/cases", Some(&bone)).await;
    let ids: Vec<&str> = mine.body.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [case.as_str()], "{mine:?}");
    let maros = system_of(&t, &admin, "73.09", &["provinsi.layanan"]).await;
    assert_eq!(t.get(&format!("/api/v1/cases/{case}"), Some(&maros)).await.status, StatusCode::NOT_FOUND);
    for path in ["/api/v1/me", "/api/v1/queue", "/api/v1/catalogue/KELAHIRAN/mine"] {
        assert_eq!(t.get(path, Some(&bone)).await.code(), "NOT_A_PERSON", "{path}");
    }
    let reports_only = system_of(&t, &admin, "73.08", &["laporan.bulanan"]).await;
    let refused =
        post_once(&t, &reports_only, "/api/v1/cases", "k", json!({ "service": "PERMINTAAN_BLANGKO_KTP_EL" })).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "SCOPE_MISSING"), "{refused:?}");
    // Only a Dinas kabupaten/kota's system files the province's services, not the province's own.
    let own = json!({ "name": "Sistem Provinsi", "scopes": ["provinsi.layanan"], "office": "73" });
    assert_eq!(t.post_as(&admin, "/api/v1/admin/clients", own).await.code(), "SCOPE_NOT_FOR_CLIENT");
    // Not a resident's service either.
    let birth =
        post_once(&t, &bone, "/api/v1/cases", "k2", json!({ "service": "KELAHIRAN", "applicant_nik": family::HEAD }))
            .await;
    assert_eq!((birth.status, birth.code()), (StatusCode::FORBIDDEN, "REQUESTER_NOT_ALLOWED"), "{birth:?}");

    // The province works it; the system polls until the BAST is signed.
    let prov = t.officer("layanan@sulselprov.go.id", "73", &[Role::PetugasLayanan]).await;
    let analis = t.officer("analis@sulselprov.go.id", "73", &[Role::AnalisKebijakan]).await;
    let kabid = t.officer("kabid@sulselprov.go.id", "73", &[Role::Kabid]).await;
    let kadis = t.officer("kadis@sulselprov.go.id", "73", &[Role::Kadis]).await;
    let unknown = t.act(&prov, &case, "setujui", json!({})).await;
    assert_eq!(unknown.code(), "ACTION_NOT_AVAILABLE");
    assert!(unknown.body["message"].as_str().unwrap().ends_with("pada tahap \"Menunggu Rekapitulasi\""), "{unknown:?}");
    let bast = |quantity: u32| json!({ "document_numbers": [{ "document": "Berita Acara Serah Terima (BAST)", "number": "470/91/BAST/2026" }], "quantity": quantity });
    // Approved no more than asked for (1,200), handed over no more than approved (1,000).
    let above = "QUANTITY_ABOVE_EARLIER";
    for (token, action, inputs, refused) in [
        (&prov, "rekap", json!({}), None),
        (&analis, "analisis", json!({}), None),
        (&kabid, "verifikasi", json!({}), None),
        (&kadis, "setujui", json!({ "quantity": 1500 }), Some(above)),
        (&kadis, "setujui", json!({ "quantity": 1000 }), None),
        (&prov, "susun_bast", bast(1100), Some(above)),
        (&prov, "susun_bast", bast(1000), None),
        (&analis, "verifikasi_bast", json!({}), None),
        (&kabid, "verifikasi_bast", json!({}), None),
    ] {
        let reply = t.act(token, &case, action, inputs).await;
        match refused {
            Some(code) => {
                assert_eq!((reply.status, reply.code()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{action}")
            }
            None => assert_eq!(reply.status, StatusCode::OK, "{action}: {reply:?}"),
        }
    }
    // Drawn up but not signed: the province sees the BAST, the Dinas not yet, nor can it fetch it.
    let unsigned = t.get(&format!("/api/v1/cases/{case}"), Some(&prov)).await;
    let upload = unsigned.body["issued"][0]["upload_id"].as_str().unwrap_or_else(|| panic!("{unsigned:?}")).to_string();
    let early = t.get(&format!("/api/v1/cases/{case}"), Some(&bone)).await;
    assert_eq!(early.body["issued"], Value::Null, "{early:?}");
    let fetch = t.get(&format!("/api/v1/cases/{case}/documents/{upload}"), Some(&bone)).await;
    assert_eq!(fetch.code(), "DOCUMENT_NOT_FOUND", "{fetch:?}");
    assert_eq!(t.act(&kadis, &case, "tandatangani_bast", json!({})).await.status, StatusCode::OK);
    // Signed, it is never replaced by an uploaded file.
    let swap = t.attach(&prov, &case, "product", "Berita Acara Serah Terima (BAST)", "application/pdf", pdf(9)).await;
    assert_eq!(swap.code(), "PRODUCT_WRITTEN_BY_STEP", "{swap:?}");
    let seen = t.get(&format!("/api/v1/cases/{case}"), Some(&bone)).await;
    assert_eq!(seen.body["state"], "menunggu_serah_terima", "{seen:?}");
    let next = seen.body["next_step"].as_str().unwrap();
    assert!(next.starts_with("BAST sudah ditandatangani") && next.contains("surat tugas"), "{next}");
    assert_eq!(seen.body["reporter_name"], "SIAK Dukcapil 73.08");
    let history = t.get(&format!("/api/v1/cases/{case}/history"), Some(&bone)).await;
    assert!(history.body.as_array().unwrap().iter().any(|e| e["to"] == "menunggu_serah_terima"), "{history:?}");
    let issued = seen.body["issued"].as_array().unwrap();
    let upload = issued
        .iter()
        .find(|d| d["document"] == "Berita Acara Serah Terima (BAST)")
        .unwrap_or_else(|| panic!("{seen:?}"));
    let link =
        t.get(&format!("/api/v1/cases/{case}/documents/{}", upload["upload_id"].as_str().unwrap()), Some(&bone)).await;
    let url = link.body["url"].as_str().unwrap_or_else(|| panic!("{link:?}")).to_string();
    let file = t.raw(move |c, _| c.get(url)).await;
    let text = file.body.as_str().unwrap_or_default().to_string();
    assert!(
        text.starts_with("%PDF-") && text.contains("470/91/BAST/2026") && text.contains("1.000 (seribu)"),
        "{text}"
    );
    assert!(text.contains("Kabupaten Bone"), "the BAST names the receiving Dinas: {text}");

    // Instead of polling each case, the system reads its feed: every step, in order, page by page.
    let mut read = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let query = after.as_ref().map_or_else(String::new, |a| format!("&after={a}"));
        let page = t.get(&format!("/api/v1/events?limit=3{query}"), Some(&bone)).await;
        let events = page.body["events"].as_array().unwrap_or_else(|| panic!("{page:?}")).clone();
        if events.is_empty() {
            assert_eq!(page.body["next"].as_str(), after.as_deref(), "nothing new: read on from the same place");
            break;
        }
        read.extend(events);
        after = page.body["next"].as_str().map(str::to_string);
    }
    let steps: Vec<&str> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "transition")
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    let actions: Vec<&str> = read.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, steps, "one event per step, in order: {read:?}");
    let last = read.last().unwrap();
    assert_eq!((last["case_id"].as_str(), last["number"].as_str()), (Some(case.as_str()), Some(number.as_str())));
    assert_eq!((last["state"].as_str(), last["state_name"].as_str().is_some()), (Some("menunggu_serah_terima"), true));
    // Another Dinas's system reads none of them; a person's token is not a system's.
    assert_eq!(t.get("/api/v1/events", Some(&maros)).await.body["events"], json!([]));
    assert_eq!(t.get("/api/v1/events", Some(&prov)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.get("/api/v1/events?after=%25%25", Some(&bone)).await.code(), "CURSOR_INVALID");
}

#[tokio::test]
async fn a_dinas_system_asks_the_province_to_verify_data_and_reads_the_answer() {
    let t = TestApp::spawn().await;
    let admin = t.officer("admin@sulselprov.go.id", "73", &[Role::Admin]).await;
    let bone = system_of(&t, &admin, "73.08", &["provinsi.layanan"]).await;
    let answers = json!({ "data_diverifikasi": "120 NIK penerima bantuan sosial", "maksud_tujuan": "Pemutakhiran data penerima" });
    let draft = post_once(
        &t,
        &bone,
        "/api/v1/cases",
        "bone-verval-1",
        json!({ "service": "VERIFIKASI_VALIDASI_DATA", "answers": answers }),
    )
    .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{draft:?}");
    let case = draft.body["id"].as_str().unwrap().to_string();
    let letter = t.upload(&bone, &case, "surat_permohonan_verifikasi_data", "application/pdf", pdf(3)).await;
    assert_eq!(letter.status, StatusCode::OK, "{letter:?}");
    let filed = t.submit(&bone, &case).await;
    assert_eq!(filed.status, StatusCode::OK, "{filed:?}");

    let prov = t.officer("layanan@sulselprov.go.id", "73", &[Role::PetugasLayanan]).await;
    assert_eq!(t.act(&prov, &case, "konfirmasi", json!({})).await.status, StatusCode::OK);
    let note = "118 NIK sesuai; 2 NIK tidak ditemukan (daftar terlampir pada surat balasan)";
    assert_eq!(t.act(&prov, &case, "selesaikan", json!({ "note": note })).await.status, StatusCode::OK);
    let history = t.get(&format!("/api/v1/cases/{case}/history"), Some(&bone)).await;
    let answered = history.body.as_array().unwrap().iter().any(|e| e.to_string().contains("118 NIK sesuai"));
    assert!(answered, "{history:?}");
}
