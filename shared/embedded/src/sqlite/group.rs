//! Group commit: the commits waiting for the writer are taken together by whichever of their
//! callers gets it first, in one transaction (writes.rs). A filing writes about 17 pages, and
//! filings side by side write many of the same ones (the tallies, the queue sizes, the last
//! pages of the outbox and of the indexes by number and date): once for the group. A caller who
//! goes before its commit is taken withdraws it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use adminduk_ports::{CommitError, Write};
use tokio::sync::oneshot;

type Answer = Result<(), CommitError>;

struct Waiting {
    id: u64,
    writes: Vec<Write>,
    answer: oneshot::Sender<Answer>,
}

/// The commits waiting for the writer.
#[derive(Default)]
pub(super) struct Queue {
    waiting: Mutex<Vec<Waiting>>,
    ids: AtomicU64,
}

impl Queue {
    /// Puts `writes` in the queue until a caller holding the writer takes them.
    pub(super) fn join(&self, writes: Vec<Write>) -> Ticket<'_> {
        let (answer, answered) = oneshot::channel();
        let id = self.ids.fetch_add(1, Ordering::Relaxed);
        self.waiting().push(Waiting { id, writes, answer });
        Ticket { queue: self, id, answered }
    }

    /// Every commit waiting now, and where each one's answer goes.
    pub(super) fn take(&self) -> (Vec<Vec<Write>>, Vec<oneshot::Sender<Answer>>) {
        self.waiting().drain(..).map(|w| (w.writes, w.answer)).unzip()
    }

    fn waiting(&self) -> MutexGuard<'_, Vec<Waiting>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A commit's place in the queue; dropped before the commit is taken, it withdraws it.
pub(super) struct Ticket<'a> {
    queue: &'a Queue,
    id: u64,
    pub(super) answered: oneshot::Receiver<Answer>,
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        self.queue.waiting().retain(|w| w.id != self.id);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use adminduk_ports::{AuditEntry, CommitError, Guard, Identity, Write};

    use crate::SqliteStore;

    fn line(subject: &str) -> Write {
        Write::Audit(AuditEntry {
            at: chrono::Utc::now(),
            actor: "uji".into(),
            action: "isi".into(),
            subject: subject.into(),
            detail: serde_json::json!({}),
            client_address: None,
        })
    }

    async fn until_waiting(store: &SqliteStore, count: usize) {
        while store.queue.waiting().len() < count {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    async fn subjects(store: &SqliteStore) -> Vec<String> {
        let sql = "SELECT json_extract(data, '$.subject') FROM audit_log ORDER BY seq";
        let read = store.read(move |c| c.prepare(sql)?.query_map([], |r| r.get(0))?.collect()).await;
        read.unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn commits_waiting_for_the_writer_go_in_one_transaction_each_alone_in_its_conditions() {
        let store = SqliteStore::open_temporary().unwrap();
        let commits = Arc::new(AtomicUsize::new(0));
        let mut held = store.writer.lock().await;
        let counted = commits.clone();
        held.commit_hook(Some(move || {
            counted.fetch_add(1, Ordering::Relaxed);
            false
        }))
        .unwrap();
        let batches = [
            vec![line("satu")],
            // A condition that fails: undone alone.
            vec![line("batal"), Write::RevokeRefreshToken { hash: "tidak ada".into(), spent_at: None }],
            vec![line("dua")],
        ];
        let mut tasks = Vec::new();
        for (i, batch) in batches.into_iter().enumerate() {
            let caller = store.clone();
            tasks.push(tokio::spawn(async move { caller.commit(batch).await }));
            until_waiting(&store, i + 1).await;
        }
        drop(held);
        let answers: Vec<_> = futures::future::join_all(tasks).await.into_iter().map(Result::unwrap).collect();
        assert_eq!(answers, [Ok(()), Err(CommitError::Changed(Guard::RefreshToken)), Ok(())]);
        assert_eq!(commits.load(Ordering::Relaxed), 1, "one transaction");
        assert_eq!(subjects(&store).await, ["satu", "dua"]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_commit_whose_caller_went_before_it_was_taken_is_not_made() {
        let store = SqliteStore::open_temporary().unwrap();
        let held = store.writer.lock().await;
        let gone = tokio::spawn({
            let store = store.clone();
            async move { store.commit(vec![line("ditinggal")]).await }
        });
        until_waiting(&store, 1).await;
        gone.abort();
        assert!(gone.await.unwrap_err().is_cancelled());
        drop(held);
        store.commit(vec![line("disimpan")]).await.unwrap();
        assert_eq!(subjects(&store).await, ["disimpan"]);
    }
}
