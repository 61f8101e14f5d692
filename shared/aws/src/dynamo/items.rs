//! Building and reading items: records travel as JSON in `data`, beside the key and condition
//! attributes.

use adminduk_ports::{StoreError, StoreResult};
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Item, err};

pub fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

pub fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// Times as sortable text: fixed width, UTC.
pub fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub fn item(pk: impl Into<String>, sk: impl Into<String>) -> Item {
    Item::from([("PK".to_string(), s(pk)), ("SK".to_string(), s(sk))])
}

pub fn with_data<T: Serialize>(mut item: Item, value: &T) -> StoreResult<Item> {
    item.insert("data".into(), s(serde_json::to_string(value).map_err(err)?));
    Ok(item)
}

pub fn data<T: DeserializeOwned>(item: &Item) -> StoreResult<T> {
    let text = item.get("data").and_then(|v| v.as_s().ok()).ok_or_else(|| StoreError("item without data".into()))?;
    serde_json::from_str(text).map_err(err)
}

pub fn text(item: &Item, name: &str) -> Option<String> {
    item.get(name).and_then(|v| v.as_s().ok()).cloned()
}

pub fn number(item: &Item, name: &str) -> Option<u64> {
    item.get(name).and_then(|v| v.as_n().ok()).and_then(|v| v.parse().ok())
}
