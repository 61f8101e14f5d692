//! A case's declaration against the register: the context the domain's checks read (the
//! reporter's family, the people the answers name, the applicant's situation), the subject of
//! the event, duplicates, and the declaration as an officer reads it beside the documents.

use std::collections::{BTreeMap, BTreeSet};

use adminduk_domain::case::{
    Answers, ApplicantFacts, Context, Member, applicable_fields, check_answers, named_niks, person_parts, region_names,
};
use adminduk_domain::catalogue::{Field, FieldKind, Requester, Service};
use adminduk_domain::ids::Nik;
use serde::Serialize;
use serde_json::Value;

use super::draft::form_problems;
use super::register_reads::RegisterReads;
use crate::App;
use crate::error::AppError;
use crate::ports::{Account, AccountKind, Case, Resident};
use crate::secrets::mask_nik;

/// A resident as a declaration's checks see them (alive means alive and active in the register).
pub(crate) fn member(r: &Resident) -> Member {
    Member {
        nik: r.nik.to_string(),
        name: r.name.clone(),
        shdk: r.shdk,
        sex: r.sex,
        birth_date: r.birth_date,
        alive: r.alive && r.active,
    }
}

/// What the checks of a declaration read, owned.
pub(crate) struct Register {
    reporter_nik: Option<String>,
    family: Vec<Member>,
    named: BTreeMap<String, Member>,
    applicant: Option<ApplicantFacts>,
}

impl Register {
    fn context(&self, app: &App) -> Context<'_> {
        Context {
            today: app.today(),
            reporter_nik: self.reporter_nik.as_deref(),
            family: &self.family,
            register: &self.named,
            applicant: self.applicant.clone(),
        }
    }
}

/// Reads from the register what a declaration by `reporter` (none for a Dinas's system) about
/// `applicant_nik` needs.
pub(crate) async fn register_for(
    app: &App,
    reads: &mut RegisterReads,
    reporter: Option<&Account>,
    applicant_nik: Option<&Nik>,
    service: &Service,
    answers: &Answers,
) -> Result<Register, AppError> {
    let mut family = Vec::new();
    let reporter_nik = reporter.filter(|r| r.kind == AccountKind::Pribadi).and_then(|r| r.nik.as_ref());
    if let Some(nik) = reporter_nik {
        if let Some(me) = reads.resident(app, nik).await? {
            if let Some((_, members)) = reads.family(app, &me.no_kk).await? {
                family = members.iter().map(member).collect();
            }
        }
    }
    let mut named = BTreeMap::new();
    for nik in named_niks(service, answers) {
        // The form checked every NIK it names when it was saved.
        let Ok(parsed) = nik.parse::<Nik>() else { continue };
        if let Some(r) = reads.resident(app, &parsed).await?.filter(|r| r.alive && r.active) {
            named.insert(nik, member(&r));
        }
    }
    let applicant = super::applicant_facts(app, reads, applicant_nik).await?;
    Ok(Register { reporter_nik: reporter_nik.map(Nik::to_string), family, named, applicant })
}

/// Checks a declaration against its form and the register; `complete` when it is being filed.
pub(crate) async fn check(
    app: &App,
    reads: &mut RegisterReads,
    reporter: Option<&Account>,
    applicant_nik: Option<&Nik>,
    service: &Service,
    answers: &Answers,
    complete: bool,
) -> Result<BTreeMap<String, BTreeSet<String>>, AppError> {
    let register = register_for(app, reads, reporter, applicant_nik, service, answers).await?;
    check_answers(service, answers, &register.context(app), complete).map_err(form_problems)
}

/// The name the event is about, as lists, receipts and messages write it: "alm. Hj. Maemunah",
/// the newborn's name, or the applicant.
pub(crate) fn subject_name(service: &Service, answers: &Answers, applicant_name: &str) -> String {
    let subject = service.subject.as_ref();
    let named = subject.and_then(|s| s.field.as_ref()).and_then(|field| match &answers.get(field) {
        Some(Value::String(name)) => Some(name.trim().to_string()),
        Some(Value::Object(person)) => person.get("nama").and_then(Value::as_str).map(|n| n.trim().to_string()),
        _ => None,
    });
    let name = named.filter(|n| !n.is_empty()).unwrap_or_else(|| applicant_name.to_string());
    match subject.and_then(|s| s.prefix.as_deref()) {
        Some(prefix) => format!("{prefix} {name}"),
        None => name,
    }
}

/// The other filed, open cases about the same applicant: what duplicates are looked for among.
/// Read only for a service whose cases are compared with them (`refuse_duplicate`,
/// `near_duplicates`): a complaint is not.
pub(crate) async fn open_cases_about(app: &App, service: &Service, case: &Case) -> Result<Vec<Case>, AppError> {
    let compared = reported_once(service) || service.event.is_some();
    let Some(nik) = case.applicant.nik.as_ref().filter(|_| compared) else { return Ok(Vec::new()) };
    let all = app.store.cases_of_applicant(nik).await?;
    Ok(all.into_iter().filter(|o| o.id != case.id && o.submitted_at.is_some() && o.outcome.is_none()).collect())
}

/// Whether a case of `service` is refused beside another open one about the same subject: the
/// residents' services. Complaints and province requests may be filed as often as needed.
fn reported_once(service: &Service) -> bool {
    service.requesters.contains(&Requester::PenggunaPribadi)
}

/// Life events of the residents' services are reported once: another open case (of `others`)
/// of the same service about the same subject is refused, naming it.
pub(crate) fn refuse_duplicate(service: &Service, case: &Case, others: &[Case]) -> Result<(), AppError> {
    if !reported_once(service) {
        return Ok(());
    }
    // With a subject of its own (a newborn), the event is the subject's name and the answers
    // around it; otherwise the applicant is the subject.
    let same_event = |other: &Case| match service.subject.as_ref().and_then(|s| s.field.as_ref()) {
        Some(_) => {
            let key = |c: &Case| {
                let name = subject_name(service, &c.answers, &c.applicant.name).to_lowercase();
                let born = c.answers.get("tanggal_lahir").cloned().unwrap_or(Value::Null);
                (name, born)
            };
            key(other) == key(case)
        }
        None => true,
    };
    for other in others {
        if other.service == case.service && same_event(other) {
            return Err(AppError::Conflict {
                code: "DUPLICATE_CASE",
                message: format!(
                    "{} untuk {} sudah diajukan dengan nomor {} dan masih diproses",
                    service.name,
                    subject_name(service, &case.answers, &case.applicant.name),
                    other.number.as_deref().unwrap_or("-")
                ),
            });
        }
    }
    Ok(())
}

/// Another open case about the same person and the same kind of event (a birth report beside a
/// late birth certificate, a lost KTP-el reported twice by different services): possibly the same
/// event twice, for the officer to look at.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RelatedCase {
    pub id: String,
    pub number: Option<String>,
    pub service_name: String,
}

/// Those of `others` that record the same kind of event; with `office`, only cases of offices
/// it covers.
pub(crate) fn near_duplicates(
    app: &App,
    service: &Service,
    others: &[Case],
    office: Option<adminduk_domain::office::Office>,
) -> Vec<RelatedCase> {
    let Some(event) = &service.event else { return Vec::new() };
    others
        .iter()
        .filter(|o| office.is_none_or(|at| at.covers(&o.office)))
        .filter_map(|o| {
            let other = app.catalogue.service(&o.service).filter(|s| s.event.as_ref() == Some(event))?;
            Some(RelatedCase { id: o.id.clone(), number: o.number.clone(), service_name: other.name.clone() })
        })
        .collect()
}

/// One answer as an officer reads it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeclaredField {
    pub name: String,
    pub label: String,
    /// The answer in words (option labels, names of the people named, region names).
    pub value: String,
    /// For a field that changes a register value (F-1.06): the value on record ("semula").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_record: Option<String>,
}

/// A section of the declaration ("Data anak", "Data ibu", ...).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeclaredSection {
    pub title: String,
    pub fields: Vec<DeclaredField>,
}

fn option_label(f: &Field, v: &str) -> String {
    f.options.iter().find(|o| o.value == v).map_or_else(|| v.to_string(), |o| o.label.clone())
}

/// A NIK with the name the register gives it, masked as the reader may see it.
fn person_by_nik(nik: &str, register: &BTreeMap<String, Member>, family: &[Member], full: bool) -> String {
    let shown = if full { nik.to_string() } else { mask_nik(nik) };
    let name = register.get(nik).or_else(|| family.iter().find(|m| m.nik == nik)).map(|m| m.name.as_str());
    match name {
        Some(name) => format!("{name} (NIK {shown})"),
        None => format!("NIK {shown} (tidak ditemukan dalam database)"),
    }
}

fn words(f: &Field, v: &Value, register: &Register, full_nik: bool) -> String {
    let text = || v.as_str().unwrap_or_default().trim().to_string();
    match f.kind {
        FieldKind::Choice => option_label(f, &text()),
        FieldKind::Choices => v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|s| option_label(f, s))
            .collect::<Vec<_>>()
            .join(", "),
        FieldKind::YesNo => if v.as_bool() == Some(true) { "Ya" } else { "Tidak" }.to_string(),
        FieldKind::Number => {
            let n = v.to_string();
            f.unit.as_deref().map_or(n.clone(), |u| format!("{n} {u}"))
        }
        FieldKind::RegisteredNik | FieldKind::FamilyMember => {
            person_by_nik(&text(), &register.named, &register.family, full_nik)
        }
        FieldKind::Date => chrono::NaiveDate::parse_from_str(&text(), "%Y-%m-%d")
            .map_or_else(|_| text(), adminduk_domain::calendar::indonesian_date),
        FieldKind::DateTime => chrono::NaiveDateTime::parse_from_str(&text(), "%Y-%m-%dT%H:%M").map_or_else(
            |_| text(),
            |t| format!("{} pukul {}", adminduk_domain::calendar::indonesian_date(t.date()), t.format("%H:%M")),
        ),
        FieldKind::Nik => {
            if full_nik {
                text()
            } else {
                mask_nik(&text())
            }
        }
        FieldKind::Person => {
            let parts = person_parts();
            parts
                .iter()
                .filter_map(|p| v.get(&p.name).filter(|x| !x.is_null() && x.as_str() != Some("")).map(|x| (p, x)))
                .map(|(p, x)| format!("{}: {}", p.label, words(p, x, register, full_nik)))
                .collect::<Vec<_>>()
                .join("; ")
        }
        FieldKind::Address => {
            let part = |name: &str| v.get(name).and_then(Value::as_str).unwrap_or_default().trim().to_string();
            let mut out = format!("{}, RT {}/RW {}", part("alamat"), part("rt"), part("rw"));
            let desa = part("nama_desa");
            if !desa.is_empty() {
                out.push_str(&format!(", {desa}"));
            }
            if let Ok(names) = region_names(&part("kode_desa")) {
                for name in names.iter().rev().flatten() {
                    out.push_str(&format!(", {name}"));
                }
            }
            out.push_str(&format!(" (kode desa {})", part("kode_desa")));
            let pos = part("kode_pos");
            if !pos.is_empty() {
                out.push_str(&format!(", kode pos {pos}"));
            }
            out
        }
        FieldKind::Group => v
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, entry)| {
                let inner: Vec<String> = f
                    .fields
                    .iter()
                    .filter_map(|x| {
                        entry.get(&x.name).filter(|y| !y.is_null() && y.as_str() != Some("")).map(|y| (x, y))
                    })
                    .map(|(x, y)| words(x, y, register, full_nik))
                    .collect();
                format!("{}. {}", i + 1, inner.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => text(),
    }
}

/// The register's value of what a `*_baru` field of a data change would replace (F-1.06).
fn on_record(field: &str, applicant: Option<&Resident>) -> Option<String> {
    let r = applicant?;
    Some(match field.strip_suffix("_baru")? {
        "nama_lengkap" => r.name.clone(),
        "jenis_kelamin" => r.sex.label().to_string(),
        "tempat_lahir" => r.birth_place.clone(),
        "tanggal_lahir" => r.birth_date.to_string(),
        "status_perkawinan" => r.marital_status.label().to_string(),
        "agama" => r.religion.label().to_string(),
        "golongan_darah" => r.blood_type.label().to_string(),
        _ => return None,
    })
}

/// The declaration in readable sections, with the register's current value beside each field
/// the case would change. NIKs of others are shown in full only to officers.
pub(crate) async fn sections(
    app: &App,
    reads: &mut RegisterReads,
    service: &Service,
    case: &Case,
    reporter: Option<&Account>,
    full_nik: bool,
) -> Result<Vec<DeclaredSection>, AppError> {
    let register = match reporter {
        Some(r) => register_for(app, reads, Some(r), case.applicant.nik.as_ref(), service, &case.answers).await?,
        None => Register { reporter_nik: None, family: vec![], named: BTreeMap::new(), applicant: None },
    };
    let applicant = match &case.applicant.nik {
        Some(nik) => reads.resident(app, nik).await?,
        None => None,
    };
    let mut out: Vec<DeclaredSection> = Vec::new();
    for f in applicable_fields(service, &case.answers, &register.context(app)) {
        let Some(v) = case.answers.get(&f.name).filter(|v| !v.is_null() && v.as_str() != Some("")) else { continue };
        let title = f.section.clone().unwrap_or_else(|| "Isian".into());
        let field = DeclaredField {
            name: f.name.clone(),
            label: f.label.clone(),
            value: words(f, v, &register, full_nik),
            on_record: on_record(&f.name, applicant.as_ref()),
        };
        match out.iter_mut().find(|s| s.title == title) {
            Some(s) => s.fields.push(field),
            None => out.push(DeclaredSection { title, fields: vec![field] }),
        }
    }
    Ok(out)
}
