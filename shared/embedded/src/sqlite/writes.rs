//! Atomic sets of conditional writes: each all or nothing, several in one IMMEDIATE transaction
//! (group.rs).

use std::fmt::Write as _;

use adminduk_ports::{Case, CommitError, Guard, Listing, StoreError, Write};
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{Connection, ErrorCode, OptionalExtension, ToSql, params, params_from_iter};

use super::numbers::Given;

fn fail(e: rusqlite::Error) -> CommitError {
    CommitError::Store(StoreError(e.to_string()))
}

fn json(value: &impl serde::Serialize) -> Result<String, CommitError> {
    serde_json::to_string(value).map_err(|e| CommitError::Store(StoreError(e.to_string())))
}

/// SQLite integers are signed.
fn version(v: u64) -> Result<i64, CommitError> {
    i64::try_from(v).map_err(|_| CommitError::Store(StoreError(format!("versi {v} terlalu besar"))))
}

/// The version after `expected`, when both fit the column.
fn next_version(expected: u64) -> Option<u64> {
    expected.checked_add(1).filter(|v| i64::try_from(*v).is_ok())
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation)
}

fn put_booking(tx: &Connection, booking: &adminduk_ports::Booking) -> Result<(), CommitError> {
    exec(
        tx,
        "INSERT OR REPLACE INTO bookings (day, office, start, case_id, data) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![booking.day, booking.office.to_string(), booking.start, booking.case_id, json(booking)?],
    )
    .map_err(fail)?;
    Ok(())
}

/// Each of `batches` (the writes of one caller each) in one transaction, with the registration
/// numbers `given` since the last commit that held: all of a batch or none of it, every answer
/// once the transaction is committed. A batch beside others goes in a savepoint, so one whose
/// condition fails is undone alone. Begun and ended by cached statements, as a read is
/// (readers.rs).
pub(super) fn commit(c: &mut Connection, given: &mut Given, batches: Vec<Vec<Write>>) -> Vec<Result<(), CommitError>> {
    let count = batches.len();
    let mut answers = Vec::with_capacity(count);
    let done = statement(c, "BEGIN IMMEDIATE").and_then(|()| {
        given.write(c).map_err(fail)?;
        for writes in batches {
            answers.push(apply_alone(c, writes, count > 1)?);
        }
        statement(c, "COMMIT")
    });
    match done {
        Ok(()) => {
            given.written();
            answers
        }
        Err(e) => {
            // The first error is the answer (a condition that failed, say); should the rollback
            // fail too, the next BEGIN says so, as rusqlite's own transaction would leave it.
            if !c.is_autocommit() {
                let _ = c.execute_batch("ROLLBACK");
            }
            vec![Err(e); count]
        }
    }
}

/// One batch, in a savepoint of its own when `beside_others`: its own failure is its answer, a
/// failure that ended the whole transaction (a full disk) everyone's.
fn apply_alone(
    c: &Connection,
    writes: Vec<Write>,
    beside_others: bool,
) -> Result<Result<(), CommitError>, CommitError> {
    if !beside_others {
        return apply(c, writes).map(Ok);
    }
    statement(c, "SAVEPOINT batch")?;
    match apply(c, writes) {
        Ok(()) => statement(c, "RELEASE batch").map(Ok),
        Err(e) if c.is_autocommit() => Err(e),
        Err(e) => {
            statement(c, "ROLLBACK TO batch")?;
            statement(c, "RELEASE batch")?;
            Ok(Err(e))
        }
    }
}

fn statement(c: &Connection, sql: &str) -> Result<(), CommitError> {
    c.prepare_cached(sql).and_then(|mut s| s.execute([])).map(|_| ()).map_err(fail)
}

fn apply(tx: &Connection, writes: Vec<Write>) -> Result<(), CommitError> {
    for write in writes {
        match write {
            Write::CreateAccount(account) => {
                let kind = json(&account.kind)?;
                let kind = kind.trim_matches('"');
                exec(
                    tx,
                    "INSERT INTO accounts (id, kind, version, data) VALUES (?1, ?2, ?3, ?4)",
                    params![account.id, kind, version(account.version)?, json(&account)?],
                )
                .map_err(|e| {
                    if is_constraint(&e) { CommitError::Exists(Guard::Account(account.id.clone())) } else { fail(e) }
                })?;
            }
            Write::UpdateAccount { mut account, expected_version } => {
                // A version no row can have (a client's guess past i64) is simply not the current one.
                let Some(next) = next_version(expected_version) else {
                    return Err(CommitError::Changed(Guard::Account(account.id)));
                };
                account.version = next;
                let changed = exec(
                    tx,
                    "UPDATE accounts SET version = ?1, data = ?2 WHERE id = ?3 AND version = ?4",
                    params![version(account.version)?, json(&account)?, account.id, version(expected_version)?],
                )
                .map_err(fail)?;
                if changed == 0 {
                    return Err(CommitError::Changed(Guard::Account(account.id)));
                }
            }
            Write::ClaimAlias { alias, account_id } => {
                let changed = exec(
                    tx,
                    "INSERT INTO aliases (alias, account_id) VALUES (?1, ?2)
                         ON CONFLICT (alias) DO UPDATE SET account_id = excluded.account_id
                         WHERE aliases.account_id = excluded.account_id",
                    params![alias, account_id],
                )
                .map_err(fail)?;
                if changed == 0 {
                    return Err(CommitError::Exists(Guard::Alias(alias)));
                }
            }
            Write::ReleaseAlias { alias } => {
                exec(tx, "DELETE FROM aliases WHERE alias = ?1", [alias]).map_err(fail)?;
            }
            Write::PutCode(code) => {
                exec(
                    tx,
                    "INSERT OR REPLACE INTO codes (account_id, purpose, data) VALUES (?1, ?2, ?3)",
                    params![code.account_id, code.purpose.as_str(), json(&code)?],
                )
                .map_err(fail)?;
            }
            Write::DeleteCode { account_id, purpose } => {
                exec(
                    tx,
                    "DELETE FROM codes WHERE account_id = ?1 AND purpose = ?2",
                    params![account_id, purpose.as_str()],
                )
                .map_err(fail)?;
            }
            Write::PutRefreshToken(token) => {
                exec(
                    tx,
                    "INSERT INTO refresh_tokens (hash, account_id, revoked, data) VALUES (?1, ?2, ?3, ?4)",
                    params![token.hash, token.account_id, token.revoked, json(&token)?],
                )
                .map_err(|e| if is_constraint(&e) { CommitError::Exists(Guard::RefreshToken) } else { fail(e) })?;
            }
            Write::RevokeRefreshToken { hash, spent_at } => {
                let spent = spent_at.map(|t| json(&t)).transpose()?;
                let changed = exec(
                    tx,
                    "UPDATE refresh_tokens SET revoked = 1, \
                         data = CASE WHEN ?2 IS NULL THEN data ELSE json_set(data, '$.spent_at', json(?2)) END \
                         WHERE hash = ?1 AND revoked = 0",
                    params![hash, spent],
                )
                .map_err(fail)?;
                if changed == 0 {
                    return Err(CommitError::Changed(Guard::RefreshToken));
                }
            }
            Write::RevokeAllRefreshTokens { account_id } => {
                exec(tx, "UPDATE refresh_tokens SET revoked = 1 WHERE account_id = ?1", [account_id]).map_err(fail)?;
            }
            Write::PutInstitution(institution) => {
                exec(
                    tx,
                    "INSERT OR REPLACE INTO institutions (id, data) VALUES (?1, ?2)",
                    params![institution.id, json(&institution)?],
                )
                .map_err(fail)?;
            }
            Write::CreateClient(client) => {
                exec(tx, "INSERT INTO clients (id, data) VALUES (?1, ?2)", params![client.id, json(&client)?])
                    .map_err(|e| {
                        if is_constraint(&e) { CommitError::Exists(Guard::Client(client.id.clone())) } else { fail(e) }
                    })?;
            }
            Write::UpdateClient { mut client, expected_version } => {
                let Some(next) = next_version(expected_version) else {
                    return Err(CommitError::Changed(Guard::Client(client.id)));
                };
                client.version = next;
                // The version lives in the record (0 where a record predates it).
                let changed = exec(
                    tx,
                    "UPDATE clients SET data = ?1 WHERE id = ?2 AND coalesce(json_extract(data, '$.version'), 0) = ?3",
                    params![json(&client)?, client.id, version(expected_version)?],
                )
                .map_err(fail)?;
                if changed == 0 {
                    return Err(CommitError::Changed(Guard::Client(client.id)));
                }
            }
            Write::Enqueue(message) => {
                exec(
                    tx,
                    "INSERT OR IGNORE INTO outbox (id, data) VALUES (?1, ?2)",
                    params![message.id, json(&message)?],
                )
                .map_err(fail)?;
            }
            Write::Audit(entry) => {
                exec(tx, "INSERT INTO audit_log (at, data) VALUES (?1, ?2)", params![entry.at, json(&entry)?])
                    .map_err(fail)?;
            }
            Write::RecordProcessing { about, entry } => {
                exec(
                    tx,
                    "INSERT INTO processing_record (nik, data) VALUES (?1, ?2)",
                    params![about.as_str(), json(&entry)?],
                )
                .map_err(fail)?;
            }
            Write::DeleteJob { id } => {
                exec(tx, "DELETE FROM verification_jobs WHERE id = ?1", params![id]).map_err(fail)?;
            }
            Write::CreateJob(job) => {
                exec(tx, "INSERT INTO verification_jobs (id, data) VALUES (?1, ?2)", params![job.id, json(&job)?])
                    .map_err(|e| {
                        if is_constraint(&e) { CommitError::Exists(Guard::Job(job.id.clone())) } else { fail(e) }
                    })?;
            }
            Write::UpdateJob { mut job, expected_version } => {
                let Some(next) = next_version(expected_version) else {
                    return Err(CommitError::Changed(Guard::Job(job.id)));
                };
                job.version = next;
                let changed = exec(
                    tx,
                    "UPDATE verification_jobs SET data = ?1 WHERE id = ?2 AND json_extract(data, '$.version') = ?3",
                    params![json(&job)?, job.id, version(expected_version)?],
                )
                .map_err(fail)?;
                if changed == 0 {
                    return Err(CommitError::Changed(Guard::Job(job.id)));
                }
            }
            Write::LogWebhookAttempt { client, attempt } => {
                exec(
                    tx,
                    "INSERT INTO webhook_attempts (client, data) VALUES (?1, ?2)",
                    params![client, json(&attempt)?],
                )
                .map_err(fail)?;
            }
            Write::MessageDelivered { id, at } => {
                exec(tx, "UPDATE outbox SET delivered_at = ?1 WHERE id = ?2", params![at, id]).map_err(fail)?;
            }
            Write::MessageFailed { id, attempts, retry_at } => {
                exec(
                    tx,
                    "UPDATE outbox SET attempts = ?1, next_attempt_at = ?2 WHERE id = ?3 AND delivered_at IS NULL",
                    params![attempts, retry_at, id],
                )
                .map_err(fail)?;
            }
            Write::MessageDead { id, attempts, at, error } => {
                exec(
                    tx,
                    "UPDATE outbox SET attempts = ?1, dead_at = ?2, last_error = ?3 WHERE id = ?4 AND delivered_at IS NULL",
                    params![attempts, at, error, id],
                )
                .map_err(fail)?;
            }
            Write::MessageRevived { id, at } => {
                exec(
                    tx,
                    "UPDATE outbox SET attempts = 0, next_attempt_at = ?1, dead_at = NULL WHERE id = ?2 AND dead_at IS NOT NULL",
                    params![at, id],
                )
                .map_err(fail)?;
            }
            Write::CreateCase { case, listing } => {
                let mut values = vec![
                    Value::Text(case.id.clone()),
                    Value::Text(case.reporter.clone()),
                    Value::Integer(version(case.version)?),
                    Value::Text(json(&case)?),
                    Value::Text(listing.json),
                    Value::Text(listing.catalogue),
                ];
                values.extend(indexed_values(&case).map_err(fail)?);
                let sql = format!(
                    "INSERT INTO cases (id, reporter, version, data, listing, listed_with, {}) VALUES ({})",
                    INDEXED.join(", "),
                    (1..=values.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
                );
                exec(tx, &sql, params_from_iter(values)).map_err(|e| {
                    if is_constraint(&e) { CommitError::Exists(Guard::Case(case.id.clone())) } else { fail(e) }
                })?;
            }
            Write::UpdateCase { mut case, listing, expected_version } => {
                let Some(next) = next_version(expected_version) else {
                    return Err(CommitError::Changed(Guard::Case(case.id)));
                };
                case.version = next;
                update_case(tx, &case, listing, expected_version)?;
            }
            Write::AppendCaseEvent(event) => {
                // One past the case's last entry: the writer's lock orders them.
                exec(
                    tx,
                    "INSERT INTO case_events (case_id, seq, data)
                     VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?1), ?2)",
                    params![event.case_id, json(&event)?],
                )
                .map_err(fail)?;
            }
            Write::ClaimIdempotencyKey { account_id, key, case_id, request } => {
                exec(
                    tx,
                    "INSERT INTO idempotency_keys (account_id, key, case_id, request) VALUES (?1, ?2, ?3, ?4)",
                    params![account_id, key, case_id, request],
                )
                .map_err(|e| {
                    if is_constraint(&e) {
                        CommitError::Exists(Guard::IdempotencyKey { account_id: account_id.clone(), key: key.clone() })
                    } else {
                        fail(e)
                    }
                })?;
            }
            Write::PutReport(report) => {
                let office = report.office.to_string();
                exec(
                    tx,
                    "INSERT INTO reports (month, office, version, data) VALUES (?1, ?2, ?3, ?4)",
                    params![report.month, office, report.version, json(&report)?],
                )
                .map_err(|e| {
                    if is_constraint(&e) {
                        CommitError::Exists(Guard::Report(format!("{office} {} v{}", report.month, report.version)))
                    } else {
                        fail(e)
                    }
                })?;
            }
            Write::BookSlot { booking, capacity } => {
                let taken = exec(
                    tx,
                    "INSERT INTO slot_loads (office, visit, day, start, taken) VALUES (?1, ?2, ?3, ?4, 1)
                         ON CONFLICT (office, visit, day, start) DO UPDATE SET taken = taken + 1
                         WHERE slot_loads.taken < ?5",
                    params![booking.office.to_string(), booking.visit.as_str(), booking.day, booking.start, capacity],
                )
                .map_err(fail)?;
                if taken == 0 || capacity == 0 {
                    return Err(CommitError::Full(Guard::Slot(booking.slot_key())));
                }
                put_booking(tx, &booking)?;
            }
            Write::FreeSlot(booking) => {
                exec(
                    tx,
                    "UPDATE slot_loads SET taken = taken - 1
                     WHERE office = ?1 AND visit = ?2 AND day = ?3 AND start = ?4 AND taken > 0",
                    params![booking.office.to_string(), booking.visit.as_str(), booking.day, booking.start],
                )
                .map_err(fail)?;
                put_booking(tx, &booking)?;
            }
            Write::PutBooking(booking) => put_booking(tx, &booking)?,
            Write::Tally { scope, name, by } => {
                exec(
                    tx,
                    "INSERT INTO tallies (scope, name, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT (scope, name) DO UPDATE SET value = value + ?3",
                    params![scope, name, version(by)?],
                )
                .map_err(fail)?;
            }
            Write::PutUpload(upload) => {
                exec(
                    tx,
                    "INSERT OR REPLACE INTO uploads (id, case_id, data) VALUES (?1, ?2, ?3)",
                    params![upload.id, upload.case_id, json(&upload)?],
                )
                .map_err(fail)?;
            }
        }
    }
    Ok(())
}

/// The columns of a case's row that indexes are built on (and the queue sizes' trigger watches),
/// in the order of [`indexed_values`].
const INDEXED: [&str; 7] =
    ["number", "office", "queue_key", "state_due", "closed", "applicant_nik", "draft_updated_at"];

fn indexed_values(case: &Case) -> rusqlite::Result<[Value; 7]> {
    let draft = case.outcome.is_none() && case.submitted_at.is_none();
    Ok([
        value(&case.number)?,
        Value::Text(case.office.to_string()),
        Value::Text(format!("{}/{}", case.workflow, case.state)),
        value(&case.state_due)?,
        Value::Integer(case.outcome.is_some().into()),
        value(&case.applicant.nik.as_ref().map(|n| n.as_str()))?,
        Value::from(draft.then(|| super::document_time(case.updated_at))),
    ])
}

/// `v` as the column holds it.
fn value(v: &dyn ToSql) -> rusqlite::Result<Value> {
    match v.to_sql()? {
        ToSqlOutput::Owned(v) => Ok(v),
        ToSqlOutput::Borrowed(v) => Value::try_from(v).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into())),
        _ => Err(rusqlite::Error::ToSqlConversionFailure("not a column value".into())),
    }
}

/// Writes `case` over its row at `expected` version, naming in SET only the indexed columns
/// whose value changes: SQLite rewrites an index's entry whenever the statement sets one of its
/// columns, changed or not, and each page so rewritten is one more frame in the log.
fn update_case(tx: &Connection, case: &Case, listing: Listing, expected: u64) -> Result<(), CommitError> {
    let expected = version(expected)?;
    let read = format!("SELECT rowid, {} FROM cases WHERE id = ?1 AND version = ?2", INDEXED.join(", "));
    let stored = tx
        .prepare_cached(&read)
        .and_then(|mut read| {
            read.query_row(params![case.id, expected], |r| {
                let stored: rusqlite::Result<Vec<Value>> = (1..=INDEXED.len()).map(|i| r.get(i)).collect();
                Ok((r.get::<_, i64>(0)?, stored?))
            })
            .optional()
        })
        .map_err(fail)?;
    let Some((rowid, stored)) = stored else { return Err(CommitError::Changed(Guard::Case(case.id.clone()))) };
    let mut sql = String::from("UPDATE cases SET version = ?1, data = ?2, listing = ?3, listed_with = ?4");
    let mut values = vec![
        Value::Integer(version(case.version)?),
        Value::Text(json(case)?),
        Value::Text(listing.json),
        Value::Text(listing.catalogue),
    ];
    for ((column, new), old) in INDEXED.iter().zip(indexed_values(case).map_err(fail)?).zip(stored) {
        if new != old {
            values.push(new);
            let _ = write!(sql, ", {column} = ?{}", values.len());
        }
    }
    values.push(Value::Integer(rowid));
    let _ = write!(sql, " WHERE rowid = ?{}", values.len());
    exec(tx, &sql, params_from_iter(values)).map_err(|e| match &case.number {
        // The only unique column an update can collide on.
        Some(number) if is_constraint(&e) => CommitError::Exists(Guard::CaseNumber(number.clone())),
        _ => fail(e),
    })?;
    Ok(())
}

/// One statement, prepared once per connection: the same few statements run on every write.
fn exec(c: &Connection, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
    c.prepare_cached(sql)?.execute(params)
}
