//! Pengguna Pribadi: registration against the register, activation, login by every alias,
//! sessions, password reset, and the account following the register.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{PASSWORD, TestApp, family};
use chrono::TimeDelta;
use serde_json::json;

const PHONE: &str = "081234567890";
const E164: &str = "+6281234567890";
const EMAIL: &str = "andi.baso@contoh.id";

fn registration(nik: &str) -> serde_json::Value {
    adminduk_tests::registration(nik, PHONE, EMAIL)
}

#[tokio::test]
async fn a_resident_registers_activates_and_logs_in_with_each_alias() {
    let t = TestApp::spawn().await;
    let r = t.post("/api/v1/auth/register", registration(family::HEAD)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    assert_eq!(r.body["status"], "pending_activation");
    assert_eq!(r.body["code_sent_to"], json!(["********7890", "a***@contoh.id"]));
    let user_id = r.body["user_id"].as_str().unwrap().to_string();

    // The code goes out by SMS and by e-mail, in Indonesian.
    let messages = t.app.store.pending_messages(10).await.unwrap();
    assert_eq!(messages.len(), 2);
    assert!(messages.iter().any(|m| m.recipient == E164 && m.body.starts_with("Kode aktivasi")));
    let mail = messages.iter().find(|m| m.recipient == EMAIL).expect("an e-mail");
    assert_eq!(mail.subject.as_deref(), Some("Kode aktivasi akun Layanan Adminduk Online"));
    // Paragraphs without the data's line breaks (mail readers wrap them), greeting the person, the
    // code set apart.
    let paragraphs: Vec<&str> = mail.body.split("\n\n").collect();
    assert_eq!(paragraphs[0], "Yth. Andi Baso Mappatunru,");
    assert!(paragraphs.iter().filter(|p| !p.starts_with("    ")).all(|p| !p.contains('\n')), "{}", mail.body);
    assert!(paragraphs.iter().any(|p| p.trim().len() == 6 && p.starts_with("    ")), "{}", mail.body);

    assert_eq!(t.login(family::HEAD, PASSWORD).await.code(), "ACCOUNT_NOT_ACTIVATED");
    let code = t.code_sent_to(E164).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = t.post("/api/v1/auth/activate", json!({ "login": family::HEAD, "code": wrong })).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "CODE_INVALID"));
    let r = t.post("/api/v1/auth/activate", json!({ "login": EMAIL, "code": code })).await;
    assert_eq!((r.status, r.body["status"].as_str()), (StatusCode::OK, Some("active")), "{r:?}");
    let r = t.post("/api/v1/auth/activate", json!({ "login": family::HEAD, "code": code })).await;
    assert_eq!(r.code(), "CODE_INVALID", "active already: answered as for an unknown login");

    for login in [
        user_id.as_str(),
        &user_id.to_lowercase(),
        family::HEAD,
        "7306-0812-0385-0001",
        PHONE,
        E164,
        "+62 812-3456-7890",
        "Andi.Baso@Contoh.ID",
    ] {
        let r = t.login(login, PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{login}: {r:?}");
        assert_eq!(r.body["user_id"], user_id.as_str());
        assert_eq!(r.body["token_type"], "Bearer");
    }
}

#[tokio::test]
async fn me_shows_the_family_from_the_register() {
    let t = TestApp::spawn().await;
    t.citizen(family::HEAD, PHONE, EMAIL).await;
    let token = t.login(family::HEAD, PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
    let me = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK, "{me:?}");
    assert_eq!(me.body["name"], "Andi Baso Mappatunru");
    let members = me.body["family"].as_array().unwrap();
    assert_eq!(members.len(), 7);
    assert_eq!(members[0]["shdk_label"], "Kepala Keluarga");
    assert!(members.iter().all(|m| m["may_report_for"] == true), "the head reports for everyone");
    assert!(members.iter().any(|m| m["nik"] == family::CHILD_10));

    // A member who is not head or spouse sees the others' NIKs masked.
    t.advance(TimeDelta::days(365)); // the 16-year-old turns 17
    t.citizen(family::CHILD_16, "081298765432", "fadli@contoh.id").await;
    let token = t.login(family::CHILD_16, PASSWORD).await.body["access_token"].as_str().unwrap().to_string();
    let me = t.get("/api/v1/me", Some(&token)).await;
    let members = me.body["family"].as_array().unwrap();
    let head = members.iter().find(|m| m["shdk_label"] == "Kepala Keluarga").unwrap();
    // Masked so that it cannot be rebuilt: the birth date it holds is not shown beside it.
    assert_eq!(head["nik"], "************0001");
    assert_eq!((head["may_report_for"].as_bool(), &head["birth_date"]), (Some(false), &serde_json::Value::Null));
    let own = members.iter().find(|m| m["nik"] == family::CHILD_16).unwrap();
    assert_eq!(own["birth_date"], "2010-06-15");
    assert!(members.iter().any(|m| m["nik"] == family::CHILD_16 && m["may_report_for"] == true));
}

/// A registration of `nik` with one field set otherwise.
fn with(nik: &str, field: &str, value: &str) -> serde_json::Value {
    let mut body = registration(nik);
    body[field] = json!(value);
    body
}

#[tokio::test]
async fn registration_is_checked_against_the_register() {
    let t = TestApp::spawn().await;
    let not_matched = "IDENTITY_NOT_MATCHED";
    let cases = [
        (registration("7306089999990001"), "NIK_BIRTH_DATE_INVALID"),
        (registration("12345"), "NIK_FORMAT"),
        (with(family::HEAD, "no_kk", "123"), "NO_KK_FORMAT"),
        (with(family::HEAD, "birth_date", "12-03-1985"), "BIRTH_DATE_INVALID"),
        // Nothing about a NIK is told until its No. KK and birth date match: an unknown NIK, a
        // wrong KK, a wrong date and a deceased resident's NIK with a guessed KK answer alike.
        (registration("7306081212990009"), not_matched),
        (with(family::HEAD, "no_kk", "7306081203159999"), not_matched),
        (with(family::HEAD, "birth_date", "1985-03-13"), not_matched),
        (with(family::DECEASED, "no_kk", "7306081203159999"), not_matched),
        // Once they match, the answer may say why.
        (registration(family::CHILD_16), "UNDER_17"),
        (registration(family::DECEASED), "RESIDENT_NOT_ACTIVE"),
        (registration(family::MOVED), "RESIDENT_NOT_ACTIVE"),
        (registration(family::FOREIGNER), "NOT_WNI"),
        (with(family::HEAD, "phone", "0411 123456"), "PHONE_NOT_MOBILE"),
        (with(family::HEAD, "email", "andi@"), "EMAIL_INVALID"),
        (with(family::HEAD, "password", "pendek"), "PASSWORD_WEAK"),
        (with(family::HEAD, "password", "Andi7306081203850001"), "PASSWORD_WEAK"),
    ];
    for (body, code) in cases {
        let r = t.post("/api/v1/auth/register", body.clone()).await;
        assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{body}: {r:?}");
        assert!(!r.body["message"].as_str().unwrap().is_empty());
    }
    assert!(t.app.store.pending_messages(10).await.unwrap().is_empty(), "nothing was sent");
    assert_eq!(
        t.app.store.account_by_alias(&format!("nik:{}", family::HEAD)).await.unwrap(),
        None,
        "nothing was stored"
    );
}

#[tokio::test]
async fn guessing_a_niks_kk_and_birth_date_is_stopped_per_nik() {
    let settings = adminduk_app::settings::Settings { limit_per_login: 5, ..Default::default() };
    let t = TestApp::spawn_with(settings).await;
    for day in 1..=5 {
        let guess = with(family::HEAD, "birth_date", &format!("1985-01-{day:02}"));
        assert_eq!(t.post("/api/v1/auth/register", guess).await.code(), "IDENTITY_NOT_MATCHED");
    }
    let right = t.post("/api/v1/auth/register", registration(family::HEAD)).await;
    assert_eq!((right.status, right.code()), (StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS"), "{right:?}");
    // Another NIK is not held up by them.
    assert_eq!(t.post("/api/v1/auth/register", registration(family::WIFE)).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_nik_email_or_phone_has_one_account() {
    let t = TestApp::spawn().await;
    assert_eq!(t.post("/api/v1/auth/register", registration(family::HEAD)).await.status, StatusCode::CREATED);
    // Waiting for its code, a registration is not taken over.
    let again = t.post("/api/v1/auth/register", registration(family::HEAD)).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "REGISTRATION_PENDING"));
    let same_email = adminduk_tests::registration(family::WIFE, "081311112222", EMAIL);
    assert_eq!(t.post("/api/v1/auth/register", same_email).await.code(), "EMAIL_TAKEN");
    let same_phone = adminduk_tests::registration(family::WIFE, "+62 812 3456 7890", "siti@contoh.id");
    assert_eq!(t.post("/api/v1/auth/register", same_phone).await.code(), "PHONE_TAKEN");
    // The failed attempts left nothing: the wife registers with her own contacts.
    assert_eq!(t.app.store.pending_messages(10).await.unwrap().len(), 2);
    let own = adminduk_tests::registration(family::WIFE, "081311112222", "siti@contoh.id");
    assert_eq!(t.post("/api/v1/auth/register", own).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn codes_expire_cool_down_and_allow_few_guesses() {
    let t = TestApp::spawn().await;
    t.post("/api/v1/auth/register", registration(family::HEAD)).await;
    let first = t.code_sent_to(E164).await;
    let resend = t.post("/api/v1/auth/activation-code", json!({ "login": PHONE })).await;
    assert_eq!((resend.status, resend.code()), (StatusCode::TOO_MANY_REQUESTS, "RESEND_TOO_SOON"));

    t.advance(TimeDelta::minutes(11));
    let r = t.post("/api/v1/auth/activate", json!({ "login": family::HEAD, "code": first })).await;
    assert_eq!(r.code(), "CODE_INVALID", "run out: answered like a wrong code");
    assert_eq!(t.post("/api/v1/auth/activation-code", json!({ "login": PHONE })).await.status, StatusCode::ACCEPTED);
    let second = t.code_sent_to(E164).await;

    // Unknown accounts get the same answer.
    assert_eq!(
        t.post("/api/v1/auth/activation-code", json!({ "login": "081399998888" })).await.status,
        StatusCode::ACCEPTED
    );

    let r = t.post("/api/v1/auth/activate", json!({ "login": family::HEAD, "code": second })).await;
    assert_eq!(r.status, StatusCode::OK, "the new code works: {r:?}");
}

#[tokio::test]
async fn wrong_guesses_spend_the_code_and_then_lock_the_name() {
    let settings = adminduk_app::settings::Settings { code_attempts: 3, limit_per_login: 5, ..Default::default() };
    let t = TestApp::spawn_with(settings).await;
    t.post("/api/v1/auth/register", registration(family::HEAD)).await;
    let code = t.code_sent_to(E164).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..3 {
        assert_eq!(
            t.post("/api/v1/auth/activate", json!({ "login": family::HEAD, "code": wrong })).await.code(),
            "CODE_INVALID"
        );
    }
    let r = t.post("/api/v1/auth/activate", json!({ "login": family::HEAD, "code": code })).await;
    assert_eq!(r.code(), "CODE_INVALID", "three wrong guesses spent the code: {r:?}");
    assert_eq!(
        t.post("/api/v1/auth/activate", json!({ "login": family::HEAD, "code": wrong })).await.code(),
        "CODE_INVALID"
    );
    let r = t.post("/api/v1/auth/activate", json!({ "login": family::HEAD, "code": code })).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS"),
        "five failures lock the name"
    );
}

#[tokio::test]
async fn unknown_account_and_wrong_password_get_the_same_answer() {
    let t = TestApp::spawn().await;
    t.citizen(family::HEAD, PHONE, EMAIL).await;
    let wrong = t.login(family::HEAD, "Salah-Sandi-2026").await;
    let unknown = t.login(family::WIFE, PASSWORD).await;
    let nobody = t.login("P-TIDAKADA", PASSWORD).await;
    let by_phone = t.login("0812-9999-0000", PASSWORD).await;
    let by_email = t.login("siapa@contoh.id", PASSWORD).await;
    for r in [&wrong, &unknown, &nobody, &by_phone, &by_email] {
        assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "LOGIN_FAILED"));
        assert_eq!(r.body, wrong.body);
    }
    let audit = t.app.store.audit(t.app.clock.now(), 20).await.unwrap();
    let failed: Vec<_> = audit.iter().filter(|a| a.action == "login_failed").map(|a| a.subject.as_str()).collect();
    assert!(failed.contains(&"nik:730608******0001"), "NIKs are masked in the audit log: {failed:?}");
    assert!(failed.contains(&"phone:********0000") && failed.contains(&"email:s***@contoh.id"), "{failed:?}");
    assert!(audit.iter().all(|a| !a.subject.contains(family::HEAD) && !a.subject.contains("siapa@")));
}

#[tokio::test]
async fn repeated_failures_lock_the_login_name_for_a_while() {
    let t = TestApp::spawn().await;
    t.citizen(family::HEAD, PHONE, EMAIL).await;
    // Failures count per account, whichever of its names is tried.
    for login in [family::HEAD, PHONE, EMAIL, family::HEAD, PHONE] {
        assert_eq!(t.login(login, "Salah-Sandi-2026").await.code(), "LOGIN_FAILED", "{login}");
    }
    let locked = t.login(EMAIL, PASSWORD).await;
    assert_eq!((locked.status, locked.code()), (StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS"));
    let unknown = t.login("P-TIDAKADA", PASSWORD).await;
    assert_eq!(unknown.code(), "LOGIN_FAILED", "other names are not locked");
    // Retry-After is the time left in the window: four minutes in, eleven remain.
    t.advance(TimeDelta::minutes(4));
    let body = json!({ "login": family::HEAD, "password": PASSWORD });
    let reply = adminduk_tests::reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", t.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.headers()["retry-after"], "660");
    t.advance(TimeDelta::minutes(11));
    assert_eq!(t.login(family::HEAD, PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn each_client_address_is_limited_by_its_failures_only() {
    let settings = adminduk_app::settings::Settings { failures_per_address: 3, ..Default::default() };
    let t = TestApp::spawn_with(settings).await;
    // Many people behind one address (an office, a mobile carrier) sign in as often as they need.
    t.citizen(family::HEAD, PHONE, EMAIL).await;
    for _ in 0..10 {
        assert_eq!(t.login(family::HEAD, PASSWORD).await.status, StatusCode::OK);
    }
    // Guessing from it is stopped, whichever names are guessed at.
    for i in 0..3 {
        assert_eq!(t.login(&format!("P-ORANG{i}"), PASSWORD).await.code(), "LOGIN_FAILED");
    }
    let r = t.login("P-ORANG9", PASSWORD).await;
    assert_eq!((r.status, r.code()), (StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS"));
    let raw = t
        .raw(|c, base| c.post(format!("{base}/api/v1/auth/login")).json(&json!({ "login": "x", "password": "y" })))
        .await;
    assert_eq!(raw.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sessions_refresh_rotate_expire_and_end() {
    let t = TestApp::spawn().await;
    t.citizen(family::HEAD, PHONE, EMAIL).await;
    let first = t.login(family::HEAD, PASSWORD).await.body;
    let access = first["access_token"].as_str().unwrap();
    assert_eq!(t.get("/api/v1/me", Some(access)).await.status, StatusCode::OK);

    t.advance(TimeDelta::minutes(16));
    let expired = t.get("/api/v1/me", Some(access)).await;
    assert_eq!((expired.status, expired.code()), (StatusCode::UNAUTHORIZED, "TOKEN_EXPIRED"));
    assert_eq!(t.get("/api/v1/me", None).await.code(), "TOKEN_MISSING");
    assert_eq!(t.get("/api/v1/me", Some("bukan.token.sah")).await.code(), "TOKEN_INVALID");

    let second = t.post("/api/v1/auth/refresh", json!({ "refresh_token": first["refresh_token"] })).await;
    assert_eq!(second.status, StatusCode::OK, "{second:?}");
    assert_eq!(t.get("/api/v1/me", second.body["access_token"].as_str()).await.status, StatusCode::OK);

    // Sent again at once (two renewals racing, a retried request): refused, and the session
    // the first renewal made goes on.
    let race = t.post("/api/v1/auth/refresh", json!({ "refresh_token": first["refresh_token"] })).await;
    assert_eq!(race.code(), "SESSION_INVALID");
    let second = t.post("/api/v1/auth/refresh", json!({ "refresh_token": second.body["refresh_token"] })).await;
    assert_eq!(second.status, StatusCode::OK, "{second:?}");

    // The spent token used again later means it was copied: every session of the account ends.
    t.advance(TimeDelta::minutes(1));
    let replay = t.post("/api/v1/auth/refresh", json!({ "refresh_token": first["refresh_token"] })).await;
    assert_eq!(replay.code(), "SESSION_INVALID");
    let after = t.post("/api/v1/auth/refresh", json!({ "refresh_token": second.body["refresh_token"] })).await;
    assert_eq!(after.code(), "SESSION_INVALID");

    let third = t.login(family::HEAD, PASSWORD).await.body;
    assert_eq!(
        t.post("/api/v1/auth/logout", json!({ "refresh_token": third["refresh_token"] })).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.post("/api/v1/auth/refresh", json!({ "refresh_token": third["refresh_token"] })).await.code(),
        "SESSION_INVALID"
    );
    assert_eq!(
        t.post("/api/v1/auth/logout", json!({ "refresh_token": "tidak-dikenal" })).await.status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn the_account_follows_the_register() {
    let t = TestApp::spawn().await;
    t.citizen(family::HEAD, PHONE, EMAIL).await;
    let session = t.login(family::HEAD, PASSWORD).await.body;
    let (families, mut people) = adminduk_tests::register_fixture();
    people[0].alive = false;
    t.app.store.upsert_register(families, people).await.unwrap();
    let r = t.login(family::HEAD, PASSWORD).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "RESIDENT_NOT_ACTIVE"));
    let r = t.post("/api/v1/auth/refresh", json!({ "refresh_token": session["refresh_token"] })).await;
    assert_eq!(r.code(), "RESIDENT_NOT_ACTIVE", "a session cannot outlive the resident's status");
}

#[tokio::test]
async fn password_reset_by_code() {
    let t = TestApp::spawn().await;
    t.citizen(family::HEAD, PHONE, EMAIL).await;
    let old_session = t.login(family::HEAD, PASSWORD).await.body;
    assert_eq!(
        t.post("/api/v1/auth/password-reset", json!({ "login": "081399998888" })).await.status,
        StatusCode::ACCEPTED
    );
    assert_eq!(t.post("/api/v1/auth/password-reset", json!({ "login": EMAIL })).await.status, StatusCode::ACCEPTED);
    let code = t.code_sent_to(E164).await;
    let new_password = "Bontonompo-Selatan-17";
    let weak = t
        .post(
            "/api/v1/auth/password-reset/confirm",
            json!({ "login": EMAIL, "code": code, "new_password": "12345678901" }),
        )
        .await;
    assert_eq!(weak.code(), "PASSWORD_WEAK");
    let r = t
        .post(
            "/api/v1/auth/password-reset/confirm",
            json!({ "login": EMAIL, "code": code, "new_password": new_password }),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{r:?}");
    assert_eq!(t.login(family::HEAD, PASSWORD).await.code(), "LOGIN_FAILED");
    assert_eq!(t.login(family::HEAD, new_password).await.status, StatusCode::OK);
    let r = t.post("/api/v1/auth/refresh", json!({ "refresh_token": old_session["refresh_token"] })).await;
    assert_eq!(r.code(), "SESSION_INVALID", "a reset ends the old sessions");
    let reused = t
        .post(
            "/api/v1/auth/password-reset/confirm",
            json!({ "login": EMAIL, "code": code, "new_password": "Lagi-Sandi-Baru-99" }),
        )
        .await;
    assert_eq!(reused.code(), "CODE_INVALID", "a code works once");
    let actions: Vec<_> =
        t.app.store.audit(t.app.clock.now(), 50).await.unwrap().into_iter().map(|a| a.action).collect();
    assert!(actions.contains(&"password_reset".to_string()));
}

#[tokio::test]
async fn a_registration_never_activated_expires_and_starts_again_with_the_right_phone() {
    let t = TestApp::spawn().await;
    let wrong = adminduk_tests::registration(family::HEAD, "081299998888", "andi@contoh.id");
    let first = t.post("/api/v1/auth/register", wrong).await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    // The mistyped number got the code; the right one cannot register while it runs.
    let mut right = adminduk_tests::registration(family::HEAD, PHONE, "andi.baso@contoh.id");
    right["password"] = json!("Bontonompo-2026");
    let early = t.post("/api/v1/auth/register", right.clone()).await;
    assert_eq!(early.code(), "REGISTRATION_PENDING", "{early:?}");
    assert!(early.body["message"].as_str().unwrap().contains("8888"), "{early:?}");
    // Once the code has run out, registering again starts the same account anew.
    t.advance(chrono::TimeDelta::minutes(11));
    let again = t.post("/api/v1/auth/register", right).await;
    assert_eq!(again.status, StatusCode::CREATED, "{again:?}");
    assert_eq!(again.body["user_id"], first.body["user_id"]);
    let code = t.code_sent_to("+6281234567890").await;
    let activated = t.post("/api/v1/auth/activate", json!({ "login": family::HEAD, "code": code })).await;
    assert_eq!(activated.status, StatusCode::OK, "{activated:?}");
    assert_eq!(t.login(family::HEAD, "Bontonompo-2026").await.status, StatusCode::OK);
    assert_eq!(t.login(family::HEAD, PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    // The wrong number and e-mail are free again; the NIK now has its account.
    assert!(t.app.store.account_by_alias("phone:+6281299998888").await.unwrap().is_none());
    assert!(t.app.store.account_by_alias("email:andi@contoh.id").await.unwrap().is_none());
    let taken = t.post("/api/v1/auth/register", registration(family::HEAD)).await;
    assert_eq!(taken.code(), "NIK_TAKEN");
    let audit = t.app.store.audit(t.app.clock.now(), 20).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "registration_restarted"));
}

#[tokio::test]
async fn a_lost_phone_is_replaced_at_a_counter_that_checked_the_ktp_el() {
    let t = TestApp::spawn().await;
    t.citizen(family::HEAD, PHONE, EMAIL).await;
    let old_session = t.login(family::HEAD, PASSWORD).await;
    let refresh = old_session.body["refresh_token"].as_str().unwrap().to_string();
    let counter = t.officer("loket@gowakab.go.id", "73.06", &[Role::PetugasLoket]).await;
    let body = |checked: bool| json!({ "nik": family::HEAD, "phone": "085255501111", "ktp_el_checked": checked });
    // Only a counter that saw the KTP-el, and covers where the person lives.
    let unchecked = t.post_as(&counter, "/api/v1/accounts/recover", body(false)).await;
    assert_eq!(unchecked.code(), "KTP_EL_NOT_CHECKED", "{unchecked:?}");
    let elsewhere = t.officer("kec.bajeng@gowakab.go.id", "73.06.01", &[Role::OperatorKecamatan]).await;
    assert_eq!(t.post_as(&elsewhere, "/api/v1/accounts/recover", body(true)).await.code(), "OFFICE_NOT_COVERED");
    let validator = t.officer("validator@gowakab.go.id", "73.06", &[Role::Validator]).await;
    assert_eq!(t.post_as(&validator, "/api/v1/accounts/recover", body(true)).await.code(), "COUNTER_ONLY");
    let resident = TestApp::token(&old_session);
    assert_eq!(t.post_as(&resident, "/api/v1/accounts/recover", body(true)).await.code(), "OFFICERS_ONLY");

    let recovered = t.post_as(&counter, "/api/v1/accounts/recover", body(true)).await;
    assert_eq!(recovered.status, StatusCode::OK, "{recovered:?}");
    assert_eq!(recovered.body["name"], "Andi Baso Mappatunru");
    // The lost phone's session is over; the old number no longer signs in; the new one gets a code.
    let renewed = t.post("/api/v1/auth/refresh", json!({ "refresh_token": refresh })).await;
    assert_eq!(renewed.status, StatusCode::UNAUTHORIZED, "{renewed:?}");
    assert!(t.app.store.account_by_alias(&format!("phone:{E164}")).await.unwrap().is_none());
    let code = t.code_sent_to("+6285255501111").await;
    let reset = json!({ "login": "085255501111", "code": code, "new_password": "Somba-Opu-Baru-2026" });
    let confirmed = t.post("/api/v1/auth/password-reset/confirm", reset).await;
    assert_eq!(confirmed.status, StatusCode::NO_CONTENT, "{confirmed:?}");
    assert_eq!(t.login("085255501111", "Somba-Opu-Baru-2026").await.status, StatusCode::OK);
    let audit = t.app.store.audit(t.app.clock.now(), 50).await.unwrap();
    let entry = audit.iter().find(|e| e.action == "account_recovered_at_counter").expect("audited");
    assert_eq!(entry.subject, "730608******0001");
}
