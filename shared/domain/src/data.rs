//! The data files built into the crate (everything under `data/`, by relative path). They are
//! the default catalogue and calendar; `Catalogue::from_files` and `Calendar::from_files` take
//! the same paths when a Dinas loads its own adjusted copy.

use serde::de::DeserializeOwned;

/// `(relative path, contents)` of every embedded data file, sorted by path. The build turned
/// each `data/**/x.toml` into `x.json` with the same contents.
pub const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/data_files.rs"));

/// The TOML files themselves, for tests that break one on purpose.
#[cfg(test)]
pub(crate) const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/source_files.rs"));

/// The files whose path starts with `folder/`.
pub fn under<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    folder: &str,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    let prefix = format!("{folder}/");
    files.into_iter().filter(move |(path, _)| path.starts_with(&prefix))
}

/// The embedded files under `folder/`.
pub fn embedded_under(folder: &str) -> impl Iterator<Item = (&'static str, &'static str)> {
    under(EMBEDDED.iter().copied(), folder)
}

/// A data file's path without its extension: what the file is, whichever format it is in.
pub fn stem(path: &str) -> &str {
    path.rsplit_once('.').filter(|(_, ext)| !ext.contains('/')).map_or(path, |(stem, _)| stem)
}

/// Reads a data file in the format its extension names: JSON, or TOML where the `toml` feature
/// is on (the adminduk program, which loads a Dinas's folder).
pub fn parse<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, String> {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("json") => serde_json::from_str(text).map_err(|e| e.to_string()),
        #[cfg(any(test, feature = "toml"))]
        Some("toml") => toml::from_str(text).map_err(|e| e.to_string().trim().to_string()),
        _ => Err("format berkas tidak dikenal (hanya .json, atau .toml lewat program adminduk)".into()),
    }
}
