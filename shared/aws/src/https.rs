//! HTTPS out of the service: the AWS SDK's calls (`sdk_http`), the WhatsApp Cloud API and the
//! webhooks partners set. One client (rustls with the system's roots, HTTP/1.1) serves all three.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use adminduk_ports::{Poster, internal_address};
use async_trait::async_trait;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::rt::TokioExecutor;

pub(crate) type HttpsClient<B = Full<Bytes>> = Client<hyper_rustls::HttpsConnector<HttpConnector<Resolver>>, B>;

/// Which addresses a name may lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Endpoints the operator configured (the WhatsApp API).
    Anywhere,
    /// Endpoints partners give: public addresses only, checked on every connection, so a name
    /// that points (or later points again) into the service's own network is not reached (DNS
    /// rebinding). Loopback too where the settings allow webhooks to this machine.
    Public { loopback: bool },
}

/// The system's resolver, keeping only the addresses `Reach` allows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolver(Reach);

impl tower::Service<Name> for Resolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = std::io::Result<Self::Response>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let reach = self.0;
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> = found
                .filter(|a| match reach {
                    Reach::Anywhere => true,
                    Reach::Public { loopback } => !internal_address(a.ip()) || (loopback && a.ip().is_loopback()),
                })
                .collect();
            if allowed.is_empty() {
                let refused = format!("{} hanya menunjuk ke alamat jaringan internal", name.as_str());
                return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, refused));
            }
            Ok(allowed.into_iter())
        })
    }
}

/// A client sending bodies of type `B`; a connection not made within `connect_timeout` fails.
pub(crate) fn client<B>(reach: Reach, connect_timeout: Option<Duration>) -> Result<HttpsClient<B>, String>
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
{
    let mut http = HttpConnector::new_with_resolver(Resolver(reach));
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(connect_timeout);
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|e| format!("sertifikat akar: {e}"))?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Ok(Client::builder(TokioExecutor::new()).build(https))
}

/// Partners' webhooks: a POST that waits at most `timeout` for the answer's status; its body
/// is not read. Only public addresses are reached (`Reach::Public`). Without the system's root
/// certificates every attempt fails and says so. The roots are loaded on the first post, not
/// when a function starts.
#[derive(Clone)]
pub struct HttpsPoster {
    client: Arc<OnceLock<Result<HttpsClient, String>>>,
    timeout: Duration,
    reach: Reach,
}

impl HttpsPoster {
    pub fn new() -> HttpsPoster {
        HttpsPoster {
            client: Arc::default(),
            timeout: Duration::from_secs(10),
            reach: Reach::Public { loopback: false },
        }
    }

    /// Reaching this machine's loopback address too: the local server, where the settings let
    /// webhooks go to a receiver on the same machine.
    pub fn reaching_loopback(self, loopback: bool) -> HttpsPoster {
        HttpsPoster { reach: Reach::Public { loopback }, ..self }
    }
}

impl Default for HttpsPoster {
    fn default() -> Self {
        HttpsPoster::new()
    }
}

#[async_trait]
impl Poster for HttpsPoster {
    async fn post(&self, url: &str, headers: &[(&str, String)], body: &str) -> Result<u16, String> {
        let mut request = hyper::Request::post(url)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .header(hyper::header::USER_AGENT, "adminduk-webhook/1");
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let request = request.body(Full::new(Bytes::from(body.to_string()))).map_err(|e| e.to_string())?;
        let client = self.client.get_or_init(|| client(self.reach, None)).as_ref().map_err(Clone::clone)?;
        match tokio::time::timeout(self.timeout, client.request(request)).await {
            Ok(Ok(response)) => Ok(response.status().as_u16()),
            Ok(Err(e)) => Err(format!("tidak terjangkau: {}", reason(&e))),
            Err(_) => Err(format!("tidak menjawab dalam {} detik", self.timeout.as_secs())),
        }
    }
}

/// The innermost cause of a failed request: hyper's own words say only that it failed.
fn reason(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A receiver on this machine's loopback address, answering 204.
    async fn receiver() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app =
            axum::Router::new().route("/hook", axum::routing::post(|| async { axum::http::StatusCode::NO_CONTENT }));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://localhost:{port}/hook")
    }

    #[tokio::test]
    async fn a_name_that_leads_into_the_service_network_is_not_reached() {
        let url = receiver().await;
        let refused = HttpsPoster::new().post(&url, &[], "{}").await.unwrap_err();
        assert!(refused.contains("localhost hanya menunjuk ke alamat jaringan internal"), "{refused}");
        let allowed = HttpsPoster::new().reaching_loopback(true);
        assert_eq!(allowed.post(&url, &[], "{}").await, Ok(204));
    }
}
