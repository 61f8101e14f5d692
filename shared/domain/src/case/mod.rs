//! The pure rules of a case (permohonan): its form answers, the requirements that apply to its
//! applicant, and its registration number.

mod answers;
mod number;
mod requirements;

pub use answers::{
    Answers, ApplicantFacts, Context, FieldProblem, Member, address_parts, applicable_fields, check_answers,
    choices_of, named_niks, not_offered_because, offered, person_parts, region_names,
};
pub use number::registration_number;
pub use requirements::{applicable, missing};
