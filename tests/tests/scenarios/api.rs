//! The edges of the API: health, public keys, malformed requests and unknown routes.

use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{PASSWORD, TestApp, family};
use serde_json::json;

#[tokio::test]
async fn health_and_a_jwks_that_verifies_our_tokens() {
    let t = TestApp::spawn().await;
    let health = t.get("/health", None).await;
    assert_eq!((health.status, health.body["status"].as_str()), (StatusCode::OK, Some("ok")));

    t.citizen(family::HEAD, "081234567890", "andi@contoh.id").await;
    let token = t.login(family::HEAD, PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
    let jwks = t.get("/.well-known/jwks.json", None).await.body;
    let key = &jwks["keys"][0];
    assert_eq!((key["kty"].as_str(), key["alg"].as_str()), (Some("OKP"), Some("EdDSA")));
    // A partner verifies the token with nothing but the published key.
    let decoding = jsonwebtoken::DecodingKey::from_ed_components(key["x"].as_str().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.validate_exp = false;
    let data = jsonwebtoken::decode::<serde_json::Value>(&token, &decoding, &validation).unwrap();
    assert_eq!(data.claims["kind"], "pribadi");
    assert_eq!(data.header.kid.as_deref(), key["kid"].as_str());
}

#[tokio::test]
async fn malformed_requests_get_clear_errors() {
    let t = TestApp::spawn().await;
    let path = "/api/v1/auth/login";
    let broken = t
        .raw(|c, base| c.post(format!("{base}{path}")).header("content-type", "application/json").body("{\"login\": "))
        .await;
    assert_eq!((broken.status, broken.code()), (StatusCode::BAD_REQUEST, "REQUEST_MALFORMED"));
    let not_json = t.raw(|c, base| c.post(format!("{base}{path}")).body("login=a")).await;
    assert_eq!((not_json.status, not_json.code()), (StatusCode::BAD_REQUEST, "REQUEST_MALFORMED"));
    let extra = t.post(path, json!({ "login": "a", "password": "b", "admin": true })).await;
    assert_eq!((extra.status, extra.code()), (StatusCode::UNPROCESSABLE_ENTITY, "REQUEST_INVALID"));
    assert_eq!(extra.body["message"], "Isian permintaan tidak sesuai: isian `admin` tidak dikenal");
    let missing = t.post(path, json!({ "login": "a" })).await;
    assert_eq!(missing.code(), "REQUEST_INVALID");
    assert_eq!(missing.body["message"], "Isian permintaan tidak sesuai: isian `password` wajib ada");
    // Deep in the body, named by its path, in the words of the form.
    let negative = t.post(path, json!({ "login": 7, "password": "b" })).await;
    assert_eq!(
        negative.body["message"],
        "Isian permintaan tidak sesuai pada `login`: jenis nilainya tidak sesuai (harus teks)"
    );
    let trailing = t
        .raw(|c, base| {
            c.post(format!("{base}{path}"))
                .header("content-type", "application/json")
                .body(r#"{"login": "a", "password": "b"} x"#)
        })
        .await;
    assert_eq!((trailing.status, trailing.code()), (StatusCode::BAD_REQUEST, "REQUEST_MALFORMED"));
    let unknown = t.get("/api/v1/tidak-ada", None).await;
    assert_eq!((unknown.status, unknown.code()), (StatusCode::NOT_FOUND, "ROUTE_NOT_FOUND"));
    let method = t.get(path, None).await;
    assert_eq!((method.status, method.code()), (StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED"));
}

#[tokio::test]
async fn the_catalogue_and_the_api_document_are_public() {
    let t = TestApp::spawn().await;
    let all = t.get("/api/v1/catalogue", None).await;
    assert_eq!(all.status, StatusCode::OK);
    let codes: Vec<_> = all.body.as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"KIA") && codes.contains(&"KELAHIRAN"), "{codes:?}");

    let kia = t.get("/api/v1/catalogue/KIA", None).await;
    assert_eq!(
        (kia.body["fee_label"].as_str(), kia.body["time_standard_label"].as_str()),
        (Some("Gratis"), Some("3 hari kerja"))
    );
    let older = kia.body["variants"].as_array().unwrap().iter().find(|v| v["code"] == "usia_5_17").unwrap();
    let documents: Vec<_> = older["requirements"].as_array().unwrap().iter().map(|r| r["document"].clone()).collect();
    assert_eq!(documents, [json!("kutipan_akta_kelahiran"), json!("kk_orang_tua"), json!("pas_foto_anak")]);
    assert_eq!(t.get("/api/v1/catalogue/TIDAK_ADA", None).await.code(), "SERVICE_NOT_FOUND");

    let doc = t.get("/openapi.json", None).await;
    assert_eq!(doc.body["openapi"], "3.1.0");
    assert!(doc.body["paths"]["/api/v1/catalogue/{service}"]["get"].is_object());
}
