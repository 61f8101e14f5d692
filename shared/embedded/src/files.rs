//! Uploaded files on disk: written to a temporary file of its own in the same folder, flushed,
//! then renamed, so a reader sees a whole file or none and parallel writes of one key never
//! share a temporary file. Temporary files a crash left behind are removed at start.

use std::path::{Path, PathBuf};

use adminduk_ports::{Blobs, ByteStream, StoreError, StoreResult};
use async_trait::async_trait;
use futures::StreamExt;

/// The part a streamed read hands on at a time.
const READ_PART: usize = 256 * 1024;

/// How temporary files start; keys never do (they are our ids).
const TEMPORARY: &str = ".upload-";

#[derive(Clone)]
pub struct DiskBlobs {
    root: PathBuf,
}

impl DiskBlobs {
    pub fn new(root: &Path) -> StoreResult<DiskBlobs> {
        std::fs::create_dir_all(root).map_err(err)?;
        for entry in std::fs::read_dir(root).map_err(err)? {
            let path = entry.map_err(err)?.path();
            if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(TEMPORARY)) {
                std::fs::remove_file(&path).map_err(err)?;
            }
        }
        Ok(DiskBlobs { root: root.to_path_buf() })
    }

    /// Keys are our own ids; anything that could leave the folder is refused.
    fn path(&self, key: &str) -> StoreResult<PathBuf> {
        let safe = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if safe { Ok(self.root.join(key)) } else { Err(StoreError(format!("kunci berkas tidak sah: {key}"))) }
    }
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

/// Runs file work off the async threads.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> StoreResult<T> + Send + 'static) -> StoreResult<T> {
    tokio::task::spawn_blocking(work).await.map_err(err)?
}

#[async_trait]
impl Blobs for DiskBlobs {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> StoreResult<()> {
        let path = self.path(key)?;
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            // Removed on any failure before it is persisted.
            let mut tmp = tempfile::Builder::new().prefix(TEMPORARY).tempfile_in(&root).map_err(err)?;
            tmp.write_all(&bytes).and_then(|()| tmp.as_file().sync_all()).map_err(err)?;
            tmp.persist(&path).map(drop).map_err(|e| err(e.error))
        })
        .await
        .map_err(err)?
    }

    async fn get(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        let path = self.path(key)?;
        tokio::task::spawn_blocking(move || match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(err(e)),
        })
        .await
        .map_err(err)?
    }

    async fn read(&self, key: &str) -> StoreResult<Option<ByteStream>> {
        let path = self.path(key)?;
        let file = match blocking(move || match std::fs::File::open(&path) {
            Ok(file) => Ok(Some(file)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(err(e)),
        })
        .await?
        {
            Some(file) => file,
            None => return Ok(None),
        };
        // One part read ahead while the reader works on the one before.
        let (parts, received) = tokio::sync::mpsc::channel(1);
        tokio::task::spawn_blocking(move || {
            use std::io::Read;
            let mut file = file;
            loop {
                let mut part = vec![0; READ_PART];
                let read = match file.read(&mut part) {
                    Ok(0) => return,
                    Ok(n) => n,
                    Err(e) => {
                        let _ = parts.blocking_send(Err(err(e)));
                        return;
                    }
                };
                part.truncate(read);
                if parts.blocking_send(Ok(bytes::Bytes::from(part))).is_err() {
                    return; // the reader stopped
                }
            }
        });
        let stream = futures::stream::unfold(received, |mut r| async move { r.recv().await.map(|part| (part, r)) });
        Ok(Some(Box::pin(stream)))
    }

    async fn write(&self, key: &str, _content_type: &str, mut bytes: ByteStream) -> StoreResult<u64> {
        let path = self.path(key)?;
        let root = self.root.clone();
        // Removed when dropped, on any failure before it is persisted.
        let mut tmp =
            blocking(move || tempfile::Builder::new().prefix(TEMPORARY).tempfile_in(&root).map_err(err)).await?;
        let mut written = 0;
        while let Some(part) = bytes.next().await {
            let part = part?;
            written += part.len() as u64;
            tmp = blocking(move || {
                use std::io::Write;
                tmp.write_all(&part).map_err(err)?;
                Ok(tmp)
            })
            .await?;
        }
        blocking(move || {
            tmp.as_file().sync_all().map_err(err)?;
            tmp.persist(&path).map(drop).map_err(|e| err(e.error))
        })
        .await?;
        Ok(written)
    }

    async fn delete(&self, key: &str) -> StoreResult<()> {
        let path = self.path(key)?;
        tokio::task::spawn_blocking(move || match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(err(e)),
            _ => Ok(()),
        })
        .await
        .map_err(err)?
    }
}

#[cfg(test)]
mod tests {
    adminduk_ports::blob_contract!(|| async {
        let dir = tempfile::tempdir().unwrap();
        (super::DiskBlobs::new(dir.path()).unwrap(), dir)
    });

    #[tokio::test]
    async fn no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = super::DiskBlobs::new(dir.path()).unwrap();
        adminduk_ports::Blobs::put(&blobs, "U-1", b"%PDF-1.7".to_vec()).await.unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn parallel_writes_of_one_key_each_succeed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = super::DiskBlobs::new(dir.path()).unwrap();
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let writes: Vec<_> = (0..16)
            .map(|_| {
                let (blobs, bytes) = (blobs.clone(), bytes.clone());
                tokio::spawn(async move { adminduk_ports::Blobs::put(&blobs, "U-1", bytes).await })
            })
            .collect();
        for w in writes {
            w.await.unwrap().expect("no write fails for another's sake");
        }
        assert_eq!(adminduk_ports::Blobs::get(&blobs, "U-1").await.unwrap(), Some(bytes));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[tokio::test]
    async fn temporary_files_left_by_a_crash_are_removed_at_start() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".upload-abc123"), b"half a file").unwrap();
        std::fs::write(dir.path().join("U-1"), b"%PDF-1.7").unwrap();
        let blobs = super::DiskBlobs::new(dir.path()).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["U-1"]);
        assert!(adminduk_ports::Blobs::get(&blobs, "U-1").await.unwrap().is_some());
    }
}
