//! The store contract: test bodies written once and run against every adapter, so the embedded
//! and AWS backends cannot drift apart. An adapter crate runs them all with
//! `adminduk_ports::store_contract!(|| async { make_store() });` in a test module.

use std::sync::Arc;

use adminduk_domain::codes::{BloodType, Citizenship, MaritalStatus, Religion, Sex, Shdk};
use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use adminduk_domain::workflow::Role;
use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};

use crate::*;

/// Instantiates every contract test for a store built by `$make` (an async closure).
#[macro_export]
macro_rules! store_contract {
    ($make:expr) => {
        $crate::store_contract!(@each $make;
            register_round_trip, family_is_listed_as_its_kk, re_upsert_changes_nothing,
            resident_moves_to_another_family, a_load_takes_chunks_as_they_come,
            account_with_aliases_outbox_and_audit, taken_alias_rolls_back_the_whole_set,
            account_ids_are_unique, stale_version_is_a_conflict, concurrent_updates_one_wins,
            codes_replace_and_delete, refresh_tokens_revoke_once, institutions_and_clients,
            rate_limits_count_per_window, outbox_ids_deduplicate, feeds_hold_each_clients_events_in_order,
            webhook_attempts_are_logged_per_client, verification_jobs_are_taken_once,
            audit_is_read_newest_first_across_months,
            processing_records_are_kept_per_person,
            accounts_are_listed_by_kind, an_account_comes_with_its_residents_record,
            cases_round_trip_with_versions, queues_follow_office_state_and_due_date, idempotency_keys_bind_once,
            numbers_are_given_once_each, case_numbers_are_unique, outbox_delivery_is_recorded, tallies_add_up_per_scope,
            report_versions_are_kept_and_never_overwritten, slots_never_take_more_than_their_capacity,
            abandoned_drafts_are_found_by_their_last_change, messages_given_up_on_wait_to_be_sent_again
        );
    };
    (@each $make:expr; $($name:ident),+) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let store: ::std::sync::Arc<dyn $crate::Store> = ::std::sync::Arc::new(($make)().await);
                $crate::contract::$name(store).await;
            }
        )+
    };
}

fn at(h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0).unwrap()
}

fn nik(text: &str) -> Nik {
    text.parse().unwrap()
}

fn kk(text: &str) -> NoKk {
    text.parse().unwrap()
}

fn family(no_kk: &str) -> Family {
    Family {
        no_kk: kk(no_kk),
        address: "Jl. Masjid Raya No. 5".into(),
        rt: "001".into(),
        rw: "002".into(),
        desa: Office::parse("73.06.08.1001").unwrap(),
    }
}

fn resident(nik: &str, no_kk: &str, shdk: Shdk) -> Resident {
    Resident {
        nik: self::nik(nik),
        no_kk: kk(no_kk),
        name: format!("Warga {nik}"),
        birth_place: "Sungguminasa".into(),
        birth_date: NaiveDate::from_ymd_opt(1985, 3, 12).unwrap(),
        sex: Sex::LakiLaki,
        religion: Religion::Islam,
        marital_status: MaritalStatus::KawinTercatat,
        blood_type: BloodType::O,
        citizenship: Citizenship::Wni,
        shdk,
        alive: true,
        active: true,
    }
}

fn account(id: &str, kind: AccountKind) -> Account {
    Account {
        id: id.into(),
        kind,
        name: format!("Akun {id}"),
        nik: None,
        email: Some(format!("{}@contoh.id", id.to_lowercase())),
        phone: None,
        password_hash: "$argon2id$x".into(),
        status: AccountStatus::Active,
        totp_secret: None,
        office: (kind == AccountKind::Officer).then_some(Office::GOWA),
        roles: if kind == AccountKind::Officer { vec![Role::FrontOffice] } else { vec![] },
        unit_id: None,
        staff: None,
        version: 1,
        created_at: at(8),
        updated_at: at(8),
        sessions_valid_after: None,
        declared: None,
    }
}

fn message(id: &str) -> OutboxMessage {
    OutboxMessage {
        id: id.into(),
        channel: Channel::Sms,
        recipient: "+6281234567890".into(),
        template: "kode_aktivasi".into(),
        subject: None,
        body: "Kode 123456".into(),
        created_at: at(8),
        // Read back whole: the office a message speaks for travels with it.
        office: Some(Office::GOWA),
    }
}

fn audit(action: &str) -> AuditEntry {
    AuditEntry {
        at: at(8),
        actor: "anonim".into(),
        action: action.into(),
        subject: "730608******0001".into(),
        detail: serde_json::json!({}),
        client_address: Some("127.0.0.1".into()),
    }
}

const KK: &str = "7306081203150001";
const KK2: &str = "7306082001150009";
const HEAD: &str = "7306081203850001";
const WIFE: &str = "7306084512870002";
const CHILD: &str = "7306081506100003";

pub async fn register_round_trip(s: Arc<dyn Store>) {
    let counts = s
        .upsert_register(
            vec![family(KK)],
            vec![
                resident(CHILD, KK, Shdk::Anak),
                resident(HEAD, KK, Shdk::KepalaKeluarga),
                resident(WIFE, KK, Shdk::Istri),
            ],
        )
        .await
        .unwrap();
    assert_eq!(counts, UpsertCounts { inserted: 3, updated: 0, unchanged: 0 });
    assert_eq!(s.resident(&nik(WIFE)).await.unwrap(), Some(resident(WIFE, KK, Shdk::Istri)));
    assert_eq!(s.resident(&nik("7306081203859999")).await.unwrap(), None);
    let (f, members) = s.family(&kk(KK)).await.unwrap().unwrap();
    assert_eq!(f, family(KK));
    let order: Vec<_> = members.iter().map(|m| m.shdk).collect();
    assert_eq!(order, [Shdk::KepalaKeluarga, Shdk::Istri, Shdk::Anak], "head first");
    assert_eq!(s.family(&kk(KK2)).await.unwrap(), None);
    let mut many: Vec<_> = s.residents(&[nik(WIFE), nik("7306081203859999"), nik(CHILD), nik(WIFE)]).await.unwrap();
    many.sort_by(|a, b| a.nik.cmp(&b.nik));
    let mut expected = vec![resident(WIFE, KK, Shdk::Istri), resident(CHILD, KK, Shdk::Anak)];
    expected.sort_by(|a, b| a.nik.cmp(&b.nik));
    assert_eq!(many, expected, "the known ones once each, whatever the order");
}

pub async fn family_is_listed_as_its_kk(s: Arc<dyn Store>) {
    let child = |nik: &str, born: (i32, u32, u32)| Resident {
        birth_date: NaiveDate::from_ymd_opt(born.0, born.1, born.2).unwrap(),
        ..resident(nik, KK, Shdk::Anak)
    };
    // Written youngest first, the twins in reverse NIK order (in two loads: one load is written
    // in NIK order), the head last.
    s.upsert_register(vec![family(KK)], vec![child("7306082001180006", (2018, 1, 20))]).await.unwrap();
    let members = vec![
        child("7306082001180005", (2018, 1, 20)),
        child(CHILD, (2010, 6, 15)),
        child("7306080203080004", (2008, 3, 2)),
        resident(WIFE, KK, Shdk::Istri),
        resident(HEAD, KK, Shdk::KepalaKeluarga),
    ];
    s.upsert_register(vec![], members).await.unwrap();
    let (_, listed) = s.family(&kk(KK)).await.unwrap().unwrap();
    let order: Vec<_> = listed.iter().map(|r| r.nik.as_str()).collect();
    assert_eq!(
        order,
        [HEAD, WIFE, "7306080203080004", CHILD, "7306082001180005", "7306082001180006"],
        "head, spouse, children eldest first, twins by NIK"
    );
}

pub async fn re_upsert_changes_nothing(s: Arc<dyn Store>) {
    let people = vec![resident(HEAD, KK, Shdk::KepalaKeluarga), resident(WIFE, KK, Shdk::Istri)];
    s.upsert_register(vec![family(KK)], people.clone()).await.unwrap();
    let again = s.upsert_register(vec![family(KK)], people.clone()).await.unwrap();
    assert_eq!(again, UpsertCounts { inserted: 0, updated: 0, unchanged: 2 });
    let mut dead = people[0].clone();
    dead.alive = false;
    let changed = s.upsert_register(vec![], vec![dead, people[1].clone()]).await.unwrap();
    assert_eq!(changed, UpsertCounts { inserted: 0, updated: 1, unchanged: 1 });
    assert!(!s.resident(&nik(HEAD)).await.unwrap().unwrap().alive);
}

pub async fn resident_moves_to_another_family(s: Arc<dyn Store>) {
    s.upsert_register(
        vec![family(KK), family(KK2)],
        vec![resident(HEAD, KK, Shdk::KepalaKeluarga), resident(CHILD, KK, Shdk::Anak)],
    )
    .await
    .unwrap();
    s.upsert_register(vec![], vec![resident(CHILD, KK2, Shdk::KepalaKeluarga)]).await.unwrap();
    let (_, old) = s.family(&kk(KK)).await.unwrap().unwrap();
    let (_, new) = s.family(&kk(KK2)).await.unwrap().unwrap();
    assert_eq!(old.iter().map(|r| r.nik.as_str()).collect::<Vec<_>>(), [HEAD]);
    assert_eq!(new.iter().map(|r| r.nik.as_str()).collect::<Vec<_>>(), [CHILD]);
}

pub async fn a_load_takes_chunks_as_they_come(s: Arc<dyn Store>) {
    let (chunks, taken) = tokio::sync::mpsc::channel(1);
    let load = tokio::spawn({
        let s = s.clone();
        async move { s.load_register(taken).await }
    });
    let first = vec![resident(HEAD, KK, Shdk::KepalaKeluarga), resident(WIFE, KK, Shdk::Istri)];
    chunks.send(RegisterChunk { families: vec![family(KK)], residents: first.clone() }).await.unwrap();
    let mut dead = first[0].clone();
    dead.alive = false;
    let second = vec![resident(CHILD, KK, Shdk::Anak), dead, first[1].clone()];
    chunks.send(RegisterChunk { families: vec![], residents: second }).await.unwrap();
    // Written while the sender has nothing more to give; meanwhile the store takes other writes.
    let written = async {
        while s.resident(&nik(CHILD)).await.unwrap().is_none() {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), written).await.expect("the chunks are written");
    let other = s.upsert_register(vec![family(KK2)], vec![resident("7306081203850009", KK2, Shdk::KepalaKeluarga)]);
    let other = tokio::time::timeout(std::time::Duration::from_secs(10), other).await;
    assert!(matches!(other, Ok(Ok(_))), "a load waiting for its next chunk holds no lock: {other:?}");
    drop(chunks);
    let counts = load.await.unwrap().unwrap();
    assert_eq!(counts, UpsertCounts { inserted: 3, updated: 1, unchanged: 1 });
    assert!(!s.resident(&nik(HEAD)).await.unwrap().unwrap().alive, "a later chunk's row wins");
    assert_eq!(s.family(&kk(KK)).await.unwrap().unwrap().1.len(), 3);
}

pub async fn account_with_aliases_outbox_and_audit(s: Arc<dyn Store>) {
    let a = account("P-AAAA", AccountKind::Pribadi);
    s.commit(vec![
        Write::CreateAccount(a.clone()),
        Write::ClaimAlias { alias: "id:P-AAAA".into(), account_id: a.id.clone() },
        Write::ClaimAlias { alias: format!("nik:{HEAD}"), account_id: a.id.clone() },
        Write::Enqueue(message("m1")),
        Write::Audit(audit("account_created")),
    ])
    .await
    .unwrap();
    assert_eq!(s.account("P-AAAA").await.unwrap(), Some(a.clone()));
    assert_eq!(s.account_by_alias(&format!("nik:{HEAD}")).await.unwrap(), Some(a.clone()));
    assert_eq!(s.account_by_alias("nik:7306080000000000").await.unwrap(), None);
    assert_eq!(s.pending_messages(10).await.unwrap(), [message("m1")]);
    assert_eq!(s.audit(at(9), 10).await.unwrap(), [audit("account_created")]);
    // Claiming an alias one already holds is a no-op; releasing frees it.
    s.commit(vec![Write::ClaimAlias { alias: "id:P-AAAA".into(), account_id: a.id.clone() }]).await.unwrap();
    s.commit(vec![Write::ReleaseAlias { alias: format!("nik:{HEAD}") }]).await.unwrap();
    assert_eq!(s.account_by_alias(&format!("nik:{HEAD}")).await.unwrap(), None);
}

pub async fn taken_alias_rolls_back_the_whole_set(s: Arc<dyn Store>) {
    let a = account("P-AAAA", AccountKind::Pribadi);
    s.commit(vec![
        Write::CreateAccount(a.clone()),
        Write::ClaimAlias { alias: "email:a@contoh.id".into(), account_id: a.id },
    ])
    .await
    .unwrap();
    let b = account("P-BBBB", AccountKind::Pribadi);
    let err = s
        .commit(vec![
            Write::CreateAccount(b.clone()),
            Write::ClaimAlias { alias: "id:P-BBBB".into(), account_id: b.id.clone() },
            Write::ClaimAlias { alias: "email:a@contoh.id".into(), account_id: b.id.clone() },
            Write::Enqueue(message("m-b")),
            Write::Audit(audit("account_created")),
        ])
        .await
        .unwrap_err();
    assert_eq!(err, CommitError::Exists(Guard::Alias("email:a@contoh.id".into())));
    assert_eq!(s.account("P-BBBB").await.unwrap(), None, "nothing of the failed set remains");
    assert_eq!(s.account_by_alias("id:P-BBBB").await.unwrap(), None);
    assert!(s.pending_messages(10).await.unwrap().is_empty());
    assert!(s.audit(at(9), 10).await.unwrap().is_empty());
}

pub async fn account_ids_are_unique(s: Arc<dyn Store>) {
    let a = account("P-AAAA", AccountKind::Pribadi);
    s.commit(vec![Write::CreateAccount(a.clone())]).await.unwrap();
    let err = s.commit(vec![Write::CreateAccount(a)]).await.unwrap_err();
    assert_eq!(err, CommitError::Exists(Guard::Account("P-AAAA".into())));
}

pub async fn stale_version_is_a_conflict(s: Arc<dyn Store>) {
    let a = account("O-AAAA", AccountKind::Officer);
    s.commit(vec![Write::CreateAccount(a.clone())]).await.unwrap();
    let mut changed = a.clone();
    changed.roles = vec![Role::Validator];
    s.commit(vec![Write::UpdateAccount { account: changed.clone(), expected_version: 1 }]).await.unwrap();
    let stored = s.account("O-AAAA").await.unwrap().unwrap();
    assert_eq!((stored.version, stored.roles.clone()), (2, vec![Role::Validator]));
    let err = s.commit(vec![Write::UpdateAccount { account: a, expected_version: 1 }]).await.unwrap_err();
    assert_eq!(err, CommitError::Changed(Guard::Account("O-AAAA".into())));
    assert_eq!(s.account("O-AAAA").await.unwrap().unwrap().roles, [Role::Validator], "no lost update");
}

pub async fn concurrent_updates_one_wins(s: Arc<dyn Store>) {
    let a = account("O-AAAA", AccountKind::Officer);
    s.commit(vec![Write::CreateAccount(a.clone())]).await.unwrap();
    let tasks: Vec<_> = [Role::Validator, Role::Kabid, Role::Kadis, Role::Produksi]
        .into_iter()
        .map(|role| {
            let (s, mut account) = (s.clone(), a.clone());
            account.roles = vec![role];
            tokio::spawn(async move { s.commit(vec![Write::UpdateAccount { account, expected_version: 1 }]).await })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => wins += 1,
            Err(e) => assert_eq!(e, CommitError::Changed(Guard::Account("O-AAAA".into()))),
        }
    }
    assert_eq!(wins, 1);
    assert_eq!(s.account("O-AAAA").await.unwrap().unwrap().version, 2);
}

pub async fn codes_replace_and_delete(s: Arc<dyn Store>) {
    let code = OneTimeCode {
        account_id: "P-AAAA".into(),
        purpose: CodePurpose::Activation,
        code_hash: "h1".into(),
        expires_at: at(9),
        attempts: 0,
        sent_at: at(8),
    };
    s.commit(vec![Write::PutCode(code.clone())]).await.unwrap();
    let newer = OneTimeCode { code_hash: "h2".into(), attempts: 1, ..code.clone() };
    s.commit(vec![Write::PutCode(newer.clone())]).await.unwrap();
    assert_eq!(s.code("P-AAAA", CodePurpose::Activation).await.unwrap(), Some(newer));
    assert_eq!(s.code("P-AAAA", CodePurpose::PasswordReset).await.unwrap(), None);
    s.commit(vec![Write::DeleteCode { account_id: "P-AAAA".into(), purpose: CodePurpose::Activation }]).await.unwrap();
    assert_eq!(s.code("P-AAAA", CodePurpose::Activation).await.unwrap(), None);
}

pub async fn refresh_tokens_revoke_once(s: Arc<dyn Store>) {
    let token = |hash: &str| RefreshToken {
        hash: hash.into(),
        account_id: "P-AAAA".into(),
        expires_at: at(20),
        revoked: false,
        spent_at: None,
    };
    s.commit(vec![Write::PutRefreshToken(token("t1")), Write::PutRefreshToken(token("t2"))]).await.unwrap();
    s.commit(vec![Write::RevokeRefreshToken { hash: "t1".into(), spent_at: Some(at(9)) }]).await.unwrap();
    let spent = s.refresh_token("t1").await.unwrap().unwrap();
    assert!(spent.revoked);
    assert_eq!(spent.spent_at, Some(at(9)), "when it was exchanged, for telling a race from a copy");
    let replay = s.commit(vec![Write::RevokeRefreshToken { hash: "t1".into(), spent_at: None }]).await.unwrap_err();
    assert_eq!(replay, CommitError::Changed(Guard::RefreshToken));
    s.commit(vec![Write::RevokeAllRefreshTokens { account_id: "P-AAAA".into() }]).await.unwrap();
    let ended = s.refresh_token("t2").await.unwrap().unwrap();
    assert!(ended.revoked);
    assert_eq!(ended.spent_at, None);
    assert_eq!(s.refresh_token("t3").await.unwrap(), None);
}

pub async fn institutions_and_clients(s: Arc<dyn Store>) {
    let induk = Institution {
        id: "RSUD-SY".into(),
        name: "RSUD Syekh Yusuf".into(),
        kind: InstitutionKind::Induk,
        parent_id: None,
        pks: Some(Pks {
            number: "470/01/PKS/2026".into(),
            valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            valid_until: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            services: vec!["KELAHIRAN".into()],
        }),
        office: Office::GOWA,
    };
    let client = MachineClient {
        id: "prov-sulsel".into(),
        name: "Dinas Dukcapil Provinsi".into(),
        secret_hash: "h".into(),
        previous_secret: Some(crate::PreviousSecret { hash: "g".into(), valid_until: at(9) }),
        scopes: vec!["reports:write".into()],
        office: Office::SULSEL,
        institution_id: Some("RSUD-SY".into()),
        disabled: false,
        created_at: at(8),
        version: 0,
        webhook: Some(crate::Webhook {
            url: "https://sistem.example/peristiwa".into(),
            secret: "whsec_a2V5".into(),
            previous_secret: Some(crate::PreviousWebhookSecret {
                secret: "whsec_bGFtYQ==".into(),
                valid_until: at(10),
            }),
            since: at(8),
        }),
    };
    s.commit(vec![Write::PutInstitution(induk.clone()), Write::CreateClient(client.clone())]).await.unwrap();
    assert_eq!(s.institution("RSUD-SY").await.unwrap(), Some(induk.clone()));
    assert_eq!(s.client("prov-sulsel").await.unwrap(), Some(client.clone()));
    assert_eq!(s.client("lain").await.unwrap(), None);
    let unit = Institution {
        id: "PKM-BJ".into(),
        name: "Puskesmas Bajeng".into(),
        kind: InstitutionKind::Pengguna,
        parent_id: Some("RSUD-SY".into()),
        pks: None,
        office: Office::GOWA,
    };
    s.commit(vec![Write::PutInstitution(unit.clone())]).await.unwrap();
    assert_eq!(s.institutions().await.unwrap(), [unit, induk]);
    assert_eq!(s.clients().await.unwrap(), std::slice::from_ref(&client));

    // A client changes only from the version read: the second of two changes made from the
    // same copy is refused, and a client is created once.
    let again = s.commit(vec![Write::CreateClient(client.clone())]).await;
    assert_eq!(again, Err(CommitError::Exists(Guard::Client("prov-sulsel".into()))));
    let disabled = MachineClient { disabled: true, ..client.clone() };
    s.commit(vec![Write::UpdateClient { client: disabled, expected_version: 0 }]).await.unwrap();
    let rescoped = MachineClient { scopes: vec![], ..client.clone() };
    let stale = s.commit(vec![Write::UpdateClient { client: rescoped.clone(), expected_version: 0 }]).await;
    assert_eq!(stale, Err(CommitError::Changed(Guard::Client("prov-sulsel".into()))));
    let stored = s.client("prov-sulsel").await.unwrap().unwrap();
    assert!(stored.disabled && stored.version == 1 && stored.scopes == client.scopes, "{stored:?}");
    s.commit(vec![Write::UpdateClient { client: rescoped, expected_version: 1 }]).await.unwrap();
    assert_eq!(s.client("prov-sulsel").await.unwrap().unwrap().version, 2);
}

pub async fn rate_limits_count_per_window(s: Arc<dyn Store>) {
    let w = TimeDelta::minutes(15);
    let t = at(10);
    assert_eq!(s.hit("login:a", w, t).await.unwrap(), 1);
    assert_eq!(s.hit("login:a", w, t + TimeDelta::minutes(5)).await.unwrap(), 2);
    assert_eq!(s.hit("login:b", w, t).await.unwrap(), 1, "keys are independent");
    assert_eq!(s.count("login:a", w, t + TimeDelta::minutes(14)).await.unwrap(), 2, "counting adds nothing");
    assert_eq!(s.count("login:c", w, t).await.unwrap(), 0);
    assert_eq!(s.hit("login:a", w, t + TimeDelta::minutes(15)).await.unwrap(), 1, "a new window starts over");
}

pub async fn outbox_ids_deduplicate(s: Arc<dyn Store>) {
    s.commit(vec![Write::Enqueue(message("m2"))]).await.unwrap();
    s.commit(vec![Write::Enqueue(message("m2")), Write::Enqueue(message("m1"))]).await.unwrap();
    let ids: Vec<_> = s.pending_messages(10).await.unwrap().into_iter().map(|m| m.id).collect();
    assert_eq!(ids, ["m2", "m1"], "once each, in the order written (the times are equal)");
}

pub async fn feeds_hold_each_clients_events_in_order(s: Arc<dyn Store>) {
    let event = |id: &str, client: &str| OutboxMessage {
        id: id.into(),
        channel: Channel::Sistem,
        recipient: client.into(),
        body: format!("{{\"id\":\"{id}\"}}"),
        ..message(id)
    };
    s.commit(vec![Write::Enqueue(event("e1", "C-BONE")), Write::Enqueue(message("sms"))]).await.unwrap();
    s.commit(vec![Write::Enqueue(event("e2", "C-BONE")), Write::Enqueue(event("x1", "C-WAJO"))]).await.unwrap();
    s.commit(vec![Write::Enqueue(event("e3", "C-BONE")), Write::Enqueue(event("e1", "C-BONE"))]).await.unwrap();
    let ids = |page: &[(String, OutboxMessage)]| page.iter().map(|(_, m)| m.id.clone()).collect::<Vec<_>>();
    let first = s.feed("C-BONE", None, 2).await.unwrap();
    assert_eq!(ids(&first), ["e1", "e2"], "its own events only, in the order written, once each");
    assert_eq!(first[0].1, event("e1", "C-BONE"), "read back whole");
    let rest = s.feed("C-BONE", Some(&first[1].0), 10).await.unwrap();
    assert_eq!(ids(&rest), ["e3"], "after the cursor");
    assert!(s.feed("C-BONE", Some(&rest[0].0), 10).await.unwrap().is_empty(), "nothing new yet");
    assert_eq!(ids(&s.feed("C-WAJO", None, 10).await.unwrap()), ["x1"]);
    assert!(s.feed("+6281234567890", None, 10).await.unwrap().is_empty(), "messages to people are no feed");
}

pub async fn webhook_attempts_are_logged_per_client(s: Arc<dyn Store>) {
    let attempt = |event: &str, n: u32, hour: u32, delivered: bool| crate::WebhookAttempt {
        webhook_id: event.into(),
        attempt: n,
        at: at(hour),
        url: "https://sistem.example/peristiwa".into(),
        status: Some(if delivered { 204 } else { 503 }),
        error: (!delivered).then(|| "HTTP 503".into()),
        delivered,
        next_attempt_at: (!delivered).then(|| at(hour + 1)),
    };
    let log = |client: &str, a: crate::WebhookAttempt| Write::LogWebhookAttempt { client: client.into(), attempt: a };
    s.commit(vec![log("C-BONE", attempt("e1", 1, 8, false)), log("C-WAJO", attempt("x1", 1, 8, true))]).await.unwrap();
    s.commit(vec![log("C-BONE", attempt("e1", 2, 9, true))]).await.unwrap();
    s.commit(vec![log("C-BONE", attempt("e2", 1, 10, true))]).await.unwrap();
    let bone = s.webhook_attempts("C-BONE", 10).await.unwrap();
    assert_eq!(
        bone,
        [attempt("e2", 1, 10, true), attempt("e1", 2, 9, true), attempt("e1", 1, 8, false)],
        "newest first"
    );
    assert_eq!(s.webhook_attempts("C-BONE", 1).await.unwrap(), [attempt("e2", 1, 10, true)]);
    assert_eq!(s.webhook_attempts("C-WAJO", 10).await.unwrap().len(), 1, "its own only");
    assert!(s.webhook_attempts("C-GOWA", 10).await.unwrap().is_empty());
}

pub async fn verification_jobs_are_taken_once(s: Arc<dyn Store>) {
    let job = crate::VerificationJob {
        id: "B-1".into(),
        client: "C-BPJS".into(),
        purpose: "Verifikasi peserta baru".into(),
        format: adminduk_domain::verification::Format::Csv,
        size: 1200,
        sha256: "ab".repeat(32),
        client_address: Some("10.1.2.3".into()),
        status: crate::JobStatus::AwaitingUpload,
        created_at: at(8),
        upload_until: at(9),
        started_at: None,
        finished_at: None,
        counts: None,
        problem: None,
        version: 0,
    };
    assert_eq!(s.verification_job("B-1").await.unwrap(), None);
    s.commit(vec![Write::CreateJob(Box::new(job.clone()))]).await.unwrap();
    assert_eq!(s.verification_job("B-1").await.unwrap().as_ref(), Some(&job));
    let again = s.commit(vec![Write::CreateJob(Box::new(job.clone()))]).await;
    assert!(matches!(again, Err(CommitError::Exists(Guard::Job(ref id))) if id == "B-1"), "{again:?}");
    // Two runners announced the same file: one takes the job.
    let running = crate::VerificationJob { status: crate::JobStatus::Running, started_at: Some(at(9)), ..job.clone() };
    let take = |j: &crate::VerificationJob| Write::UpdateJob { job: Box::new(j.clone()), expected_version: 0 };
    let (a, b) = tokio::join!(s.commit(vec![take(&running)]), s.commit(vec![take(&running)]));
    assert!(a.is_ok() != b.is_ok(), "exactly one takes it: {a:?} {b:?}");
    let stored = s.verification_job("B-1").await.unwrap().unwrap();
    assert_eq!((stored.status, stored.version), (crate::JobStatus::Running, 1));
    let counts = adminduk_domain::verification::Counts { records: 3, found: 2, not_found: 1, ..Default::default() };
    let done = crate::VerificationJob { status: crate::JobStatus::Done, counts: Some(counts), ..stored };
    s.commit(vec![Write::UpdateJob { job: Box::new(done.clone()), expected_version: 1 }]).await.unwrap();
    assert_eq!(s.verification_job("B-1").await.unwrap(), Some(crate::VerificationJob { version: 2, ..done }));
}

pub async fn audit_is_read_newest_first_across_months(s: Arc<dyn Store>) {
    let on = |month: u32, day: u32, action: &str| AuditEntry {
        at: Utc.with_ymd_and_hms(2026, month, day, 3, 0, 0).unwrap(),
        ..audit(action)
    };
    for entry in [on(9, 30, "september"), on(10, 1, "oktober"), on(11, 2, "november"), on(11, 20, "kemudian")] {
        s.commit(vec![Write::Audit(entry)]).await.unwrap();
    }
    let actions = |entries: Vec<AuditEntry>| entries.into_iter().map(|e| e.action).collect::<Vec<_>>();
    let until = Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).unwrap();
    assert_eq!(actions(s.audit(until, 10).await.unwrap()), ["november", "oktober", "september"]);
    assert_eq!(actions(s.audit(until, 2).await.unwrap()), ["november", "oktober"], "no more than asked");
    let later = Utc.with_ymd_and_hms(2027, 1, 5, 0, 0, 0).unwrap();
    assert_eq!(actions(s.audit(later, 1).await.unwrap()), ["kemudian"], "over empty months");
}

pub async fn processing_records_are_kept_per_person(s: Arc<dyn Store>) {
    let read = |action: &str, hour: u32| AuditEntry { at: at(hour), ..audit(action) };
    let about = |who: &str, entry: AuditEntry| Write::RecordProcessing { about: nik(who), entry };
    s.commit(vec![Write::Audit(read("case_viewed", 8)), about(HEAD, read("case_viewed", 8))]).await.unwrap();
    s.commit(vec![about(WIFE, read("case_search", 9))]).await.unwrap();
    s.commit(vec![about(HEAD, read("document_viewed", 10))]).await.unwrap();
    let actions = |entries: Vec<AuditEntry>| entries.into_iter().map(|e| e.action).collect::<Vec<_>>();
    assert_eq!(actions(s.processing_record(&nik(HEAD), 10).await.unwrap()), ["document_viewed", "case_viewed"]);
    assert_eq!(actions(s.processing_record(&nik(HEAD), 1).await.unwrap()), ["document_viewed"]);
    assert_eq!(actions(s.processing_record(&nik(WIFE), 10).await.unwrap()), ["case_search"]);
    assert!(s.processing_record(&nik(CHILD), 10).await.unwrap().is_empty());
}

pub async fn an_account_comes_with_its_residents_record(s: Arc<dyn Store>) {
    s.upsert_register(vec![family(KK)], vec![resident(HEAD, KK, Shdk::KepalaKeluarga)]).await.unwrap();
    let with_nik = |id: &str, kind| Account { nik: Some(nik(HEAD)), ..account(id, kind) };
    let declared =
        DeclaredIdentity { birth_date: NaiveDate::from_ymd_opt(1985, 3, 12).unwrap(), kabupaten: Office::GOWA };
    s.commit(vec![
        Write::CreateAccount(with_nik("P-AAAA", AccountKind::Pribadi)),
        Write::CreateAccount(Account { declared: Some(declared), ..with_nik("P-BBBB", AccountKind::Pribadi) }),
        Write::CreateAccount(with_nik("O-AAAA", AccountKind::Officer)),
    ])
    .await
    .unwrap();
    let read = |id: &'static str| {
        let s = s.clone();
        async move { s.account_and_resident(id).await.unwrap().map(|(a, r)| (a.id, r.map(|r| r.nik))) }
    };
    assert_eq!(read("P-AAAA").await, Some(("P-AAAA".into(), Some(nik(HEAD)))), "a resident's record");
    assert_eq!(read("P-BBBB").await, Some(("P-BBBB".into(), None)), "none for a NIK declared from outside");
    assert_eq!(read("O-AAAA").await, Some(("O-AAAA".into(), None)), "none for an officer");
    assert_eq!(read("P-NONE").await, None);
}

pub async fn accounts_are_listed_by_kind(s: Arc<dyn Store>) {
    s.commit(vec![
        Write::CreateAccount(account("O-BBBB", AccountKind::Officer)),
        Write::CreateAccount(account("P-AAAA", AccountKind::Pribadi)),
        Write::CreateAccount(account("O-AAAA", AccountKind::Officer)),
        Write::CreateAccount(account("I-AAAA", AccountKind::Instansi)),
    ])
    .await
    .unwrap();
    let store = &s;
    let ids =
        |kind| async move { store.accounts_of_kind(kind).await.unwrap().into_iter().map(|a| a.id).collect::<Vec<_>>() };
    assert_eq!(ids(AccountKind::Officer).await, ["O-AAAA", "O-BBBB"]);
    assert_eq!(ids(AccountKind::Instansi).await, ["I-AAAA"]);
}

/// A case filed into an officer's state.
fn case(id: &str, office: &str, state: &str, due_hour: Option<u32>) -> Case {
    Case {
        id: id.into(),
        number: None,
        service: "KELAHIRAN".into(),
        variant: "umum".into(),
        workflow: "pelaporan_online".into(),
        office: Office::parse(office).unwrap(),
        applicant: Applicant { nik: HEAD.parse().ok(), no_kk: KK.parse().ok(), name: "Andi".into() },
        contact: None,
        reporter: "P-AAAA".into(),
        reporter_kind: ReporterKind::Pribadi,
        state: state.into(),
        answers: Default::default(),
        documents: vec![],
        issued: vec![],
        promised: vec![],
        quantity: None,
        state_due: due_hour.map(at),
        service_due: None,
        service_paused_at: None,
        service_done_at: None,
        possible_duplicate: false,
        survey: None,
        appointment: None,
        statement: None,
        outcome: None,
        version: 1,
        created_at: at(8),
        submitted_at: Some(at(8)),
        updated_at: at(8),
    }
}

/// A reporter's draft, not yet filed: in its workflow's first state, in no queue.
fn draft(id: &str) -> Case {
    Case { submitted_at: None, ..case(id, "73.06", "draf", None) }
}

/// A filed case with every field a list shows set.
fn full_case(id: &str, due_hour: u32) -> Case {
    let mut answers = adminduk_domain::case::Answers::new();
    answers.insert("nama_anak".into(), serde_json::json!("Budi"));
    answers.insert("ayah".into(), serde_json::json!({ "nama": "Andi", "tanggal_lahir": "1990-01-02" }));
    Case {
        number: Some(format!("7306-2026-{id}")),
        answers,
        service_due: Some(at(16)),
        possible_duplicate: true,
        submitted_at: Some(at(8)),
        updated_at: at(9),
        ..case(id, "73.06", "menunggu_verifikasi", Some(due_hour))
    }
}

pub async fn abandoned_drafts_are_found_by_their_last_change(s: Arc<dyn Store>) {
    let changed = |id: &str, hour: u32| Case { updated_at: at(hour), ..draft(id) };
    let filed = Case { submitted_at: Some(at(8)), ..changed("C-FILED", 8) };
    let deleted = Case { outcome: Some(adminduk_domain::workflow::Outcome::Cancelled), ..changed("C-GONE", 8) };
    let writes = [changed("C-LATER", 10), changed("C-OLD", 8), changed("C-OLDER", 7), filed, deleted];
    s.commit(writes.into_iter().map(create).collect()).await.unwrap();
    let ids = |cases: Vec<Case>| cases.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(s.abandoned_drafts(at(9), 10).await.unwrap()), ["C-OLDER", "C-OLD"], "oldest first");
    assert_eq!(ids(s.abandoned_drafts(at(9), 1).await.unwrap()), ["C-OLDER"]);
    // Filed at last: no longer a draft.
    let mut later = s.case("C-OLDER").await.unwrap().unwrap();
    later.submitted_at = Some(at(9));
    s.commit(vec![update(later, 1)]).await.unwrap();
    assert_eq!(ids(s.abandoned_drafts(at(9), 10).await.unwrap()), ["C-OLD"]);
}

pub async fn cases_round_trip_with_versions(s: Arc<dyn Store>) {
    let c = draft("K-1");
    s.commit(vec![create(c.clone()), Write::AppendCaseEvent(event("K-1", CaseEventKind::Created))]).await.unwrap();
    assert_eq!(s.case("K-1").await.unwrap(), Some(c.clone()));
    assert_eq!(s.commit(vec![create(c.clone())]).await.unwrap_err(), CommitError::Exists(Guard::Case("K-1".into())));
    let mut submitted = c.clone();
    submitted.number = Some("7306-2026-000001".into());
    submitted.state = "menunggu_verifikasi".into();
    submitted.submitted_at = Some(at(8));
    s.commit(vec![update(submitted.clone(), 1)]).await.unwrap();
    let stored = s.case_by_number("7306-2026-000001").await.unwrap().unwrap();
    assert_eq!((stored.version, stored.state.as_str()), (2, "menunggu_verifikasi"));
    let stale = s.commit(vec![update(c, 1), Write::AppendCaseEvent(event("K-1", CaseEventKind::AnswersChanged))]).await;
    assert_eq!(stale.unwrap_err(), CommitError::Changed(Guard::Case("K-1".into())));
    assert_eq!(s.history("K-1").await.unwrap().len(), 1, "the failed set appended nothing");
    assert_eq!(s.cases_of_reporter("P-AAAA").await.unwrap().len(), 1);
    assert!(s.cases_of_reporter("P-BBBB").await.unwrap().is_empty());
    let nik = submitted.applicant.nik.clone().expect("the fixture case has an applicant NIK");
    let about: Vec<_> = s.cases_of_applicant(&nik).await.unwrap().into_iter().map(|c| c.id).collect();
    assert_eq!(about, ["K-1"]);
    assert!(s.cases_of_applicant(&self::nik("7306081203859998")).await.unwrap().is_empty());
}

/// The catalogue mark of the listings written here.
const LISTED_WITH: &str = "C1";

/// A case's listing as written here: its id and state.
fn listing(c: &Case) -> Listing {
    Listing { json: format!(r#"{{"id":"{}","state":"{}"}}"#, c.id, c.state), catalogue: LISTED_WITH.into() }
}

fn create(case: Case) -> Write {
    Write::CreateCase { listing: listing(&case), case }
}

fn update(case: Case, expected_version: u64) -> Write {
    Write::UpdateCase { listing: listing(&case), case, expected_version }
}

fn event(case_id: &str, kind: CaseEventKind) -> CaseEvent {
    CaseEvent { case_id: case_id.into(), at: at(8), actor: "P-AAAA".into(), role: None, kind }
}

pub async fn queues_follow_office_state_and_due_date(s: Arc<dyn Store>) {
    let mut closed = case("K-5", "73.06", "menunggu_verifikasi", Some(7));
    closed.outcome = Some(adminduk_domain::workflow::Outcome::Cancelled);
    s.commit(vec![
        create(case("K-1", "73.06", "menunggu_verifikasi", Some(12))),
        create(case("K-2", "73.06.08.1001", "menunggu_verifikasi", Some(9))),
        create(case("K-3", "73.06", "menunggu_validasi", Some(8))),
        create(case("K-4", "73.71", "menunggu_verifikasi", Some(8))),
        create(case("K-6", "73.06", "menunggu_verifikasi", None)),
        create(full_case("K-7", 9)),
        create(case("K-8", "73.06", "menunggu_verifikasi", None)),
        create(closed),
    ])
    .await
    .unwrap();
    let keys = vec!["pelaporan_online/menunggu_verifikasi".to_string()];
    let ids = |cases: Vec<Queued>| cases.iter().map(|c| c.id().to_string()).collect::<Vec<_>>();
    let gowa = Office::GOWA;
    // Read with the catalogue the listings were made with: as written; without one or with
    // another catalogue: as the cases' heads.
    let listed = s.queue(&gowa, true, &keys, None, 10, Some(LISTED_WITH)).await.unwrap();
    for queued in &listed {
        let case = s.case(queued.id()).await.unwrap().unwrap();
        let written = Queued::Listed { id: case.id.clone(), state_due: case.state_due, json: listing(&case).json };
        assert_eq!(queued, &written, "a queue's case comes as its listing");
    }
    for listed_with in [None, Some("another catalogue")] {
        let heads = s.queue(&gowa, true, &keys, None, 10, listed_with).await.unwrap();
        for queued in &heads {
            let case = s.case(queued.id()).await.unwrap().unwrap();
            assert_eq!(queued, &Queued::Head(Box::new((&case).into())), "a queue's case reads as the whole case does");
        }
        assert_eq!(ids(heads), ids(listed.clone()));
    }
    assert_eq!(ids(listed), ["K-2", "K-7", "K-1", "K-6", "K-8"], "soonest due first, undated last, ties by id");
    let queue = |office: Office, below: bool, after: Option<QueueAfter>, limit: u32| {
        let (s, keys) = (s.clone(), keys.clone());
        async move { ids(s.queue(&office, below, &keys, after.as_ref(), limit, Some(LISTED_WITH)).await.unwrap()) }
    };
    assert_eq!(queue(gowa, false, None, 10).await, ["K-7", "K-1", "K-6", "K-8"]);
    assert_eq!(queue(Office::parse("73.06.08.1001").unwrap(), true, None, 10).await, ["K-2"]);
    assert_eq!(queue(gowa, false, None, 1).await, ["K-7"], "a page past what is not its own");
    // Pages of two walk the whole queue once, through a tie and the undated cases, whether
    // its cases come listed or as heads.
    for listed_with in [Some(LISTED_WITH), None] {
        let mut walked = Vec::new();
        let mut after: Option<QueueAfter> = None;
        loop {
            let page = s.queue(&gowa, true, &keys, after.as_ref(), 2, listed_with).await.unwrap();
            let Some(last) = page.last() else { break };
            after = Some(QueueAfter::case(last));
            walked.extend(ids(page));
        }
        assert_eq!(walked, ["K-2", "K-7", "K-1", "K-6", "K-8"]);
    }
    let from_token = QueueAfter::parse(&QueueAfter { due: Some(at(9)), id: "K-2".into() }.token());
    assert_eq!(queue(gowa, true, from_token, 2).await, ["K-7", "K-1"]);

    // At 9:00 with two hours' warning: K-1 (12:00) is neither, K-2 and K-7 (9:00) are near.
    let counts = |office: Office, below: bool, now: u32, near: u32| {
        let (s, keys) = (s.clone(), keys.clone());
        async move { s.queue_counts(&office, below, &keys, at(now), at(near)).await.unwrap() }
    };
    assert_eq!(counts(gowa, true, 9, 11).await, QueueCounts { open: 5, near: 2, past: 0 });
    assert_eq!(counts(gowa, true, 10, 12).await, QueueCounts { open: 5, near: 1, past: 2 });
    assert_eq!(counts(gowa, false, 10, 12).await, QueueCounts { open: 4, near: 1, past: 1 });
    assert_eq!(
        counts(Office::parse("73.06.08.1001").unwrap(), true, 10, 12).await,
        QueueCounts { open: 1, near: 0, past: 1 }
    );
    // A case leaves the count when it closes or moves on, and joins another queue's.
    let mut moved = s.case("K-7").await.unwrap().unwrap();
    let version = moved.version;
    moved.state = "menunggu_validasi".into();
    s.commit(vec![update(moved.clone(), version)]).await.unwrap();
    assert_eq!(counts(gowa, true, 10, 12).await, QueueCounts { open: 4, near: 1, past: 1 });
    let validating = vec!["pelaporan_online/menunggu_validasi".to_string()];
    let page = s.queue(&gowa, true, &validating, None, 10, Some(LISTED_WITH)).await.unwrap();
    let relisted = page.iter().find(|c| c.id() == "K-7").expect("K-7 in its new state's queue");
    assert!(matches!(relisted, Queued::Listed { json, .. } if *json == listing(&moved).json), "listed as it was moved");
    let both = vec![keys[0].clone(), "pelaporan_online/menunggu_validasi".to_string()];
    let all = s.queue_counts(&gowa, false, &both, at(10), at(12)).await.unwrap();
    assert_eq!(all, QueueCounts { open: 5, near: 1, past: 2 }, "K-3 and K-7 at 8:00 and 9:00");

    // Overdue spans every office: the sweep serves the whole installation.
    let overdue = |cases: Vec<Case>| cases.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        overdue(s.overdue(&keys, at(10), 10).await.unwrap()),
        ["K-4", "K-2"],
        "due by 10:00, open, undated never"
    );
    assert_eq!(overdue(s.overdue(&keys, at(12), 10).await.unwrap()), ["K-4", "K-2", "K-1"]);
}

pub async fn idempotency_keys_bind_once(s: Arc<dyn Store>) {
    let claim = |key: &str, case_id: &str, request: Option<&str>| Write::ClaimIdempotencyKey {
        account_id: "P-AAAA".into(),
        key: key.into(),
        case_id: case_id.into(),
        request: request.map(str::to_string),
    };
    s.commit(vec![claim("k1", "K-1", Some("d1"))]).await.unwrap();
    s.commit(vec![claim("k2", "K-3", None)]).await.unwrap();
    let again = s.commit(vec![claim("k1", "K-2", Some("d2"))]).await;
    assert_eq!(
        again,
        Err(CommitError::Exists(Guard::IdempotencyKey { account_id: "P-AAAA".into(), key: "k1".into() }))
    );
    let bound = |case_id: &str, request: Option<&str>| {
        Some(IdempotentCase { case_id: case_id.into(), request: request.map(str::to_string) })
    };
    assert_eq!(s.idempotent_case("P-AAAA", "k1").await.unwrap(), bound("K-1", Some("d1")), "the first request's");
    assert_eq!(s.idempotent_case("P-AAAA", "k2").await.unwrap(), bound("K-3", None));
    assert_eq!(s.idempotent_case("P-BBBB", "k1").await.unwrap(), None, "keys are per account");
}

pub async fn numbers_are_given_once_each(s: Arc<dyn Store>) {
    assert_eq!(s.counter("regno:7306:2026").await.unwrap(), 0);
    // Eight cases at once, each asked for twice (a duplicated filing).
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move { (i % 8, s.number_case("regno:7306:2026", &format!("K-{}", i % 8)).await) })
        })
        .collect();
    let mut given = std::collections::BTreeMap::new();
    for t in tasks {
        let (case, number) = t.await.unwrap();
        let number = number.expect("no caller fails for another's sake");
        assert_eq!(*given.entry(case).or_insert(number), number, "a case keeps its number");
    }
    let numbers: std::collections::BTreeSet<u64> = given.into_values().collect();
    assert_eq!(numbers, (1..=8).collect(), "each number once, none skipped");
    let last = s.counter("regno:7306:2026").await.unwrap();
    assert_eq!(last, 8);
    // Asked again later, a case gets its number; the next case the next one.
    assert_eq!(
        s.number_case("regno:7306:2026", "K-3").await.unwrap(),
        s.number_case("regno:7306:2026", "K-3").await.unwrap()
    );
    assert_eq!(s.number_case("regno:7306:2026", "K-8").await.unwrap(), last + 1);
    assert_eq!(s.number_case("regno:7306:2027", "K-100").await.unwrap(), 1, "counters are per key");
}

pub async fn case_numbers_are_unique(s: Arc<dyn Store>) {
    for id in ["K-1", "K-2"] {
        s.commit(vec![create(draft(id))]).await.unwrap();
    }
    let numbered = |id: &str| {
        let mut c = case(id, "73.06", "menunggu_verifikasi", None);
        c.number = Some("7306-2026-000001".into());
        update(c, 1)
    };
    s.commit(vec![numbered("K-1")]).await.unwrap();
    let taken = s.commit(vec![numbered("K-2")]).await.unwrap_err();
    assert_eq!(taken, CommitError::Exists(Guard::CaseNumber("7306-2026-000001".into())));
    assert_eq!(s.case("K-2").await.unwrap().unwrap().number, None);
    assert_eq!(s.case_by_number("7306-2026-000001").await.unwrap().unwrap().id, "K-1");
    // The holder keeps its number through later changes.
    let mut again = case("K-1", "73.06", "proses", None);
    again.number = Some("7306-2026-000001".into());
    s.commit(vec![update(again, 2)]).await.unwrap();
}

pub async fn report_versions_are_kept_and_never_overwritten(s: Arc<dyn Store>) {
    let report = |office: &str, month: &str, version: u32, received: u64| {
        let mut r = adminduk_domain::report::MonthlyReport::default();
        r.complaints.received = received;
        Write::PutReport(Box::new(crate::StoredReport {
            office: Office::parse(office).unwrap(),
            month: month.into(),
            version,
            submitted_at: at(9),
            submitted_by: "C-1".into(),
            channel: "api".into(),
            report: r,
        }))
    };
    s.commit(vec![report("73.06", "2026-11", 1, 5)]).await.unwrap();
    s.commit(vec![report("73.06", "2026-11", 2, 6), report("73.71", "2026-11", 1, 7)]).await.unwrap();
    s.commit(vec![report("73.06", "2026-10", 1, 1)]).await.unwrap();
    let taken = s.commit(vec![report("73.06", "2026-11", 2, 99)]).await.unwrap_err();
    assert_eq!(taken, CommitError::Exists(Guard::Report("73.06 2026-11 v2".into())));
    let versions = s.report_versions("73.06", "2026-11").await.unwrap();
    let seen: Vec<_> = versions.iter().map(|r| (r.version, r.report.complaints.received)).collect();
    assert_eq!(seen, [(1, 5), (2, 6)], "both kept, the first writer's second version stands");
    let month = s.reports_of_month("2026-11").await.unwrap();
    let seen: Vec<_> = month.iter().map(|r| (r.office.to_string(), r.version)).collect();
    assert_eq!(seen, [("73.06".to_string(), 1), ("73.06".to_string(), 2), ("73.71".to_string(), 1)]);
    assert!(s.report_versions("73.08", "2026-11").await.unwrap().is_empty());
}

pub async fn tallies_add_up_per_scope(s: Arc<dyn Store>) {
    let tally = |scope: &str, name: &str| Write::Tally { scope: scope.into(), name: name.into(), by: 1 };
    s.commit(vec![tally("73.06:2026-11", "KIA/ajukan"), tally("73.06:2026-11", "KIA/tepat_waktu")]).await.unwrap();
    let score = Write::Tally { scope: "73.06:2026-11".into(), name: "KIA/ikm_u1".into(), by: 7 };
    s.commit(vec![score.clone(), score]).await.unwrap();
    s.commit(vec![tally("73.06:2026-11", "KIA/ajukan"), tally("73.06:2026-12", "KIA/ajukan")]).await.unwrap();
    // Counted together or not at all with the rest of a set.
    let failed = s.commit(vec![tally("73.06:2026-11", "KIA/ajukan"), update(draft("K-9"), 9)]).await;
    assert!(failed.is_err());
    let november = s.tallies("73.06:2026-11").await.unwrap();
    let expected = [("KIA/ajukan", 2), ("KIA/ikm_u1", 14), ("KIA/tepat_waktu", 1)].map(|(n, v)| (n.to_string(), v));
    assert_eq!(november, expected);
    assert_eq!(s.tallies("73.06:2026-12").await.unwrap(), [("KIA/ajukan".to_string(), 1)]);
    assert!(s.tallies("73.71:2026-11").await.unwrap().is_empty());
}

pub async fn slots_never_take_more_than_their_capacity(s: Arc<dyn Store>) {
    use adminduk_domain::appointment::Visit;
    let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let somba_opu = Office::parse("73.06.08").unwrap();
    let booking = |case_id: &str, office: Office, hour: u32| Booking {
        case_id: case_id.into(),
        number: None,
        office,
        visit: Visit::PerekamanKtpEl,
        day,
        start: at(hour),
        end: at(hour) + TimeDelta::minutes(20),
        name: "Andi".into(),
        booked_by: "P-1".into(),
        booked_at: at(0),
        status: BookingStatus::Booked,
    };
    // Twelve people take the last places of a three-place slot at once: three get one.
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let (s, b) = (s.clone(), booking(&format!("K-{i:02}"), somba_opu, 1));
            tokio::spawn(async move {
                loop {
                    let write = Write::BookSlot { booking: Box::new(b.clone()), capacity: 3 };
                    match s.commit(vec![write]).await {
                        // Another transaction touched the slot at the same moment (DynamoDB).
                        Err(CommitError::Changed(Guard::Transaction)) => continue,
                        other => return other,
                    }
                }
            })
        })
        .collect();
    let mut booked = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.unwrap() {
            Ok(()) => booked.push(format!("K-{i:02}")),
            Err(e) => assert_eq!(e, CommitError::Full(Guard::Slot(booking("K-00", somba_opu, 1).slot_key()))),
        }
    }
    assert_eq!(booked.len(), 3);
    let loads = s.slot_loads(&somba_opu, Visit::PerekamanKtpEl, day).await.unwrap();
    assert_eq!(loads, [(at(1), 3)]);
    // Only the winners are on the desk's day.
    let listed: Vec<String> = s.bookings(day, Some(&somba_opu)).await.unwrap().into_iter().map(|b| b.case_id).collect();
    assert_eq!(listed, booked);
    // A cancellation gives its place back and stays listed as cancelled; the place can be taken.
    let freed = Booking { status: BookingStatus::Cancelled, ..booking(&booked[0], somba_opu, 1) };
    s.commit(vec![Write::FreeSlot(Box::new(freed))]).await.unwrap();
    assert_eq!(s.slot_loads(&somba_opu, Visit::PerekamanKtpEl, day).await.unwrap(), [(at(1), 2)]);
    s.commit(vec![Write::BookSlot { booking: Box::new(booking("K-99", somba_opu, 1)), capacity: 3 }]).await.unwrap();
    // A booking in a set that fails elsewhere takes no place.
    let failed = s
        .commit(vec![
            Write::BookSlot { booking: Box::new(booking("K-98", somba_opu, 2)), capacity: 3 },
            update(draft("K-9"), 9),
        ])
        .await;
    assert!(failed.is_err());
    assert_eq!(s.slot_loads(&somba_opu, Visit::PerekamanKtpEl, day).await.unwrap(), [(at(1), 3)]);
    // An attended visit keeps its place; every office's bookings of the day, by start.
    let attended = Booking { status: BookingStatus::Attended, ..booking(&booked[1], somba_opu, 1) };
    s.commit(vec![Write::PutBooking(Box::new(attended))]).await.unwrap();
    let pallangga = Office::parse("73.06.09").unwrap();
    s.commit(vec![Write::BookSlot { booking: Box::new(booking("K-50", pallangga, 0)), capacity: 1 }]).await.unwrap();
    let day_list = s.bookings(day, None).await.unwrap();
    assert_eq!(day_list.first().map(|b| b.case_id.as_str()), Some("K-50"));
    assert_eq!(day_list.len(), 5);
    let statuses: Vec<_> =
        s.bookings(day, Some(&somba_opu)).await.unwrap().into_iter().map(|b| (b.case_id, b.status)).collect();
    assert!(statuses.contains(&(booked[0].clone(), BookingStatus::Cancelled)));
    assert!(statuses.contains(&(booked[1].clone(), BookingStatus::Attended)));
    assert!(statuses.contains(&("K-99".to_string(), BookingStatus::Booked)));
    assert!(s.bookings(day.succ_opt().unwrap(), None).await.unwrap().is_empty());
}

pub async fn outbox_delivery_is_recorded(s: Arc<dyn Store>) {
    s.commit(vec![Write::Enqueue(message("m1")), Write::Enqueue(message("m2"))]).await.unwrap();
    let due = s.due_messages(at(8), 10).await.unwrap();
    assert_eq!(due.iter().map(|(m, a)| (m.id.as_str(), *a)).collect::<Vec<_>>(), [("m1", 0), ("m2", 0)]);
    s.commit(vec![
        Write::MessageDelivered { id: "m1".into(), at: at(8) },
        Write::MessageFailed { id: "m2".into(), attempts: 1, retry_at: at(10) },
    ])
    .await
    .unwrap();
    assert!(s.due_messages(at(9), 10).await.unwrap().is_empty(), "m1 delivered, m2 waits");
    assert_eq!(s.due_messages(at(10), 10).await.unwrap()[0].1, 1);
    assert_eq!(s.pending_messages(10).await.unwrap().len(), 1);
    let m1 = s.message("m1").await.unwrap().unwrap();
    assert_eq!((m1.message, m1.attempts, m1.delivered), (message("m1"), 0, true));
    let m2 = s.message("m2").await.unwrap().unwrap();
    assert_eq!((m2.attempts, m2.delivered), (1, false));
    assert_eq!(s.message("m3").await.unwrap(), None);
}

pub async fn messages_given_up_on_wait_to_be_sent_again(s: Arc<dyn Store>) {
    s.commit(vec![Write::Enqueue(message("m1")), Write::Enqueue(message("m2"))]).await.unwrap();
    let dead = Write::MessageDead { id: "m1".into(), attempts: 12, at: at(9), error: "batas waktu".into() };
    s.commit(vec![dead]).await.unwrap();
    let due = s.due_messages(at(10), 10).await.unwrap();
    assert_eq!(due.iter().map(|(m, _)| m.id.as_str()).collect::<Vec<_>>(), ["m2"], "no longer retried");
    assert_eq!(s.pending_messages(10).await.unwrap().len(), 1);
    let entry = s.message("m1").await.unwrap().unwrap();
    assert_eq!((entry.dead, entry.delivered, entry.attempts), (true, false, 12));
    let letters = s.dead_messages(10).await.unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!((&letters[0].message, letters[0].attempts, letters[0].dead_at), (&message("m1"), 12, at(9)));
    assert_eq!(letters[0].error, "batas waktu");

    s.commit(vec![Write::MessageRevived { id: "m1".into(), at: at(11) }]).await.unwrap();
    assert!(s.dead_messages(10).await.unwrap().is_empty());
    let due = s.due_messages(at(11), 10).await.unwrap();
    assert!(due.iter().any(|(m, attempts)| m.id == "m1" && *attempts == 0), "due again, counted afresh: {due:?}");
    assert!(!s.message("m1").await.unwrap().unwrap().dead);
}

/// Instantiates the blob contract for a blob store built by `$make` (an async closure returning
/// the store and whatever must live as long as the test, such as a temporary folder).
#[macro_export]
macro_rules! blob_contract {
    ($make:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn blobs_are_whole_or_absent() {
            let (blobs, _keep) = ($make)().await;
            let blobs: ::std::sync::Arc<dyn $crate::Blobs> = ::std::sync::Arc::new(blobs);
            $crate::contract::blobs_are_whole_or_absent(blobs).await;
        }
    };
}

pub async fn blobs_are_whole_or_absent(b: Arc<dyn Blobs>) {
    let pdf = b"%PDF-1.7 berkas".to_vec();
    b.put("U-1", pdf.clone()).await.unwrap();
    assert_eq!(b.get("U-1").await.unwrap(), Some(pdf));
    assert_eq!(b.get("U-2").await.unwrap(), None);
    b.put("U-1", b"%PDF-1.7 diganti".to_vec()).await.unwrap();
    assert_eq!(b.get("U-1").await.unwrap().as_deref(), Some(&b"%PDF-1.7 diganti"[..]), "a put replaces whole");
    b.delete("U-1").await.unwrap();
    b.delete("U-1").await.unwrap();
    assert_eq!(b.get("U-1").await.unwrap(), None);
    assert!(b.put("../U-3", vec![1]).await.is_err(), "keys are our ids, nothing else");

    // Streamed: a batch larger than one part of a multipart upload, read back part by part.
    use futures::StreamExt;
    let part = |i: u32| bytes::Bytes::from(vec![(i % 251) as u8; 1024 * 1024]);
    let parts: crate::ByteStream = Box::pin(futures::stream::iter((0..9).map(move |i| Ok(part(i)))));
    assert_eq!(b.write("B-1", "text/csv", parts).await.unwrap(), 9 * 1024 * 1024);
    let mut read = Vec::new();
    let mut stream = b.read("B-1").await.unwrap().expect("written");
    while let Some(part) = stream.next().await {
        read.extend_from_slice(&part.unwrap());
    }
    assert_eq!(read.len(), 9 * 1024 * 1024);
    assert!(read.chunks(1024 * 1024).enumerate().all(|(i, c)| c.iter().all(|&x| x == (i % 251) as u8)));
    assert!(b.read("B-2").await.unwrap().is_none());
    b.delete("B-1").await.unwrap();
    // A stream that fails part way leaves no file, small or large.
    for size in [1024, 9 * 1024 * 1024] {
        let failing: crate::ByteStream = Box::pin(futures::stream::iter([
            Ok(bytes::Bytes::from(vec![1u8; size])),
            Err(crate::StoreError("putus".into())),
        ]));
        assert!(b.write("B-3", "text/csv", failing).await.is_err());
        assert!(b.read("B-3").await.unwrap().is_none(), "nothing of a failed write stays ({size} bytes)");
    }
}
