//! Partners' batch NIK verification.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::http::serve::<{ adminduk_lambda::Function::Verify as u8 }>().await
}
