//! Numbers as Indonesian official documents write them: "2.000 (dua ribu)".

const ONES: [&str; 12] =
    ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"];

/// A whole number in words ("terbilang"): 1 is "satu", 100 "seratus", 1,000 "seribu", 2,015
/// "dua ribu lima belas".
pub fn terbilang(n: u64) -> String {
    fn words(n: u64) -> String {
        let join = |head: String, rest: u64| if rest == 0 { head } else { format!("{head} {}", words(rest)) };
        match n {
            0..=11 => ONES[n as usize].to_string(),
            12..=19 => format!("{} belas", ONES[(n - 10) as usize]),
            20..=99 => join(format!("{} puluh", ONES[(n / 10) as usize]), n % 10),
            100..=199 => join("seratus".into(), n - 100),
            200..=999 => join(format!("{} ratus", ONES[(n / 100) as usize]), n % 100),
            1_000..=1_999 => join("seribu".into(), n - 1_000),
            2_000..=999_999 => join(format!("{} ribu", words(n / 1_000)), n % 1_000),
            1_000_000..=999_999_999 => join(format!("{} juta", words(n / 1_000_000)), n % 1_000_000),
            _ => join(format!("{} miliar", words(n / 1_000_000_000)), n % 1_000_000_000),
        }
    }
    if n == 0 { "nol".into() } else { words(n) }
}

/// The number with a dot between thousands and in words: "2.000 (dua ribu)".
pub fn quantity(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped} ({})", terbilang(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_documents_write_them() {
        for (n, expected) in [
            (0, "nol"),
            (1, "satu"),
            (10, "sepuluh"),
            (11, "sebelas"),
            (12, "dua belas"),
            (19, "sembilan belas"),
            (20, "dua puluh"),
            (45, "empat puluh lima"),
            (100, "seratus"),
            (111, "seratus sebelas"),
            (250, "dua ratus lima puluh"),
            (1_000, "seribu"),
            (1_500, "seribu lima ratus"),
            (2_015, "dua ribu lima belas"),
            (11_000, "sebelas ribu"),
            (100_000, "seratus ribu"),
            (125_300, "seratus dua puluh lima ribu tiga ratus"),
            (1_000_000, "satu juta"),
            (2_000_001, "dua juta satu"),
            (3_000_000_000, "tiga miliar"),
        ] {
            assert_eq!(terbilang(n), expected, "{n}");
        }
        assert_eq!(quantity(2_000), "2.000 (dua ribu)");
        assert_eq!(quantity(950), "950 (sembilan ratus lima puluh)");
        assert_eq!(
            quantity(1_234_567),
            "1.234.567 (satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh)"
        );
    }
}
