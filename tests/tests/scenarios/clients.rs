//! Machine clients of the province and partners: OAuth2 client credentials.

use adminduk_tests::TestApp;
use adminduk_tests::reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_partner_system_gets_a_token_for_its_scopes() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let r = t
        .post_as(
            &admin,
            "/api/v1/admin/clients",
            json!({ "name": "Dinas Dukcapil Provinsi Sulsel", "scopes": ["provinsi.layanan", "laporan.bulanan"] }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let (id, secret) =
        (r.body["client_id"].as_str().unwrap().to_string(), r.body["client_secret"].as_str().unwrap().to_string());
    assert_eq!(
        t.post_as(&admin, "/api/v1/admin/clients", json!({ "name": "x", "scopes": ["semua"] })).await.code(),
        "INVALID_SCOPE"
    );

    let form = |fields: Vec<(&'static str, String)>| {
        move |c: &adminduk_tests::reqwest::Client, base: String| {
            c.post(format!("{base}/api/v1/oauth/token")).form(&fields)
        }
    };
    let r = t
        .raw(form(vec![
            ("grant_type", "client_credentials".into()),
            ("client_id", id.clone()),
            ("client_secret", secret.clone()),
        ]))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(r.body["scope"], "provinsi.layanan laporan.bulanan");
    let token = r.body["access_token"].as_str().unwrap().to_string();
    let me = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(
        (me.status, me.code()),
        (StatusCode::FORBIDDEN, "NOT_A_PERSON"),
        "the token is valid but names no person"
    );

    let (id2, secret2) = (id.clone(), secret.clone());
    let basic = t
        .raw(move |c, base| {
            c.post(format!("{base}/api/v1/oauth/token"))
                .basic_auth(id2, Some(secret2))
                .form(&[("grant_type", "client_credentials"), ("scope", "laporan.bulanan")])
        })
        .await;
    assert_eq!((basic.status, basic.body["scope"].as_str()), (StatusCode::OK, Some("laporan.bulanan")), "{basic:?}");

    let wrong = t
        .raw(form(vec![
            ("grant_type", "client_credentials".into()),
            ("client_id", id.clone()),
            ("client_secret", "salah".into()),
        ]))
        .await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::UNAUTHORIZED, "INVALID_CLIENT"));
    let grant = t
        .raw(form(vec![
            ("grant_type", "password".into()),
            ("client_id", id.clone()),
            ("client_secret", secret.clone()),
        ]))
        .await;
    assert_eq!((grant.status, grant.code()), (StatusCode::BAD_REQUEST, "UNSUPPORTED_GRANT_TYPE"));
    let scope = t
        .raw(form(vec![
            ("grant_type", "client_credentials".into()),
            ("client_id", id),
            ("client_secret", secret),
            ("scope", "data.verifikasi".into()),
        ]))
        .await;
    assert_eq!(scope.code(), "INVALID_SCOPE");
}

/// Every route of the table, called as each kind of caller its access does not admit: refused
/// before the handler runs, naming the scope a machine client lacks.
#[tokio::test]
async fn every_route_admits_only_the_callers_its_access_declares() {
    use adminduk_app::http::{Access, ROUTES};
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let every_scope: Vec<&str> = adminduk_app::admin::KNOWN_SCOPES.iter().map(|(s, _)| *s).collect();
    // A Dinas kabupaten/kota's system: provinsi.layanan makes it a reporter on the case routes.
    let all = t.machine_at("semua", "73.08", &every_scope).await;
    // Clients holding one scope each, so that every route's scope is missing from one of them.
    let (province, reports) =
        (t.machine("provinsi", &["provinsi.layanan"]).await, t.machine("laporan", &["laporan.bulanan"]).await);
    for route in ROUTES {
        let path = route.path.replace("{id}", "K-X").replace("{upload}", "U-X").replace("{service}", "KELAHIRAN");
        let call = |token: Option<String>| {
            let (method, path) = (route.method, path.clone());
            move |c: &adminduk_tests::reqwest::Client, base: String| {
                let m = adminduk_tests::reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                let r = c.request(m, format!("{base}{path}")).json(&json!({}));
                match token {
                    Some(t) => r.bearer_auth(t),
                    None => r,
                }
            }
        };
        let what = format!("{} {}", route.method, route.path);
        match route.access {
            Access::Public => continue,
            Access::People => {
                let r = t.raw(call(Some(all.clone()))).await;
                assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "NOT_A_PERSON"), "{what}");
            }
            Access::Client(scope) | Access::PeopleOrClient(scope) => {
                let none = if scope == "provinsi.layanan" { &reports } else { &province };
                let r = t.raw(call(Some(none.clone()))).await;
                assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "SCOPE_MISSING"), "{what}");
                assert!(r.body["message"].as_str().unwrap().contains(scope), "{what}: {r:?}");
                // Admitted: whatever the use case then says (a partner without a PKS, say).
                let r = t.raw(call(Some(all.clone()))).await;
                assert!(
                    r.status != StatusCode::UNAUTHORIZED && !["SCOPE_MISSING", "NOT_A_PERSON"].contains(&r.code()),
                    "{what}: {r:?}"
                );
                if matches!(route.access, Access::Client(_)) {
                    let r = t.raw(call(Some(admin.clone()))).await;
                    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "SCOPE_MISSING"), "{what}");
                }
            }
        }
        let r = t.raw(call(None)).await;
        assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "TOKEN_MISSING"), "{what}");
    }
}

#[tokio::test]
async fn every_machine_call_is_audited_and_each_client_has_its_own_allowance() {
    let settings = adminduk_app::settings::Settings { limit_per_client: 3, ..Default::default() };
    let t = TestApp::spawn_with(settings).await;
    let busy = t.machine("sibuk", &["integrasi.jawaban"]).await;
    let other = t.machine("lain", &["integrasi.jawaban"]).await;
    let answer = json!({ "reference": "R-1", "number": "9999/X/2026", "action": "bsre_disetujui" });
    for _ in 0..3 {
        let r = t.post_as(&busy, "/api/v1/integrations/answers", answer.clone()).await;
        assert_eq!(r.code(), "CASE_NOT_FOUND");
    }
    let r = t.post_as(&busy, "/api/v1/integrations/answers", answer.clone()).await;
    assert_eq!((r.status, r.code()), (StatusCode::TOO_MANY_REQUESTS, "CLIENT_RATE_LIMITED"));
    let r = t.post_as(&other, "/api/v1/integrations/answers", answer).await;
    assert_eq!(r.code(), "CASE_NOT_FOUND", "another client is not held back");

    let log = t.app.store.audit(t.app.clock.now(), 100).await.unwrap();
    let calls: Vec<_> = log.iter().filter(|e| e.action == "machine_call" && e.actor == "sibuk").collect();
    assert_eq!(calls.len(), 4, "every call once, the refused one too");
    assert_eq!(calls.iter().filter(|c| c.detail["status"] == 429).count(), 1, "the refused call");
    let call = calls.iter().find(|c| c.detail["status"] == 404).unwrap();
    assert_eq!(call.subject, "/api/v1/integrations/answers");
    assert_eq!(call.detail["scope"], "integrasi.jawaban");
    assert_eq!(call.detail["status"], 404);
    assert_eq!(call.detail["method"], "POST");
}

#[tokio::test]
async fn a_rotated_secret_keeps_working_for_its_overlap_and_no_longer() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let created =
        t.post_as(&admin, "/api/v1/admin/clients", json!({ "name": "SIAK Gowa", "scopes": ["laporan.bulanan"] })).await;
    let id = created.body["client_id"].as_str().unwrap().to_string();
    let old = created.body["client_secret"].as_str().unwrap().to_string();
    let grant = |secret: String| {
        let id = id.clone();
        move |c: &adminduk_tests::reqwest::Client, base: String| {
            c.post(format!("{base}/api/v1/oauth/token")).form(&[
                ("grant_type", "client_credentials".to_string()),
                ("client_id", id),
                ("client_secret", secret),
            ])
        }
    };

    let path = format!("/api/v1/admin/clients/{id}/secret");
    let r = t.post_as(&admin, &path, json!({ "overlap_hours": 1000 })).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "OVERLAP_TOO_LONG"));
    let r = t.post_as(&admin, &path, json!({ "overlap_hours": 2 })).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let new = r.body["client_secret"].as_str().unwrap().to_string();
    assert!(r.body["previous_secret_valid_until"].is_string());
    assert_eq!(t.raw(grant(old.clone())).await.status, StatusCode::OK, "the old secret within its overlap");
    assert_eq!(t.raw(grant(new.clone())).await.status, StatusCode::OK);
    t.advance(chrono::TimeDelta::hours(2));
    assert_eq!(t.raw(grant(old)).await.code(), "INVALID_CLIENT", "the overlap is over");
    assert_eq!(t.raw(grant(new.clone())).await.status, StatusCode::OK);

    let admin = t.officer_session("admin@disdukcapil.gowakab.go.id").await;
    let r = t.post_as(&admin, &path, json!({ "overlap_hours": 0 })).await;
    assert_eq!((r.status, r.body["previous_secret_valid_until"].is_null()), (StatusCode::OK, true), "{r:?}");
    assert_eq!(t.raw(grant(new)).await.code(), "INVALID_CLIENT", "no overlap asked, none given");
    assert_eq!(t.raw(grant(r.body["client_secret"].as_str().unwrap().into())).await.status, StatusCode::OK);
    let log = t.app.store.audit(t.app.clock.now(), 20).await.unwrap();
    assert!(log.iter().any(|e| e.action == "client_secret_rotated" && e.subject == id));
}

#[tokio::test]
async fn an_admin_manages_only_the_clients_of_the_offices_theirs_covers() {
    use adminduk_domain::workflow::Role;
    let t = TestApp::spawn().await;
    let gowa = t.admin().await;
    let province = t.officer("admin@dukcapil.sulselprov.go.id", "73", &[Role::Admin]).await;
    let bone = json!({ "name": "SIAK Bone", "scopes": ["laporan.bulanan"], "office": "73.08" });
    let r = t.post_as(&gowa, "/api/v1/admin/clients", bone.clone()).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "OUTSIDE_OFFICE"));
    let r = t.post_as(&province, "/api/v1/admin/clients", bone).await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let id = r.body["client_id"].as_str().unwrap();
    let r = t.post_as(&gowa, &format!("/api/v1/admin/clients/{id}/secret"), json!({})).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "OUTSIDE_OFFICE"));
    let r = t.post_as(&province, &format!("/api/v1/admin/clients/{id}/secret"), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
}

#[tokio::test]
async fn an_admin_lists_clients_changes_their_scopes_and_disables_one() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let created = t
        .post_as(
            &admin,
            "/api/v1/admin/clients",
            json!({ "name": "SIAK Gowa", "scopes": ["laporan.bulanan", "provinsi.layanan"] }),
        )
        .await;
    let token = t.client_token(&created).await;
    let id = created.body["client_id"].as_str().unwrap().to_string();

    let listed = t.get("/api/v1/admin/clients", Some(&admin)).await;
    assert_eq!(listed.status, StatusCode::OK, "{listed:?}");
    let row = listed.body.as_array().unwrap().iter().find(|c| c["client_id"] == id.as_str()).unwrap().clone();
    assert_eq!(
        (row["name"].as_str(), row["office"].as_str(), row["disabled"].as_bool()),
        (Some("SIAK Gowa"), Some("73.06"), Some(false))
    );
    let text = listed.body.to_string();
    assert!(!text.contains("secret_hash") && !text.contains(created.body["client_secret"].as_str().unwrap()));

    let path = format!("/api/v1/admin/clients/{id}");
    let bad = t.patch_as(&admin, &path, json!({ "scopes": ["semua"] })).await;
    assert_eq!(bad.code(), "INVALID_SCOPE");
    let r = t.patch_as(&admin, &path, json!({ "scopes": ["provinsi.layanan"] })).await;
    assert_eq!((r.status, r.body["scopes"].clone()), (StatusCode::OK, json!(["provinsi.layanan"])), "{r:?}");
    let reports = t.get("/api/v1/reports", Some(&token)).await;
    assert_eq!(reports.status, StatusCode::FORBIDDEN, "a scope taken away stops at the next call: {reports:?}");

    let r = t.patch_as(&admin, &path, json!({ "disabled": true })).await;
    assert_eq!(r.body["disabled"], true, "{r:?}");
    assert_eq!(t.get("/api/v1/events", Some(&token)).await.code(), "CLIENT_DISABLED");
    let bone = t.officer("admin@bonekab.go.id", "73.08", &[adminduk_domain::workflow::Role::Admin]).await;
    assert_eq!(t.patch_as(&bone, &path, json!({ "disabled": false })).await.code(), "OUTSIDE_OFFICE");
    let seen = t.get("/api/v1/admin/clients", Some(&bone)).await;
    assert!(seen.body.as_array().unwrap().iter().all(|c| c["client_id"] != id.as_str()));
    let log = t.app.store.audit(t.app.clock.now(), 30).await.unwrap();
    for action in ["client_scopes_changed", "client_disabled"] {
        assert!(log.iter().any(|e| e.action == action && e.subject == id), "{action}");
    }
}
