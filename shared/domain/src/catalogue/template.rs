use serde::{Deserialize, Serialize};

use crate::workflow::InputKind;

/// The SMS and e-mail an action sends, in Bahasa Indonesia, with `{placeholders}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub sms: String,
    pub email_subject: String,
    pub email_body: String,
}

/// Templates sent by account flows rather than by workflow actions.
pub const ACCOUNT_TEMPLATES: &[&str] = &["kode_aktivasi", "kode_reset_sandi"];

/// Templates sent when an appointment is booked (or moved), cancelled, due tomorrow or missed.
pub const APPOINTMENT_TEMPLATES: &[&str] =
    &["janji_temu_dipesan", "janji_temu_dibatalkan", "janji_temu_pengingat", "janji_temu_tidak_hadir"];

/// Templates the WhatsApp channel sends by itself: the answer to a message about a case an
/// officer is working on.
pub const WHATSAPP_TEMPLATES: &[&str] = &["status_wa"];

/// Two concatenated SMS segments (GSM-7), minus room for the filled-in values.
pub(super) const SMS_TEMPLATE_MAX_CHARS: usize = 240;

/// A value a template may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Placeholder {
    NomorRegistrasi,
    Layanan,
    /// The service and whom the event is about: "Pelaporan Kematian: alm. X".
    Perihal,
    NamaPemohon,
    /// Whom the message is addressed to (the reporter, or the account holder).
    NamaPenerima,
    Status,
    /// The Dinas responsible for the case, its postal address, and its short name for an SMS.
    Kantor,
    AlamatKantor,
    KantorSingkat,
    /// The office working the case (a kecamatan the applicant wrote to on WhatsApp, a counter),
    /// by its short name.
    KantorLayanan,
    TanggalJanji,
    TempatPengambilan,
    KontakPengaduan,
    Tautan,
    /// Today's date, in words (letters).
    Tanggal,
    /// A one-time code and how many minutes it stays valid (account templates).
    Kode,
    BerlakuMenit,
    /// The booked appointment: day, time and place. Only appointment templates and actions that
    /// need an appointment may use it.
    JanjiTemu,
    /// The office hours in words ("Senin–Kamis 08.00–16.00, ...").
    JamLayanan,
    /// When the current step's time standard runs out, in words.
    BatasTahap,
    /// How the applicant's side is told of each step: "WhatsApp", or "SMS dan email".
    SaluranPesan,
    /// What the applicant's side reads in the case's state now (the state's `next` text); for
    /// messages only.
    LangkahBerikutnya,
    /// The Dinas that asked (a kabupaten/kota asking the province for blanks): letters only.
    KantorPemohon,
    /// Filled from the action's inputs, so every action sending the template must require it.
    FromInput(InputKind),
}

impl Placeholder {
    pub fn parse(name: &str) -> Option<Placeholder> {
        Some(match name {
            "nomor_registrasi" => Placeholder::NomorRegistrasi,
            "layanan" => Placeholder::Layanan,
            "perihal" => Placeholder::Perihal,
            "nama_pemohon" => Placeholder::NamaPemohon,
            "nama_penerima" => Placeholder::NamaPenerima,
            "status" => Placeholder::Status,
            "kantor" => Placeholder::Kantor,
            "alamat_kantor" => Placeholder::AlamatKantor,
            "kantor_singkat" => Placeholder::KantorSingkat,
            "kantor_layanan" => Placeholder::KantorLayanan,
            "tanggal_janji" => Placeholder::TanggalJanji,
            "tempat_pengambilan" => Placeholder::TempatPengambilan,
            "kontak_pengaduan" => Placeholder::KontakPengaduan,
            "tautan" => Placeholder::Tautan,
            "tanggal" => Placeholder::Tanggal,
            "kode" => Placeholder::Kode,
            "berlaku_menit" => Placeholder::BerlakuMenit,
            "janji_temu" => Placeholder::JanjiTemu,
            "jam_layanan" => Placeholder::JamLayanan,
            "batas_tahap" => Placeholder::BatasTahap,
            "saluran_pesan" => Placeholder::SaluranPesan,
            "langkah_berikutnya" => Placeholder::LangkahBerikutnya,
            "alasan" => Placeholder::FromInput(InputKind::Reason),
            "estimasi_dokumen" => Placeholder::FromInput(InputKind::DocumentEstimate),
            "nomor_dokumen" => Placeholder::FromInput(InputKind::DocumentNumbers),
            "jadwal" => Placeholder::FromInput(InputKind::Schedule),
            "catatan" => Placeholder::FromInput(InputKind::Note),
            "jumlah" => Placeholder::FromInput(InputKind::Quantity),
            // The same, with thousands grouped and in words: "2.000 (dua ribu)".
            "jumlah_terbilang" => Placeholder::FromInput(InputKind::Quantity),
            "kantor_pemohon" => Placeholder::KantorPemohon,
            _ => return None,
        })
    }
}

/// A template with its values filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    pub sms: String,
    pub email_subject: String,
    pub email_body: String,
}

/// Fills every `{name}` of `text` from `values`; a name without a value is an error naming it.
pub fn fill(text: &str, values: &std::collections::BTreeMap<&str, String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| "kurung kurawal tidak ditutup".to_string())?;
        let name = &after[..close];
        out.push_str(values.get(name).ok_or_else(|| name.to_string())?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// An e-mail body as mail readers wrap it: the data's line breaks inside a paragraph (there for
/// its editors) become spaces; blank lines part paragraphs; an indented paragraph (a code, a slot)
/// keeps its lines.
pub fn reflow(text: &str) -> String {
    let paragraphs = text.split("\n\n").map(str::trim_end).filter(|p| !p.trim().is_empty());
    let joined = paragraphs.map(|p| {
        if p.lines().all(|l| l.starts_with("    ")) {
            p.to_string()
        } else {
            p.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    });
    joined.collect::<Vec<_>>().join("\n\n")
}

/// The names between braces in `texts`, in order of appearance, or the first malformed brace.
pub fn names<'a>(texts: &[&'a str]) -> Result<Vec<&'a str>, String> {
    let mut out = Vec::new();
    for text in texts {
        let mut rest = *text;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(format!("kurung kurawal tanpa pasangan dalam: {text}"));
            }
            let after = &rest[open + 1..];
            let close = after.find('}').ok_or_else(|| format!("kurung kurawal tidak ditutup dalam: {text}"))?;
            out.push(&after[..close]);
            rest = &after[close + 1..];
        }
    }
    Ok(out)
}

impl Template {
    /// Fills every `{name}` from `values`; a name without a value is an error naming it.
    pub fn render(&self, values: &std::collections::BTreeMap<&str, String>) -> Result<Rendered, String> {
        let fill = |text: &str| fill(text, values);
        Ok(Rendered {
            sms: fill(&self.sms)?,
            email_subject: fill(&self.email_subject)?,
            email_body: reflow(&fill(self.email_body.trim())?),
        })
    }

    /// The names between braces in every part, in order of appearance, or the first malformed
    /// brace as an error.
    pub fn placeholder_names(&self) -> Result<Vec<&str>, String> {
        names(&[&self.sms, &self.email_subject, &self.email_body])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(sms: &str) -> Template {
        Template { sms: sms.into(), email_subject: "Subjek".into(), email_body: "Isi {layanan}".into() }
    }

    #[test]
    fn renders_every_part() {
        let values = [
            ("nomor_registrasi", "7306-2026-000001".to_string()),
            ("alasan", "berkas buram".into()),
            ("layanan", "KIA".into()),
        ];
        let r = t("No {nomor_registrasi}: {alasan}").render(&values.into_iter().collect()).unwrap();
        assert_eq!(
            reflow("Yth. Andi,\n\nPermohonan Anda\ntelah diterima.\n\n    123456\n\nSalam"),
            "Yth. Andi,\n\nPermohonan Anda telah diterima.\n\n    123456\n\nSalam"
        );
        assert_eq!(r.sms, "No 7306-2026-000001: berkas buram");
        assert_eq!(r.email_body, "Isi KIA");
        let missing = t("No {nomor_registrasi}").render(&Default::default()).unwrap_err();
        assert_eq!(missing, "nomor_registrasi");
    }

    #[test]
    fn finds_placeholders_in_every_part() {
        assert_eq!(
            t("No {nomor_registrasi}: {alasan}").placeholder_names().unwrap(),
            ["nomor_registrasi", "alasan", "layanan"]
        );
        assert!(t("No {nomor_registrasi").placeholder_names().is_err());
        assert!(t("No } x").placeholder_names().is_err());
        assert_eq!(Placeholder::parse("alasan"), Some(Placeholder::FromInput(InputKind::Reason)));
        assert_eq!(Placeholder::parse("nik"), None);
    }
}
