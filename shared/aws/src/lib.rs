//! AWS adapters. For now the DynamoDB store, held to the same contract suite as the SQLite one.

mod dynamo;
mod files;
mod notify;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use dynamo::{DynamoStore, create_table};
pub use files::{S3Blobs, create_bucket};
pub use notify::AwsSender;
