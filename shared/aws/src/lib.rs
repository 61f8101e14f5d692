//! AWS adapters. For now the DynamoDB store, held to the same contract suite as the SQLite one.

mod dynamo;

pub use dynamo::{DynamoStore, create_table};
