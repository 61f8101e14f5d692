//! The catalogue and calendar the commands use: the copy built into the program, or a folder a
//! Dinas adjusted (same layout as shared/domain/data).

use std::path::{Path, PathBuf};

use adminduk_domain::calendar::Calendar;
use adminduk_domain::catalogue::Catalogue;
use adminduk_domain::{Coded, data};

pub struct Data {
    pub catalogue: Catalogue,
    pub calendar: Calendar,
}

/// Why the data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("Folder data {path} tidak dapat dibaca: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Catalogue(#[from] adminduk_domain::catalogue::CatalogueError),
    #[error(transparent)]
    Calendar(#[from] adminduk_domain::calendar::CalendarError),
}

impl Coded for DataError {
    fn code(&self) -> &'static str {
        match self {
            DataError::Read { .. } => "DATA_UNREADABLE",
            DataError::Catalogue(e) => e.code(),
            DataError::Calendar(e) => e.code(),
        }
    }
}

impl From<DataError> for crate::output::Failure {
    fn from(e: DataError) -> Self {
        (&e).into()
    }
}

impl Data {
    pub fn load(folder: Option<&Path>) -> Result<Data, DataError> {
        let files: Vec<(String, String)> = match folder {
            None => data::EMBEDDED.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect(),
            Some(root) => {
                let mut files = Vec::new();
                read_toml_files(root, root, &mut files)?;
                files
            }
        };
        let all = || files.iter().map(|(p, t)| (p.as_str(), t.as_str()));
        Ok(Data {
            catalogue: Catalogue::from_files(data::under(all(), "catalogue"))?,
            calendar: Calendar::from_files(data::under(all(), "calendar"))?,
        })
    }
}

fn read_toml_files(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), DataError> {
    let read_err = |source| DataError::Read { path: dir.to_path_buf(), source };
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        if path.is_dir() {
            read_toml_files(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let text =
                std::fs::read_to_string(&path).map_err(|source| DataError::Read { path: path.clone(), source })?;
            let relative = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
            out.push((relative, text));
        }
    }
    Ok(())
}
