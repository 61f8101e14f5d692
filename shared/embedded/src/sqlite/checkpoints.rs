//! Copying the log into its database, mostly beside the writer. The writer asks once the log
//! holds 64 MB, rather than SQLite's 1,000 pages: a page written by several transactions
//! meanwhile (the register import's NIK index) is copied once. Counted in bytes, as the
//! register's pages are 16 times larger than the others. A thread of its own copies what the log
//! holds on a connection of its own, again after every commit, while the writer goes on; at
//! twice the size the writer stops asking and, once the thread is idle, copies the last frames
//! itself, so that its next write begins the log again (under steady writes the thread's copy
//! never reaches the log's end by itself). Copied whole by the writer, each copy held every
//! write for 30-60 ms (a tenth of the filing bench's time, a core idle meanwhile). A copy that
//! cannot finish now (a reader still needs the log) is asked for again by the next commit.

use std::path::Path;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use adminduk_ports::StoreResult;
use rusqlite::{Connection, OpenFlags};

use super::store_err;

/// The log's size that asks for a copy.
pub(super) const LOG_BYTES: i64 = 64 << 20;

/// A database whose log is copied: the main one or the attached register.
#[derive(Clone, Copy)]
enum Schema {
    Main,
    Register,
}

impl Schema {
    fn copy(self, conn: &Connection) -> rusqlite::Result<()> {
        // PASSIVE: copies what no reader still needs and never waits, for the writer or anyone.
        let sql = match self {
            Schema::Main => "PRAGMA main.wal_checkpoint(PASSIVE)",
            Schema::Register => "PRAGMA register.wal_checkpoint(PASSIVE)",
        };
        conn.query_row(sql, [], |_| Ok(()))
    }
}

/// Has the writer ask a thread of its own, with its own connection to `path` and `register`,
/// to copy a log of `log_bytes` or more. The thread ends with the writer.
pub(super) fn beside(writer: &mut Connection, path: &Path, register: &Path, log_bytes: i64) -> StoreResult<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let copier = Connection::open_with_flags(path, flags).map_err(store_err)?;
    super::register::attach(&copier, Some(register)).map_err(store_err)?;
    // Held by the thread while it copies.
    let copying = Arc::new(Mutex::new(()));
    // One request of each database waiting is enough: the next commit asks again.
    let (ask, asked) = sync_channel(2);
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn({
            let copying = copying.clone();
            move || copy_when_asked(&copier, &asked, &copying)
        })
        .map_err(store_err)?;
    let page_size =
        |schema: &str| writer.pragma_query_value(Some(schema), "page_size", |r| r.get::<_, i64>(0)).map_err(store_err);
    let (main_pages, register_pages) = (log_bytes / page_size("main")?, log_bytes / page_size("register")?);
    writer
        .wal_hook(Some(move |wal: &mut rusqlite::hooks::Wal, pages: std::ffi::c_int| {
            let (schema, limit) =
                if wal.name() == c"register" { (Schema::Register, register_pages) } else { (Schema::Main, main_pages) };
            let pages = i64::from(pages);
            if pages >= 2 * limit {
                if let Ok(_idle) = copying.try_lock() {
                    let _ = wal.checkpoint();
                }
            } else if pages >= limit {
                let _ = ask.try_send(schema);
            }
            Ok(())
        }))
        .map_err(store_err)
}

fn copy_when_asked(copier: &Connection, asked: &Receiver<Schema>, copying: &Mutex<()>) {
    for schema in asked {
        let _copying = copying.lock().unwrap_or_else(PoisonError::into_inner);
        if let Err(e) = schema.copy(copier) {
            tracing::warn!(error = %e, "log not copied into its database");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use adminduk_ports::{AuditEntry, Identity, Write};

    use crate::SqliteStore;

    fn entry(i: usize) -> Write {
        Write::Audit(AuditEntry {
            at: chrono::Utc::now(),
            actor: "uji".into(),
            action: "isi".into(),
            subject: format!("{i}:{}", "x".repeat(2_000)),
            detail: serde_json::json!({}),
            client_address: None,
        })
    }

    fn size(path: &std::path::Path) -> u64 {
        std::fs::metadata(path).unwrap().len()
    }

    /// The frames in the log and how many of them are copied into the database, as the log's
    /// index says (its header's mxFrame, its checkpoint's nBackfill: sqlite.org/walformat.html).
    fn frames_copied(path: &std::path::Path) -> (u32, u32) {
        let index = std::fs::read(path.with_extension("db-shm")).unwrap();
        let word = |at: usize| u32::from_ne_bytes(index[at..at + 4].try_into().unwrap());
        (word(16), word(96))
    }

    #[tokio::test]
    async fn a_full_log_is_copied_into_its_database_beside_the_writer_and_begun_again() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("adminduk.db");
        let store = SqliteStore::open_with_log(&path, 64 << 10).unwrap();
        let log = path.with_extension("db-wal");
        // From an empty log (the migrations wrote one).
        let emptied =
            rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0));
        assert_eq!(emptied, Ok(0));
        // Written until the log holds its size, then nothing more: the writer copies nothing
        // below four times that, the thread beside it does.
        let mut written = 0;
        while size(&log) < 80 << 10 {
            store.commit(vec![entry(written)]).await.unwrap();
            written += 1;
        }
        let waited = Instant::now();
        loop {
            let (frames, copied) = frames_copied(&path);
            if frames > 0 && copied == frames {
                break;
            }
            assert!(waited.elapsed() < Duration::from_secs(10), "{copied} of {frames} frames copied");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // 1,000 commits more of a line of 2 KB each: some 10 MB of log were it never begun again.
        // Begun again, its header counts one more copy (sqlite.org/fileformat.html, "WAL File
        // Format").
        let copies = || u32::from_be_bytes(std::fs::read(&log).unwrap()[12..16].try_into().unwrap());
        let before = copies();
        for i in written..written + 1_000 {
            store.commit(vec![entry(i)]).await.unwrap();
        }
        assert!(copies() > before, "the log was begun again");
        assert!(size(&log) < 4 << 20, "the log stays small: {} bytes", size(&log));
        let count = store.read(|c| c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get::<_, i64>(0))).await;
        assert_eq!(count.unwrap(), written as i64 + 1_000);
    }
}
