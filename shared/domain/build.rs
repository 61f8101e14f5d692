//! Embeds every file under data/ into the crate, so the default catalogue and calendar need no
//! files at run time. Each TOML file is embedded as JSON: a function then parses JSON, several
//! times faster than TOML on its cold start, and links no TOML parser. A Dinas that adjusts the
//! files still loads its own TOML folder (the `toml` feature, which the adminduk program has).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    println!("cargo:rerun-if-changed=data");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let (mut json, mut sources) = (String::from("&[\n"), String::from("&[\n"));
    for path in &files {
        let relative = path.strip_prefix(&root).expect("under data/").to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(path).unwrap();
        let value: serde_json::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("data/{relative} is not valid TOML: {e}"));
        let text = serde_json::to_string(&value).unwrap();
        // A TOML date-time literal has no JSON form; the files write dates as strings.
        assert!(!text.contains("$__toml_private_datetime"), "data/{relative}: write dates as \"YYYY-MM-DD\" strings");
        let json_path = relative.strip_suffix(".toml").expect("a .toml file").to_string() + ".json";
        writeln!(json, "    ({json_path:?}, {text:?}),").unwrap();
        writeln!(sources, "    ({relative:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    json.push(']');
    sources.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("data_files.rs"), json).unwrap();
    std::fs::write(out.join("source_files.rs"), sources).unwrap();
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}
