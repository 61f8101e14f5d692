//! Reads and writes over HTTP, each measured beside its floor in the same server process, on the
//! same SQLite file, with the same bearer tokens, in one run:
//!
//! - a reporter reading their case (`GET /api/v1/cases/{id}`) and an officer reading their queue
//!   among 10,000 open cases (`GET /api/v1/queue`), at 32 connections, against a floor route that
//!   verifies the same token and reads one case by key: at least half the floor's rate, the
//!   medians of three rounds each;
//! - filing drafts (`POST /api/v1/cases/{id}/submit`: number, history, the reporter's SMS and
//!   e-mail in the outbox) at 16 connections,
//!   against a floor route that verifies the token and commits one audit line: at least 30% of
//!   the floor's rate, with no error; the medians of three rounds of 2,400 drafts each.
//!
//! Exits non-zero below a floor. Run with `make bench`. `--short` (what `make test` runs on the
//! test build, where ratios mean little) measures on 1,000 cases for a moment each and reports
//! without judging; it still fails on any error.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use adminduk_app::App;
use adminduk_app::ports::{
    Account, AccountKind, AccountStatus, Applicant, AuditEntry, Case, ReporterKind, Resident, Store, Write,
};
use adminduk_app::settings::Settings;
use adminduk_app::tokens::{Claims, SubjectKind};
use adminduk_domain::catalogue::Service;
use adminduk_domain::office::Office;
use adminduk_domain::workflow::Role;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};

/// The allocator the local server runs with (cli/src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const READ_CONNECTIONS: usize = 32;
const WRITE_CONNECTIONS: usize = 16;
const MIN_READ_SHARE: f64 = 0.5;
const MIN_WRITE_SHARE: f64 = 0.3;

/// The floor of a read: the token verified, one case read by key.
async fn floor_read(State(app): State<App>, headers: HeaderMap, Path(id): Path<String>) -> StatusCode {
    let header = headers.get("authorization").and_then(|h| h.to_str().ok());
    if adminduk_app::auth::authenticate(&app, header).is_err() {
        return StatusCode::UNAUTHORIZED;
    }
    match app.store.case(&id).await {
        Ok(Some(case)) if serde_json::to_vec(&case).is_ok() => StatusCode::OK,
        _ => StatusCode::NOT_FOUND,
    }
}

/// The floor of a write: the token verified, one line committed durably.
async fn floor_write(State(app): State<App>, headers: HeaderMap) -> StatusCode {
    let header = headers.get("authorization").and_then(|h| h.to_str().ok());
    let Ok(claims) = adminduk_app::auth::authenticate(&app, header) else { return StatusCode::UNAUTHORIZED };
    let entry = AuditEntry {
        at: app.clock.now(),
        actor: claims.sub,
        action: "bench".into(),
        subject: "floor".into(),
        detail: serde_json::json!({}),
        client_address: None,
    };
    match app.store.commit(vec![Write::Audit(entry)]).await {
        Ok(()) => StatusCode::OK,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn token(app: &App, sub: &str, kind: SubjectKind, roles: Vec<Role>, office: Option<Office>) -> String {
    let now = app.clock.now();
    app.keys.sign(&Claims {
        iss: app.settings.issuer.clone(),
        sub: sub.into(),
        iat: now.timestamp(),
        exp: (now + chrono::TimeDelta::hours(1)).timestamp(),
        jti: format!("bench-{sub}"),
        kind,
        roles,
        office,
        scope: None,
    })
}

/// A case of `service` in `state`, reported by `reporter` about `applicant`.
fn case(id: String, service: &Service, state: &str, reporter: &str, applicant: &Applicant) -> Case {
    let catalogue = adminduk_domain::catalogue::Catalogue::embedded();
    let variant = &service.variants[0];
    let workflow = catalogue.workflow(service.workflow_of(variant)).expect("the service's workflow");
    let reporter = (reporter.to_string(), ReporterKind::Pribadi);
    let now = chrono::Utc::now();
    let new = adminduk_app::cases::new_case(service, variant, workflow, Office::GOWA, applicant.clone(), reporter, now);
    Case { id, state: state.into(), state_due: Some(now + chrono::TimeDelta::days(3)), ..new }
}

/// A GET of `url` with `bearer`, to send again and again.
fn getter(http: &reqwest::Client, url: String, bearer: &str) -> impl Fn() -> reqwest::RequestBuilder + use<> {
    let (http, bearer) = (http.clone(), bearer.to_string());
    move || http.get(&url).bearer_auth(&bearer)
}

/// Requests per second of `request` at `connections`, each sending one after another for
/// `seconds`; every answer must be `expected`.
async fn rate(connections: usize, seconds: f64, request: impl Fn() -> reqwest::RequestBuilder) -> Result<f64, String> {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let done = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (build, done) = (request(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let r = build.try_clone().unwrap().send().await.map_err(|e| e.to_string())?;
                if r.status() != reqwest::StatusCode::OK {
                    return Err(format!("{} {}", r.status(), r.text().await.unwrap_or_default()));
                }
                r.bytes().await.map_err(|e| e.to_string())?;
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        }));
    }
    let started = Instant::now();
    for t in tasks {
        t.await.unwrap()?;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

/// How much is measured, and whether the floors are judged.
struct Size {
    open_cases: usize,
    /// Drafts each write connection files in a round.
    writes_per_connection: usize,
    seconds: f64,
    /// Rounds of each read and write and its floor.
    rounds: usize,
    judged: bool,
}

fn median(mut rates: Vec<f64>) -> f64 {
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

/// Measures `name` and its floor in `size.rounds` rounds, each round the floor then the route
/// (`round` answers both rates), and judges the medians: one round on a small machine lands now
/// high, now low. Any error fails it.
async fn compare<F, Fut>(size: &Size, name: &str, min_share: f64, mut round: F) -> bool
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = (Result<f64, String>, Result<f64, String>)>,
{
    let (mut floors, mut measured) = (Vec::new(), Vec::new());
    for r in 0..size.rounds {
        match round(r).await {
            (Ok(f), Ok(m)) => {
                floors.push(f);
                measured.push(m);
            }
            (f, m) => {
                println!("{name}: failed: {m:?} / floor {f:?}");
                return false;
            }
        }
    }
    verdict(size, name, median(measured), median(floors), min_share)
}

fn verdict(size: &Size, name: &str, measured: f64, floor: f64, min_share: f64) -> bool {
    let share = measured / floor;
    let ok = share >= min_share || !size.judged;
    let judgement = match (size.judged, share >= min_share) {
        (false, _) => "reported only",
        (true, true) => "ok",
        (true, false) => "BELOW THE FLOOR",
    };
    println!(
        "{name}: {measured:.0}/s, floor {floor:.0}/s, {:.0}% of the floor (at least {:.0}%): {judgement}",
        share * 100.0,
        min_share * 100.0,
    );
    ok
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber_init();
    let size = if std::env::args().any(|a| a == "--short") {
        Size { open_cases: 1_000, writes_per_connection: 10, seconds: 0.3, rounds: 1, judged: false }
    } else {
        Size { open_cases: 10_000, writes_per_connection: 150, seconds: 3.0, rounds: 3, judged: true }
    };
    let seconds = size.seconds;
    let folder = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        Arc::new(adminduk_embedded::SqliteStore::open(&folder.path().join("bench.db")).unwrap());
    let today = chrono::Local::now().date_naive();
    let (families, people): (Vec<_>, Vec<_>) = adminduk_app::demo::DemoRegister::new(7, today).take(2_000).unzip();
    let people: Vec<Resident> = people.into_iter().flatten().collect();
    let head = people[0].clone();
    store.upsert_register(families, people.clone()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let settings = Settings { issuer: base.clone(), public_url: base.clone(), ..Settings::default() };
    let app = App::new(
        store.clone(),
        Arc::new(adminduk_embedded::DiskBlobs::new(folder.path()).unwrap()),
        Arc::new(adminduk_app::clock::SystemClock),
        adminduk_app::tokens::TokenKeys::generate(),
        adminduk_domain::catalogue::Catalogue::embedded().clone(),
        adminduk_domain::calendar::Calendar::embedded().clone(),
        settings,
    );
    adminduk_app::demo::seed_accounts(&app, head.nik.as_str()).await.unwrap();
    let resident = store.account_by_alias(&format!("nik:{}", head.nik)).await.unwrap().expect("the demo citizen");
    let officer = store.account_by_alias("email:fo@demo.gowakab.go.id").await.unwrap().expect("the demo front office");

    // The officer's queue: open cases in the first state the front office works.
    let catalogue = adminduk_domain::catalogue::Catalogue::embedded();
    let (service, state) = catalogue
        .services()
        .filter(|s| s.office == adminduk_domain::catalogue::OfficeLevel::Kabupaten)
        .find_map(|s| {
            let w = catalogue.workflow(s.workflow_of(&s.variants[0]))?;
            let st = w.states.iter().find(|st| st.actions.iter().any(|a| a.roles.contains(&Role::FrontOffice)))?;
            Some((s, st.code.clone()))
        })
        .expect("a state the front office works");
    let about =
        |p: &Resident| Applicant { nik: Some(p.nik.clone()), no_kk: Some(p.no_kk.clone()), name: p.name.clone() };
    for chunk in (0..size.open_cases).collect::<Vec<_>>().chunks(500) {
        let writes = chunk
            .iter()
            .map(|i| {
                // The first about the reporter, who reads it; the others about everyone else.
                let applicant = about(&people[i % people.len()]);
                let mut c = case(format!("K-Q{i:06}"), service, &state, &resident.id, &applicant);
                c.number = Some(format!("BENCH-{i:06}"));
                c.submitted_at = Some(c.created_at);
                adminduk_app::cases::listing::create(&app, c)
            })
            .collect();
        store.commit(writes).await.unwrap();
    }
    // Drafts to file: a complaint (no document asked) each, of as many residents with accounts.
    let complaint = catalogue.service("PENGADUAN_KABUPATEN").expect("the complaint service");
    let first = catalogue.workflow(complaint.workflow_of(&complaint.variants[0])).unwrap().initial.clone();
    let per_round = WRITE_CONNECTIONS * size.writes_per_connection;
    let drafts = per_round * size.rounds;
    // Identified as the product identifies them (random), not in a sequence whose neighbours
    // share the pages of every index by case.
    let draft_ids: Vec<String> = (0..drafts).map(|_| adminduk_app::secrets::random_id("K-")).collect();
    let filers: Vec<&Resident> = people.iter().skip(1).filter(|p| p.alive && p.active).take(drafts).collect();
    assert_eq!(filers.len(), drafts, "a resident for each draft");
    let now = chrono::Utc::now();
    for (chunk_no, chunk) in filers.chunks(250).enumerate() {
        let mut writes = Vec::new();
        for (j, p) in chunk.iter().enumerate() {
            let i = chunk_no * 250 + j;
            let account = Account {
                id: format!("P-B{i:06}"),
                kind: AccountKind::Pribadi,
                name: p.name.clone(),
                nik: Some(p.nik.clone()),
                // Told of the filing by SMS and e-mail, as a registered resident is: two outbox rows.
                email: Some(format!("pelapor{i}@contoh.id")),
                phone: Some(format!("+62812{i:08}")),
                password_hash: "-".into(),
                status: AccountStatus::Active,
                totp_secret: None,
                office: None,
                roles: vec![],
                unit_id: None,
                staff: None,
                sessions_valid_after: None,
                declared: None,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            let mut c = case(draft_ids[i].clone(), complaint, &first, &account.id, &about(p));
            c.answers.insert("isi_pengaduan".into(), serde_json::json!("Antrean di loket terlalu panjang"));
            writes.extend([Write::CreateAccount(account), adminduk_app::cases::listing::create(&app, c)]);
        }
        store.commit(writes).await.unwrap();
    }

    let router = adminduk_app::http::router(app.clone()).merge(
        axum::Router::new()
            .route("/floor/read/{id}", get(floor_read))
            .route("/floor/write", post(floor_write))
            .with_state(app.clone()),
    );
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    let resident_token = token(&app, &resident.id, SubjectKind::Pribadi, vec![], None);
    let officer_token = token(&app, &officer.id, SubjectKind::Officer, officer.roles.clone(), officer.office);
    let http = reqwest::Client::new();
    let get = |path: &str, bearer: &str| getter(&http, format!("{base}{path}"), bearer);

    let mut ok = true;
    let reads = [
        ("reporter reads their case", get("/api/v1/cases/K-Q000001", &resident_token), &resident_token),
        ("officer reads their queue", get("/api/v1/queue", &officer_token), &officer_token),
    ];
    for (name, request, bearer) in reads {
        let (request, floor) = (&request, get("/floor/read/K-Q000001", bearer));
        let floor = &floor;
        ok &= compare(&size, name, MIN_READ_SHARE, |_| async move {
            let f = rate(READ_CONNECTIONS, seconds, floor).await;
            (f, rate(READ_CONNECTIONS, seconds, request).await)
        })
        .await;
    }

    // Writes: each round files its own drafts once, WRITE_CONNECTIONS at a time, after the floor
    // as many times.
    // Each filer's token and draft, in each round in another order than the drafts were made (by
    // their random ids), as people file drafts made at different times: drafts filed side by
    // side lie apart in the table.
    let mut filings: Vec<(String, String)> = draft_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (token(&app, &format!("P-B{i:06}"), SubjectKind::Pribadi, vec![], None), id.clone()))
        .collect();
    for round in filings.chunks_mut(per_round) {
        round.sort_by(|a, b| a.1.cmp(&b.1));
    }
    let filings = Arc::new(filings);
    let database = folder.path().join("bench.db");
    let timed = |submit: bool, round: usize| {
        let (http, base, filings) = (http.clone(), base.clone(), filings.clone());
        let (next, end) = (Arc::new(AtomicU64::new((round * per_round) as u64)), (round + 1) * per_round);
        let database = database.clone();
        async move {
            // Each measure starts from an empty log: it pays for the checkpoints of what it wrote
            // itself, not for those of the measure before (filing writes several times as much).
            // Emptied, not cut to nothing: a running server writes its log over in place, and a
            // log grown from nothing has the file system find room for every page.
            // Asked again while the server's own copier is copying (SQLite waits for no other).
            let emptied = rusqlite::Connection::open(&database).and_then(|c| {
                c.busy_timeout(Duration::from_secs(5))?;
                for _ in 0..1_000 {
                    if c.query_row("PRAGMA wal_checkpoint(RESTART)", [], |r| r.get::<_, i64>(0))? == 0 {
                        return Ok(true);
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok(false)
            });
            assert_eq!(emptied.map_err(|e| e.to_string()), Ok(true), "the log is checkpointed and emptied");
            let started = Instant::now();
            let tasks: Vec<_> = (0..WRITE_CONNECTIONS)
                .map(|_| {
                    let (http, base, filings, next) = (http.clone(), base.clone(), filings.clone(), next.clone());
                    tokio::spawn(async move {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                            if i >= end {
                                return Ok::<(), String>(());
                            }
                            let (token, draft) = &filings[i];
                            let request = if submit {
                                http.post(format!("{base}/api/v1/cases/{draft}/submit"))
                                    .json(&serde_json::json!({ "declared": true, "version": 1 }))
                            } else {
                                http.post(format!("{base}/floor/write"))
                            };
                            let r = request.bearer_auth(token).send().await.map_err(|e| e.to_string())?;
                            if r.status() != reqwest::StatusCode::OK {
                                return Err(format!("{} {}", r.status(), r.text().await.unwrap_or_default()));
                            }
                        }
                    })
                })
                .collect();
            for t in tasks {
                t.await.unwrap()?;
            }
            Ok::<f64, String>(per_round as f64 / started.elapsed().as_secs_f64())
        }
    };
    ok &= compare(&size, "filing drafts", MIN_WRITE_SHARE, |round| {
        let (floor, filing) = (timed(false, round), timed(true, round));
        async move {
            let f = floor.await;
            (f, filing.await)
        }
    })
    .await;
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn tracing_subscriber_init() {
    let _ = tracing_subscriber::fmt().with_env_filter("error").try_init();
}
