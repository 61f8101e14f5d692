use adminduk_domain::access::{self, Applicant as PolicyApplicant};
use adminduk_domain::calendar::TimeStandard;
use adminduk_domain::workflow::{ActionInputs, Event, InputKind, Refusal, Role, ServiceClock};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{denied, notify, visible_case};
use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{Account, Case, CaseEvent, CaseEventKind, CommitError, Guard, Write};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActRequest {
    pub action: String,
    /// The version of the case the caller saw.
    pub version: u64,
    #[serde(default)]
    pub inputs: ActionInputs,
}

fn refusal(r: &Refusal) -> AppError {
    match r {
        Refusal::RoleNotAllowed { .. } => AppError::forbidden(r),
        Refusal::InputMissing { .. } | Refusal::InputInvalid { .. } => AppError::invalid(r),
        Refusal::UnknownState(_) => AppError::internal(r),
        Refusal::ActionNotAvailable { .. } | Refusal::CaseClosed => {
            AppError::Conflict { code: adminduk_domain::Coded::code(r), message: r.to_string() }
        }
    }
}

/// Writes `case` if it is still at `version`, with `more`; a stale version answers 409 with
/// the case as it is now.
pub(super) async fn commit_case(app: &App, case: Case, version: u64, more: Vec<Write>) -> Result<Case, AppError> {
    commit_case_racing(app, case, version, more, 1).await
}

/// As [`commit_case`], tried up to `attempts` times while the set only met another one at the
/// same instant (a DynamoDB transaction conflict on an item both touch, such as a slot); a case
/// changed by someone else is answered at once with the case as it is now.
pub(super) async fn commit_case_racing(
    app: &App,
    case: Case,
    version: u64,
    more: Vec<Write>,
    attempts: u32,
) -> Result<Case, AppError> {
    let mut writes = vec![super::listing::update(app, case.clone(), version)];
    writes.extend(more);
    let mut left = attempts;
    loop {
        match app.store.commit(writes.clone()).await {
            Ok(()) => return Ok(Case { version: version + 1, ..case }),
            Err(CommitError::Changed(Guard::Case(id))) if id == case.id => {
                let current = app.store.case(&case.id).await?;
                return Err(AppError::Stale {
                    code: "CASE_CHANGED",
                    message: "Permohonan sudah diubah oleh orang lain; periksa status terbarunya".into(),
                    current: Box::new(serde_json::to_value(current).unwrap_or_default()),
                });
            }
            Err(CommitError::Changed(_)) if left > 1 => left -= 1,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Takes a workflow action on a case: the policy decides who may, the engine decides whether
/// the action fits the state and its inputs; the transition, its history line and its
/// notifications are written together.
#[tracing::instrument(name = "act", skip_all, fields(case = %id, action = %r.action))]
pub async fn act(app: &App, actor: &Actor, id: &str, r: ActRequest) -> Result<Case, AppError> {
    let who = actor.person()?;
    let case = visible_case(app, who, id).await?;
    if case.submitted_at.is_none() {
        return Err(AppError::Conflict { code: "CASE_NOT_SUBMITTED", message: "Permohonan belum diajukan".into() });
    }
    let roles = super::roles_on(who, &case);
    let super::Resolved { service, state, workflow, .. } = super::resolve(app, &case)?;
    // While the case waits on its reporter, it is theirs alone.
    if roles.is_empty() || (super::reporters_turn(workflow, &case) && case.reporter != who.id()) {
        return Err(AppError::Forbidden {
            code: "NOT_REPORTER",
            message: "Hanya pelapor atau pemohon yang dapat melakukan aksi ini".into(),
        });
    }
    if r.version != case.version {
        return Err(AppError::Stale {
            code: "CASE_CHANGED",
            message: "Permohonan sudah diubah oleh orang lain; periksa status terbarunya".into(),
            current: Box::new(serde_json::to_value(&case).unwrap_or_default()),
        });
    }
    let action =
        state.actions.iter().find(|a| a.code == r.action).ok_or_else(|| {
            refusal(&Refusal::ActionNotAvailable { action: r.action.clone(), state: state.name.clone() })
        })?;
    let request = access::Request {
        applicant: PolicyApplicant {
            nik: case.applicant.nik.as_ref().map(|n| n.as_str()).unwrap_or_default(),
            no_kk: case.applicant.no_kk.as_ref().map(|n| n.as_str()).unwrap_or_default(),
        },
        service,
        action,
        case_office: case.office,
    };
    let today = app.today();
    let by_hand = super::integration::by_hand(app, who, action);
    let role = if by_hand {
        // An outside system's answer recorded by an officer of its office (`visible_case` let
        // only them this far), saying why.
        super::integration::require_reason(&r.inputs)?;
        Role::Sistem
    } else {
        // A reporter keeps acting on a case they filed while its applicant's situation is
        // checked again; officers answer for their office and roles.
        access::decide(&who.policy_actor(), &request, today).map_err(|d| denied(&d))?;
        roles.into_iter().find(|r| action.roles.contains(r)).unwrap_or(Role::Pelapor)
    };
    check_products(service, &case, &r.inputs)?;
    let mut inputs = r.inputs;
    if action.inputs.contains(&InputKind::Collector) {
        super::pickup::check_collector(app, &case, &mut inputs).await?;
    }
    transition(app, (who.id(), who.account()), role, case, &r.action, inputs, vec![]).await
}

/// The documents an officer estimates or registers are the service's products, each number in
/// its document's format; a KTP-el or KIA of the applicant carries the applicant's own NIK.
fn check_products(
    service: &adminduk_domain::catalogue::Service,
    case: &Case,
    inputs: &ActionInputs,
) -> Result<(), AppError> {
    let named = inputs.document_estimate.iter().chain(inputs.document_numbers.iter().map(|d| &d.document));
    if let Some(unknown) = named.into_iter().find(|p| !service.products.contains(p)) {
        return Err(AppError::Unprocessable {
            code: "PRODUCT_UNKNOWN",
            message: format!("{unknown} bukan produk {}; pilih dari: {}", service.name, service.products.join(", ")),
        });
    }
    // With a subject of its own (a newborn), the card is not the applicant's.
    let holder = case
        .applicant
        .nik
        .as_ref()
        .map(|n| n.as_str())
        .filter(|_| service.subject.as_ref().is_none_or(|s| s.field.is_none()));
    for d in &inputs.document_numbers {
        adminduk_domain::catalogue::check_product_number(&d.document, &d.number)
            .map_err(|message| AppError::Unprocessable { code: "DOCUMENT_NUMBER_INVALID", message })?;
        if let Some(nik) =
            holder.filter(|nik| adminduk_domain::catalogue::numbered_by_nik(&d.document) && d.number.trim() != *nik)
        {
            return Err(AppError::Unprocessable {
                code: "DOCUMENT_NUMBER_NOT_HOLDER",
                message: format!("Nomor {} harus NIK pemohon ({})", d.document, crate::secrets::mask_nik(nik)),
            });
        }
    }
    Ok(())
}

/// Keeps the promised date honest as the case moves (`service_clock` of the states it enters):
/// entering a paused state stops the clock, leaving it moves the promised date later by what was
/// still owed, and entering a stopped or final state records when the service was delivered.
fn service_clock(app: &App, case: &mut Case, now: chrono::DateTime<chrono::Utc>) -> Result<(), AppError> {
    let (Some(due), None) = (case.service_due, case.service_done_at) else { return Ok(()) };
    let super::Resolved { service, variant, state, .. } = super::resolve(app, case)?;
    let clock = if state.outcome.is_some() { ServiceClock::Stopped } else { state.service_clock };
    match (clock, case.service_paused_at) {
        (ServiceClock::Stopped, _) => case.service_done_at = Some(now),
        (ServiceClock::Paused, None) => case.service_paused_at = Some(now),
        (ServiceClock::Running, Some(paused)) => {
            let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&app.calendar.offset());
            case.service_due = Some(match service.time_standard_of(variant) {
                // Clock hours were owed on the clock; everything else in office time.
                TimeStandard::Hours(_) => now + (due - paused).max(chrono::TimeDelta::zero()),
                _ => {
                    let calendar = app.calendar_at(&case.office);
                    let owed =
                        calendar.office_seconds_between(local(paused), local(due)).map_err(AppError::internal)?;
                    let owed = TimeStandard::OfficeSeconds(u32::try_from(owed).unwrap_or(u32::MAX));
                    calendar.deadline(local(now), owed).map_err(AppError::internal)?.due.to_utc()
                }
            });
            case.service_paused_at = None;
        }
        _ => {}
    }
    Ok(())
}

/// The month's figures this transition adds to, in the same commit: the action taken; a filing
/// or a closing by its outcome; whether the step it leaves kept its time standard; the documents
/// registered; and whether the service was delivered within its time standard when this
/// transition delivered it.
fn tallies(app: &App, case: &Case, step: &Step, inputs: &ActionInputs, now: DateTime<Utc>) -> Vec<Write> {
    use super::figures as f;
    let tally = |name: &str| f::tally(app, case, now, name, 1);
    let mut writes = vec![tally(step.action)];
    if step.filed {
        writes.push(tally(f::RECEIVED));
    }
    if let (None, Some(outcome)) = (step.was_closed, case.outcome) {
        writes.push(tally(f::closed(outcome)));
    }
    if let Some(due) = step.due {
        writes.push(tally(&f::step(step.from, now <= due)));
    }
    writes.extend(inputs.document_numbers.iter().map(|d| tally(&f::product(&d.document))));
    // A workflow's own survey step counts as the survey route does (checked as an input already).
    if let Some(answers) = inputs.survey.as_deref().and_then(|s| adminduk_domain::survey::Answers::parse(s).ok()) {
        writes.extend(super::survey::tallies(app, case, &answers, now));
    }
    if let (false, Some(done), Some(due)) = (step.was_done, case.service_done_at, case.service_due) {
        writes.push(tally(if done <= due { f::ON_TIME } else { f::LATE }));
    }
    writes
}

/// What a transition left behind, for the figures.
struct Step<'a> {
    action: &'a str,
    /// The state left, and the deadline it had.
    from: &'a str,
    due: Option<DateTime<Utc>>,
    filed: bool,
    was_closed: Option<adminduk_domain::workflow::Outcome>,
    was_done: bool,
}

/// Deadline bookkeeping: a case whose state's time standard ran out, in a state that offers a
/// `sistem` action needing no input (closing a request nobody answered in time), takes it.
/// Returns how many cases moved.
#[tracing::instrument(name = "sweep", skip_all)]
pub async fn sweep(app: &App, limit: u32) -> Result<u32, AppError> {
    let mut moves = std::collections::BTreeMap::new();
    for workflow in app.catalogue.workflows() {
        for state in workflow.states.iter().filter(|s| s.time_standard.is_some()) {
            let automatic = state.actions.iter().find(|a| a.roles == [Role::Sistem] && a.inputs.is_empty());
            if let Some(action) = automatic {
                moves.insert(format!("{}/{}", workflow.code, state.code), action.code.clone());
            }
        }
    }
    let keys: Vec<String> = moves.keys().cloned().collect();
    let mut moved = 0;
    for case in app.store.overdue(&keys, app.clock.now(), limit).await? {
        let action = &moves[&format!("{}/{}", case.workflow, case.state)];
        match transition(app, ("sistem", None), Role::Sistem, case, action, ActionInputs::default(), vec![]).await {
            Ok(_) => moved += 1,
            // Someone acted on it meanwhile: nothing to do.
            Err(AppError::Stale { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(moved)
}

/// An officer's count may only narrow the reporter's: approved no more than asked for, handed
/// over no more than approved. The reporter's own steps (filing, filing again) set it freely.
fn bounded_quantity(case: &Case, role: Role, quantity: u32) -> Result<(), AppError> {
    match case.quantity {
        Some(before) if role != Role::Pelapor && quantity > before => Err(AppError::Unprocessable {
            code: "QUANTITY_ABOVE_EARLIER",
            message: format!("Jumlah {quantity} melebihi jumlah sebelumnya pada permohonan ini ({before})"),
        }),
        _ => Ok(()),
    }
}

/// Applies an action the caller may take and writes its consequences. The actor is named by its
/// id, with the account a person acts with (read once for the request: a message to the reporter
/// who acts is addressed without reading it again).
#[tracing::instrument(name = "transition", skip_all, fields(case = %case.id, from = %case.state, action = %action))]
pub(super) async fn transition(
    app: &App,
    (actor, account): (&str, Option<&Account>),
    role: Role,
    mut case: Case,
    action: &str,
    inputs: ActionInputs,
    extra: Vec<Write>,
) -> Result<Case, AppError> {
    let super::Resolved { service, workflow, state, .. } = super::resolve(app, &case)?;
    let t = workflow.apply(&case.state, action, role, &inputs).map_err(|e| refusal(&e))?;
    tracing::info!(to = %t.to, "case moving");
    let taken = state.actions.iter().find(|a| a.code == action);
    if taken.is_some_and(|a| a.needs_appointment) {
        super::appointments::required(&case)?;
    }
    let letter = taken.and_then(|a| a.produces.clone());
    // The reporter's quantity is the one their form declares, as filed now.
    let declared = service
        .quantity_field
        .as_ref()
        .filter(|_| role == Role::Pelapor)
        .and_then(|f| case.answers.get(f).and_then(serde_json::Value::as_u64).and_then(|q| u32::try_from(q).ok()));
    if let Some(quantity) = declared.or(inputs.quantity) {
        bounded_quantity(&case, role, quantity)?;
        case.quantity = Some(quantity);
    }
    let now = app.clock.now();
    let version = case.version;
    let (was_closed, was_due) = (case.outcome, case.state_due);
    let from = std::mem::replace(&mut case.state, t.to.clone());
    case.updated_at = now;
    case.state_due = None;
    let mut templates = Vec::new();
    for event in &t.events {
        match event {
            Event::NotificationRequested { template } => templates.push(template.clone()),
            Event::ClockStarted { time_standard, .. } => {
                let due = app
                    .calendar_at(&case.office)
                    .deadline(now.with_timezone(&app.calendar.offset()), *time_standard)
                    .map_err(AppError::internal)?;
                case.state_due = Some(due.due.to_utc());
            }
            Event::CaseClosed { outcome } => case.outcome = Some(*outcome),
            Event::StateChanged { .. } => {}
        }
    }
    if let Some(scores) = &inputs.survey {
        case.survey = Some(scores.clone());
    }
    if !inputs.document_estimate.is_empty() {
        case.promised = inputs.document_estimate.clone();
    }
    let was_done = case.service_done_at.is_some();
    service_clock(app, &mut case, now)?;
    let entered = workflow.state(&t.to).ok_or_else(|| AppError::internal(format!("status {}", t.to)))?;
    let booking = super::appointments::on_transition(&mut case, entered, now);
    let step = Step { action, from: &from, due: was_due, filed: from == workflow.initial, was_closed, was_done };
    let mut writes = tallies(app, &case, &step, &inputs, now);
    writes.extend(booking);
    writes.push(Write::AppendCaseEvent(CaseEvent {
        case_id: case.id.clone(),
        at: now,
        actor: actor.to_string(),
        role: Some(role),
        kind: CaseEventKind::Transition {
            action: action.to_string(),
            from,
            to: t.to.clone(),
            inputs: Box::new(inputs.clone()),
        },
    }));
    for template in templates {
        writes.extend(notify::messages(app, &case, &template, &inputs, account).await?);
    }
    writes.extend(super::events::on_step(app, &case, action)?);
    writes.extend(extra);
    let Some(key) = letter else { return commit_case(app, case, version, writes).await };
    // The letter's file is kept once the transition holds, and removed if it does not.
    let (issued, more) = super::letters::issue(app, &case, &key, &inputs).await?;
    let file = issued.upload_id.clone();
    case.issued.retain(|d| d.document != issued.document);
    case.issued.push(issued);
    writes.extend(more);
    match commit_case(app, case, version, writes).await {
        Ok(case) => {
            app.blobs.keep(&file).await?;
            Ok(case)
        }
        Err(e) => {
            app.blobs.delete(&file).await?;
            Err(e)
        }
    }
}
