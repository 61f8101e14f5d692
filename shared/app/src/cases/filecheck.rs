//! What an uploaded file's bytes are: a PDF, JPEG or PNG whose whole structure holds, with
//! nothing a browser could take for a page or a script (polyglots: an image followed by HTML, a
//! PDF that runs JavaScript).

/// The type the bytes are, when they are one of the types we take, whole and inert.
pub(super) fn file_type(bytes: &[u8]) -> Option<&'static str> {
    if looks_like_markup(bytes) {
        return None;
    }
    if bytes.starts_with(b"%PDF-") {
        pdf_ok(bytes).then_some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_ok(bytes).then_some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        png_ok(bytes).then_some("image/png")
    } else {
        None
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

/// What browsers sniff as a page in the first bytes, or a script anywhere.
fn looks_like_markup(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    [&b"<html"[..], b"<!doctype", b"<body", b"<svg", b"<iframe"].iter().any(|m| contains(head, m))
        || contains(bytes, b"<script")
}

/// A PDF that ends as a PDF does and carries no actions that run code or open other files.
fn pdf_ok(bytes: &[u8]) -> bool {
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    let ends_well = bytes[..end].ends_with(b"%%EOF");
    let active = [&b"/JavaScript"[..], b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA"];
    // A name ends at a delimiter: `/JS` is an action, `/JSFont` is not.
    let named = |name: &[u8]| {
        bytes.windows(name.len() + 1).any(|w| w.starts_with(name) && !w[name.len()].is_ascii_alphanumeric())
    };
    ends_well && !active.iter().any(|a| named(a))
}

/// JPEG segments from SOI through the scan to EOI, with nothing after EOI.
fn jpeg_ok(bytes: &[u8]) -> bool {
    let mut i = 2;
    loop {
        let (Some(&0xFF), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) else { return false };
        match marker {
            // Fill bytes before a marker.
            0xFF => i += 1,
            0xD9 => return bytes[i + 2..].iter().all(|b| *b == 0),
            0xD0..=0xD7 | 0x01 => i += 2,
            _ => {
                let Some(len) = bytes.get(i + 2..i + 4).map(|l| usize::from(u16::from_be_bytes([l[0], l[1]]))) else {
                    return false;
                };
                if len < 2 {
                    return false;
                }
                i += 2 + len;
                if marker == 0xDA {
                    // Entropy-coded data: up to the next marker that is not a stuffed byte or a restart.
                    while let Some(&b) = bytes.get(i) {
                        if b == 0xFF && bytes.get(i + 1).is_some_and(|n| *n != 0 && !(0xD0..=0xD7).contains(n)) {
                            break;
                        }
                        i += 1;
                    }
                }
            }
        }
    }
}

/// PNG chunks from the signature to IEND, with nothing after it.
fn png_ok(bytes: &[u8]) -> bool {
    let mut i = 8;
    while let Some(head) = bytes.get(i..i + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        let Some(next) = i.checked_add(12).and_then(|n| n.checked_add(len)) else { return false };
        if next > bytes.len() || !kind.iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        if kind == b"IEND" {
            return next == bytes.len();
        }
        i = next;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        for (kind, data) in chunks {
            out.extend((data.len() as u32).to_be_bytes());
            out.extend(*kind);
            out.extend(*data);
            out.extend([0, 0, 0, 0]);
        }
        out
    }

    const JPEG: &[u8] =
        &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD9];

    #[test]
    fn whole_files_pass_and_polyglots_do_not() {
        assert_eq!(file_type(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), Some("application/pdf"));
        assert_eq!(file_type(b"%PDF-1.7\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF"), None);
        assert_eq!(file_type(b"%PDF-1.7\n%%EOF\n<html><script>alert(1)</script></html>"), None);
        assert_eq!(file_type(JPEG), Some("image/jpeg"));
        let mut tail = JPEG.to_vec();
        tail.extend(b"<html><body>hi</body></html>");
        assert_eq!(file_type(&tail), None);
        let mut cut = JPEG.to_vec();
        cut.truncate(10);
        assert_eq!(file_type(&cut), None);
        let good = png(&[(b"IHDR", &[0; 13]), (b"IDAT", &[1, 2, 3]), (b"IEND", &[])]);
        assert_eq!(file_type(&good), Some("image/png"));
        let mut after = good.clone();
        after.extend(b"<script>alert(1)</script>");
        assert_eq!(file_type(&after), None);
        let mut trailing = good;
        trailing.extend(b"trailing bytes");
        assert_eq!(file_type(&trailing), None);
        assert_eq!(file_type(b"GIF89a"), None);
        assert_eq!(file_type(b"MZ\x90\x00 (an .exe named foto.jpg)"), None);
        assert_eq!(file_type(b""), None);
        assert_eq!(file_type(b"%PDF-1.7\n<< /BaseFont /JSFont >>\n%%EOF"), Some("application/pdf"));
    }
}
