//! The check on arrival of each object in the uploads bucket.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::upload_check::run().await
}
