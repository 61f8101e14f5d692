//! The local installation: a data folder holding the SQLite database, and the application
//! built over it for commands that change it.

use std::path::Path;
use std::sync::Arc;

use adminduk_app::App;
use adminduk_app::clock::SystemClock;
use adminduk_app::ports::{Mailbox, Sender, StoreError};
use adminduk_app::sealing::DataKey;
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

pub const SIGNING_KEY: &str = "signing-key.pem";
pub const DATA_KEY: &str = "data-key";

/// Opens (creating if needed) the installation in `folder`. Commands that sign nothing get a
/// throw-away signing key.
pub fn open(data: Data, folder: &Path) -> Result<App, OpenError> {
    open_with(data, folder, TokenKeys::generate(), Settings::default()).map(|(app, _)| app)
}

/// A running installation: the application, where its messages leave, and the local mailbox
/// when there is one.
pub struct Installation {
    pub app: App,
    pub sender: Arc<dyn Sender>,
    pub mailbox: Option<Arc<dyn Mailbox>>,
}

/// Opens the embedded installation with these keys and settings: SQLite, files on disk, and the
/// local mailbox (the same database) standing in for SMS and e-mail.
pub fn open_embedded(
    data: Data,
    folder: &Path,
    keys: TokenKeys,
    settings: Settings,
) -> Result<Installation, OpenError> {
    let (app, store) = open_with(data, folder, keys, settings)?;
    Ok(Installation { app, sender: store.clone(), mailbox: Some(store) })
}

fn open_with(
    data: Data,
    folder: &Path,
    keys: TokenKeys,
    settings: Settings,
) -> Result<(App, Arc<SqliteStore>), OpenError> {
    let err = |reason: String| OpenError { path: folder.display().to_string(), reason };
    std::fs::create_dir_all(folder).map_err(|e| err(e.to_string()))?;
    let store = Arc::new(SqliteStore::open(&folder.join(DATABASE)).map_err(|StoreError(e)| err(e))?);
    let blobs = DiskBlobs::new(&folder.join(UPLOADS)).map_err(|StoreError(e)| err(e))?;
    let poster = adminduk_aws::HttpsPoster::new().reaching_loopback(settings.webhooks_to_loopback);
    let app =
        App::new(store.clone(), Arc::new(blobs), Arc::new(SystemClock), keys, data.catalogue, data.calendar, settings)
            .with_poster(Arc::new(poster));
    Ok((app, store))
}

/// The installation's signing key, made on first use and kept (readable by its owner only).
pub fn signing_key(folder: &Path) -> Result<TokenKeys, OpenError> {
    kept_key(folder, SIGNING_KEY, || TokenKeys::generate().to_pem().to_string(), TokenKeys::from_pem)
}

/// The installation's data key (sealing webhook secrets), made on first use and kept likewise.
pub fn data_key(folder: &Path) -> Result<DataKey, OpenError> {
    kept_key(folder, DATA_KEY, DataKey::new_text, DataKey::from_text)
}

/// A key kept as text in `folder/name`, written by `make` when there is none yet.
fn kept_key<K>(
    folder: &Path,
    name: &str,
    make: impl FnOnce() -> String,
    read: impl FnOnce(&str) -> Result<K, String>,
) -> Result<K, OpenError> {
    let path = folder.join(name);
    let err = |reason: String| OpenError { path: path.display().to_string(), reason };
    std::fs::create_dir_all(folder).map_err(|e| err(e.to_string()))?;
    match std::fs::read_to_string(&path) {
        Ok(text) => read(&text).map_err(err),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let text = make();
            write_private(&path, &text).map_err(|e| err(e.to_string()))?;
            read(&text).map_err(err)
        }
        Err(e) => Err(err(e.to_string())),
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

/// A runtime for the commands that talk to the store.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime")
}
