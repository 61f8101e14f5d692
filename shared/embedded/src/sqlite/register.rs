//! The register tables: residents with typed columns (a million rows must import quickly and
//! stay queryable), families keyed by No. KK. They live in a database file of their own, attached
//! to every connection as `register`, with pages of 64 KB: an import inserts NIKs all over the
//! NIK index, and with larger pages each transaction touches fewer pages (a million rows in
//! chunks of 10,000: 190,000 rows/s with 4 KB pages, 258,000 with 64 KB), while the small writes
//! of the rest (a case, its history, its messages) keep the 4 KB pages a larger page would
//! multiply (filing ran at 18% of its floor with 4 KB pages, 12% with 16 KB).

use std::path::{Path, PathBuf};

use adminduk_domain::codes::{BloodType, Citizenship, MaritalStatus, Religion, Sex, Shdk};
use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use adminduk_ports::{Family, RegisterChunks, Resident, StoreError, UpsertCounts};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// The columns `read_resident` reads, in its order; a macro so that the reads by key are
/// constants (no SQL text made per read).
macro_rules! resident_columns {
    () => {
        "nik, no_kk, name, birth_place, birth_date, sex, religion, marital_status, blood_type, citizenship, shdk, alive, active"
    };
}
const RESIDENT_COLUMNS: &str = resident_columns!();
const RESIDENT: &str = concat!("SELECT ", resident_columns!(), " FROM register.residents WHERE nik = ?1");
/// A family's members, from `residents_by_family`; `family` puts them in order.
pub(super) const FAMILY_MEMBERS: &str =
    concat!("SELECT ", resident_columns!(), " FROM register.residents WHERE no_kk = ?1");

/// The register's page size, set when its file is created.
pub(super) const PAGE_SIZE: i64 = 65_536;

/// The register's file beside the main database's: `adminduk.sqlite` → `adminduk.register.sqlite`.
pub(super) fn file_beside(main: &Path) -> PathBuf {
    let extension = main.extension().and_then(|e| e.to_str()).unwrap_or("sqlite");
    main.with_extension(format!("register.{extension}"))
}

/// Attaches the register (`None`: a database in memory) to `conn`, as it is opened.
pub(super) fn attach(conn: &Connection, file: Option<&Path>) -> rusqlite::Result<()> {
    let file = file.map_or(Ok(":memory:"), |f| f.to_str().ok_or(rusqlite::Error::InvalidPath(f.to_path_buf())))?;
    conn.execute("ATTACH DATABASE ?1 AS register", [file])?;
    size_cache(conn)
}

/// Maps the register into a reader's memory, up to SQLite's own ceiling (2 GB). It is read at
/// random (a partner's batch of NIKs, a family) and written only by imports: a page missing from
/// the cache is then read where it lies instead of copied 64 KB at a time (batch verification:
/// 47-49% of its in-memory floor copied, 65% mapped). Not the writer's: an import would count
/// every page it maps as its own memory.
pub(super) fn map_for_reading(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(Some("register"), "mmap_size", 0x7fff_0000_i64)
}

/// SQLite's default page cache (2 MB) for the register, set again once its page size is known:
/// a connection counts a cache's pages when it attaches the database, and the pages of a new
/// file set to 64 KB afterwards let the cache grow to 31 MB (an import's peak memory doubled).
fn size_cache(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(Some("register"), "cache_size", -2000)
}

/// Makes the attached register ready for the writer: its page size (while the file is new), WAL
/// like the main database, its own migrations, and the rows of an older installation.
pub(super) fn prepare(conn: &mut Connection, in_memory: bool) -> Result<(), String> {
    settle(conn, in_memory).map_err(|e| e.to_string())?;
    super::migrate::migrate_register(conn)?;
    adopt_older(conn).map_err(|e| format!("register lama: {e}"))
}

fn settle(conn: &Connection, in_memory: bool) -> rusqlite::Result<()> {
    conn.pragma_update(Some("register"), "page_size", PAGE_SIZE)?;
    size_cache(conn)?;
    if !in_memory {
        conn.pragma_update(Some("register"), "journal_mode", "WAL")?;
        conn.pragma_update(Some("register"), "synchronous", "NORMAL")?;
    }
    Ok(())
}

/// Before migration 19, the register lived in the main database. Its rows are copied here in a
/// transaction of the register's alone and checkpointed into the register's file before that
/// migration drops the old tables: SQLite commits attached databases one after the other (main
/// first), so one transaction for both could keep the drop and lose the copy. Interrupted, the
/// copy runs again on the next start and finds what it already copied.
fn adopt_older(conn: &Connection) -> rusqlite::Result<()> {
    let older: bool = conn.query_row(
        "SELECT count(*) > 0 FROM main.sqlite_master WHERE type = 'table' AND name = 'residents'",
        [],
        |r| r.get(0),
    )?;
    if older {
        conn.execute_batch(
            "BEGIN;
             INSERT OR IGNORE INTO register.families SELECT * FROM main.families;
             INSERT OR IGNORE INTO register.residents SELECT * FROM main.residents;
             COMMIT;",
        )?;
        conn.query_row("PRAGMA register.wal_checkpoint(FULL)", [], |_| Ok(()))?;
    }
    Ok(())
}

fn code_err(e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Integer, Box::new(e))
}

fn read_resident(r: &Row) -> rusqlite::Result<Resident> {
    Ok(Resident {
        nik: r.get::<_, String>(0)?.parse().map_err(code_err)?,
        no_kk: r.get::<_, String>(1)?.parse().map_err(code_err)?,
        name: r.get(2)?,
        birth_place: r.get(3)?,
        birth_date: r.get(4)?,
        sex: Sex::from_code(r.get(5)?).map_err(code_err)?,
        religion: Religion::from_code(r.get(6)?).map_err(code_err)?,
        marital_status: MaritalStatus::from_code(r.get(7)?).map_err(code_err)?,
        blood_type: BloodType::from_code(r.get(8)?).map_err(code_err)?,
        citizenship: Citizenship::from_code(r.get(9)?).map_err(code_err)?,
        shdk: Shdk::from_code(r.get(10)?).map_err(code_err)?,
        alive: r.get(11)?,
        active: r.get(12)?,
    })
}

pub fn resident(c: &Connection, nik: &Nik) -> rusqlite::Result<Option<Resident>> {
    c.prepare_cached(RESIDENT)?.query_row([nik.as_str()], read_resident).optional()
}

/// Many at once, a few hundred NIKs per query.
pub fn residents(c: &Connection, niks: &[Nik]) -> rusqlite::Result<Vec<Resident>> {
    let mut found = Vec::with_capacity(niks.len());
    for chunk in niks.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut stmt =
            c.prepare_cached(&format!("SELECT {RESIDENT_COLUMNS} FROM register.residents WHERE nik IN ({marks})"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter().map(Nik::as_str)), read_resident)?;
        for row in rows {
            found.push(row?);
        }
    }
    Ok(found)
}

pub fn family(c: &Connection, no_kk: &NoKk) -> rusqlite::Result<Option<(Family, Vec<Resident>)>> {
    let family = c
        .prepare_cached("SELECT no_kk, address, rt, rw, desa FROM register.families WHERE no_kk = ?1")?
        .query_row([no_kk.as_str()], |r| {
            let desa: String = r.get(4)?;
            Ok(Family {
                no_kk: r.get::<_, String>(0)?.parse().map_err(code_err)?,
                address: r.get(1)?,
                rt: r.get(2)?,
                rw: r.get(3)?,
                desa: Office::parse(&desa).map_err(code_err)?,
            })
        })
        .optional()?;
    let Some(family) = family else { return Ok(None) };
    let mut stmt = c.prepare_cached(FAMILY_MEMBERS)?;
    let mut members = stmt.query_map([no_kk.as_str()], read_resident)?.collect::<rusqlite::Result<Vec<_>>>()?;
    // In the port's order (the DynamoDB sort key's). A handful of rows are sorted here: SQLite's
    // sorter (`ORDER BY`) cost more than reading them, and an index in this order made the
    // register import 7% slower.
    members.sort_unstable_by(|a, b| (a.shdk.code(), a.birth_date, &a.nik).cmp(&(b.shdk.code(), b.birth_date, &b.nik)));
    Ok(Some((family, members)))
}

/// Rows a register load writes in one transaction at most. Each transaction writes every index
/// page it touched to the log once, and a chunk of sorted NIKs touches pages all over the NIK
/// index: with 4 KB pages a million-row import ran at 155,000 rows/s in transactions of 25,000
/// rows and 230,000 in transactions of 100,000 (200,000: no faster). The writer is held for as
/// long as one transaction takes to write, under half a second.
const LOAD_ROWS: usize = 100_000;

/// Inserts new rows, updates changed ones and counts the residents that were already as given,
/// all in one transaction.
pub fn upsert(c: &mut Connection, families: &[Family], residents: &[Resident]) -> rusqlite::Result<UpsertCounts> {
    let tx = c.transaction()?;
    let counts = put(&tx, families, residents)?;
    tx.commit()?;
    Ok(counts)
}

/// Upserts the chunks as they come, several in one transaction of up to `LOAD_ROWS` rows while
/// the next is already waiting; a transaction is committed rather than kept open to wait for the
/// sender, so the writer is free for the server's own writes while the file is read.
pub fn load(writer: &tokio::sync::Mutex<Connection>, mut chunks: RegisterChunks) -> Result<UpsertCounts, StoreError> {
    let mut total = UpsertCounts::default();
    let mut waiting = chunks.blocking_recv();
    while let Some(mut chunk) = waiting.take() {
        let mut c = writer.blocking_lock();
        let tx = c.transaction().map_err(super::store_err)?;
        let mut rows = 0;
        loop {
            total += put(&tx, &chunk.families, &chunk.residents).map_err(super::store_err)?;
            rows += chunk.residents.len();
            match chunks.try_recv() {
                Ok(next) if rows < LOAD_ROWS => chunk = next,
                Ok(next) => {
                    waiting = Some(next);
                    break;
                }
                Err(_) => break,
            }
        }
        tx.commit().map_err(super::store_err)?;
        drop(c);
        if waiting.is_none() {
            waiting = chunks.blocking_recv();
        }
    }
    Ok(total)
}

/// `upsert`'s writes, in the caller's transaction.
fn put(tx: &Connection, families: &[Family], residents: &[Resident]) -> rusqlite::Result<UpsertCounts> {
    {
        let mut put_family = tx.prepare_cached(
            "INSERT INTO register.families (no_kk, address, rt, rw, desa) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (no_kk) DO UPDATE SET address = excluded.address, rt = excluded.rt, rw = excluded.rw, desa = excluded.desa
             WHERE (address, rt, rw, desa) IS NOT (excluded.address, excluded.rt, excluded.rw, excluded.desa)",
        )?;
        for f in families {
            put_family.execute(params![f.no_kk.as_str(), f.address, f.rt, f.rw, f.desa.to_string()])?;
        }
    }
    let mut counts = UpsertCounts::default();
    {
        // In NIK order: the NIK index is then walked forward, each of its pages loaded once per
        // batch, however the export is ordered.
        let mut ordered: Vec<&Resident> = residents.iter().collect();
        ordered.sort_unstable_by(|a, b| a.nik.cmp(&b.nik));
        // A new resident is one insert; one already there is compared and updated if it changed.
        let mut insert = tx.prepare_cached(&format!(
            "INSERT INTO register.residents ({RESIDENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (nik) DO NOTHING"
        ))?;
        let mut update = tx.prepare_cached(&format!(
            "UPDATE register.residents SET no_kk = ?2, name = ?3, birth_place = ?4, birth_date = ?5, sex = ?6, religion = ?7,
               marital_status = ?8, blood_type = ?9, citizenship = ?10, shdk = ?11, alive = ?12, active = ?13
             WHERE nik = ?1 AND ({RESIDENT_COLUMNS}) IS NOT (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
        ))?;
        for r in ordered {
            let values = params![
                r.nik.as_str(),
                r.no_kk.as_str(),
                r.name,
                r.birth_place,
                r.birth_date,
                r.sex.code(),
                r.religion.code(),
                r.marital_status.code(),
                r.blood_type.code(),
                r.citizenship.code(),
                r.shdk.code(),
                r.alive,
                r.active
            ];
            if insert.execute(values)? > 0 {
                counts.inserted += 1;
            } else if update.execute(values)? > 0 {
                counts.updated += 1;
            } else {
                counts.unchanged += 1;
            }
        }
    }
    Ok(counts)
}
