//! Cases (permohonan): drafts, answers, uploads, submission, workflow actions, queues.

mod act;
mod draft;
mod figures;
mod notify;
mod queries;
mod receipt;
mod submit;
mod survey;
mod uploads;

pub use act::{ActRequest, act, sweep, system_act};
pub use draft::{NewCase, create_draft, update_answers};
pub use figures::{Figures, ServiceFigures, figures};
pub use queries::{CaseSummary, CaseView, HistoryEntry, QueueItem, QueueView, get, history, list_mine, queue, search};
pub use receipt::{Handover, ReceiptCheck, ReceiptClaims, hand_over, receipt_pdf, verify_receipt};
pub use submit::submit;
pub use survey::{SurveyAnswers, answer_survey};
pub use uploads::{
    Arrival, DocumentLink, Presign, Presigned, UploadView, arrived, download, presign, receive, upload_status,
    view_document,
};

use adminduk_domain::access::{self, Denial};
use adminduk_domain::age::age_in_years;
use adminduk_domain::catalogue::{Facts, OfficeLevel, Service};
use adminduk_domain::office::Office;
use adminduk_domain::workflow::{Action, Role, Workflow};

use crate::App;
use crate::error::AppError;
use crate::ports::{Account, AccountKind, Case, Pks, Resident};
use crate::tokens::{Claims, SubjectKind};

/// Who is acting, as the store knows them now.
pub(crate) enum Who {
    Resident { account: Account, resident: Resident },
    Staff { account: Account, pks: Pks },
    Officer { account: Account, office: Office },
}

impl Who {
    pub(crate) fn account(&self) -> &Account {
        match self {
            Who::Resident { account, .. } | Who::Staff { account, .. } | Who::Officer { account, .. } => account,
        }
    }

    /// The policy's view of the actor.
    fn actor(&self) -> access::Actor<'_> {
        match self {
            Who::Resident { resident, .. } => {
                access::Actor::Resident { nik: &resident.nik, no_kk: &resident.no_kk, shdk: resident.shdk }
            }
            Who::Staff { pks, .. } => access::Actor::InstitutionStaff {
                pks: access::PksTerms {
                    valid_from: pks.valid_from,
                    valid_until: pks.valid_until,
                    services: &pks.services,
                },
            },
            Who::Officer { account, office } => access::Actor::Officer { office: *office, roles: &account.roles },
        }
    }

    /// The roles this actor takes workflow actions in.
    fn roles(&self) -> Vec<Role> {
        match self {
            Who::Officer { account, .. } => account.roles.clone(),
            _ => vec![Role::Pelapor],
        }
    }
}

fn store(e: crate::ports::StoreError) -> AppError {
    AppError::internal(e)
}

fn not_found() -> AppError {
    AppError::NotFound { code: "CASE_NOT_FOUND", message: "Permohonan tidak ditemukan".into() }
}

fn denied(d: &Denial) -> AppError {
    AppError::forbidden(d)
}

/// Resolves the caller: a resident still alive and active, staff under a valid PKS, an active
/// officer. Machine clients do not file cases.
pub(crate) async fn who(app: &App, claims: &Claims) -> Result<Who, AppError> {
    if claims.kind == SubjectKind::Client {
        return Err(AppError::Forbidden {
            code: "NOT_A_PERSON",
            message: "Klien mesin tidak dapat mengajukan permohonan".into(),
        });
    }
    let account = app.store.account(&claims.sub).await.map_err(store)?.ok_or_else(|| AppError::Unauthenticated {
        code: "ACCOUNT_NOT_FOUND",
        message: "Akun tidak ditemukan".into(),
    })?;
    if account.status != crate::ports::AccountStatus::Active {
        return Err(AppError::Forbidden { code: "ACCOUNT_DISABLED", message: "Akun tidak aktif".into() });
    }
    match account.kind {
        AccountKind::Pribadi => {
            let nik = account.nik.clone().unwrap_or_default();
            let resident =
                app.store.resident(&nik).await.map_err(store)?.filter(|r| r.alive && r.active).ok_or_else(|| {
                    AppError::Forbidden {
                        code: "RESIDENT_NOT_ACTIVE",
                        message: "Status kependudukan Anda tidak aktif".into(),
                    }
                })?;
            Ok(Who::Resident { account, resident })
        }
        AccountKind::Instansi => {
            let pks = crate::admin::valid_pks_of(app, &account).await?;
            Ok(Who::Staff { account, pks })
        }
        AccountKind::Officer => {
            let office = account.office.ok_or_else(|| AppError::internal("officer without office"))?;
            Ok(Who::Officer { account, office })
        }
    }
}

/// The action that files a case: the first one from the initial state that does not end it.
pub(crate) fn filing_action(workflow: &Workflow) -> &Action {
    let initial = workflow.state(&workflow.initial).expect("checked catalogue");
    initial
        .actions
        .iter()
        .find(|a| workflow.state(&a.to).is_some_and(|s| s.outcome.is_none()))
        .expect("every workflow can be filed (checked catalogue)")
}

/// Whether the case waits on its reporter in `state` (a draft, a returned case): the state
/// offers an action to the roles that file cases.
pub(crate) fn reporters_turn(workflow: &Workflow, state: &str) -> bool {
    let filers = &filing_action(workflow).roles;
    workflow.state(state).is_some_and(|s| s.actions.iter().any(|a| a.roles.iter().any(|r| filers.contains(r))))
}

/// Where a new case sits: a counter's own cases at that counter, everything else at the Dinas
/// that provides the service.
fn case_office(service: &Service, who: &Who) -> Office {
    match (service.office, who) {
        (OfficeLevel::Provinsi, _) => Office::SULSEL,
        (
            OfficeLevel::Kabupaten,
            Who::Officer { office: office @ (Office::Kecamatan(_) | Office::Desa { .. }), .. },
        ) => *office,
        (OfficeLevel::Kabupaten, _) => Office::GOWA,
    }
}

/// What the service's conditions read: the applicant from the register and the chosen options.
async fn facts(
    app: &App,
    case: &Case,
    choices: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Result<Option<Facts>, AppError> {
    let Some(nik) = &case.applicant.nik else { return Ok(None) };
    let Some(applicant) = app.store.resident(nik).await.map_err(store)? else { return Ok(None) };
    let family = app.store.family(&applicant.no_kk).await.map_err(store)?.map(|(_, m)| m).unwrap_or_default();
    Ok(Some(Facts {
        age_years: age_in_years(applicant.birth_date, app.today()),
        marital_status: applicant.marital_status,
        citizenship: applicant.citizenship,
        family: family.iter().filter(|m| m.alive).map(|m| m.marital_status).collect(),
        answers: choices,
    }))
}

/// The case, if this caller may see it: its reporter, or an officer whose office covers it.
pub(crate) async fn visible_case(app: &App, who: &Who, id: &str) -> Result<Case, AppError> {
    let case = app.store.case(id).await.map_err(store)?.ok_or_else(not_found)?;
    // The reporter always sees their case; officers see what their office covers.
    let visible =
        case.reporter == who.account().id || matches!(who, Who::Officer { office, .. } if office.covers(&case.office));
    if visible { Ok(case) } else { Err(not_found()) }
}
