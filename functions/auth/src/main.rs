//! Accounts, sessions, tokens, the public keys and administration of accounts.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::http::serve::<{ adminduk_lambda::Function::Auth as u8 }>().await
}
