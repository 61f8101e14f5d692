//! `adminduk serve`: the whole product on one machine. Every route, the SQLite store and the
//! uploads under the data folder, demo data on the first start, the outbox drained into the
//! local mailbox in the background, and a graceful stop that keeps everything.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use adminduk_app::settings::Settings;
use axum::serve::ListenerExt;
use chrono::Datelike;
use serde::Serialize;

use super::seed_demo::{self, Seeded};
use crate::data_dir::Data;
use crate::installation;
use crate::output::{Failure, Output};

/// Families in the demo register of a first start.
const DEMO_FAMILIES: u32 = 200;

#[derive(Serialize)]
struct Started {
    url: String,
    /// The local mailbox, on a loopback address only; on AWS, messages leave through SNS and SES.
    mailbox: Option<String>,
    data: String,
    /// Present on the first start only.
    #[serde(skip_serializing_if = "Option::is_none")]
    demo: Option<Seeded>,
}

pub struct Options {
    pub bind: String,
    pub port: u16,
    pub backend: crate::Backend,
    /// Where the built web apps are; served when the citizen site is there.
    pub web: PathBuf,
    /// Seconds an access token lives.
    pub access_ttl: u32,
    /// Seconds a one-time code lives.
    pub code_ttl: u32,
    /// Sign-ins, registrations and codes one address may ask for in a window.
    pub attempts_per_address: u32,
}

pub fn run(data: Data, folder: &Path, options: Options, out: &Output) -> ExitCode {
    // Logs go to stderr; RUST_LOG adjusts them (default: a line per request, warnings and errors).
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "warn,adminduk_app::http::trace=info".into());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    let runtime = installation::runtime();
    match runtime.block_on(serve(data, folder, options, out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => out.fail(f),
    }
}

async fn serve(data: Data, folder: &Path, options: Options, out: &Output) -> Result<(), Failure> {
    let Options { bind, port, backend, web, access_ttl, code_ttl, attempts_per_address } = options;
    let listener = tokio::net::TcpListener::bind((bind.as_str(), port)).await.map_err(|e| Failure {
        code: "PORT_UNAVAILABLE",
        message: format!("Tidak dapat membuka {bind}:{port}: {e}"),
    })?;
    let address = listener.local_addr().map_err(|e| Failure { code: "PORT_UNAVAILABLE", message: e.to_string() })?;
    let url = format!("http://{address}");
    let keys = installation::signing_key(folder).map_err(|e| Failure::from(&e))?;
    let data_key = installation::data_key(folder).map_err(|e| Failure::from(&e))?;
    let settings = Settings {
        issuer: url.clone(),
        public_url: url.clone(),
        access_ttl: chrono::TimeDelta::seconds(access_ttl.into()),
        code_ttl: chrono::TimeDelta::seconds(code_ttl.into()),
        limit_per_address: attempts_per_address,
        whatsapp: adminduk_app::settings::WhatsAppKeys::from_env(),
        // A developer's webhook receiver beside the local server.
        webhooks_to_loopback: true,
        ..Settings::default()
    };
    let installation = match backend {
        crate::Backend::Embedded => {
            installation::open_embedded(data, folder, keys, settings).map_err(|e| Failure::from(&e))?
        }
        crate::Backend::Aws => crate::aws::open(data, keys, settings).await,
    };
    let (app, sender, mailbox) = (installation.app.with_data_key(data_key), installation.sender, installation.mailbox);
    // The mailbox shows one-time codes: served only to this machine.
    let mailbox = mailbox.filter(|_| address.ip().is_loopback());

    let first_start = app
        .store
        .accounts_of_kind(adminduk_app::ports::AccountKind::Officer)
        .await
        .map_err(|e| Failure { code: "STORE_FAILED", message: e.to_string() })?
        .is_empty();
    let demo = if first_start { Some(seed_demo::seed(&app, DEMO_FAMILIES, 1).await?) } else { None };
    let next_year = app.today().year() + 1;
    if !app.calendar.years().any(|(y, _)| y == next_year) {
        eprintln!(
            "Peringatan: daftar hari libur tahun {next_year} belum ada di kalender; tambahkan sebelum akhir tahun."
        );
    }

    // Background work: the outbox goes to the mailbox every second, and housekeeping (deadlines,
    // reminders, retention) runs every half minute.
    let worker = {
        let (app, sender) = (app.clone(), sender.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            for n in 0u64.. {
                tick.tick().await;
                if let Err(e) = app.outbox().drain(sender.as_ref(), 100).await {
                    tracing::error!(error = %e, "outbox drain failed");
                }
                if n % 30 == 0 {
                    // Each failure is logged where it happens.
                    let _ = adminduk_app::housekeeping::run(&app, 100).await;
                }
            }
        })
    };

    let started = Started {
        mailbox: mailbox.is_some().then(|| format!("{url}/api/v1/local/mailbox")),
        url: url.clone(),
        data: folder.display().to_string(),
        demo,
    };
    out.show(&started, || {
        let mut text = format!(
            "Layanan Adminduk Online berjalan di {url}\n  Situs warga {url}/\n  API      {url}/api/v1 (dokumen: {url}/openapi.json)\n  Kesehatan {url}/health\n  Kunci publik {url}/.well-known/jwks.json\n  Kotak surat lokal (SMS dan email) {}\n  Data     {}\n",
            started.mailbox.as_deref().unwrap_or(
                "tidak dilayani (hanya di alamat loopback; pada AWS SMS melalui SNS, email melalui SES)"
            ),
            started.data
        );
        match &started.demo {
            Some(seeded) => text.push_str(&format!("\n{}", seed_demo::describe(seeded))),
            None => text.push_str("Data yang ada dipakai kembali (akun demo dibuat pada start pertama; lihat `adminduk seed-demo`).\n"),
        }
        text.push_str("\nTekan Ctrl+C untuk berhenti.\n");
        text
    });

    let mut router = adminduk_app::http::router(app.clone());
    if let Some(mailbox) = mailbox {
        router = router.merge(adminduk_app::http::mailbox_routes(mailbox));
    }
    if web.join("citizen/index.html").is_file() {
        router = adminduk_app::http::with_web(router, &web);
    } else {
        eprintln!("Situs warga belum dibangun di {}: `make run` membangunnya (API tetap berjalan).", web.display());
    }
    // Held to a number of connections and a time to send each request (`tap_io` keeps the
    // client's address available to the handlers).
    let listener = crate::listener::Limited::new(listener, crate::listener::Limits::default()).tap_io(|_| ());
    let served = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(stopped())
        .await;
    worker.abort();
    // What the worker had not sent yet is still in the outbox and goes out at the next start.
    served.map_err(|e| Failure { code: "SERVER_FAILED", message: e.to_string() })?;
    eprintln!("Layanan berhenti; data tersimpan di {}.", folder.display());
    Ok(())
}

/// Ctrl+C, or SIGTERM from a service manager.
async fn stopped() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
