//! The data files built into the crate (everything under `data/`, by relative path). They are
//! the default catalogue and calendar; `Catalogue::from_files` and `Calendar::from_files` take
//! the same paths when a Dinas loads its own adjusted copy.

/// `(relative path, contents)` of every embedded data file, sorted by path.
pub const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/data_files.rs"));

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
