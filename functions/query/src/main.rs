//! Reads: cases, history, queues, documents, receipts, health.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::http::serve::<{ adminduk_lambda::Function::Query as u8 }>().await
}
