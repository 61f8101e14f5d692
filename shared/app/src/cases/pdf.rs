//! PDFs the office issues (the pickup receipt, letters, a resident's own data): a heading under the
//! office's letterhead, labelled lines, paragraphs, signature blocks side by side, a QR code
//! holding a signed statement, and a footer, in the PDF standard fonts (so Latin-1 text only; other characters print as '?'). What
//! does not fit a page goes on the next.

use adminduk_domain::catalogue::{OfficeCard, Signature};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

pub(crate) struct Sheet<'a> {
    /// Points: A5 (420 x 595) for a receipt, A4 (595 x 842) for a letter.
    pub size: (f32, f32),
    pub heading: &'a str,
    /// The issuing office: its letterhead and contact line head the sheet.
    pub office: &'a OfficeCard,
    pub lines: &'a [(String, String)],
    pub paragraphs: &'a [String],
    /// Side by side under the text, each with room to sign, the name and the NIP.
    pub signatures: &'a [Signature],
    /// The signed statement the QR code carries.
    pub qr: Option<&'a str>,
    pub footer: &'a [String],
}

pub(crate) const A5: (f32, f32) = (420.0, 595.0);
pub(crate) const A4: (f32, f32) = (595.0, 842.0);

/// Latin-1 bytes for the PDF's standard font; what it cannot show becomes '?'.
fn latin1(text: &str) -> Vec<u8> {
    text.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect()
}

/// Words of `text` in lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// Pages being written: each its own content stream, a new one begun when the next line would
/// fall below the bottom margin.
struct Pages {
    done: Vec<Content>,
    current: Content,
    y: f32,
    top: f32,
}

const BOTTOM: f32 = 40.0;

impl Pages {
    /// Room for a line of `height` points: on this page, or at the top of a new one.
    fn room(&mut self, height: f32) -> f32 {
        if self.y - height < BOTTOM {
            self.done.push(std::mem::replace(&mut self.current, Content::new()));
            self.y = self.top;
        }
        self.y
    }

    fn text(&mut self, font: &[u8], size: f32, x: f32, s: &str) {
        let y = self.room(size + 3.0);
        self.current.begin_text().set_font(Name(font), size).next_line(x, y).show(Str(&latin1(s))).end_text();
    }
}

pub(crate) fn render(sheet: &Sheet) -> Vec<u8> {
    let (width, height) = sheet.size;
    // About 5 points per character at 9 points.
    let columns = |from: f32| ((width - from - 30.0) / 4.8) as usize;
    let mut p = Pages { done: Vec::new(), current: Content::new(), y: height - 35.0, top: height - 40.0 };
    for line in &sheet.office.letterhead {
        p.text(b"F2", 10.0, 30.0, line);
        p.y -= 12.0;
    }
    let contact: Vec<&str> = [&sheet.office.address, &sheet.office.phone, &sheet.office.email]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    for line in wrap(&contact.join(" | "), columns(30.0) * 9 / 7) {
        p.text(b"F1", 7.0, 30.0, &line);
        p.y -= 9.0;
    }
    let rule = p.y + 3.0;
    p.current.set_line_width(0.8).move_to(30.0, rule).line_to(width - 30.0, rule).stroke();
    p.y -= 24.0;
    p.text(b"F2", 12.0, 30.0, sheet.heading);
    p.y -= 28.0;
    for (label, value) in sheet.lines {
        p.text(b"F1", 9.0, 30.0, label);
        for line in wrap(value, columns(150.0)) {
            p.text(b"F2", 9.0, 150.0, &line);
            p.y -= 12.0;
        }
        p.y -= 6.0;
    }
    for paragraph in sheet.paragraphs {
        p.y -= 4.0;
        for line in wrap(paragraph, columns(30.0)) {
            p.text(b"F1", 9.5, 30.0, &line);
            p.y -= 13.0;
        }
    }
    // Signature blocks, in columns, whole on one page: the caption, the party, the position, room
    // to sign, then the name and NIP written in by hand.
    if !sheet.signatures.is_empty() {
        let column = (width - 60.0) / sheet.signatures.len() as f32;
        let titles: Vec<Vec<String>> =
            sheet.signatures.iter().map(|s| wrap(&s.title, ((column - 10.0) / 4.8) as usize)).collect();
        let tallest = titles.iter().map(Vec::len).max().unwrap_or(0) as f32;
        p.y -= 16.0;
        let top = p.room(26.0 + tallest * 12.0 + 70.0);
        for (i, (signature, title)) in sheet.signatures.iter().zip(&titles).enumerate() {
            let x = 30.0 + i as f32 * column;
            p.y = top;
            p.text(b"F1", 9.0, x, &signature.caption);
            p.y -= 12.0;
            p.text(b"F2", 9.0, x, &signature.party);
            p.y -= 12.0;
            for line in title {
                p.text(b"F1", 9.0, x, line);
                p.y -= 12.0;
            }
            p.y = top - 26.0 - tallest * 12.0 - 50.0;
            p.text(b"F1", 9.0, x, "(.......................................)");
            p.y -= 12.0;
            p.text(b"F1", 9.0, x, "NIP.");
        }
        p.y -= 20.0;
    }
    // The QR code, drawn as filled squares, whole on one page.
    if let Some(qr) = sheet.qr.and_then(|code| qrcode::QrCode::new(code.as_bytes()).ok()) {
        let modules = qr.width();
        let size = 150.0_f32;
        let cell = size / modules as f32;
        let y = p.room(size + 20.0);
        let (x0, y0) = ((width - size) / 2.0, y - size - 10.0);
        p.current.set_fill_gray(0.0);
        for (i, colour) in qr.to_colors().iter().enumerate() {
            if *colour == qrcode::Color::Dark {
                let (col, row) = ((i % modules) as f32, (i / modules) as f32);
                p.current.rect(x0 + col * cell, y0 + size - (row + 1.0) * cell, cell, cell);
            }
        }
        p.current.fill_nonzero();
        p.y = y0 - 20.0;
    }
    for line in sheet.footer {
        p.text(b"F1", 8.0, 30.0, line);
        p.y -= 11.0;
    }
    p.done.push(p.current);

    let (catalog, tree, font, bold) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let pages: Vec<(Ref, Ref)> = (0..p.done.len() as i32).map(|i| (Ref::new(5 + 2 * i), Ref::new(6 + 2 * i))).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(pages.iter().map(|(page, _)| *page)).count(pages.len() as i32);
    pdf.type1_font(font).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    for ((page, contents), content) in pages.into_iter().zip(p.done) {
        let mut pg = pdf.page(page);
        pg.media_box(Rect::new(0.0, 0.0, width, height)).parent(tree).contents(contents);
        pg.resources().fonts().pair(Name(b"F1"), font).pair(Name(b"F2"), bold);
        pg.finish();
        pdf.stream(contents, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_is_a_pdf_with_its_text() {
        let lines = vec![("Nomor registrasi".to_string(), "7306-2026-000001".to_string())];
        let paragraphs = vec!["Blangko diserahkan dalam keadaan baik.".to_string()];
        let office = adminduk_domain::catalogue::Catalogue::embedded().office(&adminduk_domain::office::Office::GOWA);
        let sheet = Sheet {
            size: A4,
            heading: "BERITA ACARA",
            office: &office,
            lines: &lines,
            paragraphs: &paragraphs,
            signatures: &[
                Signature { caption: "Yang menerima,".into(), party: "PIHAK KEDUA".into(), title: "Petugas".into() },
                Signature {
                    caption: "Yang menyerahkan,".into(),
                    party: "PIHAK PERTAMA".into(),
                    title: "Kepala Dinas Kependudukan dan Pencatatan Sipil Provinsi Sulawesi Selatan".into(),
                },
            ],
            qr: Some("kode"),
            footer: &["Pengaduan: lapor.go.id".to_string()],
        };
        let pdf = render(&sheet);
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        for expected in [
            "PEMERINTAH KABUPATEN GOWA",
            "Jl. Mesjid Raya",
            "7306-2026-000001",
            "BERITA ACARA",
            "dalam keadaan baik",
            "PIHAK PERTAMA",
            "Yang menerima,",
            "NIP.",
            "lapor.go.id",
        ] {
            assert!(text.contains(expected), "{expected}");
        }
        assert_eq!(latin1("Pengambilan ✓"), b"Pengambilan ?");
        // What does not fit one page goes on more.
        let many: Vec<String> = (0..200).map(|i| format!("Baris ke-{i}")).collect();
        let long = render(&Sheet { paragraphs: &many, qr: None, ..sheet });
        let text = String::from_utf8_lossy(&long);
        let count: u32 = text
            .split("/Count ")
            .nth(1)
            .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(count >= 4 && text.contains("Baris ke-199"), "{count} pages of A4");
        assert_eq!(wrap("satu dua tiga empat", 9), ["satu dua", "tiga", "empat"]);
    }
}
