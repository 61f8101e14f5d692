//! Use cases and HTTP routers of Layanan Adminduk Online, over store ports that the embedded
//! (SQLite) and AWS adapters implement.

pub mod admin;
pub mod auth;
pub mod caller;
pub mod cases;
pub mod clock;
pub mod delivery;
pub mod demo;
pub mod error;
pub mod housekeeping;
pub mod http;
pub mod privacy;
pub mod register;
pub mod reports;
pub mod sealing;
pub mod secrets;
pub mod settings;
pub mod tokens;
pub mod verification;
pub mod webhooks;

mod app;

pub use adminduk_ports as ports;
pub use app::App;
pub use error::AppError;
