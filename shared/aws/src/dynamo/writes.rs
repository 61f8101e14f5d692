//! One atomic set of writes as one TransactWriteItems; a failed condition cancels the whole set
//! and is reported as the same error the SQLite store gives.

use std::collections::HashSet;

use adminduk_ports::{Booking, Case, Channel, CommitError, Guard, Listing, StoreError, UploadStatus, Write, kept};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem, Update};
use chrono::{Datelike, TimeDelta};

use super::items::{item, n, s, time, with_data};
use super::{DynamoStore, Item};

/// What a failed condition on an item means.
#[derive(Clone)]
enum OnFail {
    Exists(Guard),
    Changed(Guard),
    /// A counted place ran out (only a failed condition means that; a conflict is retried).
    Full(Guard),
    Never,
}

fn store(e: impl std::fmt::Display) -> CommitError {
    CommitError::Store(StoreError(e.to_string()))
}

struct Batch {
    table: String,
    ops: Vec<(TransactWriteItem, OnFail)>,
}

impl Batch {
    fn put(
        &mut self,
        item: Item,
        condition: Option<&str>,
        values: &[(&str, AttributeValue)],
        on_fail: OnFail,
    ) -> Result<(), CommitError> {
        let mut put = Put::builder().table_name(&self.table).set_item(Some(item));
        if let Some(c) = condition {
            put = put.condition_expression(c);
        }
        for (k, v) in values {
            put = put.expression_attribute_values(*k, v.clone());
        }
        self.ops.push((TransactWriteItem::builder().put(put.build().map_err(store)?).build(), on_fail));
        Ok(())
    }

    fn update(
        &mut self,
        pk: String,
        sk: &str,
        expression: &str,
        condition: Option<&str>,
        values: &[(&str, AttributeValue)],
        on_fail: OnFail,
    ) -> Result<(), CommitError> {
        let mut update =
            Update::builder().table_name(&self.table).key("PK", s(pk)).key("SK", s(sk)).update_expression(expression);
        if let Some(c) = condition {
            update = update.condition_expression(c);
        }
        for (k, v) in values {
            update = update.expression_attribute_values(*k, v.clone());
        }
        self.ops.push((TransactWriteItem::builder().update(update.build().map_err(store)?).build(), on_fail));
        Ok(())
    }

    fn delete(&mut self, pk: String, sk: &str) -> Result<(), CommitError> {
        let delete =
            Delete::builder().table_name(&self.table).key("PK", s(pk)).key("SK", s(sk)).build().map_err(store)?;
        self.ops.push((TransactWriteItem::builder().delete(delete).build(), OnFail::Never));
        Ok(())
    }
}

fn account_item(a: &adminduk_ports::Account) -> Result<Item, CommitError> {
    let mut i = with_data(item(format!("ACC#{}", a.id), "ACC"), a).map_err(CommitError::Store)?;
    i.insert("version".into(), n(a.version));
    // Residents are never listed, and millions of them would make one hot index partition.
    if a.kind != adminduk_ports::AccountKind::Pribadi {
        i.insert("GSI1PK".into(), s(format!("KIND#{}", a.kind.as_str())));
        i.insert("GSI1SK".into(), s(a.id.clone()));
    }
    Ok(i)
}

fn client_item(c: &adminduk_ports::MachineClient) -> Result<Item, CommitError> {
    let mut i = with_data(item(format!("CLI#{}", c.id), "CLI"), c).map_err(CommitError::Store)?;
    i.insert("version".into(), n(c.version));
    Ok(listed(i, "CLI", &c.id))
}

/// A verification job, kept a day longer than its files (the bucket's lifecycle rule).
fn job_item(job: &adminduk_ports::VerificationJob) -> Result<Item, CommitError> {
    let mut i = with_data(item(format!("JOB#{}", job.id), "JOB"), job).map_err(CommitError::Store)?;
    i.insert("version".into(), n(job.version));
    i.insert("expires_at".into(), ttl(job.created_at + kept::BATCH_FILES + TimeDelta::days(1)));
    Ok(i)
}

/// An item listed with all of its kind on GSI1 (institutions and clients: a province's few hundred).
fn listed(mut i: Item, kind: &str, id: &str) -> Item {
    i.insert("GSI1PK".into(), s(format!("KIND#{kind}")));
    i.insert("GSI1SK".into(), s(id.to_string()));
    i
}

/// GSI2's partition of messages given up on, by when.
pub(super) const DEAD_LETTERS: &str = "DEADLETTER";

/// GSI4's partition of drafts never filed, by last change.
pub(super) const DRAFTS: &str = "DRAFTS";

fn case_item(c: &Case, listing: Listing) -> Result<Item, CommitError> {
    let mut i = with_data(item(format!("CASE#{}", c.id), "CASE"), c).map_err(CommitError::Store)?;
    i.insert("version".into(), n(c.version));
    i.insert("office".into(), s(c.office.to_string()));
    i.insert("GSI1PK".into(), s(format!("REPORTER#{}", c.reporter)));
    i.insert("GSI1SK".into(), s(format!("{}#{}", time(c.created_at), c.id)));
    if let Some(nik) = &c.applicant.nik {
        i.insert("GSI3PK".into(), s(format!("NIK#{nik}")));
        i.insert("GSI3SK".into(), s(format!("{}#{}", time(c.created_at), c.id)));
    }
    // Open cases stand in their Dinas's queue of their state, the soonest due first, undated
    // last, with their listing; those with a due date also in the state's list of deadlines (GSI4), for the sweep.
    if c.outcome.is_none() {
        let state = format!("{}/{}", c.workflow, c.state);
        i.insert("GSI2PK".into(), s(super::queue_partition(&c.office.dinas(), &state)));
        i.insert("GSI2SK".into(), s(format!("{}#{}", c.state_due.map_or_else(|| "~".to_string(), time), c.id)));
        i.insert("listing".into(), s(listing.json));
        i.insert("listed_with".into(), s(listing.catalogue));
        if let Some(due) = c.state_due {
            i.insert("GSI4PK".into(), s(format!("DUE#{state}")));
            i.insert("GSI4SK".into(), s(format!("{}#{}", time(due), c.id)));
        } else if c.submitted_at.is_none() {
            // A draft (never due) stands in the drafts' list by its last change, for retention.
            i.insert("GSI4PK".into(), s(DRAFTS.to_string()));
            i.insert("GSI4SK".into(), s(format!("{}#{}", time(c.updated_at), c.id)));
        }
    }
    Ok(i)
}

impl DynamoStore {
    pub(super) async fn transact(&self, writes: Vec<Write>) -> Result<(), CommitError> {
        let mut b = Batch { table: self.table.clone(), ops: Vec::new() };
        let mut enqueued = HashSet::new();
        for write in merge_tallies(writes) {
            match write {
                Write::CreateAccount(a) => b.put(
                    account_item(&a)?,
                    Some("attribute_not_exists(PK)"),
                    &[],
                    OnFail::Exists(Guard::Account(a.id.clone())),
                )?,
                Write::UpdateAccount { mut account, expected_version } => {
                    account.version = expected_version.saturating_add(1);
                    let on_fail = OnFail::Changed(Guard::Account(account.id.clone()));
                    b.put(account_item(&account)?, Some("version = :v"), &[(":v", n(expected_version))], on_fail)?;
                }
                Write::ClaimAlias { alias, account_id } => {
                    let mut i = item(format!("ALIAS#{alias}"), "ALIAS");
                    i.insert("account_id".into(), s(account_id.clone()));
                    b.put(
                        i,
                        Some("attribute_not_exists(PK) OR account_id = :id"),
                        &[(":id", s(account_id))],
                        OnFail::Exists(Guard::Alias(alias)),
                    )?;
                }
                Write::ReleaseAlias { alias } => b.delete(format!("ALIAS#{alias}"), "ALIAS")?,
                Write::PutCode(code) => {
                    let mut i = with_data(
                        item(format!("ACC#{}", code.account_id), format!("CODE#{}", code.purpose.as_str())),
                        &code,
                    )
                    .map_err(CommitError::Store)?;
                    i.insert("expires_at".into(), ttl(code.expires_at + TimeDelta::days(1)));
                    b.put(i, None, &[], OnFail::Never)?;
                }
                Write::DeleteCode { account_id, purpose } => {
                    b.delete(format!("ACC#{account_id}"), &format!("CODE#{}", purpose.as_str()))?
                }
                Write::PutRefreshToken(t) => {
                    let mut i = with_data(item(format!("RT#{}", t.hash), "RT"), &t).map_err(CommitError::Store)?;
                    i.insert("revoked".into(), AttributeValue::Bool(t.revoked));
                    i.insert("expires_at".into(), ttl(t.expires_at + TimeDelta::days(1)));
                    i.insert("GSI1PK".into(), s(format!("ACCRT#{}", t.account_id)));
                    i.insert("GSI1SK".into(), s(t.hash.clone()));
                    b.put(i, Some("attribute_not_exists(PK)"), &[], OnFail::Exists(Guard::RefreshToken))?;
                }
                Write::RevokeRefreshToken { hash, spent_at } => {
                    // The token's JSON stays as written; when it was spent is an attribute beside it.
                    let (expression, spent) = match spent_at {
                        Some(t) => ("SET revoked = :t, spent_at = :s", Some(AttributeValue::S(t.to_rfc3339()))),
                        None => ("SET revoked = :t", None),
                    };
                    let mut values = vec![(":t", AttributeValue::Bool(true)), (":f", AttributeValue::Bool(false))];
                    values.extend(spent.map(|s| (":s", s)));
                    b.update(
                        format!("RT#{hash}"),
                        "RT",
                        expression,
                        Some("revoked = :f"),
                        &values,
                        OnFail::Changed(Guard::RefreshToken),
                    )?
                }
                Write::RevokeAllRefreshTokens { account_id } => {
                    for i in self
                        .query(Some("GSI1"), &format!("ACCRT#{account_id}"), true, None)
                        .await
                        .map_err(CommitError::Store)?
                    {
                        let hash = super::items::text(&i, "GSI1SK").unwrap_or_default();
                        b.update(
                            format!("RT#{hash}"),
                            "RT",
                            "SET revoked = :t",
                            None,
                            &[(":t", AttributeValue::Bool(true))],
                            OnFail::Never,
                        )?;
                    }
                }
                Write::PutInstitution(x) => b.put(
                    listed(
                        with_data(item(format!("INS#{}", x.id), "INS"), &x).map_err(CommitError::Store)?,
                        "INS",
                        &x.id,
                    ),
                    None,
                    &[],
                    OnFail::Never,
                )?,
                Write::CreateClient(x) => b.put(
                    client_item(&x)?,
                    Some("attribute_not_exists(PK)"),
                    &[],
                    OnFail::Exists(Guard::Client(x.id.clone())),
                )?,
                Write::UpdateClient { mut client, expected_version } => {
                    client.version = expected_version.saturating_add(1);
                    let on_fail = OnFail::Changed(Guard::Client(client.id.clone()));
                    // A client stored before versions were kept has none: it is at version 0.
                    let condition = if expected_version == 0 {
                        "attribute_exists(PK) AND (attribute_not_exists(version) OR version = :v)"
                    } else {
                        "version = :v"
                    };
                    b.put(client_item(&client)?, Some(condition), &[(":v", n(expected_version))], on_fail)?;
                }
                Write::Enqueue(m) => {
                    // Enqueuing an id again changes nothing, as in every adapter.
                    if !enqueued.insert(m.id.clone())
                        || self.get(&format!("OUT#{}", m.id), "OUT").await.map_err(CommitError::Store)?.is_some()
                    {
                        continue;
                    }
                    let mut i = with_data(item(format!("OUT#{}", m.id), "OUT"), &m).map_err(CommitError::Store)?;
                    i.insert("attempts".into(), n(0));
                    i.insert("GSI2PK".into(), s("OUTBOX"));
                    // Oldest first, and in the order written when the times are equal.
                    let order = format!("{}#{}", time(m.created_at), uuid::Uuid::now_v7());
                    i.insert("GSI2SK".into(), s(order.clone()));
                    b.put(i, None, &[], OnFail::Never)?;
                    // A machine client's event is also kept in its feed, in the order written.
                    if m.channel == Channel::Sistem {
                        let mut e =
                            with_data(item(format!("FEED#{}", m.recipient), order), &m).map_err(CommitError::Store)?;
                        e.insert("expires_at".into(), ttl(m.created_at + kept::FEED));
                        b.put(e, None, &[], OnFail::Never)?;
                    }
                }
                Write::Audit(e) => {
                    let (month, sk) = (
                        e.at.date_naive().with_day(1).unwrap_or_default(),
                        format!("{}#{}", time(e.at), uuid::Uuid::now_v7()),
                    );
                    let entry = with_data(item(super::audit_partition(month), sk), &e).map_err(CommitError::Store)?;
                    b.put(entry, None, &[], OnFail::Never)?;
                }
                Write::RecordProcessing { about, entry } => {
                    let sk = format!("{}#{}", time(entry.at), uuid::Uuid::now_v7());
                    let i = with_data(item(format!("PROC#{about}"), sk), &entry).map_err(CommitError::Store)?;
                    b.put(i, None, &[], OnFail::Never)?;
                }
                Write::LogWebhookAttempt { client, attempt } => {
                    // Newest first by a reverse query; kept as long as the feed's events.
                    let sk = format!("{}#{}", time(attempt.at), uuid::Uuid::now_v7());
                    let mut i = with_data(item(format!("HOOK#{client}"), sk), &attempt).map_err(CommitError::Store)?;
                    i.insert("expires_at".into(), ttl(attempt.at + kept::FEED));
                    b.put(i, None, &[], OnFail::Never)?;
                }
                Write::MessageDelivered { id, at } => b.update(
                    format!("OUT#{id}"),
                    "OUT",
                    "SET delivered_at = :at, expires_at = :ttl REMOVE GSI2PK, GSI2SK",
                    None,
                    &[(":at", s(time(at))), (":ttl", ttl(at + kept::DELIVERED))],
                    OnFail::Never,
                )?,
                Write::MessageFailed { id, attempts, retry_at } => b.update(
                    format!("OUT#{id}"),
                    "OUT",
                    "SET attempts = :a, next_attempt_at = :r",
                    None,
                    &[(":a", n(attempts)), (":r", s(time(retry_at)))],
                    OnFail::Never,
                )?,
                Write::MessageDead { id, attempts, at, error } => b.update(
                    format!("OUT#{id}"),
                    "OUT",
                    "SET attempts = :a, dead_at = :at, last_error = :e, expires_at = :ttl, GSI2PK = :dead, GSI2SK = :sk",
                    None,
                    &[
                        (":a", n(attempts)),
                        (":at", s(time(at))),
                        (":e", s(error)),
                        // Never sent again, it goes as a delivered message would.
                        (":ttl", ttl(at + kept::DELIVERED)),
                        (":dead", s(DEAD_LETTERS.to_string())),
                        (":sk", s(format!("{}#{id}", time(at)))),
                    ],
                    OnFail::Never,
                )?,
                Write::MessageRevived { id, at } => b.update(
                    format!("OUT#{id}"),
                    "OUT",
                    "SET attempts = :z, next_attempt_at = :at, GSI2PK = :outbox, GSI2SK = :sk REMOVE dead_at, expires_at",
                    None,
                    &[
                        (":z", n(0)),
                        (":at", s(time(at))),
                        (":outbox", s("OUTBOX")),
                        (":sk", s(format!("{}#{id}", time(at)))),
                    ],
                    OnFail::Never,
                )?,
                Write::CreateCase { case: c, listing } => {
                    b.put(
                        case_item(&c, listing)?,
                        Some("attribute_not_exists(PK)"),
                        &[],
                        OnFail::Exists(Guard::Case(c.id.clone())),
                    )?;
                    number_guard(&mut b, &c)?;
                }
                Write::UpdateCase { mut case, listing, expected_version } => {
                    case.version = expected_version.saturating_add(1);
                    b.put(
                        case_item(&case, listing)?,
                        Some("version = :v"),
                        &[(":v", n(expected_version))],
                        OnFail::Changed(Guard::Case(case.id.clone())),
                    )?;
                    number_guard(&mut b, &case)?;
                }
                Write::AppendCaseEvent(e) => {
                    // Time-ordered ids keep the order events were written in, even within one instant.
                    let sk = format!("EV#{}#{}", time(e.at), uuid::Uuid::now_v7());
                    b.put(
                        with_data(item(format!("CASE#{}", e.case_id), sk), &e).map_err(CommitError::Store)?,
                        None,
                        &[],
                        OnFail::Never,
                    )?;
                }
                Write::ClaimIdempotencyKey { account_id, key, case_id, request } => {
                    let mut i = item(format!("IDEM#{account_id}#{key}"), "IDEM");
                    i.insert("case_id".into(), s(case_id));
                    if let Some(request) = request {
                        i.insert("request".into(), s(request));
                    }
                    let on_fail = OnFail::Exists(Guard::IdempotencyKey { account_id, key });
                    b.put(i, Some("attribute_not_exists(PK)"), &[], on_fail)?;
                }
                Write::PutReport(r) => {
                    // Versions are zero-padded so that the sort key orders them.
                    let key = format!("{}#{:06}", r.office, r.version);
                    let guard = Guard::Report(format!("{} {} v{}", r.office, r.month, r.version));
                    b.put(
                        with_data(item(format!("RPT#{}", r.month), key), &r).map_err(CommitError::Store)?,
                        Some("attribute_not_exists(PK)"),
                        &[],
                        OnFail::Exists(guard),
                    )?
                }
                Write::BookSlot { booking, capacity } => {
                    let (pk, sk) = slot_key(&booking);
                    b.update(
                        pk,
                        &sk,
                        "ADD taken :one",
                        Some("attribute_not_exists(taken) OR taken < :capacity"),
                        &[(":one", n(1)), (":capacity", n(capacity))],
                        OnFail::Full(Guard::Slot(booking.slot_key())),
                    )?;
                    b.put(booking_item(&booking)?, None, &[], OnFail::Never)?;
                }
                Write::FreeSlot(booking) => {
                    let (pk, sk) = slot_key(&booking);
                    b.update(
                        pk,
                        &sk,
                        "ADD taken :less",
                        Some("taken > :none"),
                        &[(":less", n(-1)), (":none", n(0))],
                        OnFail::Never,
                    )?;
                    b.put(booking_item(&booking)?, None, &[], OnFail::Never)?;
                }
                Write::PutBooking(booking) => b.put(booking_item(&booking)?, None, &[], OnFail::Never)?,
                Write::Tally { scope, name, by } => {
                    b.update(format!("TALLY#{scope}"), &name, "ADD tally :by", None, &[(":by", n(by))], OnFail::Never)?
                }
                Write::DeleteJob { id } => b.delete(format!("JOB#{id}"), "JOB")?,
                Write::CreateJob(job) => b.put(
                    job_item(&job)?,
                    Some("attribute_not_exists(PK)"),
                    &[],
                    OnFail::Exists(Guard::Job(job.id.clone())),
                )?,
                Write::UpdateJob { mut job, expected_version } => {
                    job.version = expected_version.saturating_add(1);
                    let on_fail = OnFail::Changed(Guard::Job(job.id.clone()));
                    b.put(job_item(&job)?, Some("version = :v"), &[(":v", n(expected_version))], on_fail)?;
                }
                Write::PutUpload(u) => {
                    let mut i = with_data(item(format!("UP#{}", u.id), "UP"), &u).map_err(CommitError::Store)?;
                    // A promise never kept, or a file refused, is not kept for long; a received
                    // upload stays with its case.
                    if u.status != UploadStatus::Received {
                        i.insert("expires_at".into(), ttl(u.expires_at + kept::DELIVERED));
                    }
                    b.put(i, None, &[], OnFail::Never)?
                }
            }
        }
        if b.ops.is_empty() {
            return Ok(());
        }
        let (items, on_fail): (Vec<_>, Vec<_>) = b.ops.into_iter().unzip();
        match self.client.transact_write_items().set_transact_items(Some(items)).send().await {
            Ok(_) => Ok(()),
            Err(e) => Err(cancelled(e.into_service_error(), &on_fail)),
        }
    }
}

/// A desk's slot counter: one partition per desk and day, one item per slot start.
fn slot_key(b: &Booking) -> (String, String) {
    (format!("SLOT#{}#{}#{}", b.office, b.visit.as_str(), b.day), time(b.start))
}

/// A booking on its day's list: one partition per day, sorted by office and start.
pub(super) fn booking_key(day: chrono::NaiveDate) -> String {
    format!("APPT#{day}")
}

fn booking_item(b: &Booking) -> Result<Item, CommitError> {
    let sk = format!("{}#{}#{}", b.office, time(b.start), b.case_id);
    with_data(item(booking_key(b.day), sk), b).map_err(CommitError::Store)
}

/// A case's registration number points back at it, for lookups by number.
fn number_guard(b: &mut Batch, c: &Case) -> Result<(), CommitError> {
    if let Some(number) = &c.number {
        let mut i = item(format!("NUM#{number}"), "NUM");
        i.insert("case_id".into(), s(c.id.clone()));
        // Numbers are unique: a number held by another case fails the whole set.
        let on_fail = OnFail::Exists(Guard::CaseNumber(number.clone()));
        b.put(i, Some("attribute_not_exists(PK) OR case_id = :id"), &[(":id", s(c.id.clone()))], on_fail)?;
    }
    Ok(())
}

fn cancelled(e: TransactWriteItemsError, on_fail: &[OnFail]) -> CommitError {
    let TransactWriteItemsError::TransactionCanceledException(cancel) = &e else { return store(e) };
    let reasons = cancel.cancellation_reasons();
    for (reason, meaning) in reasons.iter().zip(on_fail) {
        if matches!(reason.code(), Some("ConditionalCheckFailed" | "TransactionConflict")) {
            match meaning {
                OnFail::Exists(guard) => return CommitError::Exists(guard.clone()),
                OnFail::Changed(guard) => return CommitError::Changed(guard.clone()),
                OnFail::Full(guard) if reason.code() == Some("ConditionalCheckFailed") => {
                    return CommitError::Full(guard.clone());
                }
                OnFail::Full(_) | OnFail::Never => {}
            }
        }
    }
    // A conflict with another transaction on an unconditioned item: the caller retries.
    if reasons.iter().any(|r| r.code() == Some("TransactionConflict")) {
        return CommitError::Changed(Guard::Transaction);
    }
    store(e)
}

/// A TTL attribute: epoch seconds. DynamoDB removes the item some time after it passes; reads
/// still check expiry themselves.
fn ttl(at: chrono::DateTime<chrono::Utc>) -> AttributeValue {
    n(at.timestamp())
}

/// A transaction may touch an item once: additions to the same figure become one.
fn merge_tallies(writes: Vec<Write>) -> Vec<Write> {
    let mut merged: Vec<Write> = Vec::with_capacity(writes.len());
    for write in writes {
        if let Write::Tally { scope, name, by } = &write {
            let same = merged.iter_mut().find_map(|w| match w {
                Write::Tally { scope: s, name: n, by: b } if s == scope && n == name => Some(b),
                _ => None,
            });
            if let Some(total) = same {
                *total += by;
                continue;
            }
        }
        merged.push(write);
    }
    merged
}
