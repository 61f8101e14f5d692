//! AWS adapters: the DynamoDB store (held to the same contract suite as the SQLite one), S3
//! blobs, the SNS/SES/WhatsApp sender, the HTTPS client of the SDK and the webhooks, and the names and clients of an installation.

mod dynamo;
mod environment;
mod files;
mod https;
mod notify;
mod sdk_http;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod whatsapp;

pub use dynamo::{DynamoStore, create_table};
pub use environment::{Aws, Clients, Names, lambda_sdk_config, sdk_config};
pub use files::{S3Blobs, create_bucket};
pub use https::HttpsPoster;
pub use notify::{AwsSender, SmsSettings};
pub use whatsapp::{CLOUD_API, WhatsAppCloud};
