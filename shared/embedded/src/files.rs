//! Uploaded files on disk: written to a temporary file in the same folder, flushed, then renamed,
//! so a reader sees a whole file or none.

use std::path::{Path, PathBuf};

use adminduk_app::ports::{Blobs, StoreError, StoreResult};
use async_trait::async_trait;

#[derive(Clone)]
pub struct DiskBlobs {
    root: PathBuf,
}

impl DiskBlobs {
    pub fn new(root: &Path) -> StoreResult<DiskBlobs> {
        std::fs::create_dir_all(root).map_err(|e| StoreError(e.to_string()))?;
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

#[async_trait]
impl Blobs for DiskBlobs {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> StoreResult<()> {
        let path = self.path(key)?;
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
            let mut file = std::fs::File::create(&tmp).map_err(err)?;
            file.write_all(&bytes).and_then(|()| file.sync_all()).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                err(e)
            })?;
            std::fs::rename(&tmp, &path).map_err(err)
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
    adminduk_app::blob_contract!(|| async {
        let dir = tempfile::tempdir().unwrap();
        (super::DiskBlobs::new(dir.path()).unwrap(), dir)
    });

    #[tokio::test]
    async fn no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = super::DiskBlobs::new(dir.path()).unwrap();
        adminduk_app::ports::Blobs::put(&blobs, "U-1", b"%PDF-1.7".to_vec()).await.unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
