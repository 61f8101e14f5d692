//! Registration numbers, given under the writer's lock and written with the next commit: most
//! often the filing's own, so a filing is one transaction rather than two. A number that no
//! commit ever follows (the process stopped first) was seen by nobody, as its case was never
//! kept; one whose case's commit failed is written by the next commit all the same, and a
//! retried filing finds it.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

/// The numbers given since the last commit that held: each numbered case's counter and number.
#[derive(Default)]
pub(super) struct Given {
    cases: HashMap<String, (String, i64)>,
}

impl Given {
    /// The number `case_id` holds in `key`, or the next one, read on the writer `c` (whose lock
    /// the caller holds, so no commit writes these meanwhile).
    pub(super) fn number(&mut self, c: &Connection, key: &str, case_id: &str) -> rusqlite::Result<i64> {
        if let Some((_, v)) = self.cases.get(case_id) {
            return Ok(*v);
        }
        let held = c
            .prepare_cached("SELECT value FROM case_numbers WHERE case_id = ?1")?
            .query_row([case_id], |r| r.get(0))
            .optional()?;
        if let Some(v) = held {
            return Ok(v);
        }
        let last = match self.counter(key) {
            Some(v) => v,
            None => stored_counter(c, key)?,
        };
        self.cases.insert(case_id.to_string(), (key.to_string(), last + 1));
        Ok(last + 1)
    }

    /// The last number given in `key` and not yet written (a handful are pending at most).
    pub(super) fn counter(&self, key: &str) -> Option<i64> {
        self.cases.values().filter(|(k, _)| k == key).map(|(_, v)| *v).max()
    }

    /// Writes the numbers given inside the caller's transaction; `written` once it commits.
    pub(super) fn write(&self, tx: &Connection) -> rusqlite::Result<()> {
        for (case_id, (key, value)) in &self.cases {
            tx.prepare_cached("INSERT OR IGNORE INTO case_numbers (case_id, counter_key, value) VALUES (?1, ?2, ?3)")?
                .execute(params![case_id, key, value])?;
        }
        Ok(())
    }

    pub(super) fn written(&mut self) {
        self.cases.clear();
    }
}

/// The last number written in `key`: the highest case number, or what `counters` kept of the
/// numbers given before case numbers were (migration 6; no longer written since 21, a page less
/// per filing).
pub(super) fn stored_counter(c: &Connection, key: &str) -> rusqlite::Result<i64> {
    c.prepare_cached(
        "SELECT max(coalesce((SELECT max(value) FROM case_numbers WHERE counter_key = ?1), 0),
                    coalesce((SELECT value FROM counters WHERE key = ?1), 0))",
    )?
    .query_row([key], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use adminduk_ports::{Cases, Identity, Write};

    use crate::SqliteStore;

    const KEY: &str = "regno:7306:2026";

    #[tokio::test]
    async fn a_number_is_written_with_the_next_commit_that_holds() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("adminduk.db");
        {
            let store = SqliteStore::open(&path).unwrap();
            assert_eq!(store.number_case(KEY, "K-1").await.unwrap(), 1);
            // K-1's own commit fails its condition: the number waits for the next one.
            let refused = store.commit(vec![Write::RevokeRefreshToken { hash: "none".into(), spent_at: None }]).await;
            assert!(refused.is_err());
            store.commit(vec![]).await.unwrap();
            assert_eq!(store.number_case(KEY, "K-2").await.unwrap(), 2);
            assert_eq!(store.counter(KEY).await.unwrap(), 2, "a counter counts what it gave");
            // The process stops before anything is committed after K-2.
        }
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.counter(KEY).await.unwrap(), 1, "K-2's number was never written");
        assert_eq!(store.number_case(KEY, "K-1").await.unwrap(), 1, "K-1 keeps its number");
        assert_eq!(store.number_case(KEY, "K-3").await.unwrap(), 2);
    }

    #[tokio::test]
    async fn a_counter_goes_on_from_the_numbers_given_before_case_numbers_were_kept() {
        let store = SqliteStore::open_temporary().unwrap();
        store.writer.lock().await.execute("INSERT INTO counters (key, value) VALUES (?1, 41)", [KEY]).unwrap();
        assert_eq!(store.counter(KEY).await.unwrap(), 41);
        assert_eq!(store.number_case(KEY, "K-1").await.unwrap(), 42);
        store.commit(vec![]).await.unwrap();
        assert_eq!(store.number_case(KEY, "K-2").await.unwrap(), 43, "from the case numbers now");
        store.commit(vec![]).await.unwrap();
        assert_eq!(store.counter(KEY).await.unwrap(), 43);
    }
}
