//! What officers record about the documents a service issues: each product by its name in the
//! service file, each number in the format its kind of document has.

use crate::ids::NoKk;

/// Whether a product is numbered with its holder's NIK (KTP-el, KIA).
pub fn numbered_by_nik(product: &str) -> bool {
    product.starts_with("KTP-el") || product.contains("(KIA)")
}

/// Whether `number` is written as a number of `product` is: akta numbers as
/// `7306-LT-10112026-0001` (LT or LU for a birth, KM for a death), a KK by its No. KK, a KTP-el
/// or KIA by the holder's NIK; other documents by a reference of letters, digits and `/.-`.
pub fn check_product_number(product: &str, number: &str) -> Result<(), String> {
    let number = number.trim();
    let akta = |kinds: &[&str]| {
        let parts: Vec<&str> = number.split('-').collect();
        let digits =
            |s: &str, n: std::ops::RangeInclusive<usize>| n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        parts.len() == 4
            && digits(parts[0], 4..=4)
            && kinds.contains(&parts[1])
            && digits(parts[2], 8..=8)
            && digits(parts[3], 4..=5)
    };
    let ok = if product.contains("Akta Kelahiran") {
        akta(&["LT", "LU"])
    } else if product.contains("Akta Kematian") {
        akta(&["KM"])
    } else if product.starts_with("Kartu Keluarga") {
        NoKk::parse(number).is_ok()
    } else if numbered_by_nik(product) {
        number.len() == 16 && number.bytes().all(|b| b.is_ascii_digit())
    } else {
        !number.is_empty()
            && number.chars().count() <= 60
            && number.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '/' | '.' | '-'))
    };
    if ok {
        return Ok(());
    }
    let example = if product.contains("Akta Kelahiran") {
        "misalnya 7306-LT-10112026-0001"
    } else if product.contains("Akta Kematian") {
        "misalnya 7306-KM-20112026-0001"
    } else if product.starts_with("Kartu Keluarga") {
        "16 angka No. KK"
    } else if numbered_by_nik(product) {
        "16 angka NIK pemegangnya"
    } else {
        "huruf, angka dan tanda / . - , paling banyak 60 karakter"
    };
    Err(format!("Nomor {product} tidak sesuai format ({example})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_their_document_kind() {
        assert!(check_product_number("Kutipan Akta Kelahiran", "7306-LT-10112026-0001").is_ok());
        assert!(check_product_number("Kutipan Akta Kelahiran", "7306-KM-10112026-0001").is_err());
        assert!(check_product_number("Kutipan Akta Kematian", "7306-KM-20112026-00012").is_ok());
        assert!(check_product_number("Kutipan Akta Kematian", "AK-123").is_err());
        assert!(check_product_number("Kartu Keluarga (KK)", "7306081203150001").is_ok());
        assert!(check_product_number("Kartu Keluarga (KK)", "123").is_err());
        assert!(check_product_number("Kartu Identitas Anak (KIA)", "7306082003160004").is_ok());
        assert!(check_product_number("KTP-el", "73060820031600").is_err());
        assert!(check_product_number("Surat Keterangan Pindah", "SKPWNI/7306/2026/0012").is_ok());
        assert!(
            check_product_number("Surat Keterangan Pindah", "<b>").unwrap_err().contains("Surat Keterangan Pindah")
        );
    }
}
