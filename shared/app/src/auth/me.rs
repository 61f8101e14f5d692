//! Who the caller is, and for a resident, their family as the register knows it.

use adminduk_domain::codes::Shdk;
use adminduk_domain::office::Office;
use adminduk_domain::workflow::Role;
use chrono::NaiveDate;
use serde::Serialize;

use crate::App;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::{AccountKind, AccountStatus, DeclaredIdentity, Pks};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub user_id: String,
    pub kind: AccountKind,
    pub name: String,
    pub status: AccountStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nik: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<Office>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Residents: everyone in their KK.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<Vec<FamilyMember>>,
    /// Institution staff: the agreement they act under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pks: Option<Pks>,
    /// A resident of the province outside the register: what they stated when they registered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<DeclaredIdentity>,
    /// Officers and institution staff: the services they may file for someone else now; one
    /// outside the register: the province's services they may ask for themselves.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub may_file: Vec<String>,
    /// Officers: the dashboard screens their work includes, in menu order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub screens: Vec<Screen>,
}

/// A screen of the officer dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Screen {
    Queue,
    Intake,
    Pickup,
    Appointments,
    GuestBook,
    Recovery,
    Figures,
    Reports,
    Officers,
    Institutions,
    Clients,
    FailedMessages,
    Audit,
}

/// The screens open to the caller, by the rules of the routes behind them (their roles in the
/// catalogue's workflows, their office's desks, the admin and auditor guards): a province
/// officer is offered no kabupaten counter, pickup or guest book.
fn screens(app: &App, actor: &Actor, may_file: bool) -> Vec<Screen> {
    let Ok((account, office)) = actor.require_officer() else { return Vec::new() };
    let roles = account.roles.as_slice();
    let admin = actor.require_admin().is_ok();
    [
        (Screen::Queue, true),
        (Screen::Intake, may_file),
        (Screen::Pickup, crate::cases::hands_over(app, &office, roles)),
        (Screen::Appointments, crate::cases::appointments::keeps_desks(app, &office)),
        (Screen::GuestBook, crate::cases::whatsapp::works_guest_book(app, &office, roles)),
        (Screen::Recovery, super::recovery::at_counter(roles)),
        (Screen::Figures, true),
        (Screen::Reports, true),
        (Screen::Officers, admin),
        (Screen::Institutions, admin),
        (Screen::Clients, admin),
        (Screen::FailedMessages, admin),
        (Screen::Audit, actor.require_auditor().is_ok()),
    ]
    .into_iter()
    .filter_map(|(screen, open)| open.then_some(screen))
    .collect()
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FamilyMember {
    /// In full only for the members the caller may report for (seed 000); otherwise only its last
    /// four digits.
    pub nik: String,
    pub name: String,
    pub shdk: Shdk,
    pub shdk_label: &'static str,
    /// Only beside a NIK shown in full: a NIK holds its birth date, so the two together would
    /// give a masked one back.
    pub birth_date: Option<NaiveDate>,
    pub may_report_for: bool,
}

pub async fn me(app: &App, actor: &Actor) -> Result<Me, AppError> {
    let may_file = crate::cases::fileable(app, actor.person()?);
    let screens = screens(app, actor, !may_file.is_empty());
    let person = actor.person()?;
    let account = person.account().cloned().ok_or_else(crate::caller::not_a_person)?;
    let mut family = None;
    // The register record the session vouched for; never one read by a NIK someone stated.
    if let Some(me) = person.resident() {
        let members = app.store.family(&me.no_kk).await?.map(|(_, m)| m).unwrap_or_default();
        family = Some(
            members
                .into_iter()
                .map(|m| {
                    let may = m.nik == me.nik || me.shdk.reports_for_family();
                    FamilyMember {
                        nik: if may { m.nik.to_string() } else { last_four(m.nik.as_str()) },
                        name: m.name,
                        shdk: m.shdk,
                        shdk_label: m.shdk.label(),
                        birth_date: may.then_some(m.birth_date),
                        may_report_for: may,
                    }
                })
                .collect(),
        );
    }
    let pks = match account.kind {
        AccountKind::Instansi => Some(crate::admin::pks_of(app, &account).await?),
        _ => None,
    };
    Ok(Me {
        user_id: account.id,
        kind: account.kind,
        name: account.name,
        status: account.status,
        nik: account.nik.map(|n| n.to_string()),
        email: account.email,
        phone: account.phone,
        office: account.office,
        roles: account.roles,
        family,
        pks,
        declared: account.declared,
        may_file,
        screens,
    })
}

/// A NIK shown by its last four digits only.
fn last_four(nik: &str) -> String {
    let shown: String = nik.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{}{shown}", "*".repeat(nik.chars().count().saturating_sub(4)))
}
