//! Reader connections of a database file in WAL mode: read-only, each in use by one call at a
//! time, so reads run side by side with each other and with the one writer.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

use adminduk_ports::StoreResult;
use rusqlite::{Connection, OpenFlags};

use super::{broken, store_err};

pub(super) struct Readers {
    connections: Vec<Mutex<Connection>>,
    /// Where the next call starts looking for an idle connection.
    next: AtomicUsize,
}

impl Readers {
    /// Two per core: a read waits on disk or on a lock now and then, and the others go on.
    pub(super) fn open(path: &Path, register: &Path) -> rusqlite::Result<Readers> {
        let count = std::thread::available_parallelism().map_or(2, |n| n.get() * 2).clamp(2, 16);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connections = (0..count)
            .map(|_| {
                let conn = Connection::open_with_flags(path, flags)?;
                super::register::attach(&conn, Some(register))?;
                super::register::map_for_reading(&conn)?;
                super::tune(&conn)?;
                Ok(Mutex::new(conn))
            })
            .collect::<rusqlite::Result<_>>()?;
        Ok(Readers { connections, next: AtomicUsize::new(0) })
    }

    /// An idle connection, if there is one now.
    pub(super) fn idle(&self) -> Option<StoreResult<MutexGuard<'_, Connection>>> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.connections.len();
        (0..n).find_map(|i| match self.connections[(start + i) % n].try_lock() {
            Ok(guard) => Some(Ok(guard)),
            Err(TryLockError::WouldBlock) => None,
            Err(TryLockError::Poisoned(_)) => Some(Err(broken())),
        })
    }

    /// Runs `f` on an idle connection, or waits for the one in turn when every connection is
    /// busy.
    pub(super) fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> StoreResult<T> {
        let conn = match self.idle() {
            Some(guard) => guard?,
            None => {
                let turn = self.next.fetch_add(1, Ordering::Relaxed) % self.connections.len();
                self.connections[turn].lock().map_err(|_| broken())?
            }
        };
        read_on(conn, f)
    }
}

/// `f` in one read transaction, so a read of several rows sees one moment. Begun and ended by
/// cached statements: rusqlite's `transaction()` parses its SQL again on every call, a few
/// percent of a read by key.
pub(super) fn read_on<T>(
    conn: MutexGuard<'_, Connection>,
    f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
) -> StoreResult<T> {
    conn.prepare_cached("BEGIN").and_then(|mut begin| begin.execute([])).map_err(store_err)?;
    let value = f(&conn);
    let ended = conn.prepare_cached("COMMIT").and_then(|mut commit| commit.execute([]));
    if ended.is_err() {
        // The connection goes back to the pool; it must not stay inside this transaction.
        let _ = conn.execute_batch("ROLLBACK");
    }
    let value = value.map_err(store_err)?;
    ended.map_err(store_err)?;
    Ok(value)
}
