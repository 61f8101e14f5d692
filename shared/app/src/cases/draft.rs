use adminduk_domain::access::{self, Applicant as PolicyApplicant};
use adminduk_domain::case::Answers;
use adminduk_domain::catalogue::Requester;
use adminduk_domain::ids::{Email, Nik, Phone};
use serde::{Deserialize, Serialize};

use super::{case_office, denied, filing_action, visible_case};
use crate::App;
use crate::caller::{Actor, Person};
use crate::error::AppError;
use crate::ports::{Applicant, Case, CaseEvent, CaseEventKind, CommitError, Contact, Guard, IdempotentCase, Write};

#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub service: String,
    #[serde(default)]
    pub variant: Option<String>,
    /// The person the case is about. Required for residents' services; for others the
    /// reporter is the applicant.
    #[serde(default)]
    pub applicant_nik: Option<String>,
    /// The applicant's name, for a province service whose applicant is not in this register.
    #[serde(default)]
    pub applicant_name: Option<String>,
    #[serde(default)]
    /// Form answers by field code (see the service's form in the catalogue).
    #[schema(value_type = std::collections::BTreeMap<String, serde_json::Value>)]
    pub answers: Answers,
    /// The applicant's phone and e-mail, for the message of each step, when an officer or an
    /// institution files for them (a resident is told at their account's).
    #[serde(default)]
    pub contact: Option<Contact>,
}

/// The contact an officer or an institution records, each part checked and normalised.
fn checked_contact(who: &Person, contact: Option<Contact>) -> Result<Option<Contact>, AppError> {
    let Some(c) = contact else { return Ok(None) };
    if matches!(who, Person::Resident { .. } | Person::ProvinceResident { .. }) {
        return Err(unprocessable(
            "CONTACT_FROM_ACCOUNT",
            "Pemberitahuan dikirim ke nomor ponsel dan email akun Anda; kontak lain tidak dicatat".into(),
        ));
    }
    let present = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let phone = present(c.phone).map(|p| Phone::parse(&p).map(|p| p.e164().to_string())).transpose();
    let email = present(c.email).map(|e| Email::parse(&e).map(|e| e.as_str().to_string())).transpose();
    let contact = Contact {
        phone: phone.map_err(|e| AppError::invalid(&e))?,
        email: email.map_err(|e| AppError::invalid(&e))?,
        whatsapp: None,
    };
    Ok((contact.phone.is_some() || contact.email.is_some()).then_some(contact))
}

fn unprocessable(code: &'static str, message: String) -> AppError {
    AppError::Unprocessable { code, message }
}

pub(super) fn form_problems(problems: Vec<adminduk_domain::case::FieldProblem>) -> AppError {
    crate::error::field_problems("FORM_INVALID", problems)
}

/// Starts a case for a service, variant and applicant, if the access policy allows the caller
/// to file it. A retried request with the same idempotency key returns the first case.
#[tracing::instrument(name = "create_draft", skip_all, fields(service = %n.service))]
pub async fn create_draft(
    app: &App,
    actor: &Actor,
    n: NewCase,
    idempotency_key: Option<&str>,
) -> Result<Case, AppError> {
    let who = actor.person()?;
    let account_id = who.id().to_string();
    let digest = super::request_digest(&n);
    if let Some(key) = idempotency_key {
        if let Some(bound) = app.store.idempotent_case(&account_id, key).await? {
            return replay(app, who, bound, &digest).await;
        }
    }
    let service = app.catalogue.service(&n.service).ok_or_else(|| AppError::NotFound {
        code: "SERVICE_NOT_FOUND",
        message: format!("Layanan {} tidak ada", n.service),
    })?;
    // The WhatsApp service starts with a message to the kecamatan's number, not with a form here.
    if service.channels == [adminduk_domain::catalogue::Channel::Whatsapp] {
        return Err(unprocessable(
            "SERVICE_BY_WHATSAPP",
            "Layanan ini dimulai dengan mengirim pesan ke nomor WhatsApp layanan kecamatan domisili Anda".into(),
        ));
    }
    let variant = match &n.variant {
        Some(code) => service
            .variant(code)
            .ok_or_else(|| unprocessable("VARIANT_NOT_FOUND", format!("Varian {code} tidak ada pada layanan ini")))?,
        None if service.variants.len() == 1 => &service.variants[0],
        None => return Err(unprocessable("VARIANT_REQUIRED", "Pilih varian layanan".into())),
    };
    let workflow = app.catalogue.workflow(service.workflow_of(variant)).expect("checked catalogue");
    let today = app.today();
    let contact = checked_contact(who, n.contact)?;
    if let (Person::Resident { resident, .. }, Some(nik)) = (who, &n.applicant_nik) {
        // NIKs outside the family are refused alike, and an account that keeps naming them is
        // stopped for the window.
        crate::auth::limits::not_locked(app, "draft", who.id()).await?;
        let nik = Nik::parse(nik, today).map_err(|e| AppError::invalid(&e))?;
        if let Err(refused) = refuse_outside_family(app, who, resident, &nik, service, workflow).await {
            crate::auth::limits::failed(app, "draft", who.id()).await?;
            return Err(refused);
        }
    }

    let resident_service =
        service.requesters.iter().any(|r| matches!(r, Requester::PenggunaPribadi | Requester::PenggunaInstansi));
    // One outside the register files for themselves only, and learns nothing of it.
    let applicant_nik = match (&n.applicant_nik, &who) {
        (Some(nik), Person::ProvinceResident { account }) => {
            let own = account.nik.as_ref().map(Nik::as_str);
            if own != Some(nik.as_str()) {
                return Err(denied(&access::Denial::OnlyForSelf));
            }
            None
        }
        (nik, _) => nik.as_ref(),
    };
    let applicant = match (applicant_nik, &who) {
        (Some(nik), _) => {
            let nik = Nik::parse(nik, today).map_err(|e| AppError::invalid(&e))?;
            match app.store.resident(&nik).await? {
                Some(r) if !r.alive || !r.active => {
                    return Err(unprocessable(
                        "APPLICANT_NOT_ACTIVE",
                        "Status kependudukan pemohon tidak aktif".into(),
                    ));
                }
                Some(r) => Applicant { nik: Some(r.nik), no_kk: Some(r.no_kk), name: r.name },
                // The register mirrors the kabupaten; a province service serves all of Sulawesi
                // Selatan, so a valid NIK from elsewhere is enough there.
                None if service.office == adminduk_domain::catalogue::OfficeLevel::Provinsi => {
                    let name =
                        n.applicant_name.as_deref().map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| {
                            unprocessable("APPLICANT_NAME_REQUIRED", "Nama pemohon wajib diisi".into())
                        })?;
                    Applicant { nik: Some(nik), no_kk: None, name: name.to_string() }
                }
                None => {
                    return Err(unprocessable(
                        "APPLICANT_NOT_REGISTERED",
                        "Pemohon tidak terdaftar dalam database kependudukan".into(),
                    ));
                }
            }
        }
        (None, Person::Resident { resident, .. }) => Applicant {
            nik: Some(resident.nik.clone()),
            no_kk: Some(resident.no_kk.clone()),
            name: resident.name.clone(),
        },
        (None, Person::ProvinceResident { account }) => {
            Applicant { nik: account.nik.clone(), no_kk: None, name: account.name.clone() }
        }
        // A Dinas asking the province (KTP-el blanks) asks as the Dinas, whoever of it files.
        (None, Person::Officer { office, .. }) if service.requesters.contains(&Requester::DinasKabupatenKota) => {
            Applicant { nik: None, no_kk: None, name: app.catalogue.office(&office.dinas()).name }
        }
        (None, _) if resident_service => {
            return Err(unprocessable("APPLICANT_REQUIRED", "NIK pemohon wajib diisi".into()));
        }
        (None, other) => Applicant { nik: None, no_kk: None, name: other.name().to_string() },
    };
    if let (Some(filter), Some(nik), Person::Resident { .. }) =
        (service.subject.as_ref().and_then(|s| s.member.as_ref()), &applicant.nik, who)
    {
        refuse_unoffered(app, who, service, filter, nik.as_str()).await?;
    }
    let mut reads = super::RegisterReads::knowing(who.resident()).expecting(&applicant);
    let nik = applicant.nik.as_ref();
    let choices = super::declaration::check(app, &mut reads, who.account(), nik, service, &n.answers, false).await?;
    if let Some(facts) = super::applicant_facts(app, &mut reads, nik).await? {
        super::submit::refuse_ineligible(service, variant, &facts.with_answers(choices))?;
    }
    let office = case_office(service, who);
    let filing = filing_action(workflow);
    let request = access::Request {
        applicant: PolicyApplicant {
            nik: applicant.nik.as_ref().map(|n| n.as_str()).unwrap_or_default(),
            no_kk: applicant.no_kk.as_ref().map(|n| n.as_str()).unwrap_or_default(),
        },
        service,
        action: filing,
        case_office: office,
    };
    access::decide(&who.policy_actor(), &request, today).map_err(|d| denied(&d))?;

    let now = app.clock.now();
    let case = Case {
        contact,
        answers: n.answers,
        ..super::new_case(service, variant, workflow, office, applicant, (account_id.clone(), who.kind()), now)
    };
    let mut writes = vec![
        super::listing::create(app, case.clone()),
        Write::AppendCaseEvent(CaseEvent {
            case_id: case.id.clone(),
            at: now,
            actor: account_id.clone(),
            role: None,
            kind: CaseEventKind::Created,
        }),
    ];
    if let Some(key) = idempotency_key {
        writes.push(Write::ClaimIdempotencyKey {
            account_id: account_id.clone(),
            key: key.to_string(),
            case_id: case.id.clone(),
            request: Some(digest.clone()),
        });
    }
    match app.store.commit(writes).await {
        Ok(()) => Ok(case),
        // A concurrent request with the same key won: answer with its case.
        Err(CommitError::Exists(Guard::IdempotencyKey { .. })) => {
            let bound = app.store.idempotent_case(&account_id, idempotency_key.unwrap_or_default()).await?;
            replay(app, who, bound.ok_or_else(super::not_found)?, &digest).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A resident files for themselves or someone in their own KK. A NIK outside it is refused as
/// the policy refuses another family, before the register is read, so the answer never tells
/// whether that NIK is registered, deceased or inactive, or whose family it is.
async fn refuse_outside_family(
    app: &App,
    who: &Person,
    reporter: &crate::ports::Resident,
    nik: &Nik,
    service: &adminduk_domain::catalogue::Service,
    workflow: &adminduk_domain::workflow::Workflow,
) -> Result<(), AppError> {
    if *nik == reporter.nik {
        return Ok(());
    }
    let family = app.store.family(&reporter.no_kk).await?;
    if family.is_some_and(|(_, members)| members.iter().any(|m| m.nik == *nik)) {
        return Ok(());
    }
    let request = access::Request {
        applicant: PolicyApplicant { nik: nik.as_str(), no_kk: "" },
        service,
        action: filing_action(workflow),
        case_office: case_office(service, who),
    };
    access::decide(&who.policy_actor(), &request, app.today()).map_err(|d| denied(&d))
}

/// A retried request gets the case its key made; the same key with another body is a different
/// request, refused. (A key bound before digests were kept has none to compare.)
async fn replay(app: &App, who: &Person, bound: IdempotentCase, digest: &str) -> Result<Case, AppError> {
    if bound.request.as_deref().is_some_and(|first| first != digest) {
        return Err(super::key_reused());
    }
    visible_case(app, who, &bound.case_id).await
}

/// Replaces a draft's (or a returned case's) answers, at the version the caller saw.
#[tracing::instrument(name = "update_answers", skip_all, fields(case = %id))]
pub async fn update_answers(
    app: &App,
    actor: &Actor,
    id: &str,
    version: u64,
    answers: Answers,
) -> Result<Case, AppError> {
    let who = actor.person()?;
    let mut case = visible_case(app, who, id).await?;
    if case.reporter != who.id() {
        return Err(AppError::Forbidden {
            code: "NOT_REPORTER",
            message: "Hanya pelapor yang dapat mengubah isian".into(),
        });
    }
    let super::Resolved { service, workflow, .. } = super::resolve(app, &case)?;
    if !super::reporters_turn(workflow, &case) {
        return Err(AppError::Conflict {
            code: "CASE_NOT_EDITABLE",
            message: "Isian hanya dapat diubah pada draf atau permohonan yang dikembalikan".into(),
        });
    }
    let mut reads = super::RegisterReads::knowing(who.resident()).expecting(&case.applicant);
    super::declaration::check(app, &mut reads, who.account(), case.applicant.nik.as_ref(), service, &answers, false)
        .await?;
    case.answers = answers;
    case.updated_at = app.clock.now();
    let event = CaseEvent {
        case_id: case.id.clone(),
        at: case.updated_at,
        actor: who.id().to_string(),
        role: None,
        kind: CaseEventKind::AnswersChanged,
    };
    super::act::commit_case(app, case, version, vec![Write::AppendCaseEvent(event)]).await
}

/// A resident reporting for a family member picks only whom the service's subject allows (not
/// themselves for a death).
async fn refuse_unoffered(
    app: &App,
    who: &Person,
    service: &adminduk_domain::catalogue::Service,
    filter: &adminduk_domain::catalogue::MemberFilter,
    nik: &str,
) -> Result<(), AppError> {
    let Person::Resident { resident, .. } = who else { return Ok(()) };
    let family = app.store.family(&resident.no_kk).await?.map(|(_, m)| m).unwrap_or_default();
    let members: Vec<_> = family.iter().map(super::declaration::member).collect();
    let ctx = adminduk_domain::case::Context {
        reporter_nik: Some(resident.nik.as_str()),
        ..adminduk_domain::case::Context::bare(app.today())
    };
    if members.iter().any(|m| m.nik == nik && adminduk_domain::case::offered(filter, m, &ctx)) {
        return Ok(());
    }
    let label = service.subject.as_ref().and_then(|s| s.applicant_label.clone()).unwrap_or_else(|| "Pemohon".into());
    Err(unprocessable("APPLICANT_NOT_OFFERED", format!("{label} tidak dapat dipilih untuk {}", service.name)))
}

/// Deletes a draft that was never filed: its answers and files are removed and it leaves the
/// reporter's list; the record keeps only that it existed.
#[tracing::instrument(name = "delete_draft", skip_all, fields(case = %id))]
pub async fn delete_draft(app: &App, actor: &Actor, id: &str, version: u64) -> Result<(), AppError> {
    let who = actor.person()?;
    let case = visible_case(app, who, id).await?;
    if case.reporter != who.id() {
        return Err(AppError::Forbidden {
            code: "NOT_REPORTER",
            message: "Hanya pelapor yang dapat menghapus draf".into(),
        });
    }
    if case.submitted_at.is_some() || case.outcome.is_some() {
        return Err(AppError::Conflict {
            code: "CASE_NOT_DRAFT",
            message: "Hanya draf yang belum diajukan yang dapat dihapus".into(),
        });
    }
    erase(app, case, version, who.id()).await
}

/// Removes a draft's answers and files and closes it, by `actor` (its reporter, or `sistem` once
/// it was left unchanged too long).
async fn erase(app: &App, case: Case, version: u64, actor: &str) -> Result<(), AppError> {
    let mut deleted = case.clone();
    deleted.answers = Answers::new();
    deleted.documents = Vec::new();
    deleted.outcome = Some(adminduk_domain::workflow::Outcome::Cancelled);
    deleted.updated_at = app.clock.now();
    let event = CaseEvent {
        case_id: case.id.clone(),
        at: deleted.updated_at,
        actor: actor.to_string(),
        role: None,
        kind: CaseEventKind::DraftDeleted,
    };
    super::act::commit_case(app, deleted, version, vec![Write::AppendCaseEvent(event)]).await?;
    // A file reused from an earlier case stays that case's.
    for doc in case.documents.iter().filter(|d| d.reused_from.is_none()) {
        app.blobs.delete(&doc.upload_id).await?;
    }
    Ok(())
}

/// Erases up to `limit` drafts never filed and unchanged for [`crate::ports::kept::DRAFT`] (UU 27/2022: data
/// kept no longer than its purpose needs), returning how many. A draft its reporter changes
/// meanwhile is left for them.
pub async fn remove_abandoned(app: &App, limit: u32) -> Result<u32, AppError> {
    let before = app.clock.now() - crate::ports::kept::DRAFT;
    let mut removed = 0;
    for case in app.store.abandoned_drafts(before, limit).await? {
        let version = case.version;
        match erase(app, case, version, "sistem").await {
            Ok(()) => removed += 1,
            Err(AppError::Stale { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}
