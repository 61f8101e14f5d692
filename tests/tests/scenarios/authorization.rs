//! The authorization matrix: every route that names a case, called by everyone who is not
//! entitled to that case (another resident, even of the same family; officers, admins and an
//! inspector of another Dinas; another Dinas's system), and every admin route on another Dinas's
//! officers, institutions and clients: none is answered with the case or a change, only 403 or
//! 404 with an error code, each with the body its rightful caller would send. Who may call each
//! route at all (people, clients and their scopes) is `clients::every_route_admits_only_...`.

use adminduk_app::http::ROUTES;
use adminduk_domain::workflow::Role;
use adminduk_tests::TestApp;
use adminduk_tests::family::{HEAD, WIFE};
use adminduk_tests::reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn call(t: &TestApp, token: &str, method: &str, path: &str, body: Value) -> adminduk_tests::Reply {
    let (method, path, token) = (Method::from_bytes(method.as_bytes()).unwrap(), path.to_string(), token.to_string());
    t.raw(move |c, base| c.request(method, format!("{base}{path}")).bearer_auth(token).json(&body)).await
}

/// What the case's own reporter or officer would send to `path`, so that a refusal is about who
/// asks and not about the body.
fn case_request(method: &str, path: &str, version: u64, upload: &str) -> (String, Value) {
    let v = version;
    let body = match path.rsplit('/').next().unwrap_or_default() {
        "actions" => json!({ "action": "verifikasi", "version": v, "inputs": {} }),
        "answers" => json!({ "version": v, "answers": {} }),
        "appointment" => json!({ "start": "2026-12-10T09:00:00+08:00", "version": v }),
        "cancel" | "no-show" | "submit" => json!({ "version": v }),
        "corrections" => json!({ "version": v, "field": "nama", "value": "Andi", "reason": "Salah ketik pada nama." }),
        "reuse" => json!({ "version": v, "upload_id": upload }),
        "survey" => json!({ "scores": [4, 4, 4, 4, 4, 4, 4, 4, 4] }),
        "uploads" => json!({
            "document": "ktp_el_rusak", "purpose": "requirement", "content_type": "image/png", "size": 100,
            "sha256": "0".repeat(64)
        }),
        _ => json!({}),
    };
    let path = if method == "DELETE" { format!("{path}?version={v}") } else { path.to_string() };
    (path, body)
}

#[tokio::test]
async fn no_route_hands_a_case_to_someone_it_is_not_theirs() {
    let t = TestApp::spawn().await;
    let owner = t.resident_session(HEAD, "081234567890", "andi@example.com").await;
    let case = t.ktp_el_rusak_draft(&owner).await;
    assert_eq!(t.submit(&owner, &case).await.status, StatusCode::OK);
    let view = t.get(&format!("/api/v1/cases/{case}"), Some(&owner)).await;
    let upload = view.body["documents"][0]["upload_id"].as_str().unwrap().to_string();

    let strangers = [
        ("a resident of the same family", t.resident_session(WIFE, "081298765432", "siti@example.com").await),
        ("a front office officer of another Dinas", t.officer("fo@bonekab.go.id", "73.08", &[Role::FrontOffice]).await),
        ("an admin of another Dinas", t.officer("admin@bonekab.go.id", "73.08", &[Role::Admin]).await),
        ("an inspector of another Dinas", t.officer("inspektur@bonekab.go.id", "73.08", &[Role::Inspektur]).await),
        (
            "a village counter of another Dinas",
            t.officer("desa@bonekab.go.id", "73.08.01.2001", &[Role::OperatorDesa]).await,
        ),
    ];
    let mut checked = 0;
    for route in ROUTES.iter().filter(|r| r.path.starts_with("/api/v1/cases/{id}")) {
        let path = route.path.replace("{id}", &case).replace("{upload}", &upload);
        let version = view.body["version"].as_u64().unwrap();
        let (path, body) = case_request(route.method, &path, version, &upload);
        for (who, token) in &strangers {
            let r = call(&t, token, route.method, &path, body.clone()).await;
            let what = format!("{} {} by {who}", route.method, route.path);
            assert!(
                [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&r.status) && !r.code().is_empty(),
                "{what}: {r:?}"
            );
            assert!(!r.body.to_string().contains(HEAD), "{what} leaks the NIK: {r:?}");
            checked += 1;
        }
    }
    assert!(checked >= 6 * 15, "{checked} calls");
    // The case is as its owner left it.
    let after = t.get(&format!("/api/v1/cases/{case}"), Some(&owner)).await;
    assert_eq!(after.body["version"], view.body["version"]);
}

#[tokio::test]
async fn no_admin_route_reaches_into_another_dinas() {
    let t = TestApp::spawn().await;
    let gowa = t.admin().await;
    let officer = t
        .post_as(&gowa, "/api/v1/admin/officers", json!({ "name": "Nur", "email": "nur@gowakab.go.id", "office": "73.06", "roles": ["front_office"], "password": adminduk_tests::PASSWORD }))
        .await;
    let officer = officer.body["user_id"].as_str().unwrap().to_string();
    let pks = json!({ "number": "470/1/PKS/2026", "valid_from": "2026-01-01", "valid_until": "2026-12-31", "services": ["KELAHIRAN"] });
    let induk = t
        .post_as(&gowa, "/api/v1/admin/institutions", json!({ "name": "RSUD", "kind": "induk", "pks": pks.clone() }))
        .await;
    let induk = induk.body["id"].as_str().unwrap().to_string();
    let unit = t
        .post_as(&gowa, "/api/v1/admin/institutions", json!({ "name": "Unit", "kind": "pengguna", "parent_id": induk }))
        .await;
    let unit = unit.body["id"].as_str().unwrap().to_string();
    let client =
        t.post_as(&gowa, "/api/v1/admin/clients", json!({ "name": "SIAK", "scopes": ["laporan.bulanan"] })).await;
    let client = client.body["client_id"].as_str().unwrap().to_string();

    let bone = t.officer("admin@bonekab.go.id", "73.08", &[Role::Admin]).await;
    let gowa_clerk = t.officer("loket@gowakab.go.id", "73.06", &[Role::PetugasLoket]).await;
    let staff = json!({
        "name": "Hasnawati", "nik": "7306085708900002", "email": "h@rsud.go.id", "phone": "081355556666",
        "password": adminduk_tests::PASSWORD,
        "staff": {
            "sk_tugas": "800/45", "surat_permohonan": "445/210", "nip": null, "jabatan": "Petugas",
            "tempat_lahir": "Sungguminasa", "tanggal_lahir": "1990-08-17",
            "alamat": { "alamat": "Jl. Poros", "rt": "001", "rw": "003", "kelurahan": "Bontoala", "kecamatan": "Pallangga", "kabupaten": "Gowa", "provinsi": "Sulawesi Selatan" }
        }
    });
    let targets = [
        ("PATCH", format!("/api/v1/admin/officers/{officer}"), json!({ "version": 1, "disabled": true })),
        ("POST", format!("/api/v1/admin/officers/{officer}/totp"), json!({})),
        ("PUT", format!("/api/v1/admin/institutions/{induk}/pks"), pks.clone()),
        ("GET", format!("/api/v1/admin/institutions/{unit}/users"), json!({})),
        ("POST", format!("/api/v1/admin/institutions/{unit}/users"), staff),
        ("PATCH", format!("/api/v1/admin/institutions/{unit}/users/I-X"), json!({ "disabled": true })),
        ("PATCH", format!("/api/v1/admin/clients/{client}"), json!({ "disabled": true })),
        ("POST", format!("/api/v1/admin/clients/{client}/secret"), json!({})),
    ];
    for (method, path, body) in &targets {
        for (who, token) in [("Bone's admin", &bone), ("a Gowa officer without the admin role", &gowa_clerk)] {
            let r = call(&t, token, method, path, body.clone()).await;
            assert!(
                [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&r.status) && !r.code().is_empty(),
                "{method} {path} by {who}: {r:?}"
            );
        }
    }
    // The lists hold nothing of Gowa's for Bone.
    for path in ["/api/v1/admin/officers", "/api/v1/admin/institutions", "/api/v1/admin/clients"] {
        let r = t.get(path, Some(&bone)).await;
        let text = r.body.to_string();
        assert!(!text.contains(&officer) && !text.contains(&induk) && !text.contains(&client), "{path}: {text}");
    }
}
