//! The local installation: a data folder holding the SQLite database, and the application
//! built over it for commands that change it.

use std::path::Path;
use std::sync::Arc;

use adminduk_app::App;
use adminduk_app::clock::SystemClock;
use adminduk_app::ports::StoreError;
use adminduk_app::settings::Settings;
use adminduk_app::tokens::TokenKeys;
use adminduk_domain::Coded;
use adminduk_embedded::{DiskBlobs, SqliteStore};

use crate::data_dir::Data;

pub const DATABASE: &str = "adminduk.sqlite";
pub const UPLOADS: &str = "uploads";

#[derive(Debug, thiserror::Error)]
#[error("Basis data di {path} tidak dapat dibuka: {reason}")]
pub struct OpenError {
    path: String,
    reason: String,
}

impl Coded for OpenError {
    fn code(&self) -> &'static str {
        "DATABASE_UNAVAILABLE"
    }
}

/// Opens (creating if needed) the installation in `folder`. Commands that sign nothing get a
/// throw-away signing key.
pub fn open(data: Data, folder: &Path) -> Result<App, OpenError> {
    let err = |reason: String| OpenError { path: folder.display().to_string(), reason };
    std::fs::create_dir_all(folder).map_err(|e| err(e.to_string()))?;
    let store = SqliteStore::open(&folder.join(DATABASE)).map_err(|StoreError(e)| err(e))?;
    let blobs = DiskBlobs::new(&folder.join(UPLOADS)).map_err(|StoreError(e)| err(e))?;
    Ok(App::new(
        Arc::new(store),
        Arc::new(blobs),
        Arc::new(SystemClock),
        TokenKeys::generate(),
        data.catalogue,
        data.calendar,
        Settings::default(),
    ))
}

/// A runtime for the commands that talk to the store.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime")
}
