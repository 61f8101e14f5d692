//! Embedded adapters: everything the application needs on one machine, with no service to run.
//! SQLite holds the store (later: files on disk for uploads, a local mailbox for SMS and e-mail).

mod files;
mod mailbox;
mod sqlite;

pub use files::DiskBlobs;
pub use sqlite::SqliteStore;
