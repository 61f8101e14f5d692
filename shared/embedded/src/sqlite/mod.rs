//! The SQLite store: one file in WAL mode, one writer connection behind a lock and a few reader
//! connections beside it (WAL lets them read while the writer writes). A call runs where it is
//! made: a write once the writer is free (a task waiting for it yields its thread), a read on an
//! idle reader, else on the blocking thread pool once one is.

mod checkpoints;
mod group;
mod migrate;
mod numbers;
mod readers;
mod register;
mod writes;

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use adminduk_domain::appointment::Visit;
use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use adminduk_ports::{
    Account, AccountKind, Appointments, AuditEntry, Booking, Case, CaseEvent, Cases, CodePurpose, CommitError,
    DeadMessage, Family, IdempotentCase, Identity, Institution, MachineClient, OneTimeCode, OutboxEntry, OutboxMessage,
    QueueAfter, QueueCounts, Queued, RateLimits, Records, RefreshToken, RegisterChunks, RegisterWriter, Registry,
    Reports, Resident, Retention, StoreError, StoreResult, StoredReport, Upload, UpsertCounts, VerificationJob,
    WebhookAttempt, Write, kept,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::de::DeserializeOwned;

use readers::Readers;

#[derive(Clone)]
pub struct SqliteStore {
    writer: Arc<tokio::sync::Mutex<Connection>>,
    /// Registration numbers given and not yet written; locked only with the writer held, or
    /// alone to read a counter.
    given: Arc<Mutex<numbers::Given>>,
    /// Commits waiting for the writer, taken together by the first caller that gets it.
    queue: Arc<group::Queue>,
    /// None for a database in memory, which only its one connection can see.
    readers: Option<Arc<Readers>>,
    /// The folder of a temporary database, removed when the last clone goes.
    _folder: Option<Arc<tempfile::TempDir>>,
}

/// A time as a case's document writes it (serde's RFC 3339), where a column is compared with it.
fn document_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

fn store_err(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

fn broken() -> StoreError {
    StoreError("koneksi basis data rusak".into())
}

/// What the writer and every reader connection share: a wait for locks, cached statements, and
/// plans that stay as prepared. Without the query planner stability guarantee, SQLite 3.54
/// prepares a statement again whenever a new value is bound to a parameter its plan looked at
/// (`WHERE no_kk = ?1 ORDER BY ...`): a third of the time of reading one's case.
fn tune(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and the register's beside it
    /// (`register::file_beside`), and brings their schema up to date.
    pub fn open(path: &Path) -> StoreResult<SqliteStore> {
        SqliteStore::open_with_log(path, checkpoints::LOG_BYTES)
    }

    /// `open`, its log copied into the database from `log_bytes` on (checkpoints.rs).
    fn open_with_log(path: &Path, log_bytes: i64) -> StoreResult<SqliteStore> {
        let register = register::file_beside(path);
        let conn = Connection::open(path).map_err(store_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(store_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(store_err)?;
        register::attach(&conn, Some(&register)).map_err(store_err)?;
        let mut writer = SqliteStore::prepared(conn, false)?;
        checkpoints::beside(&mut writer, path, &register, log_bytes)?;
        let readers = Readers::open(path, &register).map_err(store_err)?;
        Ok(SqliteStore {
            writer: Arc::new(tokio::sync::Mutex::new(writer)),
            given: Arc::default(),
            queue: Arc::default(),
            readers: Some(Arc::new(readers)),
            _folder: None,
        })
    }

    /// A private database file in a temporary folder, with its readers as `open` has them; the
    /// folder goes with the store. One per test.
    pub fn open_temporary() -> StoreResult<SqliteStore> {
        let folder = tempfile::tempdir().map_err(store_err)?;
        let store = SqliteStore::open(&folder.path().join("adminduk.db"))?;
        Ok(SqliteStore { _folder: Some(Arc::new(folder)), ..store })
    }

    /// A private database in memory, read and written on its one connection.
    pub fn open_in_memory() -> StoreResult<SqliteStore> {
        let conn = Connection::open_in_memory().map_err(store_err)?;
        register::attach(&conn, None).map_err(store_err)?;
        let writer = SqliteStore::prepared(conn, true)?;
        Ok(SqliteStore {
            writer: Arc::new(tokio::sync::Mutex::new(writer)),
            given: Arc::default(),
            queue: Arc::default(),
            readers: None,
            _folder: None,
        })
    }

    /// The writer, with the register attached: its settings, the register's tables, the
    /// migrations.
    fn prepared(mut conn: Connection, in_memory: bool) -> StoreResult<Connection> {
        conn.pragma_update(None, "foreign_keys", "ON").map_err(store_err)?;
        // The savepoints of a group commit keep their pages' earlier contents in memory: past
        // 64 KB SQLite would write them to a temporary file (6% of a filing's time, opened and
        // closed per group).
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(store_err)?;
        tune(&conn).map_err(store_err)?;
        register::prepare(&mut conn, in_memory).map_err(StoreError)?;
        migrate::migrate(&mut conn).map_err(StoreError)?;
        Ok(conn)
    }

    /// Runs `f` on the writer connection, right here once it is free. A task waiting for the
    /// writer waits on an async lock and leaves its thread to other requests; handing each write
    /// to the blocking pool instead cost more in thread wake-ups than the commit itself. The log
    /// is copied into the database beside it (checkpoints.rs).
    pub(crate) async fn write<T, F>(&self, f: F) -> StoreResult<T>
    where
        F: FnOnce(&mut Connection) -> rusqlite::Result<T>,
    {
        self.on_writer(move |c| f(c).map_err(store_err)).await
    }

    /// `write` for any error a store call answers with (a commit's conditions).
    async fn on_writer<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut Connection) -> Result<T, E>,
    {
        f(&mut *self.writer.lock().await)
    }

    /// Runs `f` on a reader connection in one read transaction. With a reader idle it runs right
    /// here: a read by key from the page cache takes microseconds, less than handing it to
    /// another thread. Otherwise it waits for a reader on the blocking pool; for a database in
    /// memory it runs on the writer there.
    pub(crate) async fn read<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        if let Some(idle) = self.readers.as_ref().and_then(|r| r.idle()) {
            return readers::read_on(idle?, f);
        }
        match self.readers.clone() {
            Some(readers) => tokio::task::spawn_blocking(move || readers.read(f)).await.map_err(store_err)?,
            None => f(&*self.writer.lock().await).map_err(store_err),
        }
    }

    async fn document<T: DeserializeOwned + Send + 'static>(
        &self,
        sql: &'static str,
        key: String,
    ) -> StoreResult<Option<T>> {
        let text: Option<String> =
            self.read(move |c| c.prepare_cached(sql)?.query_row([key], |r| r.get(0)).optional()).await?;
        text.map(|t| serde_json::from_str(&t).map_err(store_err)).transpose()
    }

    /// Every row's `data` a query without parameters answers.
    async fn documents<T: DeserializeOwned + Send + 'static>(&self, sql: &'static str) -> StoreResult<Vec<T>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(sql)?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }
}

/// A queue's due date as its index holds it (`~` for none), read by chrono's RFC 3339 parser:
/// rusqlite's own reader goes through a format string, several times slower, and a page reads
/// dozens.
fn queue_due(value: rusqlite::types::ValueRef<'_>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match value.as_str()? {
        "~" => Ok(None),
        text => DateTime::parse_from_rfc3339(text)
            .map(|t| Some(t.to_utc()))
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))),
    }
}

fn from_json<T: DeserializeOwned>(text: String) -> rusqlite::Result<T> {
    serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

#[async_trait]
impl Registry for SqliteStore {
    async fn resident(&self, nik: &Nik) -> StoreResult<Option<Resident>> {
        let nik = nik.clone();
        self.read(move |c| register::resident(c, &nik)).await
    }

    async fn residents(&self, niks: &[Nik]) -> StoreResult<Vec<Resident>> {
        let niks = niks.to_vec();
        self.read(move |c| register::residents(c, &niks)).await
    }

    async fn family(&self, no_kk: &NoKk) -> StoreResult<Option<(Family, Vec<Resident>)>> {
        let no_kk = no_kk.clone();
        self.read(move |c| register::family(c, &no_kk)).await
    }
}

#[async_trait]
impl RegisterWriter for SqliteStore {
    async fn upsert_register(&self, families: Vec<Family>, residents: Vec<Resident>) -> StoreResult<UpsertCounts> {
        self.write(move |c| register::upsert(c, &families, &residents)).await
    }

    async fn load_register(&self, chunks: RegisterChunks) -> StoreResult<UpsertCounts> {
        let writer = self.writer.clone();
        tokio::task::spawn_blocking(move || register::load(&writer, chunks)).await.map_err(store_err)?
    }
}

#[async_trait]
impl Identity for SqliteStore {
    async fn account(&self, id: &str) -> StoreResult<Option<Account>> {
        self.document("SELECT data FROM accounts WHERE id = ?1", id.to_string()).await
    }

    /// In one read transaction.
    async fn account_and_resident(&self, id: &str) -> StoreResult<Option<(Account, Option<Resident>)>> {
        let id = id.to_string();
        self.read(move |c| {
            let text: Option<String> = c
                .prepare_cached("SELECT data FROM accounts WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            let Some(account) = text.map(from_json::<Account>).transpose()? else { return Ok(None) };
            let resident = match account.register_nik() {
                Some(nik) => register::resident(c, nik)?,
                None => None,
            };
            Ok(Some((account, resident)))
        })
        .await
    }

    async fn account_by_alias(&self, alias: &str) -> StoreResult<Option<Account>> {
        self.document(
            "SELECT a.data FROM aliases l JOIN accounts a ON a.id = l.account_id WHERE l.alias = ?1",
            alias.to_string(),
        )
        .await
    }

    async fn accounts_of_kind(&self, kind: AccountKind) -> StoreResult<Vec<Account>> {
        let kind = kind.as_str();
        self.read(move |c| {
            let mut stmt = c.prepare_cached("SELECT data FROM accounts WHERE kind = ?1 ORDER BY id")?;
            let rows = stmt.query_map([kind], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }

    async fn code(&self, account_id: &str, purpose: CodePurpose) -> StoreResult<Option<OneTimeCode>> {
        let (account_id, purpose) = (account_id.to_string(), purpose.as_str());
        let text: Option<String> = self
            .read(move |c| {
                c.prepare_cached("SELECT data FROM codes WHERE account_id = ?1 AND purpose = ?2")?
                    .query_row(params![account_id, purpose], |r| r.get(0))
                    .optional()
            })
            .await?;
        text.map(|t| serde_json::from_str(&t).map_err(store_err)).transpose()
    }

    async fn refresh_token(&self, hash: &str) -> StoreResult<Option<RefreshToken>> {
        let token: Option<(String, bool)> = {
            let hash = hash.to_string();
            self.read(move |c| {
                c.prepare_cached("SELECT data, revoked FROM refresh_tokens WHERE hash = ?1")?
                    .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .await?
        };
        token
            .map(|(data, revoked)| {
                let mut t: RefreshToken = serde_json::from_str(&data).map_err(store_err)?;
                t.revoked = revoked;
                Ok(t)
            })
            .transpose()
    }

    async fn institution(&self, id: &str) -> StoreResult<Option<Institution>> {
        self.document("SELECT data FROM institutions WHERE id = ?1", id.to_string()).await
    }

    async fn client(&self, id: &str) -> StoreResult<Option<MachineClient>> {
        self.document("SELECT data FROM clients WHERE id = ?1", id.to_string()).await
    }

    async fn institutions(&self) -> StoreResult<Vec<Institution>> {
        self.documents("SELECT data FROM institutions ORDER BY id").await
    }

    async fn clients(&self) -> StoreResult<Vec<MachineClient>> {
        self.documents("SELECT data FROM clients ORDER BY id").await
    }

    /// Waits for the writer, unless a caller holding it meanwhile commits this batch with its own
    /// (group.rs).
    async fn commit(&self, batch: Vec<Write>) -> Result<(), CommitError> {
        let gone = || CommitError::Store(broken());
        let mut ticket = self.queue.join(batch);
        let mut writer = tokio::select! {
            biased;
            answer = &mut ticket.answered => return answer.unwrap_or_else(|_| Err(gone())),
            writer = self.writer.lock() => writer,
        };
        let (batches, answers) = self.queue.take();
        if !batches.is_empty() {
            let mut given = self.given.lock().unwrap_or_else(PoisonError::into_inner);
            for (answer, to) in writes::commit(&mut writer, &mut given, batches).into_iter().zip(answers) {
                let _ = to.send(answer);
            }
        }
        drop(writer);
        ticket.answered.try_recv().unwrap_or_else(|_| Err(gone()))
    }
}

#[async_trait]
impl RateLimits for SqliteStore {
    async fn hit(&self, key: &str, window: TimeDelta, now: DateTime<Utc>) -> StoreResult<u32> {
        let key = key.to_string();
        let start = window_start(window, now);
        self.write(move |c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM rate_limits WHERE key = ?1 AND window_start < ?2", params![key, start])?;
            let hits: u32 = tx
                .prepare_cached(
                    "INSERT INTO rate_limits (key, window_start, hits) VALUES (?1, ?2, 1)
                 ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits",
                )?
                .query_row(params![key, start], |r| r.get(0))?;
            tx.commit()?;
            Ok(hits)
        })
        .await
    }

    async fn count(&self, key: &str, window: TimeDelta, now: DateTime<Utc>) -> StoreResult<u32> {
        let (key, start) = (key.to_string(), window_start(window, now));
        self.read(move |c| {
            c.prepare_cached("SELECT hits FROM rate_limits WHERE key = ?1 AND window_start = ?2")?
                .query_row(params![key, start], |r| r.get(0))
                .optional()
                .map(Option::unwrap_or_default)
        })
        .await
    }
}

/// Fixed windows aligned on the epoch, so every instance agrees on where a window starts.
fn window_start(window: TimeDelta, now: DateTime<Utc>) -> i64 {
    let width = window.num_seconds().max(1);
    now.timestamp().div_euclid(width) * width
}

#[async_trait]
impl Retention for SqliteStore {
    async fn abandoned_drafts(&self, before: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Case>> {
        let before = document_time(before);
        self.read(move |c| {
            let mut stmt = c.prepare_cached(ABANDONED_DRAFTS)?;
            let rows = stmt.query_map(params![before, limit], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }

    async fn purge_delivered(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let (messages, feed) = (now - kept::DELIVERED, now - kept::FEED);
        let feed_json = document_time(feed);
        self.write(move |c| {
            let tx = c.transaction()?;
            // A machine client's events stay in its feed longer than a person's messages; a
            // message given up on and never sent again goes as a delivered one would.
            let removed = tx.execute("DELETE FROM outbox WHERE dead_at < ?1", params![messages])?
                + tx.execute(
                    "DELETE FROM outbox WHERE delivered_at < ?1 AND json_extract(data, '$.channel') <> 'sistem'",
                    params![messages],
                )?
                + tx.execute(
                    "DELETE FROM outbox WHERE delivered_at < ?1 AND json_extract(data, '$.channel') = 'sistem'",
                    params![feed],
                )?
                + tx.execute("DELETE FROM mailbox WHERE delivered_at < ?1", params![messages])?
                + tx.execute("DELETE FROM webhook_attempts WHERE json_extract(data, '$.at') < ?1", params![feed_json])?;
            tx.commit()?;
            Ok(removed as u64)
        })
        .await
    }

    async fn expired_jobs(&self, before: DateTime<Utc>, limit: u32) -> StoreResult<Vec<String>> {
        let before = document_time(before);
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT id FROM verification_jobs WHERE json_extract(data, '$.created_at') < ?1
                 ORDER BY json_extract(data, '$.created_at') LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![before, limit], |r| r.get::<_, String>(0))?;
            rows.collect()
        })
        .await
    }
}

#[async_trait]
impl Records for SqliteStore {
    async fn audit(&self, until: DateTime<Utc>, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached("SELECT data FROM audit_log WHERE at <= ?1 ORDER BY seq DESC LIMIT ?2")?;
            let rows = stmt.query_map(params![until, limit], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }

    async fn pending_messages(&self, limit: u32) -> StoreResult<Vec<OutboxMessage>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT data FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL ORDER BY seq LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }

    async fn due_messages(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<(OutboxMessage, u32)>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT data, attempts FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL
                 AND (next_attempt_at IS NULL OR next_attempt_at <= ?1) ORDER BY seq LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![now, limit], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
            rows.map(|r| r.and_then(|(data, attempts)| Ok((from_json(data)?, attempts)))).collect()
        })
        .await
    }

    async fn message(&self, id: &str) -> StoreResult<Option<OutboxEntry>> {
        let id = id.to_string();
        self.read(move |c| {
            let row = c
                .prepare_cached(
                    "SELECT data, attempts, delivered_at IS NOT NULL, dead_at IS NOT NULL FROM outbox WHERE id = ?1",
                )?
                .query_row([id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            row.map(|(data, attempts, delivered, dead)| {
                Ok(OutboxEntry { message: from_json(data)?, attempts, delivered, dead })
            })
            .transpose()
        })
        .await
    }

    async fn dead_messages(&self, limit: u32) -> StoreResult<Vec<DeadMessage>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT data, attempts, dead_at, last_error FROM outbox WHERE dead_at IS NOT NULL
                 ORDER BY dead_at DESC, seq DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, Option<String>>(3)?))
            })?;
            rows.map(|r| {
                r.and_then(|(data, attempts, dead_at, error)| {
                    Ok(DeadMessage { message: from_json(data)?, attempts, dead_at, error: error.unwrap_or_default() })
                })
            })
            .collect()
        })
        .await
    }

    async fn feed(
        &self,
        recipient: &str,
        after: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<(String, OutboxMessage)>> {
        // The cursor is the outbox's sequence number; one that is no number starts over.
        let after: i64 = after.and_then(|a| a.parse().ok()).unwrap_or(0);
        let recipient = recipient.to_string();
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT seq, data FROM outbox WHERE json_extract(data, '$.channel') = 'sistem'
                   AND json_extract(data, '$.recipient') = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )?;
            let rows = stmt
                .query_map(params![recipient, after, limit], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            rows.map(|r| r.and_then(|(seq, data)| Ok((seq.to_string(), from_json(data)?)))).collect()
        })
        .await
    }

    async fn processing_record(&self, about: &Nik, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        let about = about.to_string();
        self.read(move |c| {
            let mut stmt =
                c.prepare_cached("SELECT data FROM processing_record WHERE nik = ?1 ORDER BY seq DESC LIMIT ?2")?;
            let rows = stmt.query_map(params![about, limit], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }

    async fn verification_job(&self, id: &str) -> StoreResult<Option<VerificationJob>> {
        self.document("SELECT data FROM verification_jobs WHERE id = ?1", id.to_string()).await
    }

    async fn webhook_attempts(&self, client: &str, limit: u32) -> StoreResult<Vec<WebhookAttempt>> {
        let client = client.to_string();
        self.read(move |c| {
            let mut stmt =
                c.prepare_cached("SELECT data FROM webhook_attempts WHERE client = ?1 ORDER BY seq DESC LIMIT ?2")?;
            let rows = stmt.query_map(params![client, limit], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }
}

impl SqliteStore {
    async fn cases_where(&self, sql: &'static str, key: String) -> StoreResult<Vec<Case>> {
        self.read(move |c| {
            let mut stmt = c.prepare_cached(sql)?;
            let rows = stmt.query_map([key], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }
}

#[async_trait]
impl Cases for SqliteStore {
    async fn case(&self, id: &str) -> StoreResult<Option<Case>> {
        self.document("SELECT data FROM cases WHERE id = ?1", id.to_string()).await
    }

    async fn case_by_number(&self, number: &str) -> StoreResult<Option<Case>> {
        self.document("SELECT data FROM cases WHERE number = ?1", number.to_string()).await
    }

    async fn cases_of_reporter(&self, account_id: &str) -> StoreResult<Vec<Case>> {
        self.cases_where("SELECT data FROM cases WHERE reporter = ?1 ORDER BY rowid DESC", account_id.to_string()).await
    }

    async fn cases_of_applicant(&self, nik: &Nik) -> StoreResult<Vec<Case>> {
        let sql = "SELECT data FROM cases WHERE applicant_nik = ?1 ORDER BY rowid DESC";
        self.cases_where(sql, nik.to_string()).await
    }

    async fn queue(
        &self,
        office: &Office,
        below: bool,
        keys: &[String],
        after: Option<&QueueAfter>,
        limit: u32,
        listed_with: Option<&str>,
    ) -> StoreResult<Vec<Queued>> {
        let (office, keys) = (office.to_string(), serde_json::to_string(keys).map_err(store_err)?);
        // No cursor starts before every case; an undated cursor's cases sort as '~'.
        let (due, undated, id) = match after {
            None => (None, "", String::new()),
            Some(a) => (a.due, "~", a.id.clone()),
        };
        let listed_with = listed_with.map(str::to_string);
        self.read(move |c| {
            let mut stmt = c.prepare_cached(QUEUE)?;
            let rows = stmt.query_map(params![keys, office, below, due, undated, id, limit, listed_with], |r| {
                Ok(match r.get::<_, Option<String>>(2)? {
                    Some(json) => Queued::Listed { id: r.get(0)?, state_due: queue_due(r.get_ref(1)?)?, json },
                    None => Queued::Head(Box::new(from_json(r.get(3)?)?)),
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn queue_counts(
        &self,
        office: &Office,
        below: bool,
        keys: &[String],
        now: DateTime<Utc>,
        near: DateTime<Utc>,
    ) -> StoreResult<QueueCounts> {
        let (office, keys) = (office.to_string(), serde_json::to_string(keys).map_err(store_err)?);
        self.read(move |c| {
            c.prepare_cached(QUEUE_COUNTS)?.query_row(params![keys, office, below, now, near], |r| {
                let count = |i: usize| r.get::<_, i64>(i).map(i64::unsigned_abs);
                Ok(QueueCounts { open: count(0)?, near: count(1)?, past: count(2)? })
            })
        })
        .await
    }

    async fn overdue(&self, keys: &[String], now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Case>> {
        let keys = serde_json::to_string(keys).map_err(store_err)?;
        self.read(move |c| {
            let mut stmt = c.prepare_cached(OVERDUE)?;
            let rows = stmt.query_map(params![keys, now, limit], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }

    async fn history(&self, case_id: &str) -> StoreResult<Vec<CaseEvent>> {
        let id = case_id.to_string();
        self.read(move |c| {
            let mut stmt = c.prepare_cached("SELECT data FROM case_events WHERE case_id = ?1 ORDER BY seq")?;
            let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
            rows.map(|r| r.and_then(from_json)).collect()
        })
        .await
    }

    async fn idempotent_case(&self, account_id: &str, key: &str) -> StoreResult<Option<IdempotentCase>> {
        let (account_id, key) = (account_id.to_string(), key.to_string());
        self.read(move |c| {
            c.prepare_cached("SELECT case_id, request FROM idempotency_keys WHERE account_id = ?1 AND key = ?2")?
                .query_row(params![account_id, key], |r| Ok(IdempotentCase { case_id: r.get(0)?, request: r.get(1)? }))
                .optional()
        })
        .await
    }

    async fn counter(&self, key: &str) -> StoreResult<u64> {
        if let Some(given) = self.given.lock().unwrap_or_else(PoisonError::into_inner).counter(key) {
            return Ok(given.unsigned_abs());
        }
        let key = key.to_string();
        Ok(self.read(move |c| numbers::stored_counter(c, &key)).await?.unsigned_abs())
    }

    async fn number_case(&self, key: &str, case_id: &str) -> StoreResult<u64> {
        let (key, case_id, given) = (key.to_string(), case_id.to_string(), self.given.clone());
        let value =
            self.write(move |c| given.lock().unwrap_or_else(PoisonError::into_inner).number(c, &key, &case_id)).await?;
        Ok(value.unsigned_abs())
    }

    async fn upload(&self, id: &str) -> StoreResult<Option<Upload>> {
        self.document("SELECT data FROM uploads WHERE id = ?1", id.to_string()).await
    }

    async fn tallies(&self, scope: &str) -> StoreResult<Vec<(String, u64)>> {
        let scope = scope.to_string();
        self.read(move |c| {
            let mut stmt = c.prepare_cached("SELECT name, value FROM tallies WHERE scope = ?1 ORDER BY name")?;
            let rows = stmt.query_map([scope], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            rows.map(|r| r.map(|(name, value)| (name, value.max(0).unsigned_abs()))).collect()
        })
        .await
    }
}

#[async_trait]
impl Reports for SqliteStore {
    async fn report_versions(&self, office: &str, month: &str) -> StoreResult<Vec<StoredReport>> {
        let (office, month) = (office.to_string(), month.to_string());
        self.read(move |c| {
            let sql = "SELECT data FROM reports WHERE month = ?1 AND office = ?2 ORDER BY version";
            let mut stmt = c.prepare_cached(sql)?;
            let rows = stmt.query_map([month, office], |r| from_json(r.get(0)?))?;
            rows.collect()
        })
        .await
    }

    async fn reports_of_month(&self, month: &str) -> StoreResult<Vec<StoredReport>> {
        let month = month.to_string();
        self.read(move |c| {
            let mut stmt = c.prepare_cached("SELECT data FROM reports WHERE month = ?1 ORDER BY office, version")?;
            let rows = stmt.query_map([month], |r| from_json(r.get(0)?))?;
            rows.collect()
        })
        .await
    }
}

#[async_trait]
impl Appointments for SqliteStore {
    async fn slot_loads(
        &self,
        office: &Office,
        visit: Visit,
        day: NaiveDate,
    ) -> StoreResult<Vec<(DateTime<Utc>, u32)>> {
        let (office, visit) = (office.to_string(), visit.as_str());
        self.read(move |c| {
            let sql = "SELECT start, taken FROM slot_loads WHERE office = ?1 AND visit = ?2 AND day = ?3 AND taken > 0 ORDER BY start";
            let mut stmt = c.prepare_cached(sql)?;
            let rows = stmt.query_map(params![office, visit, day], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })
        .await
    }

    async fn bookings(&self, day: NaiveDate, office: Option<&Office>) -> StoreResult<Vec<Booking>> {
        let office = office.map(Office::to_string);
        self.read(move |c| {
            let sql =
                "SELECT data FROM bookings WHERE day = ?1 AND (?2 IS NULL OR office = ?2) ORDER BY start, case_id";
            let mut stmt = c.prepare_cached(sql)?;
            let rows = stmt.query_map(params![day, office], |r| from_json(r.get(0)?))?;
            rows.collect()
        })
        .await
    }
}

/// A queue page: open cases of the queue's states and offices, soonest due first, from a cursor
/// on (filed ones: drafts are in no queue, nor in the index, migration 23). The order is that of
/// the index `cases_queue_order` (migration 0017), so the page seeks
/// to its cursor and reads on to its limit, never sorting every open case. Named, because the
/// planner could rather look the states up in another index and then sort all their cases.
/// Each case comes as its listing where that was made with the catalogue `?8` (none when NULL),
/// else as its document.
const QUEUE: &str = "SELECT id, coalesce(state_due, '~'), CASE WHEN listed_with = ?8 THEN listing END,
       CASE WHEN listed_with = ?8 THEN NULL ELSE data END
     FROM cases INDEXED BY cases_queue_order WHERE closed = 0 AND draft_updated_at IS NULL
       AND queue_key IN (SELECT value FROM json_each(?1))
       AND (office = ?2 OR (?3 AND office LIKE ?2 || '.%'))
       AND coalesce(state_due, '~') >= coalesce(?4, ?5)
       AND (coalesce(state_due, '~'), id) > (coalesce(?4, ?5), ?6)
     ORDER BY coalesce(state_due, '~'), id LIMIT ?7";

/// Drafts never filed, last changed before `?1`, the oldest first.
const ABANDONED_DRAFTS: &str = "SELECT data FROM cases WHERE draft_updated_at IS NOT NULL AND draft_updated_at < ?1
     ORDER BY draft_updated_at LIMIT ?2";

/// Open cases of the states `?1` due by `?2`, soonest first: a range of the queue pages' due index,
/// where a case without a due date sorts last (`~`, after every date).
const OVERDUE: &str =
    "SELECT data FROM cases INDEXED BY cases_queue_order WHERE closed = 0 AND draft_updated_at IS NULL
       AND coalesce(state_due, '~') <= ?2 AND queue_key IN (SELECT value FROM json_each(?1))
     ORDER BY coalesce(state_due, '~') LIMIT ?3";

/// A queue's size from `queue_sizes`; the cases past and near their deadline from the due
/// index's range before `now` and from `now` to the near bound (few, where work keeps its time).
const QUEUE_COUNTS: &str = "SELECT
       (SELECT coalesce(sum(open), 0) FROM queue_sizes WHERE queue_key IN (SELECT value FROM json_each(?1))
           AND (office = ?2 OR (?3 AND office LIKE ?2 || '.%'))),
       (SELECT count(*) FROM cases INDEXED BY cases_queue_order WHERE closed = 0 AND draft_updated_at IS NULL
           AND coalesce(state_due, '~') >= ?4 AND coalesce(state_due, '~') <= ?5
           AND queue_key IN (SELECT value FROM json_each(?1)) AND (office = ?2 OR (?3 AND office LIKE ?2 || '.%'))),
       (SELECT count(*) FROM cases INDEXED BY cases_queue_order WHERE closed = 0 AND draft_updated_at IS NULL
           AND coalesce(state_due, '~') < ?4
           AND queue_key IN (SELECT value FROM json_each(?1)) AND (office = ?2 OR (?3 AND office LIKE ?2 || '.%')))";

#[cfg(test)]
mod plans {
    fn plan(sql: &str, params: impl rusqlite::Params) -> Vec<String> {
        let store = super::SqliteStore::open_in_memory().unwrap();
        let writer = store.writer.blocking_lock();
        let mut stmt = writer.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        stmt.query_map(params, |r| r.get(3)).unwrap().collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn a_queue_page_seeks_its_cursor_in_the_due_index_without_sorting() {
        let plan = plan(
            super::QUEUE,
            rusqlite::params!["[]", "73.06", true, "2026-12-04 01:00:00+00:00", "~", "K-1", 25, "c"],
        );
        assert!(
            plan.iter().any(|step| step.contains("SEARCH cases USING INDEX cases_queue_order (<expr>>?)")),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|step| step.contains("TEMP B-TREE")), "no sort: {plan:?}");
    }

    #[test]
    fn a_queue_is_counted_from_its_sizes_and_the_due_ranges_only() {
        let plan = plan(
            super::QUEUE_COUNTS,
            rusqlite::params!["[]", "73.06", true, "2026-12-04 01:00:00+00:00", "2026-12-04 03:00:00+00:00"],
        );
        assert!(plan.iter().any(|step| step.contains("queue_sizes USING PRIMARY KEY")), "{plan:?}");
        let ranges =
            plan.iter().filter(|step| step.contains("SEARCH cases USING INDEX cases_queue_order (<expr>")).count();
        assert_eq!(ranges, 2, "{plan:?}");
        assert!(!plan.iter().any(|step| step.starts_with("SCAN cases")), "{plan:?}");
    }

    #[test]
    fn a_time_is_compared_as_the_documents_write_it() {
        use chrono::Timelike;
        let t = chrono::DateTime::parse_from_rfc3339("2026-12-05T07:04:05.123456789+08:00").unwrap().to_utc();
        for t in [t, t.with_nanosecond(0).unwrap(), t.with_nanosecond(120_000_000).unwrap()] {
            assert_eq!(serde_json::to_value(t).unwrap(), super::document_time(t));
        }
    }

    #[test]
    fn overdue_cases_are_a_range_of_the_due_index_without_sorting() {
        let plan = plan(super::OVERDUE, rusqlite::params!["[]", "2026-12-04 01:00:00+00:00", 100]);
        assert!(
            plan.iter().any(|step| step.contains("SEARCH cases USING INDEX cases_queue_order (<expr><?)")),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|step| step.contains("TEMP B-TREE")), "no sort: {plan:?}");
    }

    #[test]
    fn abandoned_drafts_are_a_range_of_their_index_without_sorting() {
        let plan = plan(super::ABANDONED_DRAFTS, rusqlite::params!["2026-12-04T01:00:00Z", 100]);
        assert!(plan.iter().any(|step| step.contains("SEARCH cases USING INDEX cases_drafts (")), "{plan:?}");
        assert!(!plan.iter().any(|step| step.contains("TEMP B-TREE")), "no sort: {plan:?}");
    }

    #[test]
    fn a_family_is_read_from_its_index_without_sorting() {
        let plan = plan(super::register::FAMILY_MEMBERS, ["7306011201090001"]);
        assert!(plan.iter().any(|step| step.contains("USING INDEX residents_by_family (no_kk=?)")), "{plan:?}");
        assert!(!plan.iter().any(|step| step.contains("TEMP B-TREE")), "no sort: {plan:?}");
    }

    #[test]
    fn statements_are_prepared_once_whatever_their_parameters() {
        let store = super::SqliteStore::open_in_memory().unwrap();
        let writer = store.writer.blocking_lock();
        // The shape SQLite 3.54 prepares again on each new value unless `tune` says otherwise.
        let sql = "SELECT nik FROM residents WHERE no_kk = ?1 ORDER BY shdk, birth_date";
        for no_kk in ["7306011201090001", "7306011201090002", "7306011201090003"] {
            let mut stmt = writer.prepare_cached(sql).unwrap();
            assert_eq!(stmt.query_map([no_kk], |_| Ok(())).unwrap().count(), 0);
        }
        let stmt = writer.prepare_cached(sql).unwrap();
        assert_eq!(stmt.get_status(rusqlite::StatementStatus::Run), 3);
        assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0, "prepared once, run three times");
    }
}

#[cfg(test)]
mod contract {
    adminduk_ports::store_contract!(|| async { super::SqliteStore::open_in_memory().unwrap() });

    /// A database file, read through the reader connections as a running server reads it.
    mod file {
        adminduk_ports::store_contract!(|| async { super::super::SqliteStore::open_temporary().unwrap() });
    }
}

#[cfg(test)]
mod retention {
    use adminduk_ports::{Channel, Identity, OutboxMessage, Records, Retention, Write, kept};
    use chrono::{TimeZone, Utc};

    fn message(id: &str, channel: Channel) -> OutboxMessage {
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
        OutboxMessage {
            id: id.into(),
            channel,
            recipient: "+6281234567890".into(),
            template: "kode_aktivasi".into(),
            subject: None,
            body: "Kode 123456".into(),
            created_at: at,
            office: None,
        }
    }

    #[tokio::test]
    async fn delivered_messages_go_after_their_keeping_and_a_clients_events_later() {
        let s = super::SqliteStore::open_in_memory().unwrap();
        let sent = Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).unwrap();
        s.commit(vec![
            Write::Enqueue(message("sms", Channel::Sms)),
            Write::Enqueue(message("event", Channel::Sistem)),
            Write::Enqueue(message("waiting", Channel::Email)),
            Write::MessageDelivered { id: "sms".into(), at: sent },
            Write::MessageDelivered { id: "event".into(), at: sent },
        ])
        .await
        .unwrap();
        assert_eq!(s.purge_delivered(sent + kept::DELIVERED).await.unwrap(), 0, "kept exactly its time");
        assert_eq!(s.purge_delivered(sent + kept::DELIVERED + chrono::TimeDelta::hours(1)).await.unwrap(), 1);
        assert_eq!(s.message("sms").await.unwrap(), None, "the code it carried is gone");
        assert!(s.message("event").await.unwrap().is_some(), "still in the client's feed");
        assert!(s.message("waiting").await.unwrap().is_some(), "an undelivered message is never purged");
        assert_eq!(s.purge_delivered(sent + kept::FEED + chrono::TimeDelta::hours(1)).await.unwrap(), 1);
        assert_eq!(s.message("event").await.unwrap(), None);
    }
}
