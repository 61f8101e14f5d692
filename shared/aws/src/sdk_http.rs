//! The AWS SDK's HTTP client: the service's one HTTPS client (`https::client`, hyper 1 over rustls
//! on ring, HTTP/1.1). The SDK's own hyper client compiles HTTP/2 in (the h2 crate), which none
//! of the AWS endpoints used here needs and which every Lambda package would carry.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::retry::ErrorKind;

use crate::https::{HttpsClient, Reach, client};

/// The SDK's client: one connection pool per timeout setting the SDK asks for (the SDK asks for
/// a connector on every attempt, so they are kept).
pub(crate) fn sdk_http_client() -> SharedHttpClient {
    SharedHttpClient::new(Pools::default())
}

/// A pool's connect and read timeouts.
type Timeouts = (Option<Duration>, Option<Duration>);

#[derive(Default)]
struct Pools(Mutex<HashMap<Timeouts, SharedHttpConnector>>);

impl fmt::Debug for Pools {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pools")
    }
}

impl HttpClient for Pools {
    fn http_connector(&self, settings: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        let key: Timeouts = (settings.connect_timeout(), settings.read_timeout());
        let mut pools = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let pool = pools.entry(key).or_insert_with(|| {
            // AWS endpoints are the operator's own configuration: no address is refused.
            let client = client::<SdkBody>(Reach::Anywhere, key.0);
            SharedHttpConnector::new(Pool { client, read_timeout: key.1 })
        });
        pool.clone()
    }
}

struct Pool {
    /// Without the system's root certificates every call fails and says why.
    client: Result<HttpsClient<SdkBody>, String>,
    read_timeout: Option<Duration>,
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool").field("read_timeout", &self.read_timeout).finish_non_exhaustive()
    }
}

impl HttpConnector for Pool {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let client = match &self.client {
            Ok(client) => client.clone(),
            Err(roots) => return HttpConnectorFuture::ready(Err(ConnectorError::other(roots.clone().into(), None))),
        };
        let request = match request.try_into_http1x() {
            Ok(request) => request,
            Err(e) => return HttpConnectorFuture::ready(Err(ConnectorError::user(e.into()))),
        };
        let read_timeout = self.read_timeout;
        HttpConnectorFuture::new(async move {
            let sent = client.request(request);
            let answered = match read_timeout {
                Some(limit) => tokio::time::timeout(limit, sent)
                    .await
                    .map_err(|elapsed| ConnectorError::timeout(elapsed.into()))?,
                None => sent.await,
            };
            let response = answered.map_err(classify)?.map(SdkBody::from_body_1_x);
            HttpResponse::try_from(response).map_err(|e| ConnectorError::other(e.into(), None))
        })
    }
}

/// What the SDK's retry policy needs to know of a failure: a connection that could not be made or
/// broke, or an answer cut short, is worth another attempt; a request hyper refused is not.
fn classify(error: hyper_util::client::legacy::Error) -> ConnectorError {
    let connect = error.is_connect();
    let boxed: BoxError = error.into();
    let hyper = cause::<hyper::Error>(boxed.as_ref());
    if hyper.is_some_and(hyper::Error::is_timeout) {
        ConnectorError::timeout(boxed)
    } else if hyper.is_some_and(hyper::Error::is_user) {
        ConnectorError::user(boxed)
    } else if connect
        || hyper.is_some_and(|e| e.is_closed() || e.is_canceled())
        || cause::<std::io::Error>(boxed.as_ref()).is_some()
    {
        ConnectorError::io(boxed)
    } else if hyper.is_some_and(hyper::Error::is_incomplete_message) {
        ConnectorError::other(boxed, Some(ErrorKind::TransientError))
    } else {
        ConnectorError::other(boxed, None)
    }
}

fn cause<'a, E: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a E> {
    std::iter::successors(Some(error), |&e| e.source()).find_map(|e| e.downcast_ref::<E>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(read_timeout: Option<Duration>) -> Pool {
        Pool { client: client(Reach::Anywhere, Some(Duration::from_secs(1))), read_timeout }
    }

    fn get(url: &str) -> HttpRequest {
        let mut request = HttpRequest::new(SdkBody::empty());
        request.set_uri(url).unwrap();
        request
    }

    #[tokio::test]
    async fn failures_are_told_apart_for_the_sdks_retries() {
        // Nobody listens: the connection is not made, worth another attempt.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = closed.local_addr().unwrap().port();
        drop(closed);
        let refused = pool(None).call(get(&format!("http://127.0.0.1:{port}/"))).await.unwrap_err();
        assert!(refused.is_io(), "{refused:?}");

        // Somebody listens and never answers: the read timeout ends the wait as a timeout.
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", silent.local_addr().unwrap());
        let held = tokio::spawn(async move {
            let (socket, _) = silent.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(5)).await;
            drop(socket);
        });
        let waited = pool(Some(Duration::from_millis(200))).call(get(&url)).await.unwrap_err();
        assert!(waited.is_timeout(), "{waited:?}");
        held.abort();

        // An answer comes through whole, status and body.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let app =
            axum::Router::new().route("/", axum::routing::get(|| async { (axum::http::StatusCode::ACCEPTED, "ya") }));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let answer = pool(None).call(get(&url)).await.unwrap();
        assert_eq!(answer.status().as_u16(), 202);
        let body = http_body_util::BodyExt::collect(answer.into_body()).await.unwrap().to_bytes();
        assert_eq!(&body[..], b"ya");
    }
}
