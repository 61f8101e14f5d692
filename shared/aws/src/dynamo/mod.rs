//! The DynamoDB store: one table, on-demand.
//!
//! Key design (`PK`, `SK`; three sparse global secondary indexes, `GSI1`, `GSI2` and `GSI3`):
//!
//! | item | PK | SK | GSI1PK / GSI1SK | GSI2PK / GSI2SK |
//! |---|---|---|---|---|
//! | family | `KK#<no_kk>` | `KK` | | |
//! | resident | `RES#<nik>` | `RES` | `KK#<no_kk>` / `RES#<shdk>#<birth>#<nik>` | |
//! | account | `ACC#<id>` | `ACC` | `KIND#<kind>` / `<id>` | |
//! | one-time code (TTL) | `ACC#<id>` | `CODE#<purpose>` | | |
//! | login alias (guard) | `ALIAS#<alias>` | `ALIAS` | | |
//! | refresh token (TTL) | `RT#<hash>` | `RT` | `ACCRT#<account>` / `<hash>` | |
//! | institution, client | `INS#<id>`, `CLI#<id>` | same word | | |
//! | upload (TTL unless received) | `UP#<id>` | `UP` | | |
//! | outbox message (TTL once delivered) | `OUT#<id>` | `OUT` | | `OUTBOX` / `<created>#<id>` while undelivered |
//! | machine client's event (TTL) | `FEED#<client>` | `<created>#<uuid>` | | |
//! | audit entry | `AUDIT` | `<at>#<uuid>` | | |
//! | rate-limit window (TTL) | `RL#<key>` | `<window start>` | | |
//! | case | `CASE#<id>` | `CASE` | `REPORTER#<account>` / `<created>#<id>` | `Q#<workflow/state>` / `<due or ~>#<id>` while open |
//! | case history | `CASE#<id>` | `EV#<time>#<n>` | | |
//! | registration number | `NUM#<number>` | `NUM` | | |
//! | idempotency key | `IDEM#<account>#<key>` | `IDEM` | | |
//! | counter | `CTR#<key>` | `CTR` | | |
//! | monthly figure | `TALLY#<dinas>:<YYYY-MM>` | `<service>/<name>` | | |
//!
//! Cases about an applicant with a NIK also carry `GSI3PK` / `GSI3SK` = `NIK#<nik>` / `<created>#<id>`
//! (officers' search by NIK).
//!
//! Items marked TTL carry `expires_at` (epoch seconds), the table's TTL attribute: DynamoDB removes
//! them some time after it passes (reads still check expiry themselves).
//!
//! A case and its history share a partition. Every `Write` becomes one item operation of a single
//! TransactWriteItems, with the same conditions as in SQLite. Queues and overdue cases are read
//! from GSI2, one partition per workflow state; no request path scans the table.

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
        ]))
        .key_schema(key("PK", KeyType::Hash)?)
        .key_schema(key("SK", KeyType::Range)?)
        .global_secondary_indexes(index("GSI1")?)
        .global_secondary_indexes(index("GSI2")?)
        .global_secondary_indexes(index("GSI3")?)
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
