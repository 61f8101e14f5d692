//! The satisfaction survey of a completed case: once, by its reporter. The answers are kept on
//! the case and added to the month's figures in the same commit, so the index (IKM) of each
//! service needs no scan.

use adminduk_domain::survey::{Answers, ELEMENTS};
use adminduk_domain::workflow::Outcome;
use serde::Deserialize;

use super::visible_case;
use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Case, CommitError, Guard, Write};

/// Figure names: respondents, and the sum of each element's scores (`ikm_u1` .. `ikm_u9`).
pub(crate) const RESPONDENTS: &str = "ikm_responden";
pub(crate) fn element(i: usize) -> String {
    format!("ikm_u{}", i + 1)
}

/// The month's satisfaction figures one survey adds to, for the same commit as what records it:
/// this route's answer, or a workflow's own survey step (the PPID requests of seed 002).
pub(super) fn tallies(app: &App, case: &Case, answers: &Answers, now: chrono::DateTime<chrono::Utc>) -> Vec<Write> {
    let tally = |name: &str, by: u64| super::figures::tally(app, case, now, name, by);
    let mut writes = vec![tally(RESPONDENTS, 1)];
    writes.extend((0..ELEMENTS.len()).map(|i| tally(&element(i), u64::from(answers.scores()[i]))));
    writes
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyAnswers {
    /// Nine scores of 1 (tidak baik) to 4 (sangat baik), in the order of the regulation's elements.
    #[schema(min_items = 9, max_items = 9)]
    pub scores: Vec<u8>,
}

pub async fn answer_survey(app: &App, actor: &Actor, id: &str, a: SurveyAnswers) -> Result<Case, AppError> {
    let who = actor.person()?;
    let case = visible_case(app, who, id).await?;
    if !super::served(who, &case) {
        return Err(AppError::Forbidden {
            code: "NOT_REPORTER",
            message: "Survei diisi oleh pelapor atau pemohon".into(),
        });
    }
    if case.outcome != Some(Outcome::Completed) {
        return Err(AppError::Conflict {
            code: "CASE_NOT_COMPLETED",
            message: "Survei dapat diisi setelah permohonan selesai".into(),
        });
    }
    if case.survey.is_some() {
        return Err(AppError::Conflict { code: "SURVEY_DONE", message: "Survei permohonan ini sudah diisi".into() });
    }
    let answers = Answers::parse(&a.scores)
        .map_err(|e| AppError::Unprocessable { code: "SURVEY_INVALID", message: e.to_string() })?;
    let now = app.clock.now();
    let mut writes = tallies(app, &case, &answers, now);
    let mut answered = case.clone();
    answered.survey = Some(answers.scores().to_vec());
    answered.updated_at = now;
    writes.push(super::listing::update(app, answered.clone(), case.version));
    match app.store.commit(writes).await {
        Ok(()) => Ok(Case { version: case.version + 1, ..answered }),
        // Answered twice at once: the first counts.
        Err(CommitError::Changed(Guard::Case(_))) => {
            Err(AppError::Conflict { code: "SURVEY_DONE", message: "Survei permohonan ini sudah diisi".into() })
        }
        Err(e) => Err(e.into()),
    }
}
