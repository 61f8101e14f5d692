//! The DynamoDB store: one table, on-demand.
//!
//! Key design (`PK`, `SK`; four sparse global secondary indexes, `GSI1` to `GSI4`):
//!
//! | item | PK | SK | GSI1PK / GSI1SK | GSI2PK / GSI2SK |
//! |---|---|---|---|---|
//! | family | `KK#<no_kk>` | `KK` | | |
//! | resident | `RES#<nik>` | `RES` | `KK#<no_kk>` / `RES#<shdk>#<birth>#<nik>` | |
//! | account | `ACC#<id>` | `ACC` | `KIND#<kind>` / `<id>` (officers, staff; never residents) | |
//! | one-time code (TTL) | `ACC#<id>` | `CODE#<purpose>` | | |
//! | login alias (guard) | `ALIAS#<alias>` | `ALIAS` | | |
//! | refresh token (TTL) | `RT#<hash>` | `RT` | `ACCRT#<account>` / `<hash>` | |
//! | institution, client | `INS#<id>`, `CLI#<id>` | same word | `KIND#INS`, `KIND#CLI` / `<id>` | |
//! | upload (TTL unless received) | `UP#<id>` | `UP` | | |
//! | verification job (TTL) | `JOB#<id>` | `JOB` | | |
//! | outbox message (TTL once delivered or given up on) | `OUT#<id>` | `OUT` | | `OUTBOX` / `<created>#<id>` while undelivered; `DEADLETTER` / `<given up>#<id>` once given up on |
//! | machine client's event (TTL) | `FEED#<client>` | `<created>#<uuid>` | | |
//! | webhook delivery attempt (TTL) | `HOOK#<client>` | `<at>#<uuid>` | | |
//! | audit entry | `AUDIT#<YYYY-MM>` | `<at>#<uuid>` | | |
//! | a person's processing record | `PROC#<nik>` | `<at>#<uuid>` | | |
//! | rate-limit window (TTL) | `RL#<key>` | `<window start>` | | |
//! | case | `CASE#<id>` | `CASE` | `REPORTER#<account>` / `<created>#<id>` | `Q#<dinas>#<workflow/state>` / `<due or ~>#<id>` while open |
//! | case history | `CASE#<id>` | `EV#<time>#<n>` | | |
//! | registration number | `NUM#<number>` | `NUM` | | |
//! | idempotency key | `IDEM#<account>#<key>` | `IDEM` | | |
//! | counter | `CTR#<key>` | `CTR` | | |
//! | monthly figure | `TALLY#<dinas>:<YYYY-MM>` | `<service>/<name>` | | |
//!
//! Cases about an applicant with a NIK also carry `GSI3PK` / `GSI3SK` = `NIK#<nik>` / `<created>#<id>`
//! (officers' search by NIK); open cases with a due date `GSI4PK` / `GSI4SK` = `DUE#<workflow/state>`
//! / `<due>#<id>` (the sweep reads only the overdue), drafts never filed `DRAFTS` / `<changed>#<id>`
//! (retention reads only those left 30 days).
//!
//! Items marked TTL carry `expires_at` (epoch seconds), the table's TTL attribute: DynamoDB removes
//! them some time after it passes (reads still check expiry themselves).
//!
//! A case and its history share a partition. Every `Write` becomes one item operation of a single
//! TransactWriteItems, with the same conditions as in SQLite. Queues are read from GSI2, one
//! partition per Dinas and workflow state, a page at a time; the audit log a month at a time; no
//! request path scans the table. (README, "Scale": how these hold at a province's volume.)

mod items;
mod ports;
mod writes;

use std::collections::HashMap;

use adminduk_ports::{StoreError, StoreResult};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType,
};

pub use aws_sdk_dynamodb::types::AttributeValue;

#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

type Item = HashMap<String, AttributeValue>;

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> DynamoStore {
        DynamoStore { client, table: table.into() }
    }

    async fn get(&self, pk: &str, sk: &str) -> StoreResult<Option<Item>> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("PK", AttributeValue::S(pk.into()))
            .key("SK", AttributeValue::S(sk.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| err(e.into_service_error()))?;
        Ok(out.item)
    }

    /// Every item of a query, following the pages.
    async fn query(
        &self,
        index: Option<&str>,
        value: &str,
        forward: bool,
        sk_prefix: Option<&str>,
    ) -> StoreResult<Vec<Item>> {
        let (pk, sk) = match index {
            Some(index) => (format!("{index}PK"), format!("{index}SK")),
            None => ("PK".to_string(), "SK".to_string()),
        };
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let mut q = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression(match sk_prefix {
                    Some(_) => format!("{pk} = :pk AND begins_with({sk}, :prefix)"),
                    None => format!("{pk} = :pk"),
                })
                .expression_attribute_values(":pk", AttributeValue::S(value.into()))
                .scan_index_forward(forward)
                .set_exclusive_start_key(start);
            if let Some(prefix) = sk_prefix {
                q = q.expression_attribute_values(":prefix", AttributeValue::S(prefix.into()));
            }
            if let Some(index) = index {
                q = q.index_name(index);
            }
            let out = q.send().await.map_err(|e| err(e.into_service_error()))?;
            items.extend(out.items.unwrap_or_default());
            match out.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => return Ok(items),
            }
        }
    }

    /// Up to `limit` items of one partition, in sort-key order (`forward`) within `sort_key`'s
    /// bound, keeping only those `filter`
    /// passes: pages are read only until `limit` items are kept, so a queue or a log page costs
    /// what it shows (plus what the filter drops), not the partition.
    async fn query_bounded(&self, q: Bounded<'_>, limit: u32) -> StoreResult<Vec<Item>> {
        let (pk, sk) = match q.index {
            Some(index) => (format!("{index}PK"), format!("{index}SK")),
            None => ("PK".to_string(), "SK".to_string()),
        };
        let mut items = Vec::new();
        let mut start = None;
        while items.len() < limit as usize {
            let mut query = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression(match q.sort_key {
                    Some(SortKey::AtMost(_)) => format!("{pk} = :pk AND {sk} <= :bound"),
                    Some(SortKey::After(_)) => format!("{pk} = :pk AND {sk} > :bound"),
                    None => format!("{pk} = :pk"),
                })
                .expression_attribute_values(":pk", AttributeValue::S(q.partition.clone()))
                .scan_index_forward(q.forward)
                .limit(i32::try_from(limit as usize - items.len()).unwrap_or(i32::MAX))
                .set_exclusive_start_key(start);
            if let Some(SortKey::AtMost(bound) | SortKey::After(bound)) = q.sort_key {
                query = query.expression_attribute_values(":bound", AttributeValue::S(bound.to_string()));
            }
            if let Some((expression, values)) = &q.filter {
                query = query.filter_expression(*expression);
                for (name, value) in values {
                    query = query.expression_attribute_values(*name, value.clone());
                }
            }
            if let Some(index) = q.index {
                query = query.index_name(index);
            }
            let out = query.send().await.map_err(|e| err(e.into_service_error()))?;
            items.extend(out.items.unwrap_or_default());
            match out.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => break,
            }
        }
        items.truncate(limit as usize);
        Ok(items)
    }
}

/// The audit log's partition of the month starting on `month`: `AUDIT#2026-11`.
fn audit_partition(month: chrono::NaiveDate) -> String {
    format!("AUDIT#{}", month.format("%Y-%m"))
}

/// The queue of one Dinas's cases in one state (`<workflow>/<state>`): `Q#73.06#kelahiran/verifikasi`.
fn queue_partition(dinas: &adminduk_domain::office::Office, state: &str) -> String {
    format!("Q#{dinas}#{state}")
}

/// Where a page starts or ends in its partition's sort keys.
#[derive(Clone, Copy)]
enum SortKey<'a> {
    /// At most this (a log read back from a time).
    AtMost(&'a str),
    /// After this (a feed read on from its cursor).
    After(&'a str),
}

/// One partition to read a bounded page of (`DynamoStore::query_bounded`).
struct Bounded<'a> {
    index: Option<&'static str>,
    partition: String,
    sort_key: Option<SortKey<'a>>,
    forward: bool,
    /// A filter expression and its values.
    filter: Option<(&'a str, Vec<(&'a str, AttributeValue)>)>,
}

/// Creates the table with its indexes (the SAM template declares the same for deployments).
pub async fn create_table(client: &Client, table: &str) -> StoreResult<()> {
    let attr = |name: &str| {
        AttributeDefinition::builder().attribute_name(name).attribute_type(ScalarAttributeType::S).build().map_err(err)
    };
    let key = |name: &str, kind: KeyType| {
        KeySchemaElement::builder().attribute_name(name).key_type(kind).build().map_err(err)
    };
    let index = |name: &str| -> StoreResult<GlobalSecondaryIndex> {
        GlobalSecondaryIndex::builder()
            .index_name(name)
            .key_schema(key(&format!("{name}PK"), KeyType::Hash)?)
            .key_schema(key(&format!("{name}SK"), KeyType::Range)?)
            .projection(Projection::builder().projection_type(ProjectionType::All).build())
            .build()
            .map_err(err)
    };
    client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .set_attribute_definitions(Some(vec![
            attr("PK")?,
            attr("SK")?,
            attr("GSI1PK")?,
            attr("GSI1SK")?,
            attr("GSI2PK")?,
            attr("GSI2SK")?,
            attr("GSI3PK")?,
            attr("GSI3SK")?,
            attr("GSI4PK")?,
            attr("GSI4SK")?,
        ]))
        .key_schema(key("PK", KeyType::Hash)?)
        .key_schema(key("SK", KeyType::Range)?)
        .global_secondary_indexes(index("GSI1")?)
        .global_secondary_indexes(index("GSI2")?)
        .global_secondary_indexes(index("GSI3")?)
        .global_secondary_indexes(index("GSI4")?)
        .send()
        .await
        .map_err(|e| err(e.into_service_error()))?;
    // Rate-limit windows (and later codes and delivered messages) expire on their own.
    let ttl = aws_sdk_dynamodb::types::TimeToLiveSpecification::builder()
        .attribute_name("expires_at")
        .enabled(true)
        .build()
        .map_err(err)?;
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(ttl)
        .send()
        .await
        .map_err(|e| err(e.into_service_error()))?;
    Ok(())
}

#[cfg(test)]
mod tests;
