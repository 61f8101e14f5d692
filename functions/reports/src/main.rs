//! Monthly reports of the Dinas kabupaten/kota and the province's oversight.

#[tokio::main]
async fn main() -> Result<(), adminduk_lambda::Error> {
    adminduk_lambda::http::serve::<{ adminduk_lambda::Function::Reports as u8 }>().await
}
