//! Partners' verification batches sent as files, answered on arrival.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::verify_batch::run().await
}
