//! Appointments for the steps that need the person at a desk (issue 15): the applicant books a
//! KTP-el recording slot at their kecamatan from the slots the desk offers on working days, moves
//! it, is reminded once the working day before, and the step taken at the desk marks it attended;
//! the last place of a slot goes to one of two officers booking at once; a no-show frees the slot.

use adminduk_domain::workflow::Role;
use adminduk_tests::reqwest::StatusCode;
use adminduk_tests::{TestApp, family, pdf};
use chrono::TimeDelta;
use serde_json::{Value, json};

const HEAD_PHONE: &str = "081234567890";

/// A KTP-el case filed at the Somba Opu counter for `nik`, waiting for biometric recording.
async fn filed_ktp_el(t: &TestApp, counter: &str, nik: &str) -> String {
    let case = t.post_as(counter, "/api/v1/cases", json!({ "service": "KTP_EL_BARU", "applicant_nik": nik })).await;
    assert_eq!(case.status, StatusCode::CREATED, "{case:?}");
    let id = case.body["id"].as_str().unwrap().to_string();
    assert_eq!(t.upload(counter, &id, "kk", "application/pdf", pdf(1)).await.status, StatusCode::OK);
    let filed = t.submit(counter, &id).await;
    assert_eq!(filed.body["state"], "menunggu_perekaman", "{filed:?}");
    id
}

async fn book(t: &TestApp, token: &str, id: &str, start: &str) -> adminduk_tests::Reply {
    let version = t.app.store.case(id).await.unwrap().unwrap().version;
    t.post_as(token, &format!("/api/v1/cases/{id}/appointment"), json!({ "start": start, "version": version })).await
}

/// Cancels the case's booking or records a no-show (`what`), at the case's current version.
async fn change(t: &TestApp, token: &str, id: &str, what: &str) -> adminduk_tests::Reply {
    let version = t.app.store.case(id).await.unwrap().unwrap().version;
    t.post_as(token, &format!("/api/v1/cases/{id}/appointment/{what}"), json!({ "version": version })).await
}

/// Places left in the slot starting at `start` (RFC 3339 with the office's offset).
fn free(offer: &Value, start: &str) -> u64 {
    let slots = offer["days"].as_array().unwrap().iter().flat_map(|d| d["slots"].as_array().unwrap().iter());
    let slot = slots.clone().find(|s| s["start"] == start).unwrap_or_else(|| panic!("no slot {start} in {offer}"));
    slot["free"].as_u64().unwrap()
}

#[tokio::test]
async fn a_ktp_el_recording_slot_is_booked_moved_reminded_once_and_attended() {
    let t = TestApp::spawn().await; // Monday 23 November 2026, 10:00 WITA
    let counter = t.officer("kec.sombaopu@gowakab.go.id", "73.06.08", &[Role::OperatorKecamatan]).await;
    let resident = t.resident_session(family::HEAD, HEAD_PHONE, "andi@contoh.id").await;
    let id = filed_ktp_el(&t, &counter, family::HEAD).await;

    // The applicant sees the case waits for a visit they may book.
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&resident)).await;
    assert_eq!(view.body["appointment_visit"], "perekaman_ktp_el", "{view:?}");
    // What to do, where and with what, from the workflow's data.
    let next = view.body["next_step"].as_str().unwrap();
    assert!(next.starts_with("Datang ke kantor kecamatan untuk perekaman sidik jari"), "{next}");
    assert!(next.contains("bawa KK asli") && next.contains("Senin–Kamis 08.00–16.00"), "{next}");
    let offer = t.get(&format!("/api/v1/cases/{id}/slots"), Some(&resident)).await;
    assert_eq!(offer.status, StatusCode::OK, "{offer:?}");
    assert_eq!(
        offer.body["office_name"],
        "Kantor Kecamatan Somba Opu, Jl. Sultan Hasanuddin, Sungguminasa, Kabupaten Gowa"
    );
    // Ten working days from tomorrow: the weekend is skipped; 20-minute slots in office hours,
    // two places each (two operators at the desk).
    let days: Vec<&str> = offer.body["days"].as_array().unwrap().iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(
        days,
        [
            "2026-11-24",
            "2026-11-25",
            "2026-11-26",
            "2026-11-27",
            "2026-11-30",
            "2026-12-01",
            "2026-12-02",
            "2026-12-03",
            "2026-12-04",
            "2026-12-07"
        ]
    );
    let slots_of = |n: usize| offer.body["days"][n]["slots"].as_array().unwrap().clone();
    assert_eq!(slots_of(0).len(), 24, "Tuesday 08.00–16.00");
    assert_eq!(slots_of(3).len(), 25, "Friday closes at 16.30");
    assert_eq!(slots_of(0)[0]["start"], "2026-11-24T08:00:00+08:00");
    assert!(slots_of(0).iter().all(|s| s["free"] == 2));

    // Not a slot the desk offers, and not today.
    assert_eq!(book(&t, &resident, &id, "2026-11-25T09:10:00+08:00").await.code(), "SLOT_UNKNOWN");
    assert_eq!(book(&t, &resident, &id, "2026-11-23T14:00:00+08:00").await.code(), "SLOT_TOO_SOON");
    let booked = book(&t, &resident, &id, "2026-11-25T09:00:00+08:00").await;
    assert_eq!(booked.status, StatusCode::OK, "{booked:?}");
    assert_eq!(booked.body["appointment"]["status"], "booked");
    // A stale version is refused with the case as it is now.
    let stale = t
        .post_as(
            &resident,
            &format!("/api/v1/cases/{id}/appointment"),
            json!({ "start": "2026-11-25T10:00:00+08:00", "version": 1 }),
        )
        .await;
    assert_eq!(stale.code(), "CASE_CHANGED", "{stale:?}");
    // Moved: the first slot's place is given back.
    let moved = book(&t, &resident, &id, "2026-11-25T10:00:00+08:00").await;
    assert_eq!(moved.status, StatusCode::OK, "{moved:?}");
    let offer = t.get(&format!("/api/v1/cases/{id}/slots"), Some(&resident)).await.body;
    assert_eq!(free(&offer, "2026-11-25T09:00:00+08:00"), 2);
    assert_eq!(free(&offer, "2026-11-25T10:00:00+08:00"), 1);
    assert_eq!(offer["booked"]["start"], "2026-11-25T02:00:00Z");
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&resident)).await;
    assert_eq!(
        view.body["appointment_label"],
        "Rabu, 25 November 2026 pukul 10.00–10.20 WITA, Meja perekaman KTP-el (Kantor Kecamatan Somba Opu, Jl. Sultan Hasanuddin, Sungguminasa, Kabupaten Gowa)"
    );
    let sms = t.messages_to("+6281234567890").await;
    let told = sms.iter().filter(|m| m.starts_with("Janji temu")).collect::<Vec<_>>();
    assert_eq!(told.len(), 2, "{sms:?}");
    assert!(told[1].contains("Rabu, 25 November 2026 pukul 10.00–10.20 WITA"), "{told:?}");
    assert!(told[1].contains("Kecamatan Somba Opu"), "{told:?}");

    // The working day before, from opening time, one reminder however often the sweep runs.
    let reminders = |sms: Vec<String>| sms.into_iter().filter(|m| m.starts_with("Pengingat")).count();
    t.advance(TimeDelta::hours(21) + TimeDelta::minutes(30)); // Tuesday 07:30
    assert_eq!(adminduk_app::cases::appointments::remind(&t.app).await.unwrap(), 0);
    t.advance(TimeDelta::hours(1)); // 08:30
    assert!(adminduk_app::cases::appointments::remind(&t.app).await.unwrap() > 0);
    adminduk_app::cases::appointments::remind(&t.app).await.unwrap();
    assert_eq!(reminders(t.messages_to("+6281234567890").await), 1);

    // The desk's day, for its officers only.
    let counter = t.officer_session("kec.sombaopu@gowakab.go.id").await;
    let resident = t.resident_session_again(family::HEAD).await;
    let day = t.get("/api/v1/appointments?date=2026-11-25", Some(&counter)).await;
    assert_eq!(day.status, StatusCode::OK, "{day:?}");
    let recording = day.body["desks"].as_array().unwrap().iter().find(|d| d["visit"] == "perekaman_ktp_el").unwrap();
    assert_eq!(recording["bookings"].as_array().unwrap().len(), 1, "the moved slot is not listed: {day:?}");
    assert_eq!(recording["bookings"][0]["name"], "Andi Baso Mappatunru");
    assert_eq!(t.get("/api/v1/appointments", Some(&resident)).await.code(), "OFFICERS_ONLY");

    // At the desk the step is taken: the booking is attended and the case holds none.
    t.advance(TimeDelta::days(1) + TimeDelta::minutes(100)); // Wednesday 10:10
    let counter = t.officer_session("kec.sombaopu@gowakab.go.id").await;
    let recorded = t.act(&counter, &id, "rekam_biometrik", json!({})).await;
    assert_eq!(recorded.status, StatusCode::OK, "{recorded:?}");
    assert!(recorded.body.get("appointment").is_none(), "{recorded:?}");
    let day = t.get("/api/v1/appointments?date=2026-11-25", Some(&counter)).await;
    assert_eq!(day.body["desks"][0]["bookings"][0]["status"], "attended", "{day:?}");
    let resident = t.resident_session_again(family::HEAD).await;
    assert_eq!(t.get(&format!("/api/v1/cases/{id}/slots"), Some(&resident)).await.code(), "NO_APPOINTMENT_HERE");
}

#[tokio::test]
async fn the_last_place_goes_to_one_booking_and_a_no_show_frees_it() {
    let t = TestApp::spawn().await;
    let counter = t.officer("kec.sombaopu@gowakab.go.id", "73.06.08", &[Role::OperatorKecamatan]).await;
    let other_counter = t.officer("kec.pallangga@gowakab.go.id", "73.06.09", &[Role::OperatorKecamatan]).await;
    let resident = t.resident_session(family::HEAD, HEAD_PHONE, "andi@contoh.id").await;
    let mut cases = Vec::new();
    for nik in [family::HEAD, family::WIFE] {
        let id = filed_ktp_el(&t, &counter, nik).await;
        for (action, inputs) in [
            ("rekam_biometrik", json!({})),
            ("penunggalan_selesai", json!({})),
            ("cetak", json!({ "document_numbers": [{ "document": "KTP-el", "number": nik }] })),
        ] {
            assert_eq!(t.act(&counter, &id, action, inputs).await.status, StatusCode::OK, "{action}");
        }
        cases.push(id);
    }
    // Collecting the card: one place per slot at a kecamatan. Two bookings at once, one wins.
    let slot = "2026-11-24T13:00:00+08:00";
    let (a, b) = tokio::join!(book(&t, &counter, &cases[0], slot), book(&t, &counter, &cases[1], slot));
    let mut outcomes = [(a.status, a.code().to_string()), (b.status, b.code().to_string())];
    outcomes.sort();
    assert_eq!(outcomes, [(StatusCode::OK, String::new()), (StatusCode::CONFLICT, "SLOT_FULL".into())]);
    let winner = if a.status == StatusCode::OK { &cases[0] } else { &cases[1] };
    let offer = t.get(&format!("/api/v1/cases/{winner}/slots"), Some(&counter)).await.body;
    assert_eq!(offer["visit"], "pengambilan_dokumen");
    assert_eq!(free(&offer, slot), 0);
    // Another kecamatan's counter does not see the case; nor may the applicant record a no-show.
    assert_eq!(book(&t, &other_counter, winner, slot).await.status, StatusCode::NOT_FOUND);
    if winner == &cases[0] {
        assert_eq!(change(&t, &resident, winner, "no-show").await.code(), "OFFICERS_ONLY");
    }
    // Not before the hour; after it, the slot is free again and the applicant asked to book anew.
    assert_eq!(change(&t, &counter, winner, "no-show").await.code(), "APPOINTMENT_NOT_YET");
    t.advance(TimeDelta::hours(27) + TimeDelta::minutes(30)); // Tuesday 13:30
    let counter = t.officer_session("kec.sombaopu@gowakab.go.id").await;
    let missed = change(&t, &counter, winner, "no-show").await;
    assert_eq!(missed.status, StatusCode::OK, "{missed:?}");
    assert!(missed.body.get("appointment").is_none());
    let offer = t.get(&format!("/api/v1/cases/{winner}/slots"), Some(&counter)).await.body;
    assert!(offer["booked"].is_null());
    let day = t.get("/api/v1/appointments?date=2026-11-24", Some(&counter)).await.body;
    let pickup = day["desks"].as_array().unwrap().iter().find(|d| d["visit"] == "pengambilan_dokumen").unwrap().clone();
    assert_eq!(pickup["bookings"][0]["status"], "no_show", "{day}");
    // The place is free again for the other case (on a later day: today's slots are closed).
    let loser = if winner == &cases[0] { &cases[1] } else { &cases[0] };
    assert_eq!(book(&t, &counter, loser, "2026-11-25T13:00:00+08:00").await.status, StatusCode::OK);
    // Cancelling gives the place back too.
    let v = t.app.store.case(loser).await.unwrap().unwrap().version;
    let cancelled =
        t.post_as(&counter, &format!("/api/v1/cases/{loser}/appointment/cancel"), json!({ "version": v })).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{cancelled:?}");
    let offer = t.get(&format!("/api/v1/cases/{loser}/slots"), Some(&counter)).await.body;
    assert_eq!(free(&offer, "2026-11-25T13:00:00+08:00"), 1);
}

#[tokio::test]
async fn slots_skip_holidays() {
    let t = TestApp::spawn().await;
    let counter = t.officer("kec.sombaopu@gowakab.go.id", "73.06.08", &[Role::OperatorKecamatan]).await;
    let id = filed_ktp_el(&t, &counter, family::HEAD).await;
    t.advance(TimeDelta::days(28)); // Monday 21 December 2026
    let counter = t.officer_session("kec.sombaopu@gowakab.go.id").await;
    let offer = t.get(&format!("/api/v1/cases/{id}/slots"), Some(&counter)).await.body;
    let days: Vec<&str> = offer["days"].as_array().unwrap().iter().map(|d| d["date"].as_str().unwrap()).collect();
    // 24 December is cuti bersama (the office stays open); Christmas is a national holiday.
    assert_eq!(&days[..4], ["2026-12-22", "2026-12-23", "2026-12-24", "2026-12-28"]);
}

#[tokio::test]
async fn a_kecamatan_keeping_its_own_hours_offers_slots_and_says_its_hours_by_them() {
    // offices.toml gives Pallangga Monday–Thursday 08.00–15.00 and Friday 08.00–11.30, where the
    // calendar's (the Dinas's) close at 16.00 and 16.30.
    let t = TestApp::spawn().await; // Monday 23 November 2026, 10:00 WITA
    let counter = t.officer("kec.pallangga@gowakab.go.id", "73.06.07", &[Role::OperatorKecamatan]).await;
    let id = filed_ktp_el(&t, &counter, family::HEAD).await;
    let view = t.get(&format!("/api/v1/cases/{id}"), Some(&counter)).await;
    assert_eq!(view.body["office_hours"], "Senin–Kamis 08.00–15.00, Jumat 08.00–11.30 WITA", "{view:?}");
    // One working day, counted in the kecamatan's hours: Tuesday at its 15.00 closing, not 16.00.
    assert_eq!(view.body["service_due"], "2026-11-24T07:00:00Z", "{view:?}");
    let next = view.body["next_step"].as_str().unwrap();
    assert!(next.contains("Jam layanan: Senin–Kamis 08.00–15.00, Jumat 08.00–11.30 WITA"), "{next}");
    let offer = t.get(&format!("/api/v1/cases/{id}/slots"), Some(&counter)).await;
    assert_eq!(offer.status, StatusCode::OK, "{offer:?}");
    let slots_of = |n: usize| offer.body["days"][n]["slots"].as_array().unwrap().clone();
    assert_eq!(slots_of(0).len(), 21, "Tuesday 08.00–15.00 in 20-minute slots");
    assert_eq!(slots_of(3).len(), 10, "Friday closes at 11.30");
    assert_eq!(slots_of(3).last().unwrap()["start"], "2026-11-27T11:00:00+08:00");
    // A slot past the kecamatan's closing time is none of its slots, though the Dinas is open then.
    assert_eq!(book(&t, &counter, &id, "2026-11-24T15:00:00+08:00").await.code(), "SLOT_UNKNOWN");
    assert_eq!(book(&t, &counter, &id, "2026-11-24T14:40:00+08:00").await.status, StatusCode::OK);
}
