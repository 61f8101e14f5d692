//! The pure rules of a case (permohonan): its form answers, the requirements that apply to its
//! applicant, and its registration number.

mod answers;
mod number;
mod requirements;

pub use answers::{Answers, FieldProblem, check_answers};
pub use number::registration_number;
pub use requirements::{applicable, missing};
