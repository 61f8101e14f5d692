//! Whether the signed-in person can file a service on this site, and for whom: what the service
//! page tells them before they start, from the same rules that decide at filing (who may report
//! for whom, whom the form offers, the conditions the register already decides).

use adminduk_domain::access::{self, Applicant as PolicyApplicant};
use adminduk_domain::catalogue::{Channel, Requester, Service};
use serde::Serialize;

use super::{applicant_facts, case_office, filing_action};
use crate::App;
use crate::caller::{Actor, Person};
use crate::error::AppError;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Chances {
    /// Whether the caller files this service on this site (for someone, when `members` says so).
    pub online: bool,
    /// Why not, when not.
    pub reason: Option<String>,
    /// A resident's family, for a service filed for a family member: whether the caller may
    /// file it for each now, and why not.
    pub members: Vec<MemberChance>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MemberChance {
    pub name: String,
    pub shdk_label: &'static str,
    pub may_file: bool,
    pub why_not: Option<String>,
}

/// Whether residents start the service on this site at all.
fn online_for_residents(service: &Service) -> bool {
    service.requesters.iter().any(|r| matches!(r, Requester::PenggunaPribadi | Requester::Masyarakat))
        && service.channels.contains(&Channel::Online)
}

/// The caller's chances with the service `code`.
pub async fn chances(app: &App, actor: &Actor, code: &str) -> Result<Chances, AppError> {
    let who = actor.person()?;
    let service = app.catalogue.service(code).ok_or_else(|| AppError::NotFound {
        code: "SERVICE_NOT_FOUND",
        message: format!("Layanan {code} tidak ada dalam katalog"),
    })?;
    let Person::Resident { resident, .. } = who else {
        let online = super::fileable(app, who).contains(&service.code);
        let reason = (!online).then(|| "Akun Anda tidak berwenang mengajukan layanan ini".to_string());
        return Ok(Chances { online, reason, members: Vec::new() });
    };
    if !online_for_residents(service) {
        let reason = "Layanan ini tidak diajukan melalui situs ini; datanglah ke loket pelayanan".to_string();
        return Ok(Chances { online: false, reason: Some(reason), members: Vec::new() });
    }
    let family_service = service.requesters.contains(&Requester::PenggunaPribadi);
    if !family_service {
        // Public services (complaints, PPID) are asked by the person for themselves.
        return Ok(Chances { online: true, reason: None, members: Vec::new() });
    }
    let family = app.store.family(&resident.no_kk).await?.map(|(_, m)| m).unwrap_or_default();
    let ctx = adminduk_domain::case::Context {
        reporter_nik: Some(resident.nik.as_str()),
        ..adminduk_domain::case::Context::bare(app.today())
    };
    let mut members = Vec::with_capacity(family.len());
    for m in &family {
        let why_not = why_not(app, who, service, m, &ctx).await?;
        members.push(MemberChance {
            name: m.name.clone(),
            shdk_label: m.shdk.label(),
            may_file: why_not.is_none(),
            why_not,
        });
    }
    let online = members.iter().any(|m| m.may_file);
    let reason = (!online).then(|| "Tidak ada anggota keluarga Anda yang dapat diajukan untuk layanan ini".to_string());
    Ok(Chances { online, reason, members })
}

/// Why `who` cannot file `service` for `member` now, or `None` when they can.
async fn why_not(
    app: &App,
    who: &Person,
    service: &Service,
    member: &crate::ports::Resident,
    ctx: &adminduk_domain::case::Context<'_>,
) -> Result<Option<String>, AppError> {
    if !member.alive || !member.active {
        return Ok(Some("Status kependudukannya tidak aktif".into()));
    }
    if let Some(filter) = service.subject.as_ref().and_then(|s| s.member.as_ref()) {
        let member = super::declaration::member(member);
        if let Some(why) = adminduk_domain::case::not_offered_because(filter, &member, ctx) {
            return Ok(Some(why));
        }
    }
    let facts = applicant_facts(app, &mut super::RegisterReads::knowing(Some(member)), Some(&member.nik))
        .await?
        .map(|f| f.with_answers(Default::default()));
    let mut refusal = None;
    for variant in &service.variants {
        let Some(workflow) = app.catalogue.workflow(service.workflow_of(variant)) else { continue };
        let request = access::Request {
            applicant: PolicyApplicant { nik: member.nik.as_str(), no_kk: member.no_kk.as_str() },
            service,
            action: filing_action(workflow),
            case_office: case_office(service, who),
        };
        if let Err(denial) = access::decide(&who.policy_actor(), &request, app.today()) {
            refusal = Some(denial.to_string());
            continue;
        }
        let eligible = [&service.eligibility, &variant.eligibility]
            .into_iter()
            .flatten()
            .all(|c| facts.as_ref().is_none_or(|f| c.may_hold(f)));
        if eligible {
            return Ok(None);
        }
        refusal.get_or_insert_with(|| "Tidak memenuhi syarat layanan ini (misalnya usia)".to_string());
    }
    Ok(refusal.or_else(|| Some("Tidak memenuhi syarat layanan ini".into())))
}
