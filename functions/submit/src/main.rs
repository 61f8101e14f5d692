//! Drafts, form answers and submission of cases.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::http::serve::<{ adminduk_lambda::Function::Submit as u8 }>().await
}
