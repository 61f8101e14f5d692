//! The satisfaction survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017): nine elements,
//! each answered 1 (tidak baik) to 4 (sangat baik). Per element the mean (NRR), each weighted
//! 1/9; the index (IKM) is the weighted sum times 25, graded A to D.

/// The nine elements, in the regulation's order.
pub const ELEMENTS: [&str; 9] = [
    "Persyaratan",
    "Sistem, mekanisme dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Sarana dan prasarana",
    "Penanganan pengaduan, saran dan masukan",
];

/// One respondent's answers: nine scores of 1 to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answers([u8; 9]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("survei berisi {} jawaban bernilai 1 sampai 4", ELEMENTS.len())]
pub struct InvalidAnswers;

impl Answers {
    pub fn parse(scores: &[u8]) -> Result<Answers, InvalidAnswers> {
        let scores: [u8; 9] = scores.try_into().map_err(|_| InvalidAnswers)?;
        if scores.iter().all(|s| (1..=4).contains(s)) { Ok(Answers(scores)) } else { Err(InvalidAnswers) }
    }

    pub fn scores(&self) -> [u8; 9] {
        self.0
    }
}

/// The index of a set of respondents, and its grade.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Index {
    /// 25 to 100.
    pub value: f64,
    /// A, B, C or D.
    pub grade: char,
    /// "Sangat Baik", "Baik", "Kurang Baik" or "Tidak Baik".
    pub label: &'static str,
    pub respondents: u64,
}

/// The index from the sum of each element's scores over `respondents`; none without respondents.
pub fn index(sums: [u64; 9], respondents: u64) -> Option<Index> {
    if respondents == 0 {
        return None;
    }
    let weighted: f64 = sums.iter().map(|&s| s as f64 / respondents as f64 / ELEMENTS.len() as f64).sum();
    let value = (weighted * 25.0 * 100.0).round() / 100.0;
    Some(graded(value, respondents))
}

/// An index value (25 to 100) with its grade and label.
pub fn graded(value: f64, respondents: u64) -> Index {
    let (grade, label) = match value {
        v if v >= 88.31 => ('A', "Sangat Baik"),
        v if v >= 76.61 => ('B', "Baik"),
        v if v >= 65.00 => ('C', "Kurang Baik"),
        _ => ('D', "Tidak Baik"),
    };
    Index { value, grade, label, respondents }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_nine_scores_of_one_to_four() {
        assert!(Answers::parse(&[4, 3, 4, 4, 3, 4, 4, 3, 4]).is_ok());
        assert_eq!(Answers::parse(&[4, 3]), Err(InvalidAnswers));
        assert_eq!(Answers::parse(&[4, 3, 4, 4, 3, 4, 4, 3, 5]), Err(InvalidAnswers));
        assert_eq!(Answers::parse(&[0, 3, 4, 4, 3, 4, 4, 3, 4]), Err(InvalidAnswers));
    }

    #[test]
    fn the_index_follows_the_regulation() {
        // Everyone answering 4 everywhere: 4 x 25 = 100, Sangat Baik.
        assert_eq!(index([8; 9], 2).map(|i| (i.value, i.grade)), Some((100.0, 'A')));
        // Two respondents: element means 3.5 (x3), 3 (x6): (10.5 + 18) / 9 x 25 = 79.17, Baik.
        let sums = [7, 7, 7, 6, 6, 6, 6, 6, 6];
        assert_eq!(index(sums, 2).map(|i| (i.value, i.grade, i.label)), Some((79.17, 'B', "Baik")));
        // All 1: 25, the lowest, Tidak Baik; the bounds of C.
        assert_eq!(index([1; 9], 1).map(|i| i.grade), Some('D'));
        assert_eq!(index([0; 9], 0), None);
        let c = [11; 9]; // means 2.75: 68.75
        assert_eq!(index(c, 4).map(|i| (i.value, i.grade)), Some((68.75, 'C')));
    }
}
