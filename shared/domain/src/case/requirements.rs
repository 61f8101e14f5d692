use crate::catalogue::{Facts, Need, Requirement, Variant};

/// The requirements that apply to this applicant and these answers: mandatory ones, conditional
/// ones whose condition holds, and "jika ada" ones (asked for, never missing).
///
/// Without facts (no applicant in the register: a province service, a complaint, a Dinas's own
/// request) the conditions cannot be read, and the requirements without one apply.
pub fn applicable<'a>(variant: &'a Variant, facts: Option<&Facts>) -> Vec<&'a Requirement> {
    let applies = |r: &&Requirement| match (&r.when, facts) {
        (None, _) => true,
        (Some(condition), Some(facts)) => condition.holds(facts),
        (Some(_), None) => false,
    };
    variant.requirements.iter().filter(applies).collect()
}

/// Documents that must be uploaded before the case can be submitted and are not.
pub fn missing<'a>(variant: &'a Variant, facts: Option<&Facts>, uploaded: &[&str]) -> Vec<&'a Requirement> {
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
            docs(missing(variant, Some(&facts), &[])),
            ["surat_kehilangan_polisi", "dokumen_anggota_keluarga", "buku_nikah_legalisir"]
        );
        assert_eq!(
            docs(missing(variant, Some(&facts), &["surat_kehilangan_polisi", "buku_nikah_legalisir"])),
            ["dokumen_anggota_keluarga"]
        );
        let single = Facts { family: vec![MaritalStatus::BelumKawin], ..facts };
        assert_eq!(
            docs(missing(variant, Some(&single), &["surat_kehilangan_polisi", "dokumen_anggota_keluarga"])),
            Vec::<String>::new()
        );
        // No applicant in the register: what applies whatever the facts is still required.
        assert_eq!(docs(missing(variant, None, &[])), ["surat_kehilangan_polisi", "dokumen_anggota_keluarga"]);
    }
}
