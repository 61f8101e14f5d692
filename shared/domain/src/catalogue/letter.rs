//! Letters the office issues from a workflow step (seed 002: the BAST of KTP-el blanks, the PPID
//! reply, the answer to a PKS facilitation request): one of the service's products, written from
//! a template with the same `{placeholders}` as the messages and put on the office's letterhead.

use serde::{Deserialize, Serialize};

/// A letter template, keyed in `letters.toml` and named by an action's `produces`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Letter {
    /// The product of the service it stands for, as the service names it.
    pub product: String,
    pub title: String,
    /// Paragraphs separated by blank lines.
    pub body: String,
}

/// A letter with its values filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedLetter {
    pub title: String,
    pub paragraphs: Vec<String>,
}

impl Letter {
    /// Fills every `{name}` from `values`; a name without a value is an error naming it.
    pub fn render(&self, values: &std::collections::BTreeMap<&str, String>) -> Result<RenderedLetter, String> {
        let body = super::template::fill(self.body.trim(), values)?;
        Ok(RenderedLetter {
            title: super::template::fill(&self.title, values)?,
            paragraphs: body.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect(),
        })
    }

    pub fn placeholder_names(&self) -> Result<Vec<&str>, String> {
        super::template::names(&[&self.title, &self.body])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_paragraphs_joined_into_lines() {
        let letter = Letter {
            product: "Surat balasan".into(),
            title: "SURAT BALASAN {nomor_registrasi}".into(),
            body: "Yth. {nama_pemohon},\nbaris kedua\n\n{catatan}".into(),
        };
        let values = [
            ("nomor_registrasi", "73-2026-000001".to_string()),
            ("nama_pemohon", "Andi".into()),
            ("catatan", "Data terlampir".into()),
        ];
        let r = letter.render(&values.into_iter().collect()).unwrap();
        assert_eq!(r.title, "SURAT BALASAN 73-2026-000001");
        assert_eq!(r.paragraphs, ["Yth. Andi, baris kedua", "Data terlampir"]);
        assert_eq!(letter.placeholder_names().unwrap(), ["nomor_registrasi", "nama_pemohon", "catatan"]);
        assert_eq!(letter.render(&Default::default()).unwrap_err(), "nama_pemohon", "the first name missing");
    }
}
