use crate::catalogue::{Facts, Need, Requirement, Variant};

/// The requirements that apply to this applicant and these answers: mandatory ones, conditional
/// ones whose condition holds, and "jika ada" ones (asked for, never missing).
pub fn applicable<'a>(variant: &'a Variant, facts: &Facts) -> Vec<&'a Requirement> {
    variant.requirements.iter().filter(|r| r.when.as_ref().is_none_or(|c| c.holds(facts))).collect()
}

/// Documents that must be uploaded before the case can be submitted and are not.
pub fn missing<'a>(variant: &'a Variant, facts: &Facts, uploaded: &[&str]) -> Vec<&'a Requirement> {
    applicable(variant, facts)
        .into_iter()
        .filter(|r| r.need() != Need::IfAvailable && !uploaded.contains(&r.document.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::catalogue::Catalogue;
    use crate::codes::{Citizenship, MaritalStatus};

    #[test]
    fn what_is_missing_depends_on_the_family_and_the_answers() {
        let variant = &Catalogue::embedded().service("KK_HILANG_DESA").unwrap().variants[0];
        let facts = Facts {
            age_years: 40,
            marital_status: MaritalStatus::KawinTercatat,
            citizenship: Citizenship::Wni,
            family: vec![MaritalStatus::KawinTercatat],
            answers: BTreeMap::new(),
        };
        let docs = |reqs: Vec<&Requirement>| reqs.iter().map(|r| r.document.clone()).collect::<Vec<_>>();
        assert_eq!(
            docs(missing(variant, &facts, &[])),
            ["surat_kehilangan_polisi", "dokumen_anggota_keluarga", "buku_nikah_legalisir"]
        );
        assert_eq!(
            docs(missing(variant, &facts, &["surat_kehilangan_polisi", "buku_nikah_legalisir"])),
            ["dokumen_anggota_keluarga"]
        );
        let single = Facts { family: vec![MaritalStatus::BelumKawin], ..facts };
        assert_eq!(
            docs(missing(variant, &single, &["surat_kehilangan_polisi", "dokumen_anggota_keluarga"])),
            Vec::<String>::new()
        );
    }
}
