//! `adminduk`: the command-line entry to Layanan Adminduk Online. It grows with the product; for
//! now it shows the catalogue and workflows, checks NIKs and computes deadlines.

mod aws;
mod commands;
mod data_dir;
mod installation;
mod listener;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "adminduk", version, about = "Layanan Adminduk Online: katalog layanan, NIK, alur dan tenggat")]
struct Cli {
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Load the catalogue and calendar from this folder (laid out like shared/domain/data)
    /// instead of the copy built into the program.
    #[arg(long, global = true, value_name = "DIR")]
    catalogue: Option<PathBuf>,
    /// Folder of the local installation: the SQLite database (and later uploads and keys).
    #[arg(long, global = true, value_name = "DIR", default_value = "data")]
    data: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Every service with its variants, requirements, reporter rules, products, fee, time
    /// standard and workflow.
    Catalogue,
    /// Checks a NIK: birth date, sex, region and warnings, or why it is invalid.
    Nik {
        nik: String,
        /// Reference date for the two-digit birth year (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        at: Option<chrono::NaiveDate>,
    },
    /// States, actions (roles, required inputs, notification) and time standards of a workflow.
    Workflow {
        /// Workflow code, e.g. loket_desa_kk. Without it, the list of workflows.
        name: Option<String>,
    },
    /// When a service's time standard runs out, on the working-day calendar.
    Deadline {
        #[arg(long, value_name = "CODE")]
        service: String,
        /// Variant code, when the variant has its own time standard (default: the first).
        #[arg(long)]
        variant: Option<String>,
        /// When the clock starts, RFC 3339 (e.g. 2026-11-23T10:00:00+08:00).
        #[arg(long, value_name = "TIME")]
        start: chrono::DateTime<chrono::FixedOffset>,
    },
    /// Imports the population register from a CSV export (columns: see README), in batches;
    /// rejected rows are written with their line numbers and reasons.
    ImportRegister {
        file: PathBuf,
        /// Where to write the rejected rows (default: FILE.ditolak.csv).
        #[arg(long, value_name = "FILE")]
        rejects: Option<PathBuf>,
    },
    /// Fills the installation with a deterministic synthetic Gowa register and demo accounts of
    /// every kind, and prints their credentials.
    SeedDemo {
        #[arg(long, default_value_t = 200)]
        families: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Runs the local server: every route, the store and uploads under --data, demo data on
    /// the first start, the local mailbox for SMS and e-mail.
    Serve {
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// 0 picks a free port.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// `embedded` (SQLite, files, local mailbox) or `aws` (DynamoDB, S3, SNS, SES at the
        /// endpoints the AWS settings name).
        #[arg(long, value_enum, default_value_t = Backend::Embedded)]
        backend: Backend,
        /// The built web apps (`make run` builds them): the citizen site at `/`, the officer
        /// dashboard at `/dashboard`.
        #[arg(long, value_name = "DIR", default_value = "web/dist")]
        web: PathBuf,
        /// How long an access token lives, in seconds; the web apps renew it with the refresh token.
        #[arg(long, value_name = "SECONDS", default_value_t = 900, value_parser = clap::value_parser!(u32).range(10..=86_400))]
        access_ttl: u32,
        /// How long a one-time code (activation, password reset) lives, in seconds; a registration
        /// never activated can be started again once its code has run out.
        #[arg(long, value_name = "SECONDS", default_value_t = 600, value_parser = clap::value_parser!(u32).range(30..=3_600))]
        code_ttl: u32,
        /// Sign-ins, registrations and codes one address may ask for in a 15-minute window (the
        /// browser tests all come from one address).
        #[arg(long, value_name = "N", default_value_t = adminduk_app::settings::Settings::default().limit_per_address)]
        attempts_per_address: u32,
    },
    /// The API's routes and the Lambda function that serves each.
    Routes,
    /// The API's OpenAPI 3.1 document (committed as web/openapi.json).
    Openapi,
    /// Prints a new Ed25519 signing key (PEM), to keep in Secrets Manager for a deployment.
    SigningKey,
    /// Prints a new data key (sealing webhook secrets at rest), to keep in Secrets Manager.
    DataKey,
    /// Creates the DynamoDB table, the uploads bucket and the SES identity on an emulator or a
    /// fresh account (names from ADMINDUK_TABLE, ADMINDUK_UPLOADS_BUCKET, ADMINDUK_EMAIL_FROM).
    BootstrapAws,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    Embedded,
    Aws,
}

/// mimalloc rather than the system's allocator: the server allocates and frees per request from
/// both cores (a filing spent 9% of its time in malloc; the requests bench, which uses the same,
/// filed at 33% of its floor instead of 28%).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = output::Output::new(cli.json);
    let data = match data_dir::Data::load(cli.catalogue.as_deref()) {
        Ok(data) => data,
        Err(e) => return out.fail(&e),
    };
    match cli.command {
        Command::Catalogue => commands::catalogue::run(&data, &out),
        Command::Nik { nik, at } => commands::nik::run(&nik, at, &out),
        Command::Workflow { name } => commands::workflow::run(&data, name.as_deref(), &out),
        Command::Deadline { service, variant, start } => {
            commands::deadline::run(&data, &service, variant.as_deref(), start, &out)
        }
        Command::ImportRegister { file, rejects } => {
            commands::import_register::run(data, &cli.data, &file, rejects, &out)
        }
        Command::SeedDemo { families, seed } => commands::seed_demo::run(data, &cli.data, families, seed, &out),
        Command::Serve { bind, port, backend, web, access_ttl, code_ttl, attempts_per_address } => {
            let options =
                commands::serve::Options { bind, port, backend, web, access_ttl, code_ttl, attempts_per_address };
            commands::serve::run(data, &cli.data, options, &out)
        }
        Command::Routes => commands::routes::run(&out),
        Command::Openapi => {
            use utoipa::OpenApi as _;
            println!("{}", adminduk_app::http::ApiDoc::openapi().to_pretty_json().expect("serialisable"));
            ExitCode::SUCCESS
        }
        Command::SigningKey => {
            print!("{}", adminduk_app::tokens::TokenKeys::generate().to_pem());
            ExitCode::SUCCESS
        }
        Command::DataKey => {
            println!("{}", adminduk_app::sealing::DataKey::new_text());
            ExitCode::SUCCESS
        }
        Command::BootstrapAws => match installation::runtime().block_on(aws::bootstrap()) {
            Ok(names) => {
                let made =
                    serde_json::json!({ "table": names.table, "bucket": names.bucket, "email_from": names.email_from });
                out.show(&made, || {
                    format!(
                        "Tabel {}, bucket {} dan identitas email {} siap.\n",
                        names.table, names.bucket, names.email_from
                    )
                })
            }
            Err(f) => out.fail(f),
        },
    }
}
