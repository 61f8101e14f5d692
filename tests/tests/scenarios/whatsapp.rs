//! The kecamatan WhatsApp channel (seed 001): the platform's webhook (handshake, signatures,
//! redeliveries), a conversation from greeting to a case filed at the right kecamatan through
//! the guest book, the guest book as the kecamatan's record with its step times, and WhatsApp
//! messages falling back to SMS.

use adminduk_app::cases::whatsapp::webhook::signature;
use adminduk_app::ports::{Channel, Mailbox, OutboxMessage, Sender};
use adminduk_app::settings::{Settings, WhatsAppKeys};
use adminduk_domain::catalogue::OfficeCard;
use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{Reply, TestApp, family, pdf, sha256_hex};
use chrono::TimeDelta;
use serde_json::{Value, json};

const SECRET: &str = "rahasia-aplikasi-wa";
const VERIFY: &str = "token-verifikasi-wa";
/// Somba Opu's business number (offices.toml); the fixture family lives there.
const SOMBA_OPU: &str = "730608000000001";
const PALLANGGA: &str = "730607000000001";
const SENDER: &str = "6281299900001";
const SENDER_E164: &str = "+6281299900001";

async fn app() -> TestApp {
    let keys = WhatsAppKeys { app_secret: SECRET.into(), verify_token: VERIFY.into() };
    TestApp::spawn_with(Settings { whatsapp: Some(keys), ..Settings::default() }).await
}

fn delivery(number_id: &str, from: &str, message_id: &str) -> Vec<u8> {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "WABA-1", "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "6281140000808", "phone_number_id": number_id },
            "contacts": [{ "profile": { "name": "Daeng Sikki" }, "wa_id": from }],
            "messages": [{ "from": from, "id": message_id, "timestamp": "1795400000", "type": "text",
                           "text": { "body": "Assalamualaikum, saya mau urus KTP" } }]
        }}]}]
    })
    .to_string()
    .into_bytes()
}

async fn deliver(t: &TestApp, body: Vec<u8>, signature: Option<String>) -> Reply {
    t.raw(move |c, base| {
        let request = c.post(format!("{base}/api/v1/whatsapp/webhook")).header("content-type", "application/json");
        let request = match signature {
            Some(s) => request.header("X-Hub-Signature-256", s),
            None => request,
        };
        request.body(body)
    })
    .await
}

async fn greet(t: &TestApp, number_id: &str, from: &str, message_id: &str) -> Reply {
    let body = delivery(number_id, from, message_id);
    let signed = signature(SECRET, &body);
    deliver(t, body, Some(signed)).await
}

/// The WhatsApp messages waiting for `to`, in order.
async fn whatsapp_to(t: &TestApp, to: &str) -> Vec<OutboxMessage> {
    let all = t.app.store.pending_messages(1000).await.unwrap();
    all.into_iter().filter(|m| m.recipient == to && m.channel == Channel::Whatsapp).collect()
}

/// The guest-book path (`/buku-tamu/{id}/{key}`) of the newest link sent to `to`.
async fn link_sent_to(t: &TestApp, to: &str) -> (String, String) {
    let messages = whatsapp_to(t, to).await;
    let body = &messages.last().expect("a WhatsApp message").body;
    let url = body.split_whitespace().find(|w| w.contains("/buku-tamu/")).expect("a guest-book link");
    let path = url.split("/buku-tamu/").nth(1).unwrap();
    let (id, key) = path.split_once('/').unwrap();
    (id.to_string(), key.to_string())
}

async fn upload(t: &TestApp, id: &str, key: &str) -> Reply {
    upload_nth(t, id, key, 7).await
}

async fn upload_nth(t: &TestApp, id: &str, key: &str, n: u32) -> Reply {
    let bytes = pdf(n);
    let presign = json!({
        "document": "dokumen_permohonan_wa", "content_type": "application/pdf", "size": bytes.len(), "sha256": sha256_hex(&bytes)
    });
    let presigned = t.post(&format!("/api/v1/guest-book/{id}/{key}/uploads"), presign).await;
    assert_eq!(presigned.status, StatusCode::CREATED, "{presigned:?}");
    let url = presigned.body["url"].as_str().unwrap().to_string();
    t.raw(move |c, _| c.put(url).header("content-type", "application/pdf").body(bytes)).await
}

async fn fill(t: &TestApp, id: &str, key: &str, nik: &str) -> Reply {
    let version = t.app.store.case(id).await.unwrap().unwrap().version;
    let entry = json!({
        "nik": nik, "service": "KTP_EL_HILANG", "purpose": "KTP-el saya hilang, mohon dicetak ulang", "version": version, "declared": true
    });
    t.post(&format!("/api/v1/guest-book/{id}/{key}"), entry).await
}

#[tokio::test]
async fn the_handshake_echoes_the_challenge_only_for_our_verify_token() {
    let t = app().await;
    let ok = t
        .get(
            &format!("/api/v1/whatsapp/webhook?hub.mode=subscribe&hub.verify_token={VERIFY}&hub.challenge=1158201444"),
            None,
        )
        .await;
    assert_eq!((ok.status, ok.body.clone()), (StatusCode::OK, json!(1158201444)), "{ok:?}");
    let wrong =
        t.get("/api/v1/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=tebakan&hub.challenge=1", None).await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::FORBIDDEN, "WHATSAPP_VERIFY_TOKEN_INVALID"));

    // An installation not connected to WhatsApp says so, and takes nothing.
    let bare = TestApp::spawn().await;
    let body = delivery(SOMBA_OPU, SENDER, "wamid.X");
    let r = deliver(&bare, body.clone(), Some(signature(SECRET, &body))).await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "WHATSAPP_NOT_CONFIGURED"));
}

#[tokio::test]
async fn forged_deliveries_are_refused_and_a_replayed_one_is_taken_once() {
    let t = app().await;
    let body = delivery(SOMBA_OPU, SENDER, "wamid.HBgM1");
    for forged in [None, Some(signature("bukan-rahasianya", &body)), Some("sha256=zz".into()), Some("md5=00".into())] {
        let r = deliver(&t, body.clone(), forged.clone()).await;
        assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "WHATSAPP_SIGNATURE_INVALID"), "{forged:?}");
    }
    // A body changed after signing fails too.
    let mut tampered = body.clone();
    let at = tampered.iter().position(|b| *b == b'6').unwrap();
    tampered[at] = b'7';
    let r = deliver(&t, tampered, Some(signature(SECRET, &body))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(t.app.store.cases_of_reporter(&format!("wa:{SENDER_E164}")).await.unwrap().is_empty());

    let first = greet(&t, SOMBA_OPU, SENDER, "wamid.HBgM1").await;
    assert_eq!((first.status, first.body["opened"].clone()), (StatusCode::OK, json!(1)), "{first:?}");
    // The platform delivers again (a replay of the same signed bytes), also several at once.
    let replay = greet(&t, SOMBA_OPU, SENDER, "wamid.HBgM1").await;
    assert_eq!(replay.body["repeated"], 1, "{replay:?}");
    let parallel: Vec<Reply> =
        futures::future::join_all((0..8).map(|_| greet(&t, SOMBA_OPU, SENDER, "wamid.HBgM1"))).await;
    assert!(parallel.iter().all(|r| r.status == StatusCode::OK && r.body["repeated"] == 1), "{parallel:?}");
    let cases = t.app.store.cases_of_reporter(&format!("wa:{SENDER_E164}")).await.unwrap();
    assert_eq!(cases.len(), 1, "one case however often the greeting arrives");
    assert_eq!(whatsapp_to(&t, SENDER_E164).await.len(), 1, "one answer");

    // A new message of the same person is about the same case: the link again, no new case.
    let again = greet(&t, SOMBA_OPU, SENDER, "wamid.HBgM2").await;
    assert_eq!(again.body["answered"], 1, "{again:?}");
    assert_eq!(t.app.store.cases_of_reporter(&format!("wa:{SENDER_E164}")).await.unwrap().len(), 1);
    assert_eq!(whatsapp_to(&t, SENDER_E164).await.len(), 2);

    // A number no kecamatan has, and a sender that is no Indonesian mobile, are left alone.
    let stray = greet(&t, "999", SENDER, "wamid.HBgM3").await;
    assert_eq!(stray.body["ignored"], 1, "{stray:?}");
    let foreign = greet(&t, SOMBA_OPU, "14155550100", "wamid.HBgM4").await;
    assert_eq!(foreign.body["ignored"], 1, "{foreign:?}");
}

#[tokio::test]
async fn messages_arriving_together_open_one_case() {
    let t = app().await;
    // The platform delivers the first message several times at once.
    let same: Vec<Reply> = futures::future::join_all((0..6).map(|_| greet(&t, SOMBA_OPU, SENDER, "wamid.T1"))).await;
    assert!(same.iter().all(|r| r.status == StatusCode::OK), "{same:?}");
    let opened: u64 = same.iter().map(|r| r.body["opened"].as_u64().unwrap()).sum();
    assert_eq!(opened, 1, "{same:?}");
    assert_eq!(t.app.store.cases_of_reporter(&format!("wa:{SENDER_E164}")).await.unwrap().len(), 1);
    assert_eq!(whatsapp_to(&t, SENDER_E164).await.len(), 1, "one answer");
    // Another person sends five messages at once: one case, each message answered once.
    let other = "6281299900002";
    let ids: Vec<String> = (0..5).map(|i| format!("wamid.U{i}")).collect();
    let burst: Vec<Reply> = futures::future::join_all(ids.iter().map(|id| greet(&t, SOMBA_OPU, other, id))).await;
    assert!(burst.iter().all(|r| r.status == StatusCode::OK && r.body["repeated"] == 0), "{burst:?}");
    let cases = t.app.store.cases_of_reporter("wa:+6281299900002").await.unwrap();
    assert_eq!(cases.len(), 1, "{cases:?}");
    assert_eq!(cases[0].state, "mengisi_buku_tamu");
    // Each message is answered once, but for the one that filed the case when another message
    // sent its link meanwhile: that link is its answer too.
    let answers = whatsapp_to(&t, "+6281299900002").await;
    assert!((4..=5).contains(&answers.len()), "{answers:?}");
    assert!(answers.iter().all(|m| m.body.contains("/buku-tamu/")), "{answers:?}");
}

#[tokio::test]
async fn a_conversation_becomes_a_case_at_its_kecamatan_with_each_steps_time_recorded() {
    let t = app().await;
    let r = greet(&t, SOMBA_OPU, SENDER, "wamid.A1").await;
    assert_eq!(r.body["opened"], 1, "{r:?}");

    // Step 2 at once: the answer on WhatsApp carries the guest-book link, from Somba Opu's number.
    let answer = whatsapp_to(&t, SENDER_E164).await.pop().unwrap();
    assert_eq!(answer.office, Some(adminduk_domain::office::Office::parse("73.06.08").unwrap()));
    assert!(answer.body.contains("Kecamatan Somba Opu") && answer.body.contains("/buku-tamu/"), "{}", answer.body);
    let (id, key) = link_sent_to(&t, SENDER_E164).await;

    let book = t.get(&format!("/api/v1/guest-book/{id}/{key}"), None).await;
    assert_eq!(book.status, StatusCode::OK, "{book:?}");
    assert_eq!(book.body["open"], true);
    assert_eq!(book.body["state"], "mengisi_buku_tamu");
    assert_eq!(book.body["office"]["name"], "Kantor Kecamatan Somba Opu");
    assert!(book.body["number"].as_str().unwrap().starts_with("7306-2026-"), "{book:?}");
    assert_eq!(book.body["whatsapp_masked"], "+6281••••••001");
    assert!(book.body["services"].as_array().unwrap().iter().any(|s| s["code"] == "KTP_EL_HILANG"));
    // Another key, or a case that is not WhatsApp's, opens nothing.
    let forged = t.get(&format!("/api/v1/guest-book/{id}/0000000000000000"), None).await;
    assert_eq!((forged.status, forged.code()), (StatusCode::NOT_FOUND, "GUEST_BOOK_NOT_FOUND"));

    // The entry needs the files first; then the NIK is checked in the register.
    t.advance(TimeDelta::minutes(3));
    let early = fill(&t, &id, &key, family::HEAD).await;
    assert_eq!(early.code(), "REQUIREMENTS_MISSING", "{early:?}");
    let up = upload(&t, &id, &key).await;
    assert_eq!(up.status, StatusCode::OK, "{up:?}");
    for (nik, code) in [
        (family::DECEASED, "APPLICANT_NOT_ACTIVE"),
        ("7306081203859999", "APPLICANT_NOT_REGISTERED"),
        ("123", "NIK_INVALID"),
    ] {
        let r = fill(&t, &id, &key, nik).await;
        assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{nik}");
        assert_eq!(r.body["problems"][0]["field"], "nik");
    }
    let filled = fill(&t, &id, &key, family::HEAD).await;
    assert_eq!(filled.status, StatusCode::OK, "{filled:?}");
    assert_eq!(filled.body["state"], "menunggu_pemeriksaan");
    assert_eq!(filled.body["open"], false);
    let case = t.app.store.case(&id).await.unwrap().unwrap();
    assert_eq!(case.office.to_string(), "73.06.08");
    assert_eq!(case.applicant.nik.as_ref().map(|n| n.as_str()), Some(family::HEAD));
    assert_eq!(case.applicant.name, "Andi Baso Mappatunru");
    assert_eq!(case.answers["layanan_dimohon"], json!("Penerbitan KTP-el Karena Hilang"), "{:?}", case.answers);
    assert!(case.statement.is_some());
    let again = fill(&t, &id, &key, family::HEAD).await;
    assert_eq!(again.code(), "GUEST_BOOK_CLOSED");

    // The kecamatan's counter officer checks, calls back, and the case goes on to the Dinas.
    let counter = t.officer("loket@sombaopu.gowakab.go.id", "73.06.08", &[Role::PetugasLoket]).await;
    t.advance(TimeDelta::seconds(40));
    assert_eq!(t.act(&counter, &id, "periksa_kelengkapan", json!({})).await.status, StatusCode::OK);
    t.advance(TimeDelta::minutes(12));
    assert_eq!(t.act(&counter, &id, "hubungi_pemohon", json!({})).await.status, StatusCode::OK);

    // The guest book as a record: found by the WhatsApp number, each step with who and how long.
    let found = t.get("/api/v1/guest-book?q=081299900001", Some(&counter)).await;
    assert_eq!(found.status, StatusCode::OK, "{found:?}");
    let entry = &found.body[0];
    assert_eq!(entry["number"], json!(case.number));
    assert_eq!(entry["purpose"], "KTP-el saya hilang, mohon dicetak ulang");
    let steps: Vec<(String, Value, Value)> = entry["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["state"].as_str().unwrap().to_string(), s["by"].clone(), s["kept"].clone()))
        .collect();
    let by = |name: &str| json!(name);
    assert_eq!(
        steps,
        [
            ("draf".to_string(), by("pemohon"), json!(true)),
            ("menunggu_tautan_buku_tamu".to_string(), by("sistem"), json!(true)),
            ("mengisi_buku_tamu".to_string(), by("pemohon"), Value::Null),
            ("menunggu_pemeriksaan".to_string(), by("Petugas loket@sombaopu.gowakab.go.id"), json!(true)),
            // Ten minutes to call back; twelve were taken.
            ("menunggu_kontak_pemohon".to_string(), by("Petugas loket@sombaopu.gowakab.go.id"), json!(false)),
            ("menunggu_pengiriman_berkas".to_string(), Value::Null, json!(true)),
        ]
    );
    assert_eq!(entry["steps"][4]["seconds"], 720);
    assert_eq!(entry["steps"][4]["standard_seconds"], 600);
    // Open entries are listed without a search; another kecamatan's officers see none of them.
    let open = t.get("/api/v1/guest-book", Some(&counter)).await;
    assert_eq!(open.body.as_array().unwrap().len(), 1, "{open:?}");
    let other = t.officer("loket@pallangga.gowakab.go.id", "73.06.07", &[Role::PetugasLoket]).await;
    assert_eq!(t.get("/api/v1/guest-book", Some(&other)).await.body, json!([]));
    let citizen = t.resident_session(family::WIFE, "081234567891", "siti@contoh.id").await;
    assert_eq!(t.get("/api/v1/guest-book", Some(&citizen)).await.status, StatusCode::FORBIDDEN);

    // Steps 5 to 8 at the Dinas; the applicant is told on WhatsApp when the document is signed.
    let verifier = t.officer("verifikasi@gowakab.go.id", "73.06", &[Role::VerifikatorBerkas]).await;
    let siak = t.officer("siak@gowakab.go.id", "73.06", &[Role::OperatorSiak]).await;
    let kabid = t.officer("kabid@gowakab.go.id", "73.06", &[Role::Kabid]).await;
    let kadis = t.officer("kadis@gowakab.go.id", "73.06", &[Role::Kadis]).await;
    let signed = json!({ "document_numbers": [{ "document": "Dokumen kependudukan yang dimohon, ditandatangani secara elektronik", "number": family::HEAD }] });
    for (token, action, inputs) in [
        (&verifier, "kirim_berkas", json!({})),
        (&siak, "input_siak", json!({})),
        (&kabid, "ajukan_persetujuan", json!({})),
        (&kadis, "tandatangani", signed),
    ] {
        let r = t.act(token, &id, action, inputs).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {r:?}");
    }
    let done = t.app.store.case(&id).await.unwrap().unwrap();
    assert_eq!(done.outcome, Some(adminduk_domain::workflow::Outcome::Completed));
    let told = whatsapp_to(&t, SENDER_E164).await;
    assert!(told.iter().any(|m| m.template == "dokumen_terbit"), "{told:?}");
    assert!(t.messages_to("+6281234567890").await.is_empty(), "no account of the applicant is written to");

    // The step figures count the WhatsApp steps with the other services'.
    let month = t.get("/api/v1/figures?month=2026-11", Some(&kadis)).await;
    assert_eq!(month.status, StatusCode::OK, "{month:?}");
    let text = month.body.to_string();
    assert!(text.contains("PERMOHONAN_WA"), "{text}");
}

#[tokio::test]
async fn the_whatsapp_service_is_not_filed_through_a_web_form() {
    let t = app().await;
    let resident = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;
    let r = t.post_as(&resident, "/api/v1/cases", json!({ "service": "PERMOHONAN_WA", "answers": {} })).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "SERVICE_BY_WHATSAPP"), "{r:?}");
    let mine = t.get("/api/v1/catalogue/PERMOHONAN_WA/mine", Some(&resident)).await;
    assert_eq!(mine.body["online"], false, "{mine:?}");
}

#[tokio::test]
async fn the_guest_book_says_every_problem_at_once_keeps_several_files_and_limits_guessing() {
    let t = app().await;
    greet(&t, SOMBA_OPU, SENDER, "wamid.G1").await;
    let (id, key) = link_sent_to(&t, SENDER_E164).await;
    let path = format!("/api/v1/guest-book/{id}/{key}");
    let version = t.app.store.case(&id).await.unwrap().unwrap().version;
    let empty = t.post(&path, json!({ "service": "", "purpose": "", "version": version, "declared": false })).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{empty:?}");
    let fields: Vec<&str> =
        empty.body["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["nik", "service", "purpose", "files", "declared"]);

    // Several files stand for the documents, up to five.
    for n in 1..=5 {
        assert_eq!(upload_nth(&t, &id, &key, n).await.status, StatusCode::OK);
    }
    let sixth = t
        .post(&format!("{path}/uploads"), json!({ "document": "dokumen_permohonan_wa", "content_type": "application/pdf", "size": 10, "sha256": "0".repeat(64) }))
        .await;
    assert_eq!(sixth.code(), "FILES_TOO_MANY", "{sixth:?}");
    let view = t.get(&path, None).await;
    assert_eq!(view.body["files"].as_array().unwrap().len(), 5, "{view:?}");
    assert_eq!(t.app.store.case(&id).await.unwrap().unwrap().answers["nama_pengirim"], "Daeng Sikki");

    // The register answers a complete entry only, and a link only so often.
    let mut last = None;
    for _ in 0..11 {
        last = Some(fill(&t, &id, &key, "7306081203859999").await);
    }
    let last = last.unwrap();
    assert_eq!((last.status, last.code()), (StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS"), "{last:?}");
}

#[tokio::test]
async fn a_returned_entry_keeps_what_was_given() {
    let t = app().await;
    greet(&t, SOMBA_OPU, SENDER, "wamid.R1").await;
    let (id, key) = link_sent_to(&t, SENDER_E164).await;
    upload(&t, &id, &key).await;
    assert_eq!(fill(&t, &id, &key, family::HEAD).await.status, StatusCode::OK);
    let counter = t.officer("loket@sombaopu.gowakab.go.id", "73.06.08", &[Role::PetugasLoket]).await;
    let back = t.act(&counter, &id, "kembalikan", json!({ "reason": "Foto KK terpotong, kirim ulang" })).await;
    assert_eq!(back.status, StatusCode::OK, "{back:?}");
    let path = format!("/api/v1/guest-book/{id}/{key}");
    let view = t.get(&path, None).await;
    assert_eq!(view.body["open"], true);
    assert_eq!(view.body["returned_because"], "Foto KK terpotong, kirim ulang");
    assert_eq!(view.body["service"], "KTP_EL_HILANG");
    assert_eq!(view.body["purpose"], "KTP-el saya hilang, mohon dicetak ulang");
    assert!(view.body["nik_masked"].as_str().unwrap().starts_with("730608"));
    assert_eq!(upload_nth(&t, &id, &key, 8).await.status, StatusCode::OK);
    // Sent again without retyping the NIK.
    let version = t.app.store.case(&id).await.unwrap().unwrap().version;
    let again = t
        .post(&path, json!({ "service": "KTP_EL_HILANG", "purpose": "KTP-el saya hilang", "version": version, "declared": true }))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{again:?}");
    assert_eq!(again.body["state"], "menunggu_pemeriksaan");
    assert_eq!(
        t.app.store.case(&id).await.unwrap().unwrap().applicant.nik.as_ref().map(|n| n.as_str()),
        Some(family::HEAD)
    );
    // Told on WhatsApp in the kecamatan's words, and the page says WhatsApp is how they hear.
    assert!(whatsapp_to(&t, SENDER_E164).await.iter().any(|m| m.template == "dikembalikan"));
    assert!(again.body["next_step"].as_str().unwrap().contains("WhatsApp"), "{again:?}");
}

#[tokio::test]
async fn the_person_withdraws_from_the_guest_book_and_a_new_message_opens_a_new_case() {
    let t = app().await;
    greet(&t, SOMBA_OPU, SENDER, "wamid.W1").await;
    let (id, key) = link_sent_to(&t, SENDER_E164).await;
    let path = format!("/api/v1/guest-book/{id}/{key}");
    let view = t.get(&path, None).await;
    assert_eq!(view.body["may_withdraw"], true);
    let stale = t.post(&format!("{path}/withdraw"), json!({ "version": 1 })).await;
    assert_eq!(stale.code(), "CASE_CHANGED");
    let version = view.body["version"].clone();
    let gone = t.post(&format!("{path}/withdraw"), json!({ "version": version })).await;
    assert_eq!(gone.status, StatusCode::OK, "{gone:?}");
    assert_eq!((gone.body["state"].as_str(), gone.body["open"].as_bool()), (Some("dibatalkan"), Some(false)));
    let again = t.post(&format!("{path}/withdraw"), json!({ "version": version })).await;
    assert_eq!(again.code(), "ACTION_NOT_AVAILABLE");
    // Writing again later starts afresh.
    let next = greet(&t, SOMBA_OPU, SENDER, "wamid.W2").await;
    assert_eq!(next.body["opened"], 1, "{next:?}");
    assert_eq!(t.app.store.cases_of_reporter(&format!("wa:{SENDER_E164}")).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_resident_of_another_kecamatan_is_pointed_to_their_own_number() {
    let t = app().await;
    greet(&t, PALLANGGA, SENDER, "wamid.P1").await;
    let (id, key) = link_sent_to(&t, SENDER_E164).await;
    assert_eq!(upload(&t, &id, &key).await.status, StatusCode::OK);
    let r = fill(&t, &id, &key, family::HEAD).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "NOT_THIS_KECAMATAN"), "{r:?}");
    assert!(r.body["message"].as_str().unwrap().contains("+6281140000808"), "{r:?}");
}

/// A sender whose WhatsApp never delivers; everything else reaches the mailbox.
struct WhatsAppDown(std::sync::Arc<adminduk_embedded::SqliteStore>);

#[async_trait::async_trait]
impl Sender for WhatsAppDown {
    async fn send(&self, message: &OutboxMessage, from: Option<&OfficeCard>) -> Result<(), String> {
        match message.channel {
            Channel::Whatsapp => Err("(#131047) Re-engagement message".into()),
            _ => self.0.send(message, from).await,
        }
    }
}

#[tokio::test]
async fn a_whatsapp_message_goes_by_sms_when_whatsapp_cannot_deliver_it() {
    let t = app().await;
    greet(&t, SOMBA_OPU, SENDER, "wamid.S1").await;
    let down = WhatsAppDown(t.mailbox.clone());
    let outbox = t.app.outbox();
    for _ in 0..2 {
        assert_eq!(outbox.drain(&down, 10).await.unwrap().failed, 1);
        t.advance(TimeDelta::hours(1));
    }
    assert!(t.mailbox.delivered(Some(SENDER_E164), 10).await.unwrap().is_empty(), "WhatsApp is tried first");
    assert_eq!(outbox.drain(&down, 10).await.unwrap().delivered, 1);
    let got = t.mailbox.delivered(Some(SENDER_E164), 10).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].message.channel, Channel::Sms);
    assert!(got[0].message.body.contains("/buku-tamu/"), "{}", got[0].message.body);
    assert_eq!(outbox.drain(&down, 10).await.unwrap(), Default::default(), "sent once");
}
