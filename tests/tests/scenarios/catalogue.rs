//! The catalogue as a signed-in person reads it: whether they can file a service here, and for
//! whom in their family, by the same rules that decide at filing.

use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family};
use serde_json::Value;

fn member<'a>(chances: &'a Value, name: &str) -> &'a Value {
    chances["members"].as_array().unwrap().iter().find(|m| m["name"] == name).unwrap()
}

#[tokio::test]
async fn a_resident_learns_for_whom_they_can_file_before_starting() {
    let t = TestApp::spawn().await;
    let head = t.resident_session(family::HEAD, "081234567890", "andi@contoh.id").await;

    // KIA online: the children under 17, not the adults, not the late grandmother.
    let kia = t.get("/api/v1/catalogue/KIA/mine", Some(&head)).await;
    assert_eq!((kia.status, &kia.body["online"]), (StatusCode::OK, &Value::Bool(true)), "{kia:?}");
    assert_eq!(member(&kia.body, "Nurul Aisyah")["may_file"], true);
    assert_eq!(member(&kia.body, "Muhammad Fadli")["may_file"], true);
    let adult = member(&kia.body, "Siti Rahmawati");
    assert_eq!(adult["may_file"], false);
    assert_eq!(adult["why_not"], "Hanya untuk usia di bawah 17 tahun");
    assert_eq!(member(&kia.body, "Hj. Maemunah")["why_not"], "Status kependudukannya tidak aktif");
    // What the page says is what filing does.
    let refused = t
        .post_as(&head, "/api/v1/cases", serde_json::json!({ "service": "KIA", "variant": "usia_5_17", "applicant_nik": family::WIFE, "answers": {} }))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{refused:?}");

    // A death is reported by someone else: not the reporter themselves.
    let death = t.get("/api/v1/catalogue/KEMATIAN/mine", Some(&head)).await;
    let himself = member(&death.body, "Andi Baso Mappatunru");
    assert_eq!(himself["why_not"], "Dilaporkan oleh anggota keluarga lain, bukan oleh yang bersangkutan");
    assert_eq!(member(&death.body, "Siti Rahmawati")["may_file"], true);

    // A counter's service: not here, with the hours of the counters.
    let ktp = t.get("/api/v1/catalogue/KTP_EL_BARU/mine", Some(&head)).await;
    assert_eq!(ktp.body["online"], false);
    assert!(ktp.body["reason"].as_str().unwrap().contains("loket"));
    let page = t.get("/api/v1/catalogue/KTP_EL_BARU", None).await;
    assert_eq!(page.body["office_hours"], "Senin–Kamis 08.00–16.00, Jumat 08.00–16.30 WITA");
    let list = t.get("/api/v1/catalogue", None).await;
    let homes: Vec<&str> = list.body.as_array().unwrap().iter().map(|s| s["topics"][0].as_str().unwrap()).collect();
    assert_eq!(homes.first(), Some(&"kelahiran_anak"), "listed by topic in the catalogue's order");
    let mut sections: Vec<&str> = Vec::new();
    for home in homes {
        if sections.last() != Some(&home) {
            assert!(!sections.contains(&home), "{home} listed in two places");
            sections.push(home);
        }
    }

    // A public service is asked for oneself.
    let complaint = t.get("/api/v1/catalogue/PENGADUAN_KABUPATEN/mine", Some(&head)).await;
    assert_eq!(
        (&complaint.body["online"], complaint.body["members"].as_array().unwrap().len()),
        (&Value::Bool(true), 0)
    );

    assert_eq!(t.get("/api/v1/catalogue/ENTAH/mine", Some(&head)).await.code(), "SERVICE_NOT_FOUND");
    assert_eq!(t.get("/api/v1/catalogue/KIA/mine", None).await.code(), "TOKEN_MISSING");
}
