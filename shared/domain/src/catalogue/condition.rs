use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::codes::{Citizenship, MaritalStatus};

/// A condition on the applicant or on the answers of the form, as data:
/// `{ age_at_least = 17 }`, `{ answer = { field = "elemen", is = "nama" } }`,
/// `{ any = [ { age_at_least = 17 }, { ever_married = true } ] }`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    AgeAtLeast(u32),
    AgeBelow(u32),
    EverMarried(bool),
    /// `"WNI"` or `"WNA"`.
    Citizenship(CitizenshipLabel),
    /// Someone in the applicant's KK (the applicant included) has this marital situation.
    FamilyMember(FamilyFact),
    /// A choice field was answered with this option (or, for `choices`, includes it).
    Answer(AnswerIs),
    // A condition nests conditions: their schema refers back to this one.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    Any(Vec<Condition>),
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    All(Vec<Condition>),
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    Not(Box<Condition>),
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CitizenshipLabel {
    #[serde(rename = "WNI")]
    Wni,
    #[serde(rename = "WNA")]
    Wna,
}

impl From<CitizenshipLabel> for Citizenship {
    fn from(c: CitizenshipLabel) -> Self {
        match c {
            CitizenshipLabel::Wni => Citizenship::Wni,
            CitizenshipLabel::Wna => Citizenship::Wna,
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FamilyFact {
    Married,
    Divorced,
    Widowed,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerIs {
    pub field: String,
    pub is: String,
}

/// What conditions are evaluated against: the applicant from the register and the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub age_years: u32,
    pub marital_status: MaritalStatus,
    pub citizenship: Citizenship,
    /// Marital status of everyone in the applicant's KK, the applicant included.
    pub family: Vec<MaritalStatus>,
    /// Selected option values of the choice fields, by field name.
    pub answers: BTreeMap<String, BTreeSet<String>>,
}

impl Condition {
    pub fn holds(&self, facts: &Facts) -> bool {
        self.decide(facts, true) == Some(true)
    }

    /// Whether the condition can still hold for this applicant before the form is answered:
    /// what the register decides is decided, the answers' tests are open.
    pub fn may_hold(&self, facts: &Facts) -> bool {
        self.decide(facts, false) != Some(false)
    }

    /// True, false, or (answers not known) open.
    fn decide(&self, facts: &Facts, answered: bool) -> Option<bool> {
        Some(match self {
            Condition::AgeAtLeast(years) => facts.age_years >= *years,
            Condition::AgeBelow(years) => facts.age_years < *years,
            Condition::EverMarried(want) => facts.marital_status.ever_married() == *want,
            Condition::Citizenship(c) => facts.citizenship == Citizenship::from(*c),
            Condition::FamilyMember(fact) => facts.family.iter().any(|s| match fact {
                FamilyFact::Married => s.married_now(),
                FamilyFact::Divorced => s.divorced(),
                FamilyFact::Widowed => *s == MaritalStatus::CeraiMati,
            }),
            Condition::Answer(_) if !answered => return None,
            Condition::Answer(a) => facts.answers.get(&a.field).is_some_and(|chosen| chosen.contains(&a.is)),
            Condition::Any(all) => {
                let each: Vec<_> = all.iter().map(|c| c.decide(facts, answered)).collect();
                if each.contains(&Some(true)) {
                    true
                } else if each.contains(&None) {
                    return None;
                } else {
                    false
                }
            }
            Condition::All(all) => {
                let each: Vec<_> = all.iter().map(|c| c.decide(facts, answered)).collect();
                if each.contains(&Some(false)) {
                    false
                } else if each.contains(&None) {
                    return None;
                } else {
                    true
                }
            }
            Condition::Not(c) => !c.decide(facts, answered)?,
        })
    }

    /// Every `answer` test inside, for checking them against the form.
    pub fn answers(&self) -> Vec<&AnswerIs> {
        match self {
            Condition::Answer(a) => vec![a],
            Condition::Any(all) | Condition::All(all) => all.iter().flat_map(Condition::answers).collect(),
            Condition::Not(c) => c.answers(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(age: u32, status: MaritalStatus) -> Facts {
        Facts {
            age_years: age,
            marital_status: status,
            citizenship: Citizenship::Wni,
            family: vec![status],
            answers: BTreeMap::new(),
        }
    }

    #[test]
    fn before_the_form_is_answered_only_the_register_decides() {
        let adult = facts(30, MaritalStatus::BelumKawin);
        let child = facts(10, MaritalStatus::BelumKawin);
        let c = parse(r#"{ all = [ { age_at_least = 17 }, { answer = { field = "x", is = "y" } } ] }"#);
        assert!(c.may_hold(&adult) && !c.holds(&adult), "open until answered");
        assert!(!c.may_hold(&child), "the register already says no");
        let c = parse(r#"{ any = [ { age_at_least = 17 }, { not = { answer = { field = "x", is = "y" } } } ] }"#);
        assert!(c.may_hold(&child));
        assert!(c.may_hold(&adult) && c.holds(&adult));
    }

    fn parse(s: &str) -> Condition {
        #[derive(Deserialize)]
        struct W {
            when: Condition,
        }
        toml::from_str::<W>(&format!("when = {s}")).unwrap().when
    }

    #[test]
    fn ktp_el_eligibility_is_seventeen_or_ever_married() {
        let c = parse("{ any = [ { age_at_least = 17 }, { ever_married = true } ] }");
        assert!(c.holds(&facts(17, MaritalStatus::BelumKawin)));
        assert!(!c.holds(&facts(16, MaritalStatus::BelumKawin)));
        assert!(c.holds(&facts(16, MaritalStatus::KawinTercatat)));
        assert!(c.holds(&facts(16, MaritalStatus::CeraiMati)));
    }

    #[test]
    fn kia_age_bands() {
        let under_five = parse("{ age_below = 5 }");
        let five_to_seventeen = parse("{ all = [ { age_at_least = 5 }, { age_below = 17 } ] }");
        for age in 0..20 {
            let f = facts(age, MaritalStatus::BelumKawin);
            assert_eq!(under_five.holds(&f), age < 5);
            assert_eq!(five_to_seventeen.holds(&f), (5..17).contains(&age));
        }
    }

    #[test]
    fn family_answers_and_citizenship() {
        let mut f = facts(40, MaritalStatus::KawinTercatat);
        f.family.push(MaritalStatus::CeraiHidupTercatat);
        assert!(parse(r#"{ family_member = "divorced" }"#).holds(&f));
        assert!(!parse(r#"{ family_member = "widowed" }"#).holds(&f));
        assert!(!parse(r#"{ citizenship = "WNA" }"#).holds(&f));
        assert!(parse(r#"{ not = { citizenship = "WNA" } }"#).holds(&f));
        let test = parse(r#"{ answer = { field = "elemen", is = "agama" } }"#);
        assert!(!test.holds(&f));
        f.answers.insert("elemen".into(), ["nama".to_string(), "agama".to_string()].into());
        assert!(test.holds(&f));
        assert_eq!(test.answers().len(), 1);
    }

    #[test]
    fn unknown_condition_kinds_are_refused() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct W {
            when: Condition,
        }
        assert!(toml::from_str::<W>("when = { age_over = 17 }").is_err());
        assert!(toml::from_str::<W>(r#"when = { citizenship = "ASING" }"#).is_err());
    }
}
