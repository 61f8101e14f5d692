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
    /// Who signs, side by side under the text: a handover's two parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<Signature>,
}

/// A signature block: "Yang menyerahkan," / "PIHAK PERTAMA" / "Kepala Dinas ...", then room for
/// the signature, the name and the NIP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub caption: String,
    pub party: String,
    /// The signer's position and office.
    pub title: String,
}

/// A letter with its values filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedLetter {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub signatures: Vec<Signature>,
}

impl Letter {
    /// Fills every `{name}` from `values`; a name without a value is an error naming it.
    pub fn render(&self, values: &std::collections::BTreeMap<&str, String>) -> Result<RenderedLetter, String> {
        let body = super::template::fill(self.body.trim(), values)?;
        let fill = |text: &str| super::template::fill(text, values);
        Ok(RenderedLetter {
            title: fill(&self.title)?,
            paragraphs: body.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect(),
            signatures: self
                .signatures
                .iter()
                .map(|s| Ok(Signature { caption: fill(&s.caption)?, party: fill(&s.party)?, title: fill(&s.title)? }))
                .collect::<Result<_, String>>()?,
        })
    }

    pub fn placeholder_names(&self) -> Result<Vec<&str>, String> {
        let mut texts = vec![self.title.as_str(), self.body.as_str()];
        texts.extend(self.signatures.iter().flat_map(|s| [s.caption.as_str(), s.party.as_str(), s.title.as_str()]));
        super::template::names(&texts)
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
            signatures: vec![Signature {
                caption: "Yang menerima,".into(),
                party: "PIHAK KEDUA".into(),
                title: "Petugas {kantor_pemohon}".into(),
            }],
        };
        let values = [
            ("nomor_registrasi", "73-2026-000001".to_string()),
            ("nama_pemohon", "Andi".into()),
            ("catatan", "Data terlampir".into()),
            ("kantor_pemohon", "Dinas Gowa".into()),
        ];
        let r = letter.render(&values.into_iter().collect()).unwrap();
        assert_eq!(r.title, "SURAT BALASAN 73-2026-000001");
        assert_eq!(r.paragraphs, ["Yth. Andi, baris kedua", "Data terlampir"]);
        assert_eq!(r.signatures[0].title, "Petugas Dinas Gowa");
        assert_eq!(
            letter.placeholder_names().unwrap(),
            ["nomor_registrasi", "nama_pemohon", "catatan", "kantor_pemohon"]
        );
        assert_eq!(letter.render(&Default::default()).unwrap_err(), "nama_pemohon", "the first name missing");
    }
}
