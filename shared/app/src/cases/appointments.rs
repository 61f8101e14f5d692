//! Booking a desk's slot for the in-person step a case waits for (biometric recording at the
//! kecamatan, IKD activation by video call, collecting documents): the applicant's side online or
//! an officer of the step at a counter books, moves or cancels it; an officer records a no-show,
//! which frees the slot; the desk's day is listed for its officers; a reminder goes out the
//! working day before. A slot's places are counted in the store, so no slot is booked past its
//! desk's capacity however many book at once.

use adminduk_domain::appointment::{Desk, Visit};
use adminduk_domain::calendar::indonesian_date;
use adminduk_domain::office::Office;
use adminduk_domain::workflow::{ActionInputs, Outcome, State};
use chrono::{DateTime, Days, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::act::commit_case_racing;
use super::{Resolved, notify, resolve, roles_on, visible_case};
use crate::App;
use crate::caller::{Actor, Person};
use crate::error::AppError;
use crate::ports::{Booking, BookingStatus, Case, CaseEvent, CaseEventKind, Write};

/// Working days whose slots are offered, from the next one on.
const DAYS_OFFERED: u64 = 10;
/// Calendar days looked through to find them (holidays and weekends between).
const DAYS_SEARCHED: u64 = 30;

/// The desk a case's state waits for, at the case's office, if it takes bookings.
fn desk_of<'a>(app: &'a App, case: &Case, state: &State) -> Option<&'a Desk> {
    state.visit.and_then(|visit| app.catalogue.desk(&case.office, visit))
}

/// Whether `who` books for this case in this state: its reporter or applicant, or an officer
/// holding a role of the state's steps (who visible_case let see it).
fn may_book(who: &Person, case: &Case, state: &State) -> bool {
    let roles = roles_on(who, case);
    match who {
        Person::Officer { .. } => state.actions.iter().any(|a| a.roles.iter().any(|r| roles.contains(r))),
        _ => !roles.is_empty(),
    }
}

/// The visit `who` may book a slot for now, for the case view.
pub(super) fn bookable(app: &App, who: &Person, case: &Case) -> Option<Visit> {
    let Resolved { state, .. } = resolve(app, case).ok()?;
    let desk = desk_of(app, case, state)?;
    (case.outcome.is_none() && case.submitted_at.is_some() && may_book(who, case, state)).then_some(desk.visit)
}

/// "Senin, 7 Desember 2026 pukul 09.00–09.20 WITA, Meja perekaman KTP-el (Kantor Kecamatan Somba
/// Opu, Jl. ...)".
pub(crate) fn label(app: &App, b: &Booking) -> String {
    let local = |t: DateTime<Utc>| t.with_timezone(&app.calendar.offset());
    let place = app.catalogue.desk(&b.office, b.visit).map_or(b.visit.label(), |d| d.place.as_str());
    format!(
        "{} pukul {}–{} {}, {} ({})",
        indonesian_date(b.day),
        local(b.start).format("%H.%M"),
        local(b.end).format("%H.%M"),
        app.calendar.zone_name(),
        place,
        app.catalogue.office(&b.office).place()
    )
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SlotOffer {
    pub visit: Visit,
    pub visit_label: &'static str,
    /// Where the person goes, or how they are called.
    pub place: String,
    pub office: Office,
    pub office_name: String,
    pub minutes: u32,
    /// The slot the case holds now, if any.
    pub booked: Option<Booking>,
    /// The coming working days with their slots and the places left in each.
    pub days: Vec<SlotDay>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SlotDay {
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// "Senin, 7 Desember 2026".
    pub label: String,
    pub slots: Vec<SlotView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SlotView {
    #[schema(value_type = String, format = DateTime)]
    pub start: DateTime<FixedOffset>,
    #[schema(value_type = String, format = DateTime)]
    pub end: DateTime<FixedOffset>,
    /// "09.00".
    pub time: String,
    /// Places left.
    pub free: u32,
}

/// The case, its state's desk, for a caller who may book for it now.
async fn bookable_case<'a>(app: &'a App, who: &Person, id: &str) -> Result<(Case, &'a Desk), AppError> {
    let case = visible_case(app, who, id).await?;
    let Resolved { state, .. } = resolve(app, &case)?;
    let Some(desk) = desk_of(app, &case, state).filter(|_| case.outcome.is_none() && case.submitted_at.is_some())
    else {
        return Err(AppError::Conflict {
            code: "NO_APPOINTMENT_HERE",
            message: "Tahap permohonan ini tidak memerlukan janji temu".into(),
        });
    };
    if !may_book(who, &case, state) {
        return Err(AppError::Forbidden {
            code: "NOT_YOUR_APPOINTMENT",
            message: "Hanya pemohon, pelapor atau petugas tahap ini yang dapat mengatur janji temu".into(),
        });
    }
    Ok((case, desk))
}

/// The slots a desk offers on `day` in local time, with the places left.
async fn day_slots(app: &App, office: &Office, desk: &Desk, day: NaiveDate) -> Result<Vec<SlotView>, AppError> {
    let offset = app.calendar.offset();
    let loads = app.store.slot_loads(office, desk.visit, day).await?;
    let slots = desk.slots(&app.calendar_at(office), day).map_err(AppError::internal)?;
    Ok(slots
        .into_iter()
        .map(|s| {
            let start = s.start.and_local_timezone(offset).single().expect("fixed offsets are unambiguous");
            let end = s.end.and_local_timezone(offset).single().expect("fixed offsets are unambiguous");
            let taken = loads.iter().find(|(t, _)| *t == start.to_utc()).map_or(0, |(_, n)| *n);
            SlotView { start, end, time: start.format("%H.%M").to_string(), free: desk.capacity.saturating_sub(taken) }
        })
        .collect())
}

/// The next working days' slots for the visit the case waits for.
pub async fn slots(app: &App, actor: &Actor, id: &str) -> Result<SlotOffer, AppError> {
    let (case, desk) = bookable_case(app, actor.person()?, id).await?;
    let mut days = Vec::new();
    let today = app.today();
    let calendar = app.calendar_at(&case.office);
    for date in (1..=DAYS_SEARCHED).filter_map(|n| today.checked_add_days(Days::new(n))) {
        if days.len() as u64 == DAYS_OFFERED {
            break;
        }
        let slots = match calendar.is_working_day(date) {
            Ok(true) => day_slots(app, &case.office, desk, date).await?,
            // A year without holiday data yet offers nothing rather than guessing.
            Ok(false) | Err(_) => continue,
        };
        days.push(SlotDay { date, label: indonesian_date(date), slots });
    }
    Ok(SlotOffer {
        visit: desk.visit,
        visit_label: desk.visit.label(),
        place: desk.place.clone(),
        office: case.office,
        office_name: app.catalogue.office(&case.office).place(),
        minutes: desk.minutes,
        booked: case.appointment.clone().filter(|b| b.status == BookingStatus::Booked),
        days,
    })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookRequest {
    /// The slot's start, as offered.
    #[schema(value_type = String, format = DateTime)]
    pub start: DateTime<FixedOffset>,
    /// The version of the case the caller saw.
    pub version: u64,
}

/// The history line and messages of an appointment change, with the case's own writes.
async fn record(app: &App, who: &Person, case: &Case, template: &str, note: String) -> Result<Vec<Write>, AppError> {
    let role = roles_on(who, case).first().copied();
    let mut writes = vec![Write::AppendCaseEvent(CaseEvent {
        case_id: case.id.clone(),
        at: app.clock.now(),
        actor: who.id().to_string(),
        role,
        kind: CaseEventKind::Appointment { note },
    })];
    writes.extend(notify::messages(app, case, template, &ActionInputs::default(), None).await?);
    Ok(writes)
}

/// A booking's write set meets another at the same instant on the same slot (DynamoDB): it is
/// tried this many times.
const ATTEMPTS: u32 = 4;

/// Books a slot for the case, or moves its booking to another slot.
#[tracing::instrument(name = "book", skip_all, fields(case = %id))]
pub async fn book(app: &App, actor: &Actor, id: &str, r: BookRequest) -> Result<Case, AppError> {
    let who = actor.person()?;
    let (case, desk) = bookable_case(app, who, id).await?;
    let local = r.start.with_timezone(&app.calendar.offset()).naive_local();
    let slot = desk.slot_at(&app.calendar_at(&case.office), local).map_err(AppError::internal)?.ok_or_else(|| {
        AppError::Unprocessable { code: "SLOT_UNKNOWN", message: "Sesi itu tidak ada pada jadwal meja ini".into() }
    })?;
    let offset = app.calendar.offset();
    let start = slot.start.and_local_timezone(offset).single().expect("fixed offsets are unambiguous").to_utc();
    let now = app.clock.now();
    if slot.start.date() <= app.today() {
        return Err(AppError::Unprocessable {
            code: "SLOT_TOO_SOON",
            message: "Janji temu dapat dipesan mulai hari kerja berikutnya".into(),
        });
    }
    let old = case.appointment.clone().filter(|b| b.status == BookingStatus::Booked);
    if old.as_ref().is_some_and(|b| b.start == start && b.visit == desk.visit) {
        return Ok(case);
    }
    let booking = Booking {
        case_id: case.id.clone(),
        number: case.number.clone(),
        office: case.office,
        visit: desk.visit,
        day: slot.start.date(),
        start,
        end: slot.end.and_local_timezone(offset).single().expect("fixed offsets are unambiguous").to_utc(),
        name: case.applicant.name.clone(),
        booked_by: who.id().to_string(),
        booked_at: now,
        status: BookingStatus::Booked,
    };
    let version = r.version;
    let mut updated = case.clone();
    updated.appointment = Some(booking.clone());
    updated.updated_at = now;
    let note = match &old {
        Some(before) => format!("Janji temu dipindah dari {} ke {}", label(app, before), label(app, &booking)),
        None => format!("Janji temu dipesan: {}", label(app, &booking)),
    };
    let mut writes = vec![Write::BookSlot { booking: Box::new(booking), capacity: desk.capacity }];
    if let Some(before) = old {
        writes.push(Write::FreeSlot(Box::new(Booking { status: BookingStatus::Cancelled, ..before })));
    }
    writes.extend(record(app, who, &updated, "janji_temu_dipesan", note).await?);
    commit_case_racing(app, updated, version, writes, ATTEMPTS).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointmentChange {
    /// The version of the case the caller saw.
    pub version: u64,
}

/// The case's booked slot, for cancelling or recording a no-show.
fn held(case: &Case) -> Result<Booking, AppError> {
    case.appointment.clone().filter(|b| b.status == BookingStatus::Booked).ok_or_else(|| AppError::Conflict {
        code: "NO_APPOINTMENT",
        message: "Permohonan ini belum memiliki janji temu".into(),
    })
}

/// Frees the case's slot as `status`, telling the applicant with `template`.
async fn release(
    app: &App,
    who: &Person,
    case: Case,
    version: u64,
    status: BookingStatus,
    template: &str,
) -> Result<Case, AppError> {
    let booking = held(&case)?;
    let note = match status {
        BookingStatus::NoShow => format!("Tidak hadir pada janji temu {}", label(app, &booking)),
        _ => format!("Janji temu dibatalkan: {}", label(app, &booking)),
    };
    // The message names the slot given up; the case keeps no booking afterwards.
    let mut writes = vec![Write::FreeSlot(Box::new(Booking { status, ..booking }))];
    writes.extend(record(app, who, &case, template, note).await?);
    let updated = Case { appointment: None, updated_at: app.clock.now(), ..case };
    commit_case_racing(app, updated, version, writes, ATTEMPTS).await
}

/// Cancels the case's booking and frees its slot.
pub async fn cancel(app: &App, actor: &Actor, id: &str, r: AppointmentChange) -> Result<Case, AppError> {
    let who = actor.person()?;
    let (case, _) = bookable_case(app, who, id).await?;
    release(app, who, case, r.version, BookingStatus::Cancelled, "janji_temu_dibatalkan").await
}

/// An officer of the step records that the person did not come: the slot is freed and they are
/// asked to book again.
pub async fn no_show(app: &App, actor: &Actor, id: &str, r: AppointmentChange) -> Result<Case, AppError> {
    let who = actor.person()?;
    actor.require_officer()?;
    let (case, _) = bookable_case(app, who, id).await?;
    if held(&case)?.start > app.clock.now() {
        return Err(AppError::Conflict {
            code: "APPOINTMENT_NOT_YET",
            message: "Ketidakhadiran dicatat setelah jam janji temu dimulai".into(),
        });
    }
    release(app, who, case, r.version, BookingStatus::NoShow, "janji_temu_tidak_hadir").await
}

/// What becomes of the case's booking when a transition takes it to a state that no longer
/// waits for that visit: attended (the step it was for was taken) or cancelled (the case closed
/// without it). A slot still ahead is freed for others either way.
pub(super) fn on_transition(case: &mut Case, to: &State, now: DateTime<Utc>) -> Option<Write> {
    let booking = case.appointment.clone().filter(|b| b.status == BookingStatus::Booked)?;
    if to.visit == Some(booking.visit) {
        return None;
    }
    case.appointment = None;
    let closed_without = matches!(to.outcome, Some(Outcome::Cancelled | Outcome::Rejected));
    let status = if closed_without { BookingStatus::Cancelled } else { BookingStatus::Attended };
    let booking = Box::new(Booking { status, ..booking });
    Some(if closed_without || booking.start > now { Write::FreeSlot(booking) } else { Write::PutBooking(booking) })
}

/// The refusal of a step that confirms an appointment the case does not hold.
pub(super) fn required(case: &Case) -> Result<(), AppError> {
    held(case).map(|_| ()).map_err(|_| AppError::Conflict {
        code: "APPOINTMENT_REQUIRED",
        message: "Pilih jadwal janji temu dulu; langkah ini mengonfirmasi jadwal itu".into(),
    })
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DayList {
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    pub label: String,
    pub office: Office,
    pub office_name: String,
    /// One list per desk (kind of visit) of the office, in time order.
    pub desks: Vec<DeskDay>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeskDay {
    pub visit: Visit,
    pub visit_label: &'static str,
    pub place: String,
    pub capacity: u32,
    pub bookings: Vec<Booking>,
}

/// Whether `office` keeps a desk that takes bookings.
pub(crate) fn keeps_desks(app: &App, office: &Office) -> bool {
    Visit::ALL.into_iter().any(|visit| app.catalogue.desk(office, visit).is_some())
}

/// The day's bookings at the officer's own office, per desk (cancelled ones left out).
pub async fn day_list(app: &App, actor: &Actor, date: Option<NaiveDate>) -> Result<DayList, AppError> {
    let (_, office) = actor.require_officer()?;
    let date = date.unwrap_or_else(|| app.today());
    let bookings = app.store.bookings(date, Some(&office)).await?;
    let desks = Visit::ALL
        .into_iter()
        .filter_map(|visit| {
            let desk = app.catalogue.desk(&office, visit)?;
            let bookings: Vec<Booking> =
                bookings.iter().filter(|b| b.visit == visit && b.status != BookingStatus::Cancelled).cloned().collect();
            Some(DeskDay {
                visit,
                visit_label: visit.label(),
                place: desk.place.clone(),
                capacity: desk.capacity,
                bookings,
            })
        })
        .collect();
    Ok(DayList { date, label: indonesian_date(date), office, office_name: app.catalogue.office(&office).name, desks })
}

/// On the working day before, from opening time, each person booked for the next working day is
/// reminded once (the message ids are the booking's, so a repeated sweep queues nothing new).
/// Returns how many reminders were queued.
#[tracing::instrument(name = "appointment_reminders", skip_all)]
pub async fn remind(app: &App) -> Result<usize, AppError> {
    let now = app.clock.now().with_timezone(&app.calendar.offset());
    let today = now.date_naive();
    let Ok(Some((open, _))) = app.calendar.office_hours(today) else { return Ok(0) };
    if now.time() < open {
        return Ok(0);
    }
    let Some(next) = (1..=DAYS_SEARCHED)
        .filter_map(|n| today.checked_add_days(Days::new(n)))
        .find(|d| app.calendar.is_working_day(*d).unwrap_or(false))
    else {
        return Ok(0);
    };
    let mut writes = Vec::new();
    for booking in app.store.bookings(next, None).await?.into_iter().filter(|b| b.status == BookingStatus::Booked) {
        let Some(case) = app.store.case(&booking.case_id).await? else { continue };
        // Only the booking the case still holds (a moved one left a cancelled line).
        if case.appointment.as_ref().is_none_or(|b| b.start != booking.start) {
            continue;
        }
        for mut write in notify::messages(app, &case, "janji_temu_pengingat", &ActionInputs::default(), None).await? {
            if let Write::Enqueue(message) = &mut write {
                message.id = format!("janji-temu:{}:{}:{:?}", case.id, booking.start.timestamp(), message.channel);
            }
            writes.push(write);
        }
    }
    let queued = writes.len();
    if queued > 0 {
        app.store.commit(writes).await?;
    }
    Ok(queued)
}
