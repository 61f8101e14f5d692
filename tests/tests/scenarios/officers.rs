//! Officers: created by an admin of their office, TOTP second factor, roles changed with
//! optimistic concurrency, disabled, every change in the audit log.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{PASSWORD, TestApp, totp_at};
use chrono::TimeDelta;
use serde_json::json;

fn officer(email: &str, office: &str, roles: &[&str]) -> serde_json::Value {
    json!({ "name": "Nurhayati", "email": email, "phone": "085211112222", "office": office, "roles": roles, "password": PASSWORD })
}

#[tokio::test]
async fn an_admin_creates_an_officer_who_logs_in_with_totp() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let r = t
        .post_as(&admin, "/api/v1/admin/officers", officer("fo@disdukcapil.gowakab.go.id", "73.06", &["front_office"]))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let id = r.body["user_id"].as_str().unwrap().to_string();
    let secret = r.body["totp_secret"].as_str().unwrap().to_string();
    assert!(r.body["totp_uri"].as_str().unwrap().starts_with("otpauth://totp/"));

    let no_totp = t.login(&id, PASSWORD).await;
    assert_eq!(
        (no_totp.status, no_totp.code()),
        (StatusCode::UNAUTHORIZED, "LOGIN_FAILED"),
        "a right password without its code says no more than a wrong one"
    );
    let stale = totp_at(&secret, t.app.clock.now() - TimeDelta::minutes(10));
    let wrong = t.post("/api/v1/auth/login", json!({ "login": id, "password": PASSWORD, "totp": stale })).await;
    assert_eq!(wrong.code(), "LOGIN_FAILED");
    let code = t.totp(&secret);
    let ok = t.post("/api/v1/auth/login", json!({ "login": "085211112222", "password": PASSWORD, "totp": code })).await;
    assert_eq!(ok.status, StatusCode::OK, "{ok:?}");
    let replay = t.post("/api/v1/auth/login", json!({ "login": id, "password": PASSWORD, "totp": code })).await;
    assert_eq!(replay.code(), "LOGIN_FAILED", "a TOTP code is good once");

    let me = t.get("/api/v1/me", ok.body["access_token"].as_str()).await;
    assert_eq!(me.body["office"], "73.06");
    assert_eq!(me.body["roles"], json!(["front_office"]));
    // The password alone never opens an officer account, even by e-mail.
    assert_eq!(t.login("fo@disdukcapil.gowakab.go.id", PASSWORD).await.code(), "LOGIN_FAILED");
}

#[tokio::test]
async fn admins_act_within_their_office_and_only_admins_do() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let province =
        t.post_as(&admin, "/api/v1/admin/officers", officer("a@sulselprov.go.id", "73", &["petugas_ppid"])).await;
    assert_eq!((province.status, province.code()), (StatusCode::FORBIDDEN, "OUTSIDE_OFFICE"));
    let desa = t
        .post_as(&admin, "/api/v1/admin/officers", officer("desa@gowakab.go.id", "73.06.08.1001", &["operator_desa"]))
        .await;
    assert_eq!(desa.status, StatusCode::CREATED, "a village counter is within the Dinas: {desa:?}");
    let bad_roles =
        t.post_as(&admin, "/api/v1/admin/officers", officer("x@gowakab.go.id", "73.06", &["pelapor"])).await;
    assert_eq!(bad_roles.code(), "ROLES_INVALID");
    let unknown_role =
        t.post_as(&admin, "/api/v1/admin/officers", officer("y@gowakab.go.id", "73.06", &["raja"])).await;
    assert_eq!(unknown_role.code(), "REQUEST_INVALID");

    // An officer without the admin role is refused.
    let secret = desa.body["totp_secret"].as_str().unwrap();
    let login = json!({ "login": "desa@gowakab.go.id", "password": PASSWORD, "totp": t.totp(secret) });
    let token = t.post("/api/v1/auth/login", login).await.body["access_token"].as_str().unwrap().to_string();
    let r = t.post_as(&token, "/api/v1/admin/officers", officer("z@gowakab.go.id", "73.06", &["validator"])).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "ADMIN_ONLY"));
    assert_eq!(t.get("/api/v1/admin/officers", None).await.code(), "TOKEN_MISSING");
}

#[tokio::test]
async fn roles_change_with_the_version_seen_and_disabling_ends_sessions() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let created =
        t.post_as(&admin, "/api/v1/admin/officers", officer("v@gowakab.go.id", "73.06", &["front_office"])).await.body;
    let id = created["user_id"].as_str().unwrap();
    let path = format!("/api/v1/admin/officers/{id}");

    let r = t.patch_as(&admin, &path, json!({ "version": 1, "roles": ["validator", "front_office"] })).await;
    assert_eq!((r.status, r.body["version"].as_u64()), (StatusCode::OK, Some(2)), "{r:?}");
    let stale = t.patch_as(&admin, &path, json!({ "version": 1, "roles": ["kadis"] })).await;
    assert_eq!((stale.status, stale.code()), (StatusCode::CONFLICT, "CHANGED_CONCURRENTLY"));

    let login = json!({ "login": id, "password": PASSWORD, "totp": t.totp(created["totp_secret"].as_str().unwrap()) });
    let session = t.post("/api/v1/auth/login", login).await.body;
    assert_eq!(session["user_id"], id);
    let r = t.patch_as(&admin, &path, json!({ "version": 2, "disabled": true })).await;
    assert_eq!(r.body["status"], "disabled");
    let refresh = t.post("/api/v1/auth/refresh", json!({ "refresh_token": session["refresh_token"] })).await;
    assert_eq!(refresh.code(), "SESSION_INVALID");
    t.advance(TimeDelta::seconds(31));
    let login = json!({ "login": id, "password": PASSWORD, "totp": t.totp(created["totp_secret"].as_str().unwrap()) });
    assert_eq!(t.post("/api/v1/auth/login", login).await.code(), "ACCOUNT_DISABLED");

    let listed = t.get("/api/v1/admin/officers", Some(&admin)).await;
    let me = listed.body.as_array().unwrap().iter().find(|o| o["user_id"] == id).unwrap().clone();
    assert_eq!(me["roles"], json!(["validator", "front_office"]));
    let audit = t.get("/api/v1/admin/audit?limit=50", Some(&admin)).await;
    let actions: Vec<_> =
        audit.body.as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap().to_string()).collect();
    for expected in ["officer_created", "officer_roles_changed", "officer_disabled", "login"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} in {actions:?}");
    }
    let change = audit.body.as_array().unwrap().iter().find(|a| a["action"] == "officer_roles_changed").unwrap();
    assert_eq!(change["detail"]["from"], json!(["front_office"]));
}

#[tokio::test]
async fn a_demoted_or_disabled_admin_loses_admin_rights_at_the_next_request() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    // Without a phone: the fixture's number is one account's alias.
    let new_admin = |email: &str| {
        let mut o = officer(email, "73.06", &["admin"]);
        o.as_object_mut().unwrap().remove("phone");
        o
    };
    let created = t.post_as(&admin, "/api/v1/admin/officers", new_admin("a2@gowakab.go.id")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    let id = created.body["user_id"].as_str().unwrap().to_string();
    let second = t.officer_session(&id).await;
    let path = format!("/api/v1/admin/officers/{id}");
    let made = t.post_as(&second, "/api/v1/admin/officers", new_admin("b@gowakab.go.id")).await;
    assert_eq!(made.status, StatusCode::CREATED, "{made:?}");

    // Demoted: the token still says "admin", the account no longer does.
    let r = t.patch_as(&admin, &path, json!({ "version": 1, "roles": ["front_office"] })).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let refused = t.post_as(&second, "/api/v1/admin/officers", new_admin("c@gowakab.go.id")).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "ADMIN_ONLY"));
    assert_eq!(t.get("/api/v1/admin/audit?limit=5", Some(&second)).await.code(), "AUDITORS_ONLY");

    // Restored, then disabled: every request with the old token is refused.
    let r = t.patch_as(&admin, &path, json!({ "version": 2, "roles": ["admin"] })).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(t.get("/api/v1/admin/officers", Some(&second)).await.status, StatusCode::OK);
    t.patch_as(&admin, &path, json!({ "version": 3, "disabled": true })).await;
    let refused = t.post_as(&second, "/api/v1/admin/officers", new_admin("d@gowakab.go.id")).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "ACCOUNT_DISABLED"));
    assert_eq!(t.get("/api/v1/me", Some(&second)).await.code(), "ACCOUNT_DISABLED");
    let made: Vec<_> = t.get("/api/v1/admin/officers", Some(&admin)).await.body.as_array().unwrap().clone();
    assert!(!made.iter().any(|o| o["email"] == "c@gowakab.go.id" || o["email"] == "d@gowakab.go.id"));
}

#[tokio::test]
async fn a_reset_totp_replaces_the_old_one_and_ends_the_officers_sessions() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let created =
        t.post_as(&admin, "/api/v1/admin/officers", officer("h@gowakab.go.id", "73.06", &["front_office"])).await.body;
    let id = created["user_id"].as_str().unwrap();
    let old = created["totp_secret"].as_str().unwrap().to_string();
    let session = t.officer_session(id).await;
    assert_eq!(t.get("/api/v1/me", Some(&session)).await.status, StatusCode::OK);
    t.advance(TimeDelta::seconds(1));

    let path = format!("/api/v1/admin/officers/{id}/totp");
    // The officer's sign-in moved the account on since the admin looked: the reset applies anyway.
    let r = t.post_as(&admin, &path, json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let new = r.body["totp_secret"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert!(r.body["totp_uri"].as_str().unwrap().contains(&new));

    assert_eq!(t.get("/api/v1/me", Some(&session)).await.code(), "SESSION_ENDED", "the lost phone's session ends");
    t.advance(TimeDelta::seconds(31));
    let with_old = json!({ "login": id, "password": PASSWORD, "totp": t.totp(&old) });
    assert_eq!(t.post("/api/v1/auth/login", with_old).await.code(), "LOGIN_FAILED");
    let with_new = json!({ "login": id, "password": PASSWORD, "totp": t.totp(&new) });
    assert_eq!(t.post("/api/v1/auth/login", with_new).await.status, StatusCode::OK);

    let province = t.officer("admin@sulselprov.go.id", "73", &[adminduk_domain::workflow::Role::Admin]).await;
    assert_eq!(t.post_as(&province, &path, json!({})).await.code(), "OUTSIDE_OFFICE");
    let own = t.get("/api/v1/admin/officers", Some(&admin)).await.body;
    let me = own.as_array().unwrap().iter().find(|o| o["email"] == "admin@disdukcapil.gowakab.go.id").unwrap();
    let path = format!("/api/v1/admin/officers/{}", me["user_id"].as_str().unwrap());
    let r = t.patch_as(&admin, &path, json!({ "version": me["version"], "disabled": true })).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "SELF_DISABLE"),
        "an admin never locks themself out"
    );
    let log = t.app.store.audit(t.app.clock.now(), 20).await.unwrap();
    assert!(log.iter().any(|e| e.action == "officer_totp_reset" && e.subject == id));
}

#[tokio::test]
async fn disabling_applies_over_a_sign_in_and_enabling_again_brings_no_old_session_back() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let created =
        t.post_as(&admin, "/api/v1/admin/officers", officer("d@gowakab.go.id", "73.06", &["front_office"])).await.body;
    let id = created["user_id"].as_str().unwrap();
    // The admin looked at version 1; the officer then signed in, which moves the account on.
    let session = t.officer_session(id).await;
    t.advance(TimeDelta::seconds(1));
    let path = format!("/api/v1/admin/officers/{id}");
    let r = t.patch_as(&admin, &path, json!({ "version": 1, "disabled": true })).await;
    assert_eq!((r.status, r.body["status"].as_str()), (StatusCode::OK, Some("disabled")), "{r:?}");
    let stale_roles = t.patch_as(&admin, &path, json!({ "version": 1, "roles": ["validator"] })).await;
    assert_eq!(stale_roles.code(), "CHANGED_CONCURRENTLY", "roles still need the version the admin saw");

    let r = t.patch_as(&admin, &path, json!({ "version": 1, "disabled": false })).await;
    assert_eq!(r.body["status"], "active", "{r:?}");
    assert_eq!(t.get("/api/v1/me", Some(&session)).await.code(), "SESSION_ENDED", "the old session stays ended");
}

/// The dashboard's menu is the screens `/api/v1/me` names, by the rules of the routes behind them:
/// a province officer has no kecamatan guest book or residents' account recovery; a village
/// counter files and recovers; only an admin manages, and an inspector reads the audit log.
#[tokio::test]
async fn each_officer_is_offered_the_screens_of_their_own_work() {
    let t = TestApp::spawn().await;
    let screens = |token: String| {
        let t = &t;
        async move {
            let me = t.get("/api/v1/me", Some(&token)).await;
            let names: Vec<String> =
                me.body["screens"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
            names
        }
    };
    let province = screens(t.officer("ppid@sulselprov.go.id", "73", &[Role::PetugasPpid, Role::PetugasLayanan]).await);
    // Province services filed at its counter, KTP-el blanks handed over, IKD video calls booked.
    assert_eq!(province.await, ["queue", "intake", "pickup", "appointments", "figures", "reports"]);
    // A province Kadis signs in a Gowa workflow's role name, but not Gowa's guest book.
    let kadis = screens(t.officer("kadis@sulselprov.go.id", "73", &[Role::Kadis]).await).await;
    assert!(!kadis.contains(&"guest_book".to_string()) && !kadis.contains(&"recovery".to_string()), "{kadis:?}");
    let village = screens(t.officer("desa@gowakab.go.id", "73.06.01.2001", &[Role::OperatorDesa]).await).await;
    assert!(["intake", "recovery"].iter().all(|s| village.contains(&s.to_string())), "{village:?}");
    assert!(!village.contains(&"officers".to_string()), "{village:?}");
    let pickup = screens(t.officer("ambil@gowakab.go.id", "73.06", &[Role::LoketPengambilan]).await).await;
    assert!(pickup.contains(&"pickup".to_string()) && !pickup.contains(&"recovery".to_string()), "{pickup:?}");
    let admin = screens(t.admin().await).await;
    assert!(
        ["officers", "institutions", "clients", "failed_messages", "audit"]
            .iter()
            .all(|s| admin.contains(&s.to_string()))
    );
    let inspector = screens(t.officer("inspektur@gowakab.go.id", "73.06", &[Role::Inspektur]).await).await;
    assert!(inspector.contains(&"audit".to_string()) && !inspector.contains(&"officers".to_string()), "{inspector:?}");
    let token = t.citizen(adminduk_tests::family::HEAD, "081234567890", "andi@contoh.id").await;
    let resident = t.get("/api/v1/me", Some(&token)).await;
    assert!(resident.body.get("screens").is_none(), "a resident has no dashboard");
}
