//! The test harness: one application per test, on a fresh store, served over real HTTP on a
//! loopback port, with a clock the test moves.

use std::net::SocketAddr;
use std::sync::Arc;

use adminduk_app::App;
use adminduk_app::admin::{NewOfficer, bootstrap_officer};
use adminduk_app::clock::ManualClock;
use adminduk_app::ports::{Family, Resident, Store};
use adminduk_app::settings::Settings;
use adminduk_app::tokens::TokenKeys;
use adminduk_domain::calendar::Calendar;
use adminduk_domain::catalogue::Catalogue;
use adminduk_domain::codes::{BloodType, Citizenship, MaritalStatus, Religion, Sex, Shdk};
use adminduk_domain::office::Office;
use adminduk_domain::workflow::Role;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub use reqwest;

/// The family every test finds in the register (Somba Opu, Gowa).
pub mod family {
    pub const KK: &str = "7306081203150001";
    /// Kepala Keluarga, born 12-03-1985.
    pub const HEAD: &str = "7306081203850001";
    /// Istri, born 05-12-1987.
    pub const WIFE: &str = "7306084512870002";
    /// Anak, 16 on the test day.
    pub const CHILD_16: &str = "7306081506100003";
    /// Anak, 10.
    pub const CHILD_10: &str = "7306082003160004";
    /// Orang Tua, deceased in the register.
    pub const DECEASED: &str = "7306080101500005";
    /// Famili Lain, WNA.
    pub const FOREIGNER: &str = "7306080202900006";
    /// Famili Lain, moved away (inactive).
    pub const MOVED: &str = "7306080303910007";
}

/// Monday 23 November 2026, 10:00 WITA.
pub fn test_day() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap().to_utc()
}

pub const PASSWORD: &str = "Sungguminasa-2026";

/// Where a test application keeps its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite in memory and files on disk: the embedded default.
    Sqlite,
    /// DynamoDB on the emulator, files on disk (uploads through the application).
    DynamoDb,
    /// DynamoDB and S3 on the emulator, browsers uploading to the bucket directly: as deployed.
    /// Nothing announces arrivals; a test feeds the bucket's events to the upload check.
    Aws,
}

pub struct TestApp {
    pub base: String,
    /// Where uploads land; removed with the test.
    _files: tempfile::TempDir,
    pub app: App,
    pub clock: Arc<ManualClock>,
    /// The local mailbox (the same SQLite store), as the local server uses it.
    pub mailbox: Arc<adminduk_embedded::SqliteStore>,
    http: reqwest::Client,
}

/// A response as the tests read it.
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl Reply {
    /// The error code of an error reply.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.body)
    }
}

fn resident(nik: &str, name: &str, born: (i32, u32, u32), sex: Sex, shdk: Shdk, status: MaritalStatus) -> Resident {
    Resident {
        nik: nik.parse().unwrap(),
        no_kk: family::KK.parse().unwrap(),
        name: name.into(),
        birth_place: "Sungguminasa".into(),
        birth_date: NaiveDate::from_ymd_opt(born.0, born.1, born.2).unwrap(),
        sex,
        religion: Religion::Islam,
        marital_status: status,
        blood_type: BloodType::O,
        citizenship: Citizenship::Wni,
        shdk,
        alive: true,
        active: true,
    }
}

/// A registration as the holder of `nik`'s KK card fills it in: the No. KK and birth date from the
/// fixture register (for a NIK not there, the fixture KK and the birth date its digits tell).
pub fn registration(nik: &str, phone: &str, email: &str) -> Value {
    let (_, people) = register_fixture();
    let (no_kk, born) = match people.iter().find(|p| p.nik.as_str() == nik) {
        Some(p) => (p.no_kk.to_string(), p.birth_date.to_string()),
        None => (family::KK.to_string(), "1985-03-12".to_string()),
    };
    json!({ "nik": nik, "no_kk": no_kk, "birth_date": born, "email": email, "phone": phone, "password": PASSWORD })
}

pub fn register_fixture() -> (Vec<Family>, Vec<Resident>) {
    use MaritalStatus::*;
    use Sex::*;
    use Shdk::*;
    let f = Family {
        no_kk: family::KK.parse().unwrap(),
        address: "Jl. Masjid Raya No. 12".into(),
        rt: "002".into(),
        rw: "004".into(),
        desa: Office::parse("73.06.08.1001").unwrap(),
    };
    let mut deceased = resident(family::DECEASED, "Hj. Maemunah", (1950, 1, 1), Perempuan, OrangTua, CeraiMati);
    deceased.alive = false;
    let mut foreigner = resident(family::FOREIGNER, "Kenji Sato", (1990, 2, 2), LakiLaki, FamiliLain, BelumKawin);
    foreigner.citizenship = Citizenship::Wna;
    let mut moved = resident(family::MOVED, "Rahmat Daeng Ngalle", (1991, 3, 3), LakiLaki, FamiliLain, BelumKawin);
    moved.active = false;
    let people = vec![
        resident(family::HEAD, "Andi Baso Mappatunru", (1985, 3, 12), LakiLaki, KepalaKeluarga, KawinTercatat),
        resident(family::WIFE, "Siti Rahmawati", (1987, 12, 5), Perempuan, Istri, KawinTercatat),
        resident(family::CHILD_16, "Muhammad Fadli", (2010, 6, 15), LakiLaki, Anak, BelumKawin),
        resident(family::CHILD_10, "Nurul Aisyah", (2016, 3, 20), Perempuan, Anak, BelumKawin),
        deceased,
        foreigner,
        moved,
    ];
    (vec![f], people)
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(Settings::default()).await
    }

    /// An application on a fresh store of the backend ADMINDUK_TEST_BACKEND names (`sqlite`, the
    /// default, or `dynamodb`), with the fixture family registered.
    pub async fn spawn_with(settings: Settings) -> TestApp {
        let backend = match std::env::var("ADMINDUK_TEST_BACKEND").as_deref() {
            Ok("dynamodb") => Backend::DynamoDb,
            Ok("sqlite") | Err(_) => Backend::Sqlite,
            Ok(other) => panic!("unknown ADMINDUK_TEST_BACKEND {other}: sqlite or dynamodb"),
        };
        TestApp::spawn_on(backend, settings).await
    }

    pub async fn spawn_on(backend: Backend, settings: Settings) -> TestApp {
        let store: Option<Arc<dyn Store>> = match backend {
            Backend::Sqlite => None,
            Backend::DynamoDb | Backend::Aws => Some(Arc::new(adminduk_aws::testing::fresh_store().await)),
        };
        TestApp::spawn_with_store(backend, store, settings).await
    }

    /// An application on `store` (the backend's own when `None`: SQLite).
    pub async fn spawn_with_store(backend: Backend, store: Option<Arc<dyn Store>>, settings: Settings) -> TestApp {
        // The local mailbox is always the embedded one; the store is the backend under test (a
        // database file with its reader connections, as the local server has it).
        let sqlite = Arc::new(adminduk_embedded::SqliteStore::open_temporary().unwrap());
        let store: Arc<dyn Store> = store.unwrap_or_else(|| sqlite.clone());
        let (families, residents) = register_fixture();
        store.upsert_register(families, residents).await.unwrap();
        let clock = Arc::new(ManualClock::at(test_day()));
        let files = tempfile::tempdir().unwrap();
        let blobs: Arc<dyn adminduk_app::ports::Blobs> = match backend {
            Backend::Aws => Arc::new(adminduk_aws::testing::fresh_bucket().await),
            Backend::Sqlite | Backend::DynamoDb => Arc::new(adminduk_embedded::DiskBlobs::new(files.path()).unwrap()),
        };
        // Tests hash many passwords: Argon2id at a lower cost (the algorithm is the same).
        let settings = Settings { argon2_memory_kib: 1024, argon2_passes: 1, ..settings };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        // Links in messages and presigned URLs point at this very server.
        let settings =
            Settings { issuer: base.clone(), public_url: base.clone(), webhooks_to_loopback: true, ..settings };
        let app = App::new(
            store,
            blobs,
            clock.clone(),
            TokenKeys::generate(),
            Catalogue::embedded().clone(),
            Calendar::embedded().clone(),
            settings,
        )
        .with_poster(Arc::new(adminduk_aws::HttpsPoster::new()))
        .with_data_key(adminduk_app::sealing::DataKey::generate());
        let router = adminduk_app::http::router(app.clone()).merge(adminduk_app::http::mailbox_routes(sqlite.clone()));
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        TestApp { base, _files: files, app, clock, mailbox: sqlite, http: reqwest::Client::new() }
    }

    pub fn advance(&self, by: TimeDelta) {
        self.clock.advance(by);
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let text = response.text().await.unwrap();
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Reply { status, body }
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(self.http.post(format!("{}{path}", self.base)).json(&body)).await
    }

    pub async fn post_as(&self, token: &str, path: &str, body: Value) -> Reply {
        self.send(self.http.post(format!("{}{path}", self.base)).bearer_auth(token).json(&body)).await
    }

    pub async fn patch_as(&self, token: &str, path: &str, body: Value) -> Reply {
        self.send(self.http.patch(format!("{}{path}", self.base)).bearer_auth(token).json(&body)).await
    }

    pub async fn put_as(&self, token: &str, path: &str, body: Value) -> Reply {
        self.send(self.http.put(format!("{}{path}", self.base)).bearer_auth(token).json(&body)).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        self.send(request).await
    }

    /// A raw request, for malformed bodies and other headers.
    pub async fn raw(&self, request: impl FnOnce(&reqwest::Client, String) -> reqwest::RequestBuilder) -> Reply {
        self.send(request(&self.http, self.base.clone())).await
    }

    /// The six-digit code in the newest pending SMS to `phone` (E.164).
    pub async fn code_sent_to(&self, phone: &str) -> String {
        let messages = self.app.store.pending_messages(1000).await.unwrap();
        let sms =
            messages.iter().rev().find(|m| m.recipient == phone).unwrap_or_else(|| panic!("no message to {phone}"));
        sms.body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a six-digit code").to_string()
    }

    /// Registers and activates the head of the fixture family; returns the user id.
    pub async fn citizen(&self, nik: &str, phone: &str, email: &str) -> String {
        let r = self.post("/api/v1/auth/register", registration(nik, phone, email)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let e164 = format!("+62{}", &phone[1..]);
        let code = self.code_sent_to(&e164).await;
        let r = self.post("/api/v1/auth/activate", json!({ "login": nik, "code": code })).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        r.body["user_id"].as_str().unwrap().to_string()
    }

    pub async fn login(&self, login: &str, password: &str) -> Reply {
        self.post("/api/v1/auth/login", json!({ "login": login, "password": password })).await
    }

    /// The current TOTP code for a base32 secret, on the test clock.
    pub fn totp(&self, secret: &str) -> String {
        totp_at(secret, self.app.clock.now())
    }

    /// Creates the first admin of Dinas Gowa (as the command line does) and logs in.
    pub async fn admin(&self) -> String {
        let created = bootstrap_officer(
            &self.app,
            NewOfficer {
                name: "Admin Dinas".into(),
                email: "admin@disdukcapil.gowakab.go.id".into(),
                phone: None,
                nik: None,
                office: Office::GOWA,
                roles: vec![Role::Admin],
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap();
        self.officer_session(&created.user_id).await
    }

    /// Logs an officer in with their password and current TOTP code; returns the access token.
    pub async fn officer_session(&self, login: &str) -> String {
        let alias = adminduk_app::auth::LoginName::parse(login).alias();
        let officer = self.app.store.account_by_alias(&alias).await.unwrap().expect("an officer");
        let code = self.totp(officer.totp_secret.as_deref().expect("officers have TOTP"));
        let r = self.post("/api/v1/auth/login", json!({ "login": login, "password": PASSWORD, "totp": code })).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        r.body["access_token"].as_str().unwrap().to_string()
    }
}

impl TestApp {
    /// An officer with `roles` at `office`, logged in; returns the access token.
    pub async fn officer(&self, email: &str, office: &str, roles: &[Role]) -> String {
        bootstrap_officer(
            &self.app,
            NewOfficer {
                name: format!("Petugas {email}"),
                email: email.into(),
                phone: None,
                nik: None,
                office: Office::parse(office).unwrap(),
                roles: roles.to_vec(),
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap();
        self.officer_session(email).await
    }

    /// The access token of a login reply.
    pub fn token(reply: &Reply) -> String {
        reply.body["access_token"].as_str().unwrap_or_else(|| panic!("{reply:?}")).to_string()
    }

    /// A registered, activated resident, logged in; returns the access token.
    pub async fn resident_session(&self, nik: &str, phone: &str, email: &str) -> String {
        self.citizen(nik, phone, email).await;
        let r = self.login(nik, PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        r.body["access_token"].as_str().unwrap().to_string()
    }

    /// A fresh session for a resident registered earlier (after the clock moved on).
    pub async fn resident_session_again(&self, login: &str) -> String {
        TestApp::token(&self.login(login, PASSWORD).await)
    }

    /// Presigns and uploads `bytes` as requirement `document` of a case; returns the upload's reply.
    pub async fn upload(
        &self,
        token: &str,
        case_id: &str,
        document: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Reply {
        self.attach(token, case_id, "requirement", document, content_type, bytes).await
    }

    /// Presigns and uploads `bytes` for `purpose` (`requirement`, `product`, `power_of_attorney`).
    pub async fn attach(
        &self,
        token: &str,
        case_id: &str,
        purpose: &str,
        document: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Reply {
        let sha = sha256_hex(&bytes);
        let body = json!({
            "document": document, "purpose": purpose, "content_type": content_type, "size": bytes.len(), "sha256": sha
        });
        let presigned = self.post_as(token, &format!("/api/v1/cases/{case_id}/uploads"), body).await;
        if presigned.status != StatusCode::CREATED {
            return presigned;
        }
        let url = presigned.body["url"].as_str().unwrap().to_string();
        let headers = presigned.body["headers"].as_object().unwrap().clone();
        self.raw(move |c, _| {
            let request = c.put(url).body(bytes);
            headers.iter().fold(request, |r, (name, value)| r.header(name, value.as_str().unwrap()))
        })
        .await
    }

    /// A resident's draft of a damaged KTP-el's replacement with its two documents, ready to file:
    /// the shortest case a resident files.
    pub async fn ktp_el_rusak_draft(&self, token: &str) -> String {
        let body = json!({ "service": "KK_KTP_EL_HILANG_RUSAK", "variant": "ktp_el_rusak" });
        let draft = self.post_as(token, "/api/v1/cases", body).await;
        let case = draft.body["id"].as_str().unwrap_or_else(|| panic!("{draft:?}")).to_string();
        assert_eq!(self.upload(token, &case, "ktp_el_rusak", "image/png", png(1)).await.status, StatusCode::OK);
        assert_eq!(self.upload(token, &case, "kk", "application/pdf", pdf(1)).await.status, StatusCode::OK);
        case
    }

    /// Files a draft at its current version, its reporter stating the data true (as the apps do).
    pub async fn submit(&self, token: &str, case_id: &str) -> Reply {
        let version = self.app.store.case(case_id).await.unwrap().unwrap().version;
        self.post_as(token, &format!("/api/v1/cases/{case_id}/submit"), json!({ "declared": true, "version": version }))
            .await
    }

    /// Takes a workflow action at the case's current version.
    pub async fn act(&self, token: &str, case_id: &str, action: &str, inputs: Value) -> Reply {
        let version = self.app.store.case(case_id).await.unwrap().unwrap().version;
        self.post_as(
            token,
            &format!("/api/v1/cases/{case_id}/actions"),
            json!({ "action": action, "version": version, "inputs": inputs }),
        )
        .await
    }

    /// A machine client named `id` holding `scopes`, with a token for all of them (through the
    /// client-credentials grant).
    pub async fn machine(&self, id: &str, scopes: &[&str]) -> String {
        self.machine_at(id, "73", scopes).await
    }

    /// A machine client named `id` of `office`, as [`TestApp::machine`].
    pub async fn machine_at(&self, id: &str, office: &str, scopes: &[&str]) -> String {
        let secret = format!("rahasia-{id}");
        let client = adminduk_app::ports::MachineClient {
            id: id.into(),
            name: format!("Sistem {id}"),
            secret_hash: adminduk_app::secrets::sha256_hex(&secret),
            previous_secret: None,
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            office: adminduk_domain::office::Office::parse(office).unwrap(),
            institution_id: None,
            disabled: false,
            created_at: self.app.clock.now(),
            version: 0,
            webhook: None,
        };
        self.app.store.commit(vec![adminduk_app::ports::Write::CreateClient(client)]).await.unwrap();
        let form =
            [("grant_type", "client_credentials".to_string()), ("client_id", id.into()), ("client_secret", secret)];
        let r = self.raw(move |c, base| c.post(format!("{base}/api/v1/oauth/token")).form(&form)).await;
        TestApp::token(&r)
    }

    /// The token of the client `created` (the admin's reply creating it), through the
    /// client-credentials grant.
    pub async fn client_token(&self, created: &Reply) -> String {
        assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
        let id = created.body["client_id"].as_str().unwrap().to_string();
        let secret = created.body["client_secret"].as_str().unwrap().to_string();
        let form = [("grant_type", "client_credentials".to_string()), ("client_id", id), ("client_secret", secret)];
        let r = self.raw(move |c, base| c.post(format!("{base}/api/v1/oauth/token")).form(&form)).await;
        TestApp::token(&r)
    }

    /// Records an outside system's answer over HTTP as a machine client would.
    pub async fn integration_answer(&self, token: &str, case_id: &str, action: &str, reference: &str) -> Reply {
        let number = self.app.store.case(case_id).await.unwrap().unwrap().number.expect("a filed case");
        let body = json!({ "reference": reference, "number": number, "action": action });
        self.post_as(token, "/api/v1/integrations/answers", body).await
    }

    /// The bodies of the messages waiting in the outbox for `recipient`, oldest first.
    pub async fn messages_to(&self, recipient: &str) -> Vec<String> {
        let messages = self.app.store.pending_messages(10_000).await.unwrap();
        messages.into_iter().filter(|m| m.recipient == recipient).map(|m| m.body).collect()
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A small but real PDF header and some content; `n` makes it unique.
pub fn pdf(n: u32) -> Vec<u8> {
    format!("%PDF-1.4\n% berkas uji {n}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n").into_bytes()
}

/// A tiny JPEG whose segments are whole (start, JFIF header, scan, end); `n` makes it unique.
pub fn jpeg(n: u32) -> Vec<u8> {
    let mut header = b"JFIF\0".to_vec();
    header.extend(format!("foto uji {n}").into_bytes());
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend(u16::try_from(header.len() + 2).unwrap().to_be_bytes());
    bytes.extend(header);
    bytes.extend([0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0x56, 0xFF, 0xD9]);
    bytes
}

/// A tiny PNG whose chunks are whole (header, data, end); `n` makes it unique.
pub fn png(n: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(&b"IHDR"[..], vec![0u8; 13]), (b"IDAT", n.to_be_bytes().to_vec()), (b"IEND", vec![])] {
        bytes.extend(u32::try_from(data.len()).unwrap().to_be_bytes());
        bytes.extend(kind);
        bytes.extend(&data);
        bytes.extend([0, 0, 0, 0]);
    }
    bytes
}

pub fn totp_at(secret: &str, at: DateTime<Utc>) -> String {
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .with_account_name("uji".to_string())
        .build()
        .unwrap();
    totp.generate(at.timestamp().unsigned_abs()).to_string()
}
