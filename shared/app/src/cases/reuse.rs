//! Family documents reused: a file accepted in an earlier completed case of the same family (the
//! KK scan, the parents' marriage book) is attached to a new case without uploading it again.
//! Only the reporter of both cases reuses, only documents the new case asks for, never a form.

use serde::{Deserialize, Serialize};

use super::{reporters_turn, visible_case};
use crate::App;
use crate::caller::{Actor, Person};
use crate::error::AppError;
use crate::ports::{AttachedDocument, Case, CaseEvent, CaseEventKind, Write};
use adminduk_domain::workflow::Outcome;

/// A file that can be attached again.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Reusable {
    pub document: String,
    pub name: String,
    pub upload_id: String,
    /// The completed case it was accepted in, by its registration number.
    pub from_case: String,
    pub from_number: Option<String>,
    pub content_type: String,
    pub size: u64,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reuse {
    /// The version of the case the caller saw.
    pub version: u64,
    pub upload_id: String,
}

/// The reporter's own case that waits on them.
async fn own_open_case(app: &App, who: &Person, id: &str) -> Result<Case, AppError> {
    let case = visible_case(app, who, id).await?;
    if case.reporter != who.id() {
        return Err(AppError::Forbidden {
            code: "NOT_REPORTER",
            message: "Hanya pelapor yang dapat melampirkan berkas".into(),
        });
    }
    let super::Resolved { workflow, .. } = super::resolve(app, &case)?;
    if !reporters_turn(workflow, &case) {
        return Err(AppError::Conflict {
            code: "CASE_NOT_EDITABLE",
            message: "Permohonan sudah diajukan; berkas tidak dapat ditambah".into(),
        });
    }
    Ok(case)
}

/// What the reporter may attach again: files of the documents this case's variant asks for,
/// accepted in completed cases they reported for the same family (the same No. KK).
async fn candidates(app: &App, who: &Person, case: &Case) -> Result<Vec<(Case, AttachedDocument)>, AppError> {
    let Some(no_kk) = &case.applicant.no_kk else { return Ok(Vec::new()) };
    let super::Resolved { variant, .. } = super::resolve(app, case)?;
    // A form (F-1.06, F-2.01, ...) is signed for its own case; documents of the family carry over.
    let is_form = |code: &str| app.catalogue.document(code).is_some_and(|d| d.form.is_some());
    let asked: Vec<&str> =
        variant.requirements.iter().map(|r| r.document.as_str()).filter(|code| !is_form(code)).collect();
    let mut out = Vec::new();
    for earlier in app.store.cases_of_reporter(who.id()).await? {
        let same_family = earlier.applicant.no_kk.as_ref() == Some(no_kk);
        if earlier.id == case.id || !same_family || earlier.outcome != Some(Outcome::Completed) {
            continue;
        }
        for doc in &earlier.documents {
            let fresh = !out.iter().any(|(_, d): &(Case, AttachedDocument)| d.upload_id == doc.upload_id);
            if asked.contains(&doc.document.as_str()) && fresh {
                out.push((earlier.clone(), doc.clone()));
            }
        }
    }
    Ok(out)
}

pub async fn reusable(app: &App, actor: &Actor, id: &str) -> Result<Vec<Reusable>, AppError> {
    let who = actor.person()?;
    let case = own_open_case(app, who, id).await?;
    Ok(candidates(app, who, &case)
        .await?
        .into_iter()
        .map(|(earlier, d)| Reusable {
            name: app.catalogue.document(&d.document).map_or_else(|| d.document.clone(), |t| t.name.clone()),
            document: d.document,
            upload_id: d.upload_id,
            from_case: earlier.id,
            from_number: earlier.number,
            content_type: d.content_type,
            size: d.size,
        })
        .collect())
}

pub async fn reuse(app: &App, actor: &Actor, id: &str, r: Reuse) -> Result<Case, AppError> {
    let who = actor.person()?;
    let case = own_open_case(app, who, id).await?;
    let (earlier, doc) =
        candidates(app, who, &case).await?.into_iter().find(|(_, d)| d.upload_id == r.upload_id).ok_or_else(|| {
            AppError::NotFound {
                code: "DOCUMENT_NOT_REUSABLE",
                message: "Berkas ini tidak dapat dipakai ulang untuk permohonan ini".into(),
            }
        })?;
    let mut updated = case.clone();
    updated.documents.retain(|d| d.document != doc.document);
    updated.documents.push(AttachedDocument { reused_from: Some(earlier.id.clone()), ..doc.clone() });
    updated.updated_at = app.clock.now();
    let event = CaseEvent {
        case_id: case.id.clone(),
        at: updated.updated_at,
        actor: who.id().to_string(),
        role: None,
        kind: CaseEventKind::DocumentReused { document: doc.document, upload_id: doc.upload_id, from_case: earlier.id },
    };
    super::act::commit_case(app, updated, r.version, vec![Write::AppendCaseEvent(event)]).await
}
