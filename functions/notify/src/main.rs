//! Outbox messages from the table stream to SNS (SMS) and SES (e-mail).

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::notify::run().await
}
