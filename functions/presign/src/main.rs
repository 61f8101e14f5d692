//! Upload URLs straight to the uploads bucket.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::http::serve::<{ adminduk_lambda::Function::Presign as u8 }>().await
}
