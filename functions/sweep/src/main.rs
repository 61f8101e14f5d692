//! Scheduled: deadline sweep and retries of failed messages.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::schedule::run().await
}
