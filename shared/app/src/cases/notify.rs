//! The messages a transition sends: its template filled for this case, to the applicant's side
//! (never to the officer who filed it), written to the outbox with the transition.

use std::collections::BTreeMap;

use adminduk_domain::calendar::indonesian_date;
use adminduk_domain::workflow::ActionInputs;

use crate::App;
use crate::error::AppError;
use crate::ports::{Account, AccountKind, AccountStatus, Case, Channel, OutboxMessage, ReporterKind, Write};

/// Three GSM-7 segments of a concatenated SMS.
const SMS_MAX_CHARS: usize = 459;

/// The values of the `{placeholders}` of messages and letters, for this case after a transition
/// with `inputs`, greeting `greeted`.
pub(super) fn values(
    app: &App,
    case: &Case,
    inputs: &ActionInputs,
    greeted: &str,
) -> Result<BTreeMap<&'static str, String>, AppError> {
    values_of(app, case, &super::resolve(app, case)?, inputs, greeted, |_| true)
}

/// What the applicant's side reads in the case's state now (a case view, the guest book): only
/// the values its text names are made, not the case link's signature and the rest.
pub(super) fn next_step_now(app: &App, case: &Case, greeted: &str) -> Result<String, AppError> {
    let resolved = super::resolve(app, case)?;
    let names =
        adminduk_domain::catalogue::placeholder_names(&[resolved.state.next_text()]).map_err(AppError::internal)?;
    let values = values_of(app, case, &resolved, &ActionInputs::default(), greeted, |name| names.contains(&name))?;
    next_step(case, resolved.state, &values)
}

/// The values of the placeholders `wanted` picks.
fn values_of(
    app: &App,
    case: &Case,
    resolved: &super::Resolved,
    inputs: &ActionInputs,
    greeted: &str,
    wanted: impl Fn(&str) -> bool,
) -> Result<BTreeMap<&'static str, String>, AppError> {
    let super::Resolved { service, workflow, state, .. } = *resolved;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&app.calendar.offset());
    let dinas = std::cell::LazyCell::new(|| app.catalogue.office(&case.office.dinas()));
    let joined = |items: Vec<String>| if items.is_empty() { "-".to_string() } else { items.join(", ") };
    // The event's subject ("alm. ..."), not necessarily whom the message greets.
    let subject = || super::declaration::subject_name(service, &case.answers, &case.applicant.name);
    let entries: &[(&'static str, &dyn Fn() -> String)] = &[
        ("nomor_registrasi", &|| case.number.clone().unwrap_or_else(|| case.id.clone())),
        ("layanan", &|| service.name.clone()),
        ("nama_pemohon", &subject),
        ("perihal", &|| format!("{}: {}", service.name, subject())),
        ("nama_penerima", &|| greeted.to_string()),
        ("status", &|| workflow.state(&case.state).map_or_else(|| case.state.clone(), |s| s.name.clone())),
        ("kantor", &|| dinas.name.clone()),
        ("kantor_singkat", &|| dinas.short_name.clone()),
        ("kantor_layanan", &|| app.catalogue.office(&case.office).short_name),
        ("alamat_kantor", &|| dinas.address.clone().unwrap_or_else(|| "-".into())),
        ("tanggal_janji", &|| case.service_due.map_or_else(|| "-".into(), |d| indonesian_date(local(d).date_naive()))),
        ("tempat_pengambilan", &|| super::pickup_place(app, service, case)),
        ("kontak_pengaduan", &|| dinas.complaint.clone()),
        ("tautan", &|| super::whatsapp::case_link(app, case)),
        ("tanggal", &|| indonesian_date(app.today())),
        ("alasan", &|| inputs.reason.as_deref().map(sentence).unwrap_or_default()),
        ("estimasi_dokumen", &|| joined(inputs.document_estimate.clone())),
        ("nomor_dokumen", &|| {
            joined(inputs.document_numbers.iter().map(|d| format!("{} {}", d.document, d.number)).collect())
        }),
        ("jadwal", &|| {
            inputs.schedule.map_or_else(String::new, |s| {
                format!("{} pukul {}", indonesian_date(s.date_naive()), s.format("%H:%M"))
            })
        }),
        ("catatan", &|| inputs.note.clone().unwrap_or_default()),
        ("janji_temu", &|| {
            case.appointment.as_ref().map_or_else(|| "-".into(), |b| super::appointments::label(app, b))
        }),
        ("jumlah", &|| inputs.quantity.map_or_else(String::new, |q| q.to_string())),
        ("jumlah_terbilang", &|| {
            inputs.quantity.map_or_else(String::new, |q| adminduk_domain::words::quantity(q.into()))
        }),
        ("jam_layanan", &|| app.calendar_at(&case.office).hours_label()),
        ("saluran_pesan", &|| {
            if case.reporter_kind == ReporterKind::Sistem {
                // A Dinas's system is sent nothing: it reads the case.
                "status permohonan pada API layanan"
            } else if case.contact.as_ref().is_some_and(|c| c.whatsapp.is_some()) {
                "WhatsApp"
            } else {
                "SMS dan email"
            }
            .into()
        }),
        ("batas_tahap", &|| {
            case.state_due.map_or_else(
                || "-".into(),
                |d| {
                    let day = indonesian_date(local(d).date_naive());
                    format!("{day} pukul {} {}", local(d).format("%H.%M"), app.calendar.zone_name())
                },
            )
        }),
    ];
    let mut values: BTreeMap<&'static str, String> =
        entries.iter().filter(|(name, _)| wanted(name)).map(|(name, value)| (*name, value())).collect();
    if wanted("langkah_berikutnya") {
        let next = next_step(case, state, &values)?;
        values.insert("langkah_berikutnya", next);
    }
    Ok(values)
}

/// An officer's words as one sentence: ending with its own stop, or given one (the templates
/// add none after them).
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || text.ends_with(['.', '!', '?']) { text.to_string() } else { format!("{text}.") }
}

/// What the applicant's side reads in the case's state now, filled from `values`, on one line
/// (the data's line breaks are only for its editors).
pub(super) fn next_step(
    case: &Case,
    state: &adminduk_domain::workflow::State,
    values: &BTreeMap<&'static str, String>,
) -> Result<String, AppError> {
    if case.submitted_at.is_none() {
        return Ok("Lengkapi isian dan berkas persyaratan, periksa kembali, lalu ajukan permohonan.".into());
    }
    let text = adminduk_domain::catalogue::fill(state.next_text(), values)
        .map_err(|missing| AppError::internal(format!("isian {missing}")))?;
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The messages of `template_key` for `case` now; `suffix` tells apart messages of one template
/// sent at the same version (answers to separate WhatsApp messages).
pub(super) async fn messages_once(
    app: &App,
    case: &Case,
    template_key: &str,
    suffix: &str,
) -> Result<Vec<Write>, AppError> {
    let mut writes = messages(app, case, template_key, &ActionInputs::default(), None).await?;
    for w in &mut writes {
        if let Write::Enqueue(m) = w {
            m.id = format!("{}:{suffix}", m.id);
        }
    }
    Ok(writes)
}

pub(super) async fn messages(
    app: &App,
    case: &Case,
    template_key: &str,
    inputs: &ActionInputs,
    held: Option<&Account>,
) -> Result<Vec<Write>, AppError> {
    let template =
        app.catalogue.template(template_key).ok_or_else(|| AppError::internal(format!("templat {template_key}")))?;
    let to = recipient(app, case, held).await?;
    let values = values(app, case, inputs, &to.name)?;
    let render = |values: &BTreeMap<&str, String>| {
        template.render(values).map_err(|missing| AppError::internal(format!("isian {missing}")))
    };
    let mut text = render(&values)?;
    // An SMS stays within three segments: the free texts an officer wrote give way, the link stays.
    let over = text.sms.chars().count().saturating_sub(SMS_MAX_CHARS);
    if over > 0 {
        let mut short = values.clone();
        for key in ["alasan", "catatan"] {
            if let Some(v) = short.get_mut(key) {
                let keep = v.chars().count().saturating_sub(over + 1);
                *v = format!("{}…", v.chars().take(keep).collect::<String>());
            }
        }
        text.sms = render(&short)?.sms.chars().take(SMS_MAX_CHARS).collect();
    }
    let now = app.clock.now();
    let id = |channel: &str| format!("{}:{}:{}:{channel}", case.id, case.version + 1, template_key);
    let mut out = Vec::new();
    if let Some(number) = to.whatsapp {
        out.push(Write::Enqueue(OutboxMessage {
            id: id("whatsapp"),
            channel: Channel::Whatsapp,
            recipient: number,
            template: template_key.into(),
            subject: None,
            body: text.sms.clone(),
            created_at: now,
            // The kecamatan whose WhatsApp number the applicant wrote to.
            office: Some(case.office),
        }));
    } else if let Some(phone) = to.phone {
        out.push(Write::Enqueue(OutboxMessage {
            id: id("sms"),
            channel: Channel::Sms,
            recipient: phone,
            template: template_key.into(),
            subject: None,
            body: text.sms.clone(),
            created_at: now,
            // The Dinas the text speaks for ({kantor}), whichever counter works the case.
            office: Some(case.office.dinas()),
        }));
    }
    if let Some(email) = to.email {
        out.push(Write::Enqueue(OutboxMessage {
            id: id("email"),
            channel: Channel::Email,
            recipient: email,
            template: template_key.into(),
            subject: Some(text.email_subject),
            body: text.email_body,
            created_at: now,
            office: Some(case.office.dinas()),
        }));
    }
    Ok(out)
}

/// Whom a case's messages reach, and by what name they are greeted.
struct Recipient {
    name: String,
    phone: Option<String>,
    email: Option<String>,
    /// Written to by WhatsApp first (an SMS to `phone` only when WhatsApp cannot deliver).
    whatsapp: Option<String>,
}

/// The contact recorded with the case (at a counter, by an institution); else the reporter's
/// account when a resident reported; else the applicant's own account, if they have one. An
/// officer who filed the case is never the recipient. `held`: an account already read for this
/// request, used where it is the reporter's.
async fn recipient(app: &App, case: &Case, held: Option<&Account>) -> Result<Recipient, AppError> {
    if let Some(c) = &case.contact {
        return Ok(Recipient {
            name: case.applicant.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            whatsapp: c.whatsapp.clone(),
        });
    }
    let reporter = match held.filter(|a| a.id == case.reporter) {
        Some(account) => Some(account.clone()),
        None => app.store.account(&case.reporter).await?,
    };
    let reporter = reporter.filter(|a| a.kind != AccountKind::Officer);
    let account = match (reporter, &case.applicant.nik) {
        (Some(reporter), _) => Some(reporter),
        (None, Some(nik)) => app
            .store
            .account_by_alias(&crate::auth::alias_nik(nik.as_str()))
            .await?
            .filter(|a| a.kind == AccountKind::Pribadi && a.status == AccountStatus::Active),
        (None, None) => None,
    };
    Ok(match account {
        Some(a) => Recipient { name: a.name, phone: a.phone, email: a.email, whatsapp: None },
        None => Recipient { name: case.applicant.name.clone(), phone: None, email: None, whatsapp: None },
    })
}
