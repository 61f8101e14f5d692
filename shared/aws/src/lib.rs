//! AWS adapters: the DynamoDB store (held to the same contract suite as the SQLite one), S3
//! blobs, the SNS/SES/WhatsApp sender, and the names and clients of an installation.

mod dynamo;
mod environment;
mod files;
mod notify;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod whatsapp;

pub use dynamo::{DynamoStore, create_table};
pub use environment::{Aws, Clients, Names};
pub use files::{S3Blobs, create_bucket};
pub use notify::{AwsSender, SmsSettings};
pub use whatsapp::{CLOUD_API, WhatsAppCloud};
