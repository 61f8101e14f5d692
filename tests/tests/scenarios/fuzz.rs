//! Outside input, fuzzed for a bounded number of cases (proptest, so `make test` stays quick):
//! the parsers of NIK, No. KK, phone and e-mail and the register's CSV take arbitrary text or
//! bytes without panicking, and every route that reads a body answers arbitrary bytes and
//! arbitrary JSON with a 4xx error in the JSON error shape, never a 5xx. The API as a whole is
//! fuzzed from its OpenAPI document by Schemathesis (`tests/api`).

use adminduk_app::ports::{RegisterChunks, StoreError, UpsertCounts};
use adminduk_app::register::import::{COLUMNS, ImportSink, Rejection, import};
use adminduk_domain::ids::{Email, Nik, NoKk, Phone};
use adminduk_tests::TestApp;
use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

/// Counts an import's rejections.
#[derive(Default)]
struct Rejected(usize);

impl ImportSink for Rejected {
    fn rejected(&mut self, _: &Rejection) {
        self.0 += 1;
    }
}

/// Takes every chunk, counting its residents as inserted and keeping nothing.
fn count(mut chunks: RegisterChunks) -> Result<UpsertCounts, StoreError> {
    let mut counts = UpsertCounts::default();
    while let Some(chunk) = chunks.blocking_recv() {
        counts.inserted += chunk.residents.len() as u64;
    }
    Ok(counts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn identifiers_take_any_text(s in any::<String>(), digits in "[0-9]{16}") {
        for text in [s.as_str(), digits.as_str()] {
            let _ = Nik::parse(text, today());
            let _ = NoKk::parse(text);
            let _ = Phone::parse(text);
            let _ = Email::parse(text);
        }
    }

    /// Rows under the right header: each row is imported or rejected, none lost, none panics.
    #[test]
    fn register_rows_are_each_imported_or_rejected(rows in prop::collection::vec(prop::collection::vec("[^\r\n\"]{0,20}", COLUMNS.len()), 0..8)) {
        let mut csv = COLUMNS.join(",");
        for row in &rows {
            csv.push('\n');
            csv.push_str(&row.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(","));
        }
        let mut rejected = Rejected::default();
        let report = import(csv.as_bytes(), today(), 100, &mut rejected, count).unwrap();
        prop_assert_eq!(report.rows as usize, rows.len());
        prop_assert_eq!(report.inserted as usize + rejected.0, rows.len());
    }

    #[test]
    fn register_files_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = import(&bytes[..], today(), 100, &mut Rejected::default(), count);
    }
}

/// Bodies a client might send by mistake or malice: bytes, JSON of any shape, deep nesting.
fn bodies(n: usize) -> Vec<Vec<u8>> {
    let json = prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| b).boxed();
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        "\\PC{0,40}".prop_map(serde_json::Value::from),
    ];
    let value = leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    let mut runner = TestRunner::deterministic();
    let mut out: Vec<Vec<u8>> = (0..n / 2).map(|_| json.new_tree(&mut runner).unwrap().current()).collect();
    out.extend((0..n / 2).map(|_| serde_json::to_vec(&value.new_tree(&mut runner).unwrap().current()).unwrap()));
    out.push(format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes());
    out
}

#[tokio::test]
async fn every_route_that_reads_a_body_answers_arbitrary_bodies_with_a_4xx() {
    use adminduk_app::http::ROUTES;
    let t = TestApp::spawn().await;
    let citizen = t.resident_session("7306081203850001", "081234567890", "andi@example.com").await;
    let admin = t.admin().await;
    let case = t.ktp_el_rusak_draft(&citizen).await;
    let bodies = bodies(40);
    let mut sent = 0;
    for route in ROUTES.iter().filter(|r| ["POST", "PUT", "PATCH"].contains(&r.method)) {
        let path = route.path.replace("{id}", &case).replace("{upload}", "U-X").replace("{service}", "KELAHIRAN");
        for token in [&citizen, &admin] {
            for body in &bodies {
                let (method, url, body, token) = (route.method, path.clone(), body.clone(), token.clone());
                let r = t
                    .raw(move |c, base| {
                        let m = adminduk_tests::reqwest::Method::from_bytes(method.as_bytes()).unwrap();
                        c.request(m, format!("{base}{url}"))
                            .bearer_auth(token)
                            .header("content-type", "application/json")
                            .body(body)
                    })
                    .await;
                sent += 1;
                let what = format!("{} {}", route.method, route.path);
                assert!(r.status.as_u16() < 500, "{what}: {r:?}");
                if r.status.is_client_error() {
                    assert!(!r.code().is_empty(), "{what}: a 4xx names its code: {r:?}");
                }
            }
        }
    }
    assert!(sent > 1000, "{sent} requests");
}
