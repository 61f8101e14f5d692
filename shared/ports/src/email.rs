//! The HTML part of an e-mail, made from its text (the text part stays as written): paragraphs,
//! an indented paragraph (a code, an appointment) set apart, under the sending office's letterhead
//! and above its address and complaint channel.

use adminduk_domain::catalogue::OfficeCard;

/// Escapes text for HTML content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The e-mail's HTML part: `subject` as its title, each paragraph of `body` as one (links kept as
/// text a mail reader links itself), an indented one larger, between the letterhead and the
/// contact lines of the office it speaks `from`.
pub fn html(subject: &str, body: &str, from: Option<&OfficeCard>) -> String {
    let paragraphs: String = body
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            if p.lines().all(|l| l.starts_with("    ")) {
                let lines: Vec<String> = p.lines().map(|l| escape(l.trim())).collect();
                format!(
                    "<p style=\"font-size:1.3em;font-weight:bold;letter-spacing:0.05em;margin:1em 0\">{}</p>\n",
                    lines.join("<br>")
                )
            } else {
                format!("<p>{}</p>\n", escape(p.trim()).replace('\n', "<br>"))
            }
        })
        .collect();
    let office =
        from.map_or_else(String::new, |o| format!("<br><span style=\"font-size:0.9em\">{}</span>", escape(&o.name)));
    let contact = from.map_or_else(String::new, |o| {
        let lines = [&o.address, &o.phone, &o.email].into_iter().flatten().map(|l| escape(l)).collect::<Vec<_>>();
        format!("{}<br>Pengaduan: {}<br>", lines.join(" · "), escape(&o.complaint))
    });
    format!(
        "<!doctype html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body style=\"margin:0;background:#f5f6f8;font-family:Arial,sans-serif;color:#1a1a1a;line-height:1.5\">\n\
         <div style=\"max-width:600px;margin:0 auto;background:#ffffff\">\n\
         <div style=\"background:#0b5394;color:#ffffff;padding:12px 20px\"><strong>Layanan Adminduk Online</strong>{office}</div>\n\
         <div style=\"padding:8px 20px 16px\">\n{paragraphs}</div>\n\
         <div style=\"padding:12px 20px;color:#595959;font-size:0.85em;border-top:1px solid #dddddd\">\
         {contact}Pesan ini dikirim otomatis; mohon tidak membalas email ini.</div>\n</div>\n</body></html>\n",
        title = escape(subject),
    )
}

#[cfg(test)]
#[test]
fn paragraphs_codes_and_markup_are_kept_apart() {
    let gowa = adminduk_domain::catalogue::Catalogue::embedded().office(&adminduk_domain::office::Office::GOWA);
    let page = html(
        "Kode <aktivasi>",
        "Yth. Andi & Siti,\n\nKode Anda:\n\n    123456\n\nLihat https://contoh.id/a?b=1&c=2",
        Some(&gowa),
    );
    assert!(page.contains("Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa</span>"));
    assert!(page.contains("Jl. Mesjid Raya No. 30"));
    assert!(page.contains("Pengaduan: pengaduan Dinas Dukcapil Gowa"));
    assert!(page.contains("<title>Kode &lt;aktivasi&gt;</title>"));
    assert!(page.contains("<p>Yth. Andi &amp; Siti,</p>"));
    assert!(page.contains("letter-spacing:0.05em;margin:1em 0\">123456</p>"));
    assert!(page.contains("<p>Lihat https://contoh.id/a?b=1&amp;c=2</p>"));
    assert_eq!(page.matches("<p").count(), 4);
}
