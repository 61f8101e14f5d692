//! Officers' workflow actions and the pickup counter.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::http::serve::<{ adminduk_lambda::Function::Transition as u8 }>().await
}
