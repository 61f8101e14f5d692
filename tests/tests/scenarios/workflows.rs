//! Every workflow of the catalogue walked to a completed end over HTTP only: filed by whoever its
//! filing action names (a resident, institution staff, a counter officer, a Dinas leader), each
//! step taken by an officer holding its role, the reporter, the applicant with their own account,
//! or an outside system through the integration endpoint. No state is left only by a test.

use std::collections::{BTreeMap, VecDeque};

use adminduk_domain::workflow::{Action, InputKind, Outcome, Role, Workflow};
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{PASSWORD, TestApp, family, pdf};
use serde_json::{Value, json};

/// The service, variant and answers each workflow is walked with (the simplest service on it).
fn filing(workflow: &str) -> (&'static str, &'static str, Option<&'static str>, Value) {
    let lost = json!({ "nomor_laporan_polisi": "LP/B/9/XII/2026/Res Gowa", "tanggal_laporan_polisi": "2026-11-20" });
    match workflow {
        "pelaporan_online" => ("KIA", "usia_5_17", Some(family::CHILD_10), json!({})),
        "catatan_pinggir" => (
            "CATATAN_PINGGIR",
            "perubahan_jenis_kelamin",
            Some(family::WIFE),
            json!({ "nama_pengadilan": "Pengadilan Negeri Sungguminasa", "nomor_putusan": "12/Pdt.P/2026/PN Sgm",
                    "tanggal_putusan": "2026-10-01", "isi_perubahan": "Jenis kelamin menjadi perempuan" }),
        ),
        "loket_desa_kartu" => ("KIA_BARU", "usia_5_17", Some(family::CHILD_10), json!({})),
        "loket_desa_kk" => ("KK_HILANG_DESA", "umum", Some(family::HEAD), lost),
        "ktp_el_kecamatan" => ("KTP_EL_BARU", "umum", Some(family::HEAD), json!({})),
        "pengaduan" => ("PENGADUAN_KABUPATEN", "umum", None, json!({ "isi_pengaduan": "Antrean loket terlalu lama" })),
        "aktivasi_ikd_kantor" => ("AKTIVASI_IKD", "kantor", Some(family::HEAD), json!({})),
        "aktivasi_ikd_online" => ("AKTIVASI_IKD", "online", None, json!({})),
        "aktivasi_ikd_jemput_bola" => ("AKTIVASI_IKD", "jemput_bola", None, json!({})),
        "fasilitasi_pks" => (
            "FASILITASI_PKS",
            "umum",
            None,
            json!({ "jenis_layanan": "Pemanfaatan data kependudukan", "maksud_tujuan": "Verifikasi pasien BPJS" }),
        ),
        "permintaan_blangko_ktp_el" => {
            ("PERMINTAAN_BLANGKO_KTP_EL", "umum", None, json!({ "stok_tersedia": 150, "jumlah_diminta": 2000 }))
        }
        "permintaan_data_ppid" => (
            "PERMINTAAN_DATA_INFORMASI",
            "online",
            None,
            json!({ "data_diminta": "Jumlah penduduk per kecamatan 2026", "maksud_tujuan": "Penelitian skripsi",
                    "format_data": "tabel_elektronik" }),
        ),
        "verifikasi_validasi_data" => (
            "VERIFIKASI_VALIDASI_DATA",
            "umum",
            None,
            json!({ "data_diverifikasi": "NIK 1.200 peserta", "maksud_tujuan": "Pemutakhiran data peserta" }),
        ),
        other => panic!("no filing for workflow {other}: add one"),
    }
}

/// The actions from `from` to the nearest completed state.
fn path_to_completion<'a>(workflow: &'a Workflow, from: &str) -> Vec<&'a Action> {
    let mut came: BTreeMap<&str, (&str, &Action)> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        let state = workflow.state(at).unwrap();
        if state.outcome == Some(Outcome::Completed) {
            let mut path = Vec::new();
            let mut here = at;
            while here != from {
                let (before, action) = came[here];
                path.push(action);
                here = before;
            }
            path.reverse();
            return path;
        }
        for action in &state.actions {
            if action.to != from && !came.contains_key(action.to.as_str()) {
                came.insert(&action.to, (at, action));
                queue.push_back(&action.to);
            }
        }
    }
    panic!("{}: no completed state from {from}", workflow.code)
}

/// A number in the format of each product.
fn number_for(product: &str, applicant: Option<&str>) -> String {
    if product.contains("Akta Kelahiran") {
        "7306-LT-10112026-0001".into()
    } else if product.contains("Akta Kematian") {
        "7306-KM-20112026-0001".into()
    } else if product.starts_with("Kartu Keluarga") {
        family::KK.into()
    } else if product.starts_with("KTP-el") || product.contains("(KIA)") {
        applicant.unwrap_or(family::HEAD).into()
    } else {
        "470/12/2026".into()
    }
}

/// Institution staff under a valid PKS, logged in.
async fn staff(t: &TestApp, admin: &str) -> String {
    let pks = json!({ "number": "470/1/PKS/2026", "valid_from": "2026-01-01", "valid_until": "2026-12-31", "services": ["KELAHIRAN"] });
    let induk = t
        .post_as(
            admin,
            "/api/v1/admin/institutions",
            json!({ "name": "RSUD Syekh Yusuf", "kind": "induk", "pks": pks }),
        )
        .await;
    let parent = induk.body["id"].as_str().unwrap();
    let unit = t
        .post_as(
            admin,
            "/api/v1/admin/institutions",
            json!({ "name": "Rekam Medis", "kind": "pengguna", "parent_id": parent }),
        )
        .await;
    let unit = unit.body["id"].as_str().unwrap();
    let user = json!({
        "name": "Hasnawati", "nik": "7306085708900002", "email": "hasnawati@rsud.go.id", "phone": "081355556666",
        "password": PASSWORD,
        "staff": { "sk_tugas": "800/45/RSUD/2026", "surat_permohonan": "445/210/RSUD/2026", "nip": null,
            "jabatan": "Petugas Rekam Medis", "tempat_lahir": "Sungguminasa", "tanggal_lahir": "1990-08-17",
            "alamat": { "alamat": "Jl. Poros Malino", "rt": "001", "rw": "003", "kelurahan": "Bontoala",
                "kecamatan": "Pallangga", "kabupaten": "Gowa", "provinsi": "Sulawesi Selatan" } }
    });
    let created = t.post_as(admin, &format!("/api/v1/admin/institutions/{unit}/users"), user).await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    TestApp::token(&t.login(created.body["user_id"].as_str().unwrap(), PASSWORD).await)
}

#[tokio::test]
async fn every_workflow_reaches_a_completed_end_over_http() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let everything: Vec<Role> = Role::ALL.iter().copied().filter(|r| r.is_officer() && *r != Role::Admin).collect();
    let gowa = t.officer("semua@gowakab.go.id", "73.06", &everything).await;
    let province = t.officer("semua@sulselprov.go.id", "73", &everything).await;
    let resident = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let institution = staff(&t, &admin).await;
    let system = t.machine("C-SISTEM", &["integrasi.jawaban"]).await;
    let mut references = 0;
    let mut letters = 0;
    let mut filed_cases = Vec::new();

    let workflows: Vec<Workflow> = t.app.catalogue.workflows().cloned().collect();
    // The WhatsApp intake starts from a message, not a form: tests/tests/whatsapp.rs walks it.
    for workflow in workflows.iter().filter(|w| w.code != "pengajuan_wa") {
        let (service_code, variant, applicant, answers) = filing(&workflow.code);
        let service = t.app.catalogue.service(service_code).unwrap();
        let filing_roles = &workflow.state(&workflow.initial).unwrap().actions[0].roles;
        let province_case = service.office == adminduk_domain::catalogue::OfficeLevel::Provinsi;
        let officer = if province_case { &province } else { &gowa };
        use adminduk_domain::catalogue::Requester;
        // Where a service is filed online and at a desk, the online reporter files it.
        let filer = if !filing_roles.contains(&Role::Pelapor) {
            officer
        } else if service.requesters.iter().any(|r| matches!(r, Requester::PenggunaPribadi | Requester::Masyarakat)) {
            &resident
        } else if service.requesters.contains(&Requester::Lembaga) {
            &institution
        } else {
            &gowa // a Dinas asks the province through its Kadis
        };
        let body =
            json!({ "service": service_code, "variant": variant, "applicant_nik": applicant, "answers": answers });
        let draft = t.post_as(filer, "/api/v1/cases", body).await;
        assert_eq!(draft.status, StatusCode::CREATED, "{}: {draft:?}", workflow.code);
        let id = draft.body["id"].as_str().unwrap().to_string();
        let view = t.get(&format!("/api/v1/cases/{id}"), Some(filer)).await;
        for r in view.body["requirements"].as_array().unwrap().iter().filter(|r| r["status"] == "required") {
            let up = t.upload(filer, &id, r["document"].as_str().unwrap(), "application/pdf", pdf(7)).await;
            assert_eq!(up.status, StatusCode::OK, "{}: {up:?}", workflow.code);
        }
        let v = t.app.store.case(&id).await.unwrap().unwrap().version;
        let filed =
            t.post_as(filer, &format!("/api/v1/cases/{id}/submit"), json!({ "declared": true, "version": v })).await;
        assert_eq!(filed.status, StatusCode::OK, "{}: {filed:?}", workflow.code);
        let products: Vec<String> =
            view.body["products"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();

        let from = t.app.store.case(&id).await.unwrap().unwrap().state;
        let path = path_to_completion(workflow, &from);
        for action in &path {
            let mut inputs = json!({});
            for kind in &action.inputs {
                match kind {
                    InputKind::Reason => inputs["reason"] = json!("Dicatat untuk keperluan pengujian alur"),
                    InputKind::DocumentEstimate => inputs["document_estimate"] = json!(products),
                    InputKind::DocumentNumbers => {
                        let numbers: Vec<Value> = products
                            .iter()
                            .map(|p| json!({ "document": p, "number": number_for(p, applicant) }))
                            .collect();
                        inputs["document_numbers"] = json!(numbers);
                    }
                    InputKind::Collector => {
                        inputs["collected_by"] = match applicant {
                            Some(nik) => {
                                let name = t.app.store.resident(&nik.parse().unwrap()).await.unwrap().unwrap().name;
                                json!({ "name": name, "relation": "applicant", "nik": nik })
                            }
                            None => {
                                let scan = t
                                    .attach(
                                        officer,
                                        &id,
                                        "power_of_attorney",
                                        "surat_kuasa_pengambilan",
                                        "application/pdf",
                                        pdf(8),
                                    )
                                    .await;
                                assert_eq!(scan.status, StatusCode::OK, "{}: {scan:?}", workflow.code);
                                json!({ "name": "Kurir Instansi", "relation": "attorney", "power_of_attorney": "F-1.07/2026/1" })
                            }
                        }
                    }
                    InputKind::Schedule => inputs["schedule"] = json!("2026-11-30T10:00:00+08:00"),
                    InputKind::Quantity => inputs["quantity"] = json!(1500),
                    InputKind::Note => inputs["note"] = json!("Sudah dikerjakan"),
                    InputKind::Survey => inputs["survey"] = json!([4, 4, 3, 4, 4, 3, 4, 4, 4]),
                }
            }
            let step = format!("{} {}", workflow.code, action.code);
            if action.needs_appointment {
                // The step confirms a booked slot: refused without one, then the officer books
                // the first free slot the desk offers.
                assert_eq!(t.act(officer, &id, &action.code, inputs.clone()).await.code(), "APPOINTMENT_REQUIRED");
                let offer = t.get(&format!("/api/v1/cases/{id}/slots"), Some(officer)).await;
                let slots = offer.body["days"][0]["slots"].as_array().unwrap_or_else(|| panic!("{step}: {offer:?}"));
                let start = slots.iter().find(|s| s["free"].as_u64() > Some(0)).unwrap()["start"].clone();
                let v = t.app.store.case(&id).await.unwrap().unwrap().version;
                let booked = t
                    .post_as(
                        officer,
                        &format!("/api/v1/cases/{id}/appointment"),
                        json!({ "start": start, "version": v }),
                    )
                    .await;
                assert_eq!(booked.status, StatusCode::OK, "{step}: {booked:?}");
            }
            let r = if action.roles.iter().any(|r| r.is_officer()) {
                t.act(officer, &id, &action.code, inputs).await
            } else if action.roles.contains(&Role::Pelapor) {
                t.act(filer, &id, &action.code, inputs).await
            } else if action.roles.contains(&Role::Pemohon) {
                t.act(&resident, &id, &action.code, inputs).await
            } else {
                references += 1;
                t.integration_answer(&system, &id, &action.code, &format!("REF-{references}")).await
            };
            assert_eq!(r.status, StatusCode::OK, "{step}: {r:?}");
            // The reporter reads what happens now, in words, whatever the state.
            let seen = t.get(&format!("/api/v1/cases/{id}"), Some(filer)).await;
            let next = seen.body["next_step"].as_str().unwrap_or_else(|| panic!("{step}: {seen:?}"));
            assert!(next.len() > 40 && !next.contains(['{', '}', '\n']), "{step}: {next}");
        }
        let case = t.app.store.case(&id).await.unwrap().unwrap();
        assert_eq!(case.outcome, Some(Outcome::Completed), "{}: ended at {}", workflow.code, case.state);
        filed_cases.push(case.clone());
        // The letters of the steps taken were written and listed, for the reporter to download.
        for key in path.iter().filter_map(|a| a.produces.as_deref()) {
            let product = &t.app.catalogue.letter(key).unwrap().product;
            let issued = case.issued.iter().find(|d| &d.document == product);
            let upload = issued.unwrap_or_else(|| panic!("{}: no {product}", workflow.code)).upload_id.clone();
            let link = t.get(&format!("/api/v1/cases/{id}/documents/{upload}"), Some(filer)).await;
            assert_eq!(link.status, StatusCode::OK, "{}: {link:?}", workflow.code);
            letters += 1;
        }
    }
    assert!(workflows.len() >= 14, "the catalogue's workflows: {}", workflows.len());
    assert!(references > 0, "some step was an outside system's answer");
    assert_eq!(letters, 3, "the BAST, the PPID reply and the PKS facilitation answer");

    // Gowa's monthly report, computed from the month's figures, says what its cases did.
    t.advance(chrono::TimeDelta::days(9));
    let kadis = t.officer_session("semua@gowakab.go.id").await;
    let report = t.get("/api/v1/reports/73.06/2026-11/computed", Some(&kadis)).await;
    assert_eq!(report.status, StatusCode::OK, "{report:?}");
    let gowa_cases: Vec<_> =
        filed_cases.iter().filter(|c| c.office.dinas() == adminduk_domain::office::Office::GOWA).collect();
    let lines = report.body["services"].as_array().unwrap();
    assert_eq!(lines.len(), gowa_cases.iter().map(|c| &c.service).collect::<std::collections::BTreeSet<_>>().len());
    for line in lines {
        let service = line["service"].as_str().unwrap();
        let cases = gowa_cases.iter().filter(|c| c.service == service).count() as u64;
        let delivered = line["on_time"].as_u64().unwrap() + line["late"].as_u64().unwrap();
        assert_eq!((line["received"].as_u64(), line["completed"].as_u64()), (Some(cases), Some(cases)), "{line}");
        assert_eq!(delivered, cases, "each delivered once: {line}");
    }
    let steps = report.body["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["service"] == "KTP_EL_BARU"), "steps with a time standard: {steps:?}");
    let registered: u64 =
        report.body["documents"].as_array().unwrap().iter().map(|d| d["count"].as_u64().unwrap()).sum();
    assert!(registered > 0, "the documents registered: {report:?}");
    assert_eq!(report.body["complaints"], json!({ "received": 1, "answered": 1 }));
    let sent = t.put_as(&kadis, "/api/v1/reports/73.06/2026-11", report.body.clone()).await;
    assert_eq!((sent.status, &sent.body["channel"]), (StatusCode::CREATED, &json!("dasbor")), "{sent:?}");
    let province = t.officer_session("semua@sulselprov.go.id").await;
    let table = t.get("/api/v1/reports?month=2026-11", Some(&province)).await;
    let row = table.body["rows"].as_array().unwrap().iter().find(|r| r["office"] == "73.06").unwrap().clone();
    assert_eq!(row["status"], "tepat_waktu");
    assert_eq!(row["received"].as_u64(), Some(gowa_cases.len() as u64));
}
