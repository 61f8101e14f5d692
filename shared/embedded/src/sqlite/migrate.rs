//! Versioned migrations on `PRAGMA user_version`: migration n (1-based) runs once, in its own
//! transaction, when the database is older. (rusqlite_migration does this too, but none of its
//! releases builds against the rusqlite this workspace can resolve.)

use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_register_and_identity.sql"),
    include_str!("migrations/0002_cases_and_delivery.sql"),
    include_str!("migrations/0003_mailbox.sql"),
    include_str!("migrations/0004_tallies.sql"),
    include_str!("migrations/0005_cases_by_applicant.sql"),
    include_str!("migrations/0006_case_numbers.sql"),
    include_str!("migrations/0007_reports.sql"),
    include_str!("migrations/0008_appointments.sql"),
    include_str!("migrations/0009_idempotency_request.sql"),
    include_str!("migrations/0010_outbox_feed.sql"),
    include_str!("migrations/0011_webhook_attempts.sql"),
    include_str!("migrations/0012_processing_record.sql"),
    include_str!("migrations/0013_retention.sql"),
    include_str!("migrations/0014_dead_letters.sql"),
    include_str!("migrations/0015_retention_by_time.sql"),
    include_str!("migrations/0016_queue_by_due.sql"),
    include_str!("migrations/0017_queue_pages_and_sizes.sql"),
    include_str!("migrations/0018_verification_jobs.sql"),
    include_str!("migrations/0019_register_apart.sql"),
    include_str!("migrations/0020_case_listings.sql"),
    include_str!("migrations/0021_fewer_pages_per_write.sql"),
    include_str!("migrations/0022_drafts_by_column.sql"),
    include_str!("migrations/0023_queue_without_drafts.sql"),
];

/// The register's own file (register.rs), versioned by its own `user_version`.
const REGISTER_MIGRATIONS: &[&str] = &[include_str!("migrations/register/0001_register.sql")];

/// Brings the main database up to date.
pub fn migrate(conn: &mut Connection) -> Result<(), String> {
    run(conn, "main", MIGRATIONS)
}

/// Brings the attached register up to date.
pub fn migrate_register(conn: &mut Connection) -> Result<(), String> {
    run(conn, "register", REGISTER_MIGRATIONS)
}

fn run(conn: &mut Connection, schema: &str, migrations: &[&str]) -> Result<(), String> {
    let current: usize = conn
        .pragma_query_value(Some(schema), "user_version", |r| r.get::<_, i64>(0))
        .map_err(|e| e.to_string())? as usize;
    if current > migrations.len() {
        return Err(format!(
            "basis data {schema} versi {current} lebih baru daripada program ini (versi {}); perbarui program",
            migrations.len()
        ));
    }
    for (index, sql) in migrations.iter().enumerate().skip(current) {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        tx.execute_batch(sql).map_err(|e| format!("migrasi {schema} {}: {e}", index + 1))?;
        tx.pragma_update(Some(schema), "user_version", (index + 1) as i64).map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database in memory with the register attached, as the store opens it.
    fn connection() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::register::attach(&conn, None).unwrap();
        super::super::register::prepare(&mut conn, true).unwrap();
        conn
    }

    /// A database as it stood before the first migration whose text holds `marker`.
    fn before(marker: &str) -> Connection {
        let conn = connection();
        let before = MIGRATIONS.iter().position(|m| m.contains(marker)).unwrap();
        for sql in &MIGRATIONS[..before] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", before as i64).unwrap();
        conn
    }

    #[test]
    fn migrates_once_and_refuses_a_newer_database() {
        let mut conn = connection();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
        conn.pragma_update(None, "user_version", 99).unwrap();
        assert!(migrate(&mut conn).unwrap_err().contains("lebih baru"));
    }

    #[test]
    fn queue_sizes_start_from_the_cases_already_open() {
        let mut conn = before("CREATE TABLE queue_sizes");
        for (id, queue_key, closed) in [("K-1", "w/a", 0), ("K-2", "w/a", 0), ("K-3", "w/a", 1), ("K-4", "w/b", 0)] {
            conn.execute(
                "INSERT INTO cases (id, reporter, office, queue_key, closed, version, data) VALUES (?1, 'P', '73.06', ?2, ?3, 1, '{}')",
                rusqlite::params![id, queue_key, closed],
            )
            .unwrap();
        }
        migrate(&mut conn).unwrap();
        let open = |key: &str| -> i64 {
            conn.query_row("SELECT open FROM queue_sizes WHERE queue_key = ?1", [key], |r| r.get(0)).unwrap()
        };
        assert_eq!((open("w/a"), open("w/b")), (2, 1));
        conn.execute("UPDATE cases SET closed = 1 WHERE id = 'K-1'", []).unwrap();
        conn.execute("UPDATE cases SET queue_key = 'w/b' WHERE id = 'K-2'", []).unwrap();
        conn.execute("DELETE FROM cases WHERE id = 'K-4'", []).unwrap();
        assert_eq!((open("w/a"), open("w/b")), (0, 1), "kept by the triggers");
    }

    #[test]
    fn history_numbers_and_applicants_are_kept_when_their_tables_change() {
        let mut conn = before("CREATE TABLE new_case_events");
        conn.execute_batch(
            r#"INSERT INTO cases (id, reporter, office, queue_key, closed, version, data)
                   VALUES ('K-1', 'P', '73.06', 'w/a', 0, 1, '{"applicant":{"nik":"7306081203850001"}}');
               INSERT INTO case_events (case_id, data) VALUES ('K-1', 'dibuat'), ('K-2', 'lain'), ('K-1', 'diajukan');
               INSERT INTO case_numbers (case_id, counter_key, value) VALUES ('K-1', 'regno:73.06:2026', 7);"#,
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let history = |id: &str| -> Vec<String> {
            let mut stmt = conn.prepare("SELECT data FROM case_events WHERE case_id = ?1 ORDER BY seq").unwrap();
            stmt.query_map([id], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
        };
        assert_eq!(history("K-1"), ["dibuat", "diajukan"]);
        conn.execute(
            "INSERT INTO case_events (case_id, seq, data)
             VALUES ('K-1', (SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = 'K-1'), 'diverifikasi')",
            [],
        )
        .unwrap();
        assert_eq!(history("K-1"), ["dibuat", "diajukan", "diverifikasi"], "a new entry goes after the kept ones");
        let number: i64 =
            conn.query_row("SELECT value FROM case_numbers WHERE case_id = 'K-1'", [], |r| r.get(0)).unwrap();
        assert_eq!(number, 7);
        let applicant: String =
            conn.query_row("SELECT applicant_nik FROM cases WHERE id = 'K-1'", [], |r| r.get(0)).unwrap();
        assert_eq!(applicant, "7306081203850001");
    }

    #[test]
    fn only_unfiled_drafts_are_found_by_their_last_change() {
        let mut conn = before("ADD COLUMN draft_updated_at");
        conn.execute_batch(
            r#"INSERT INTO cases (id, reporter, office, queue_key, closed, version, data) VALUES
                   ('K-1', 'P', '73.06', 'w/draf', 0, 1, '{"updated_at":"2026-01-02T03:04:05Z"}'),
                   ('K-2', 'P', '73.06', 'w/a', 0, 2, '{"updated_at":"2026-01-02T03:04:05Z","submitted_at":"2026-01-02T03:04:05Z"}'),
                   ('K-3', 'P', '73.06', 'w/draf', 1, 2, '{"updated_at":"2026-01-02T03:04:05Z"}');"#,
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let mut stmt =
            conn.prepare("SELECT id, draft_updated_at FROM cases WHERE draft_updated_at IS NOT NULL").unwrap();
        let drafts: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(drafts, [("K-1".to_string(), "2026-01-02T03:04:05Z".to_string())]);
    }

    #[test]
    fn an_older_register_moves_into_its_own_database() {
        let mut conn = before("DROP TABLE main.residents");
        conn.execute_batch(
            "INSERT INTO main.families VALUES ('7306081203150001', 'Jl. Masjid Raya', '002', '004', '73.06.08.1001');
             INSERT INTO main.residents VALUES ('7306081203850001', '7306081203150001', 'Andi', 'Gowa', '1985-03-12', 1, 1, 2, 4, 1, 1, 1, 1);",
        )
        .unwrap();
        // As the store opens it: the register first (twice, as after a start cut short between
        // the copy and the migration), then the migrations.
        for _ in 0..2 {
            super::super::register::prepare(&mut conn, true).unwrap();
        }
        migrate(&mut conn).unwrap();
        let name: String = conn
            .query_row("SELECT name FROM register.residents WHERE nik = '7306081203850001'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "Andi");
        let families: i64 = conn.query_row("SELECT count(*) FROM register.families", [], |r| r.get(0)).unwrap();
        assert_eq!(families, 1);
        let left: i64 = conn
            .query_row("SELECT count(*) FROM main.sqlite_master WHERE name IN ('residents', 'families')", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(left, 0, "the main database keeps no copy");
    }
}
