//! The read side of every port, and the operations that are not atomic sets (register upserts,
//! rate-limit hits).

use adminduk_domain::appointment::Visit;
use adminduk_domain::ids::{Nik, NoKk};
use adminduk_domain::office::Office;
use adminduk_ports::{
    Account, Appointments, AuditEntry, Booking, Case, CaseEvent, CaseHead, Cases, CodePurpose, CommitError,
    DeadMessage, Family, IdempotentCase, Identity, Institution, MachineClient, OneTimeCode, OutboxEntry, OutboxMessage,
    QueueAfter, QueueCounts, Queued, RateLimits, Records, RefreshToken, RegisterWriter, Registry, Reports, Resident,
    Retention, StoreError, StoreResult, StoredReport, Upload, UpsertCounts, VerificationJob, WebhookAttempt, Write,
};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::{
    AttributeValue, KeysAndAttributes, Put, PutRequest, ReturnValue, TransactWriteItem, Update, WriteRequest,
};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};

/// How far back the audit log is read for one page: two years of monthly partitions.
const AUDIT_MONTHS_READ: u32 = 25;

use super::items::{data, item, n, number, s, text, time, with_data};
use super::{Bounded, DynamoStore, Item, SortKey, err};

/// Rounds a filing may lose to others before its number is refused (each round one wins).
const NUMBERING_ROUNDS: u64 = 500;

/// BatchGetItem and BatchWriteItem limits.
const BATCH_GET: usize = 100;
const BATCH_WRITE: usize = 25;

pub(super) fn resident_item(r: &Resident) -> StoreResult<Item> {
    let mut i = with_data(item(format!("RES#{}", r.nik), "RES"), r)?;
    i.insert("GSI1PK".into(), s(format!("KK#{}", r.no_kk)));
    i.insert("GSI1SK".into(), s(format!("RES#{:02}#{}#{}", r.shdk.code(), r.birth_date, r.nik)));
    Ok(i)
}

impl DynamoStore {
    async fn document<T: serde::de::DeserializeOwned>(&self, pk: &str, sk: &str) -> StoreResult<Option<T>> {
        self.get(pk, sk).await?.map(|i| data(&i)).transpose()
    }

    /// Writes items in batches, retrying what DynamoDB leaves unprocessed.
    async fn put_all(&self, items: Vec<Item>) -> StoreResult<()> {
        for chunk in items.chunks(BATCH_WRITE) {
            let mut requests: Vec<WriteRequest> = chunk
                .iter()
                .map(|i| {
                    let put = PutRequest::builder().set_item(Some(i.clone())).build().map_err(err)?;
                    Ok(WriteRequest::builder().put_request(put).build())
                })
                .collect::<StoreResult<Vec<_>>>()?;
            while !requests.is_empty() {
                let out = self
                    .client
                    .batch_write_item()
                    .request_items(&self.table, requests)
                    .send()
                    .await
                    .map_err(|e| err(e.into_service_error()))?;
                requests = out.unprocessed_items.and_then(|mut m| m.remove(&self.table)).unwrap_or_default();
            }
        }
        Ok(())
    }

    /// The stored residents among `niks`, a hundred keys per request.
    async fn batch_residents(&self, niks: &[&str]) -> StoreResult<Vec<Resident>> {
        // A request may not name a key twice.
        let niks: Vec<&str> = niks.iter().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let mut found = Vec::new();
        for chunk in niks.chunks(BATCH_GET) {
            let keys: Vec<Item> = chunk.iter().map(|nik| item(format!("RES#{nik}"), "RES")).collect();
            let mut request =
                Some(KeysAndAttributes::builder().set_keys(Some(keys)).consistent_read(true).build().map_err(err)?);
            while let Some(keys) = request.take() {
                let out = self
                    .client
                    .batch_get_item()
                    .request_items(&self.table, keys)
                    .send()
                    .await
                    .map_err(|e| err(e.into_service_error()))?;
                for i in out.responses.and_then(|mut r| r.remove(&self.table)).unwrap_or_default() {
                    found.push(data(&i)?);
                }
                request = out.unprocessed_keys.and_then(|mut u| u.remove(&self.table)).filter(|k| !k.keys.is_empty());
            }
        }
        Ok(found)
    }
}

#[async_trait]
impl Registry for DynamoStore {
    async fn resident(&self, nik: &Nik) -> StoreResult<Option<Resident>> {
        self.document(&format!("RES#{nik}"), "RES").await
    }

    async fn residents(&self, niks: &[Nik]) -> StoreResult<Vec<Resident>> {
        self.batch_residents(&niks.iter().map(Nik::as_str).collect::<Vec<_>>()).await
    }

    async fn family(&self, no_kk: &NoKk) -> StoreResult<Option<(Family, Vec<Resident>)>> {
        let Some(family) = self.document::<Family>(&format!("KK#{no_kk}"), "KK").await? else { return Ok(None) };
        let members = self.query(Some("GSI1"), &format!("KK#{no_kk}"), true, Some("RES#")).await?;
        let members = members.iter().map(data).collect::<StoreResult<Vec<Resident>>>()?;
        Ok(Some((family, members)))
    }
}

#[async_trait]
impl RegisterWriter for DynamoStore {
    async fn upsert_register(&self, families: Vec<Family>, residents: Vec<Resident>) -> StoreResult<UpsertCounts> {
        let niks: Vec<&str> = residents.iter().map(|r| r.nik.as_str()).collect();
        let stored: std::collections::HashMap<Nik, Resident> =
            self.batch_residents(&niks).await?.into_iter().map(|r| (r.nik.clone(), r)).collect();
        let mut counts = UpsertCounts::default();
        let mut items = Vec::new();
        for r in &residents {
            match stored.get(&r.nik) {
                None => counts.inserted += 1,
                Some(old) if old == r => {
                    counts.unchanged += 1;
                    continue;
                }
                Some(_) => counts.updated += 1,
            }
            items.push(resident_item(r)?);
        }
        for f in &families {
            items.push(with_data(item(format!("KK#{}", f.no_kk), "KK"), f)?);
        }
        self.put_all(items).await?;
        Ok(counts)
    }
}

#[async_trait]
impl Identity for DynamoStore {
    async fn account(&self, id: &str) -> StoreResult<Option<Account>> {
        self.document(&format!("ACC#{id}"), "ACC").await
    }

    async fn account_and_resident(&self, id: &str) -> StoreResult<Option<(Account, Option<Resident>)>> {
        let Some(account) = self.account(id).await? else { return Ok(None) };
        let resident = match account.register_nik() {
            Some(nik) => self.resident(nik).await?,
            None => None,
        };
        Ok(Some((account, resident)))
    }

    async fn account_by_alias(&self, alias: &str) -> StoreResult<Option<Account>> {
        let guard = self.get(&format!("ALIAS#{alias}"), "ALIAS").await?;
        match guard.and_then(|g| text(&g, "account_id")) {
            Some(id) => self.account(&id).await,
            None => Ok(None),
        }
    }

    async fn accounts_of_kind(&self, kind: adminduk_ports::AccountKind) -> StoreResult<Vec<Account>> {
        let items = self.query(Some("GSI1"), &format!("KIND#{}", kind.as_str()), true, None).await?;
        items.iter().map(data).collect()
    }

    async fn code(&self, account_id: &str, purpose: CodePurpose) -> StoreResult<Option<OneTimeCode>> {
        self.document(&format!("ACC#{account_id}"), &format!("CODE#{}", purpose.as_str())).await
    }

    async fn refresh_token(&self, hash: &str) -> StoreResult<Option<RefreshToken>> {
        let Some(i) = self.get(&format!("RT#{hash}"), "RT").await? else { return Ok(None) };
        let mut token: RefreshToken = data(&i)?;
        token.revoked = i.get("revoked").and_then(|v| v.as_bool().ok()).copied().unwrap_or(false);
        token.spent_at = i
            .get("spent_at")
            .and_then(|v| v.as_s().ok())
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.to_utc());
        Ok(Some(token))
    }

    async fn institution(&self, id: &str) -> StoreResult<Option<Institution>> {
        self.document(&format!("INS#{id}"), "INS").await
    }

    async fn client(&self, id: &str) -> StoreResult<Option<MachineClient>> {
        self.document(&format!("CLI#{id}"), "CLI").await
    }

    async fn institutions(&self) -> StoreResult<Vec<Institution>> {
        self.query(Some("GSI1"), "KIND#INS", true, None).await?.iter().map(data).collect()
    }

    async fn clients(&self) -> StoreResult<Vec<MachineClient>> {
        self.query(Some("GSI1"), "KIND#CLI", true, None).await?.iter().map(data).collect()
    }

    async fn commit(&self, writes: Vec<Write>) -> Result<(), CommitError> {
        self.transact(writes).await
    }
}

/// Fixed windows aligned on the epoch, as in every adapter.
fn window_start(window: TimeDelta, now: DateTime<Utc>) -> i64 {
    let width = window.num_seconds().max(1);
    now.timestamp().div_euclid(width) * width
}

#[async_trait]
impl RateLimits for DynamoStore {
    async fn hit(&self, key: &str, window: TimeDelta, now: DateTime<Utc>) -> StoreResult<u32> {
        let start = window_start(window, now);
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("PK", s(format!("RL#{key}")))
            .key("SK", s(start.to_string()))
            .update_expression("ADD hits :one SET expires_at = :expires")
            .expression_attribute_values(":one", n(1))
            // Old windows expire through the table's TTL.
            .expression_attribute_values(":expires", n(start + 2 * window.num_seconds().max(1)))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(|e| err(e.into_service_error()))?;
        let hits = out.attributes.as_ref().and_then(|a| number(a, "hits")).unwrap_or(1);
        Ok(u32::try_from(hits).unwrap_or(u32::MAX))
    }

    async fn count(&self, key: &str, window: TimeDelta, now: DateTime<Utc>) -> StoreResult<u32> {
        let start = window_start(window, now);
        let hits =
            self.get(&format!("RL#{key}"), &start.to_string()).await?.and_then(|i| number(&i, "hits")).unwrap_or(0);
        Ok(u32::try_from(hits).unwrap_or(u32::MAX))
    }
}

#[async_trait]
impl Retention for DynamoStore {
    async fn abandoned_drafts(&self, before: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Case>> {
        let bound = time(before);
        let q = Bounded {
            index: Some("GSI4"),
            partition: super::writes::DRAFTS.to_string(),
            sort_key: Some(SortKey::AtMost(&bound)),
            forward: true,
            filter: None,
        };
        self.query_bounded(q, limit).await?.iter().map(data).collect()
    }

    async fn purge_delivered(&self, _now: DateTime<Utc>) -> StoreResult<u64> {
        // The table's TTL removes delivered messages (`expires_at`, set at delivery).
        Ok(0)
    }

    async fn expired_jobs(&self, _before: DateTime<Utc>, _limit: u32) -> StoreResult<Vec<String>> {
        // The table's TTL removes jobs, the bucket's lifecycle rule their files.
        Ok(Vec::new())
    }
}

#[async_trait]
impl Records for DynamoStore {
    async fn audit(&self, until: DateTime<Utc>, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        // One partition per month, newest first, back from `until`'s month until the page is full.
        let bound = format!("{}#~", time(until));
        let mut entries = Vec::new();
        let mut month = until.date_naive().with_day(1).unwrap_or_default();
        for _ in 0..AUDIT_MONTHS_READ {
            let wanted = limit.saturating_sub(u32::try_from(entries.len()).unwrap_or(u32::MAX));
            if wanted == 0 {
                break;
            }
            let q = Bounded {
                index: None,
                partition: super::audit_partition(month),
                sort_key: Some(SortKey::AtMost(&bound)),
                forward: false,
                filter: None,
            };
            for i in self.query_bounded(q, wanted).await? {
                entries.push(data(&i)?);
            }
            month = month.checked_sub_months(chrono::Months::new(1)).unwrap_or_default();
        }
        Ok(entries)
    }

    async fn pending_messages(&self, limit: u32) -> StoreResult<Vec<OutboxMessage>> {
        let items = self.query(Some("GSI2"), "OUTBOX", true, None).await?;
        items.iter().take(limit as usize).map(data).collect()
    }

    async fn due_messages(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<(OutboxMessage, u32)>> {
        let now = time(now);
        let items = self.query(Some("GSI2"), "OUTBOX", true, None).await?;
        items
            .iter()
            .filter(|i| text(i, "next_attempt_at").is_none_or(|t| t <= now))
            .take(limit as usize)
            .map(|i| Ok((data(i)?, attempts(i))))
            .collect()
    }

    async fn message(&self, id: &str) -> StoreResult<Option<OutboxEntry>> {
        let Some(i) = self.get(&format!("OUT#{id}"), "OUT").await? else { return Ok(None) };
        Ok(Some(OutboxEntry {
            message: data(&i)?,
            attempts: attempts(&i),
            delivered: i.contains_key("delivered_at"),
            dead: i.contains_key("dead_at"),
        }))
    }

    async fn dead_messages(&self, limit: u32) -> StoreResult<Vec<DeadMessage>> {
        let q = Bounded {
            index: Some("GSI2"),
            partition: super::writes::DEAD_LETTERS.to_string(),
            sort_key: None,
            forward: false,
            filter: None,
        };
        let items = self.query_bounded(q, limit).await?;
        items
            .iter()
            // Delivered by another driver at the same moment it was given up on: not dead.
            .filter(|i| !i.contains_key("delivered_at"))
            .map(|i| {
                let dead_at = text(i, "dead_at")
                    .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| t.to_utc())
                    .ok_or_else(|| StoreError("pesan gagal tanpa waktu".into()))?;
                Ok(DeadMessage {
                    message: data(i)?,
                    attempts: attempts(i),
                    dead_at,
                    error: text(i, "last_error").unwrap_or_default(),
                })
            })
            .collect()
    }

    async fn feed(
        &self,
        recipient: &str,
        after: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<(String, OutboxMessage)>> {
        // The cursor is the event's sort key; without one the feed starts at its beginning.
        let q = Bounded {
            index: None,
            partition: format!("FEED#{recipient}"),
            sort_key: after.filter(|a| !a.is_empty()).map(SortKey::After),
            forward: true,
            filter: None,
        };
        let items = self.query_bounded(q, limit).await?;
        items
            .iter()
            .map(|i| Ok((text(i, "SK").ok_or_else(|| StoreError("peristiwa tanpa kunci".into()))?, data(i)?)))
            .collect()
    }

    async fn processing_record(&self, about: &Nik, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        let q =
            Bounded { index: None, partition: format!("PROC#{about}"), sort_key: None, forward: false, filter: None };
        self.query_bounded(q, limit).await?.iter().map(data).collect()
    }

    async fn verification_job(&self, id: &str) -> StoreResult<Option<VerificationJob>> {
        self.document(&format!("JOB#{id}"), "JOB").await
    }

    async fn webhook_attempts(&self, client: &str, limit: u32) -> StoreResult<Vec<WebhookAttempt>> {
        let q =
            Bounded { index: None, partition: format!("HOOK#{client}"), sort_key: None, forward: false, filter: None };
        self.query_bounded(q, limit).await?.iter().map(data).collect()
    }
}

fn attempts(item: &Item) -> u32 {
    u32::try_from(number(item, "attempts").unwrap_or(0)).unwrap_or(u32::MAX)
}

#[async_trait]
impl Cases for DynamoStore {
    async fn case(&self, id: &str) -> StoreResult<Option<Case>> {
        self.document(&format!("CASE#{id}"), "CASE").await
    }

    async fn case_by_number(&self, number: &str) -> StoreResult<Option<Case>> {
        match self.get(&format!("NUM#{number}"), "NUM").await?.and_then(|i| text(&i, "case_id")) {
            Some(id) => self.case(&id).await,
            None => Ok(None),
        }
    }

    async fn cases_of_reporter(&self, account_id: &str) -> StoreResult<Vec<Case>> {
        let items = self.query(Some("GSI1"), &format!("REPORTER#{account_id}"), false, None).await?;
        items.iter().map(data).collect()
    }

    async fn cases_of_applicant(&self, nik: &Nik) -> StoreResult<Vec<Case>> {
        let items = self.query(Some("GSI3"), &format!("NIK#{nik}"), false, None).await?;
        items.iter().map(data).collect()
    }

    async fn queue(
        &self,
        office: &Office,
        below: bool,
        keys: &[String],
        after: Option<&QueueAfter>,
        limit: u32,
        listed_with: Option<&str>,
    ) -> StoreResult<Vec<Queued>> {
        let dinas = office.dinas();
        let filter = queue_filter(office, below);
        // GSI2's sort key is the due date (undated as `~`) and the id: the queue's own order.
        let after = after.map(|a| format!("{}#{}", a.due.map_or_else(|| "~".to_string(), time), a.id));
        // One page of each state's partition, all read at once, then merged.
        let pages = futures::future::try_join_all(keys.iter().map(|key| {
            let q = Bounded {
                index: Some("GSI2"),
                partition: super::queue_partition(&dinas, key),
                sort_key: after.as_deref().map(SortKey::After),
                forward: true,
                filter: filter.clone(),
            };
            self.query_bounded(q, limit)
        }))
        .await?;
        let mut found = Vec::new();
        for i in pages.into_iter().flatten() {
            let order = text(&i, "GSI2SK").unwrap_or_default();
            let current = listed_with.is_some() && text(&i, "listed_with").as_deref() == listed_with;
            let case = match text(&i, "listing").filter(|_| current) {
                Some(json) => listed(&order, json)?,
                None => Queued::Head(Box::new(data::<CaseHead>(&i)?)),
            };
            found.push((order, case));
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found.into_iter().take(limit as usize).map(|(_, c)| c).collect())
    }

    async fn queue_counts(
        &self,
        office: &Office,
        below: bool,
        keys: &[String],
        now: DateTime<Utc>,
        near: DateTime<Utc>,
    ) -> StoreResult<QueueCounts> {
        // Each state's partition is read through, its sort keys only (DynamoDB keeps no count to
        // read instead), all states at once.
        let dinas = office.dinas();
        let filter = queue_filter(office, below);
        let (now, near) = (time(now), time(near));
        let each = futures::future::try_join_all(keys.iter().map(|key| {
            let (partition, filter, now, near) = (super::queue_partition(&dinas, key), &filter, &now, &near);
            async move {
                let mut counts = QueueCounts::default();
                let mut start = None;
                loop {
                    let mut query = self
                        .client
                        .query()
                        .table_name(&self.table)
                        .index_name("GSI2")
                        .key_condition_expression("GSI2PK = :pk")
                        .expression_attribute_values(":pk", s(partition.clone()))
                        .projection_expression("GSI2SK")
                        .set_exclusive_start_key(start);
                    if let Some((expression, values)) = filter {
                        query = query.filter_expression(*expression);
                        for (name, value) in values {
                            query = query.expression_attribute_values(*name, value.clone());
                        }
                    }
                    let out = query.send().await.map_err(|e| err(e.into_service_error()))?;
                    for item in out.items.unwrap_or_default() {
                        let sort_key = text(&item, "GSI2SK").unwrap_or_default();
                        let due = sort_key.split_once('#').map_or(sort_key.as_str(), |(due, _)| due);
                        counts.open += 1;
                        if due != "~" && due < now.as_str() {
                            counts.past += 1;
                        } else if due != "~" && due <= near.as_str() {
                            counts.near += 1;
                        }
                    }
                    match out.last_evaluated_key {
                        Some(key) if !key.is_empty() => start = Some(key),
                        _ => break,
                    }
                }
                StoreResult::Ok(counts)
            }
        }))
        .await?;
        Ok(each.iter().fold(QueueCounts::default(), |all, c| QueueCounts {
            open: all.open + c.open,
            near: all.near + c.near,
            past: all.past + c.past,
        }))
    }

    async fn overdue(&self, keys: &[String], now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Case>> {
        // GSI4 holds the open cases with a due date, per state, soonest first: only the overdue
        // ones are read.
        let bound = format!("{}#~", time(now));
        let mut found = Vec::new();
        for key in keys {
            let q = Bounded {
                index: Some("GSI4"),
                partition: format!("DUE#{key}"),
                sort_key: Some(SortKey::AtMost(&bound)),
                forward: true,
                filter: None,
            };
            for i in self.query_bounded(q, limit).await? {
                found.push((text(&i, "GSI4SK").unwrap_or_default(), data::<Case>(&i)?));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found.into_iter().take(limit as usize).map(|(_, c)| c).collect())
    }

    async fn history(&self, case_id: &str) -> StoreResult<Vec<CaseEvent>> {
        let items = self.query(None, &format!("CASE#{case_id}"), true, Some("EV#")).await?;
        items.iter().map(data).collect()
    }

    async fn idempotent_case(&self, account_id: &str, key: &str) -> StoreResult<Option<IdempotentCase>> {
        let item = self.get(&format!("IDEM#{account_id}#{key}"), "IDEM").await?;
        Ok(item.and_then(|i| Some(IdempotentCase { case_id: text(&i, "case_id")?, request: text(&i, "request") })))
    }

    async fn counter(&self, key: &str) -> StoreResult<u64> {
        Ok(self.get(&format!("CTR#{key}"), "CTR").await?.and_then(|i| number(&i, "counter_value")).unwrap_or(0))
    }

    async fn number_case(&self, key: &str, case_id: &str) -> StoreResult<u64> {
        // The counter moves and the case's number is recorded in one transaction, conditioned on
        // the counter as read and on the case having no number yet: a duplicate of this filing
        // finds the number recorded, another filing that won the round makes this one read the
        // counter again. Every round someone wins, so contention settles; no number is skipped.
        let (counter, held) = (format!("CTR#{key}"), format!("CASENUM#{case_id}"));
        for round in 0..NUMBERING_ROUNDS {
            if let Some(v) = self.get(&held, "CASENUM").await?.as_ref().and_then(|i| number(i, "counter_value")) {
                return Ok(v);
            }
            let current = self.get(&counter, "CTR").await?.as_ref().and_then(|i| number(i, "counter_value"));
            let next = current.unwrap_or(0) + 1;
            let advance = match current {
                None => {
                    let mut i = item(counter.clone(), "CTR");
                    i.insert("counter_value".into(), n(next));
                    TransactWriteItem::builder()
                        .put(
                            Put::builder()
                                .table_name(&self.table)
                                .set_item(Some(i))
                                .condition_expression("attribute_not_exists(PK)")
                                .build()
                                .map_err(err)?,
                        )
                        .build()
                }
                Some(seen) => TransactWriteItem::builder()
                    .update(
                        Update::builder()
                            .table_name(&self.table)
                            .key("PK", s(counter.clone()))
                            .key("SK", s("CTR"))
                            .update_expression("SET counter_value = :next")
                            .condition_expression("counter_value = :seen")
                            .expression_attribute_values(":next", n(next))
                            .expression_attribute_values(":seen", n(seen))
                            .build()
                            .map_err(err)?,
                    )
                    .build(),
            };
            let mut claim = item(held.clone(), "CASENUM");
            claim.insert("counter_value".into(), n(next));
            let claim = TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(&self.table)
                        .set_item(Some(claim))
                        .condition_expression("attribute_not_exists(PK)")
                        .build()
                        .map_err(err)?,
                )
                .build();
            match self.client.transact_write_items().transact_items(advance).transact_items(claim).send().await {
                Ok(_) => return Ok(next),
                Err(e) if e.as_service_error().is_some_and(|e| e.is_transaction_canceled_exception()) => {
                    // Spread the retries of parallel filings a little (a few milliseconds).
                    let spread = (case_id.bytes().map(u64::from).sum::<u64>() + round) % 7;
                    tokio::time::sleep(std::time::Duration::from_millis(1 + spread)).await;
                }
                Err(e) => return Err(err(e.into_service_error())),
            }
        }
        Err(StoreError("penomoran permohonan tidak selesai; coba lagi".into()))
    }

    async fn tallies(&self, scope: &str) -> StoreResult<Vec<(String, u64)>> {
        let items = self.query(None, &format!("TALLY#{scope}"), true, None).await?;
        Ok(items.iter().filter_map(|i| Some((text(i, "SK")?, number(i, "tally").unwrap_or(0)))).collect())
    }

    async fn upload(&self, id: &str) -> StoreResult<Option<Upload>> {
        self.document(&format!("UP#{id}"), "UP").await
    }
}

/// A month's reports share a partition (`RPT#<month>`), sorted by office and version, so a
/// month's overview and one Dinas's versions are each one query.
#[async_trait]
impl Reports for DynamoStore {
    async fn report_versions(&self, office: &str, month: &str) -> StoreResult<Vec<StoredReport>> {
        let items = self.query(None, &format!("RPT#{month}"), true, Some(&format!("{office}#"))).await?;
        items.iter().map(data).collect()
    }

    async fn reports_of_month(&self, month: &str) -> StoreResult<Vec<StoredReport>> {
        let items = self.query(None, &format!("RPT#{month}"), true, None).await?;
        items.iter().map(data).collect()
    }
}

#[async_trait]
impl Appointments for DynamoStore {
    async fn slot_loads(
        &self,
        office: &Office,
        visit: Visit,
        day: NaiveDate,
    ) -> StoreResult<Vec<(DateTime<Utc>, u32)>> {
        let items = self.query(None, &format!("SLOT#{office}#{}#{day}", visit.as_str()), true, None).await?;
        let loads = items.iter().filter_map(|i| {
            let start = DateTime::parse_from_rfc3339(&text(i, "SK")?).ok()?.to_utc();
            let taken = u32::try_from(number(i, "taken")?).ok()?;
            (taken > 0).then_some((start, taken))
        });
        Ok(loads.collect())
    }

    async fn bookings(&self, day: NaiveDate, office: Option<&Office>) -> StoreResult<Vec<Booking>> {
        let prefix = office.map(|o| format!("{o}#"));
        let items = self.query(None, &super::writes::booking_key(day), true, prefix.as_deref()).await?;
        let mut bookings: Vec<Booking> = items.iter().map(data).collect::<StoreResult<_>>()?;
        // Several offices share the day's partition: by start across them.
        bookings.sort_by(|a, b| (a.start, &a.case_id).cmp(&(b.start, &b.case_id)));
        Ok(bookings)
    }
}

/// A queue partition holds one Dinas's cases in one state; the office's own (and those of the
/// counters under it) are told by a filter, which a Dinas's officers do not need.
/// A listed case of a queue, its due date and id read from its place in the queue (`due#id`).
fn listed(order: &str, json: String) -> StoreResult<Queued> {
    let bad = || StoreError(format!("a queue's sort key is not due#id: {order}"));
    let (due, id) = order.split_once('#').ok_or_else(bad)?;
    let state_due = match due {
        "~" => None,
        due => Some(DateTime::parse_from_rfc3339(due).map_err(|_| bad())?.to_utc()),
    };
    Ok(Queued::Listed { id: id.to_string(), state_due, json })
}

fn queue_filter(office: &Office, below: bool) -> Option<(&'static str, Vec<(&'static str, AttributeValue)>)> {
    let (exact, prefix) = (s(office.to_string()), s(format!("{office}.")));
    match (below, *office == office.dinas()) {
        (true, true) => None,
        (true, false) => Some(("office = :o OR begins_with(office, :p)", vec![(":o", exact), (":p", prefix)])),
        (false, _) => Some(("office = :o", vec![(":o", exact)])),
    }
}
