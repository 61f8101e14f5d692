//! Pengguna Instansi: registered at the Dinas under an Instansi Pengguna whose Instansi Induk
//! holds a PKS; they act only while the PKS is valid.

use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{PASSWORD, TestApp};
use chrono::TimeDelta;
use serde_json::{Value, json};

fn pks(until: &str, services: &[&str]) -> Value {
    json!({ "number": "470/012/PKS-DKPS/2026", "valid_from": "2026-01-01", "valid_until": until, "services": services })
}

fn staff() -> Value {
    json!({
        "name": "Hasnawati",
        "nik": "7306085708900002",
        "email": "hasnawati@rsudsyekhyusuf.go.id",
        "phone": "081355556666",
        "password": PASSWORD,
        "staff": {
            "sk_tugas": "800/45/RSUD/2026",
            "surat_permohonan": "445/210/RSUD/2026",
            "nip": "199008172015032002",
            "jabatan": "Petugas Rekam Medis",
            "tempat_lahir": "Sungguminasa",
            "tanggal_lahir": "1990-08-17",
            "alamat": { "alamat": "Jl. Poros Malino", "rt": "001", "rw": "003", "kelurahan": "Bontoala", "kecamatan": "Pallangga", "kabupaten": "Gowa", "provinsi": "Sulawesi Selatan" }
        }
    })
}

async fn unit(t: &TestApp, admin: &str, until: &str) -> (String, String) {
    let induk = json!({ "name": "RSUD Syekh Yusuf", "kind": "induk", "pks": pks(until, &["KELAHIRAN", "KEMATIAN"]) });
    let r = t.post_as(admin, "/api/v1/admin/institutions", induk).await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let induk_id = r.body["id"].as_str().unwrap().to_string();
    let pengguna = json!({ "name": "Instalasi Rekam Medis", "kind": "pengguna", "parent_id": induk_id });
    let r = t.post_as(admin, "/api/v1/admin/institutions", pengguna).await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    (induk_id, r.body["id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn staff_log_in_only_while_the_pks_is_valid() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let (induk, unit) = unit(&t, &admin, "2026-12-31").await;
    let r = t.post_as(&admin, &format!("/api/v1/admin/institutions/{unit}/users"), staff()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let id = r.body["user_id"].as_str().unwrap().to_string();

    for login in [id.as_str(), "081355556666", "hasnawati@rsudsyekhyusuf.go.id"] {
        assert_eq!(t.login(login, PASSWORD).await.status, StatusCode::OK, "{login}");
    }
    assert_eq!(
        t.login("7306085708900002", PASSWORD).await.code(),
        "LOGIN_FAILED",
        "seed 000: no NIK login for institution staff"
    );
    let token = t.login(&id, PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
    let me = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.body["pks"]["services"], json!(["KELAHIRAN", "KEMATIAN"]));

    t.advance(TimeDelta::days(39)); // 1 January 2027
    let r = t.login(&id, PASSWORD).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "PKS_NOT_VALID"), "{r:?}");
    let admin = t.officer_session("admin@disdukcapil.gowakab.go.id").await;
    let renewed =
        t.put_as(&admin, &format!("/api/v1/admin/institutions/{induk}/pks"), pks("2027-12-31", &["KELAHIRAN"])).await;
    assert_eq!(renewed.status, StatusCode::OK, "{renewed:?}");
    assert_eq!(t.login(&id, PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn requirements_and_agreements_are_checked() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let (_, unit) = unit(&t, &admin, "2026-12-31").await;
    let mut incomplete = staff();
    incomplete["staff"]["sk_tugas"] = json!(" ");
    let r = t.post_as(&admin, &format!("/api/v1/admin/institutions/{unit}/users"), incomplete).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "STAFF_RECORD_INCOMPLETE"));
    assert!(r.body["message"].as_str().unwrap().contains("SK Tugas"));

    let blank_only =
        json!({ "name": "Dinas Lain", "kind": "induk", "pks": pks("2026-12-31", &["PERMINTAAN_BLANGKO_KTP_EL"]) });
    assert_eq!(t.post_as(&admin, "/api/v1/admin/institutions", blank_only).await.code(), "PKS_INVALID");
    let backwards = json!({ "name": "Dinas Lain", "kind": "induk", "pks": pks("2025-12-31", &["KELAHIRAN"]) });
    assert_eq!(t.post_as(&admin, "/api/v1/admin/institutions", backwards).await.code(), "PKS_INVALID");
    let orphan = json!({ "name": "Unit", "kind": "pengguna", "parent_id": "INS-TIDAKADA" });
    assert_eq!(t.post_as(&admin, "/api/v1/admin/institutions", orphan).await.code(), "PARENT_INVALID");
    let r = t.post_as(&admin, "/api/v1/admin/institutions/INS-TIDAKADA/users", staff()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_manages_only_the_institutions_of_their_own_dinas() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let (induk, unit) = unit(&t, &admin, "2026-12-31").await;
    let province = t.officer("admin@sulselprov.go.id", "73", &[adminduk_domain::workflow::Role::Admin]).await;
    let renewed = t
        .put_as(&province, &format!("/api/v1/admin/institutions/{induk}/pks"), pks("2027-12-31", &["KELAHIRAN"]))
        .await;
    assert_eq!((renewed.status, renewed.code()), (StatusCode::FORBIDDEN, "OUTSIDE_OFFICE"), "{renewed:?}");
    let staffed = t.post_as(&province, &format!("/api/v1/admin/institutions/{unit}/users"), staff()).await;
    assert_eq!(staffed.code(), "OUTSIDE_OFFICE");
    let child = json!({ "name": "Unit Lain", "kind": "pengguna", "parent_id": induk });
    assert_eq!(t.post_as(&province, "/api/v1/admin/institutions", child).await.code(), "OUTSIDE_OFFICE");
    // The Gowa admin still does.
    let ok =
        t.put_as(&admin, &format!("/api/v1/admin/institutions/{induk}/pks"), pks("2027-12-31", &["KELAHIRAN"])).await;
    assert_eq!(ok.status, StatusCode::OK, "{ok:?}");
}

#[tokio::test]
async fn an_admin_reads_the_audit_log_of_their_own_dinas() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    unit(&t, &admin, "2026-12-31").await;
    let province = t.officer("admin@sulselprov.go.id", "73", &[adminduk_domain::workflow::Role::Admin]).await;
    let of = |token: String| {
        let t = &t;
        async move {
            let log = t.get("/api/v1/admin/audit?limit=100", Some(&token)).await;
            log.body.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        }
    };
    let gowa = of(admin.clone()).await;
    assert!(gowa.iter().any(|a| a == "institution_created"), "{gowa:?}");
    let sulsel = of(province).await;
    assert!(!sulsel.iter().any(|a| a == "institution_created"), "Gowa's admin work is not the province's: {sulsel:?}");
    assert!(sulsel.iter().any(|a| a == "login"), "the province admin's own login is theirs: {sulsel:?}");
}

#[tokio::test]
async fn an_admin_lists_institutions_and_staff_and_disables_one_who_left() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let (induk, unit) = unit(&t, &admin, "2026-12-31").await;
    let r = t.post_as(&admin, &format!("/api/v1/admin/institutions/{unit}/users"), staff()).await;
    let id = r.body["user_id"].as_str().unwrap().to_string();

    let listed = t.get("/api/v1/admin/institutions", Some(&admin)).await;
    assert_eq!(listed.status, StatusCode::OK, "{listed:?}");
    let rows = listed.body.as_array().unwrap();
    let ids: Vec<_> = rows.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [induk.as_str(), unit.as_str()], "each Instansi Induk followed by its units");
    assert_eq!((rows[0]["pks_in_force"].as_bool(), rows[1]["staff"].as_u64()), (Some(true), Some(1)));
    let province = t.officer("admin@sulselprov.go.id", "73", &[adminduk_domain::workflow::Role::Admin]).await;
    let theirs = t.get("/api/v1/admin/institutions", Some(&province)).await;
    assert_eq!(theirs.body, json!([]), "another Dinas's institutions are not the province admin's");
    assert_eq!(
        t.get(&format!("/api/v1/admin/institutions/{unit}/users"), Some(&province)).await.code(),
        "OUTSIDE_OFFICE"
    );

    let users = t.get(&format!("/api/v1/admin/institutions/{unit}/users"), Some(&admin)).await;
    let member = &users.body[0];
    assert_eq!(
        (member["user_id"].as_str(), member["jabatan"].as_str()),
        (Some(id.as_str()), Some("Petugas Rekam Medis"))
    );
    assert_eq!(member["nik"], "730608******0002", "the list masks the NIK");

    let session = t.login(&id, PASSWORD).await.body;
    t.advance(TimeDelta::seconds(1));
    let path = format!("/api/v1/admin/institutions/{unit}/users/{id}");
    let r = t.patch_as(&admin, &path, json!({ "disabled": true })).await;
    assert_eq!((r.status, r.body["status"].as_str()), (StatusCode::OK, Some("disabled")), "{r:?}");
    let token = session["access_token"].as_str().unwrap();
    assert_eq!(t.get("/api/v1/me", Some(token)).await.code(), "SESSION_ENDED", "its session ends at the next request");
    let renew = t.post("/api/v1/auth/refresh", json!({ "refresh_token": session["refresh_token"] })).await;
    assert_eq!(renew.code(), "SESSION_INVALID");
    assert_eq!(t.login(&id, PASSWORD).await.code(), "ACCOUNT_DISABLED");
    let elsewhere = format!("/api/v1/admin/institutions/{induk}/users/{id}");
    assert_eq!(t.patch_as(&admin, &elsewhere, json!({ "disabled": false })).await.status, StatusCode::NOT_FOUND);
    let r = t.patch_as(&admin, &path, json!({ "disabled": false })).await;
    assert_eq!(r.body["status"], "active", "{r:?}");
    assert_eq!(t.login(&id, PASSWORD).await.status, StatusCode::OK);
    let log = t.app.store.audit(t.app.clock.now(), 30).await.unwrap();
    for action in ["institution_user_disabled", "institution_user_enabled"] {
        assert!(log.iter().any(|e| e.action == action && e.subject == id), "{action}");
    }
}
