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
