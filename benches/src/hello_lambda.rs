//! The baseline of the cold-start benchmark (`lambda-start`): a hello-world `lambda_http`
//! function that, like the service's HTTP functions, reads the signing key's secret on its first
//! event (the same emulated call, configured the same way: `adminduk_aws::lambda_sdk_config`) and
//! answers.

use lambda_http::{Body, Request, Response, service_fn};
use tokio::sync::OnceCell;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let config = adminduk_aws::lambda_sdk_config(|name| std::env::var(name).ok())?;
    let secrets = aws_sdk_secretsmanager::Client::new(&config);
    let secret_id = std::env::var("ADMINDUK_SIGNING_KEY_SECRET")?;
    let key = OnceCell::new();
    lambda_http::run(service_fn(|_: Request| async {
        let key = key
            .get_or_try_init(|| async {
                let out = secrets.get_secret_value().secret_id(&secret_id).send().await?;
                Ok::<_, lambda_http::Error>(out.secret_string().unwrap_or_default().len())
            })
            .await?;
        Ok::<_, lambda_http::Error>(Response::new(Body::from(format!("hello, {key}"))))
    }))
    .await
}
