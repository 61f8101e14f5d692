//! HTTPS out of the service to endpoints that are not AWS's: the WhatsApp Cloud API and the
//! webhooks partners set. One client (rustls with the system's roots, HTTP/1.1) serves both.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use adminduk_ports::Poster;
use async_trait::async_trait;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

pub(crate) type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

pub(crate) fn client() -> Result<HttpsClient, String> {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|e| format!("sertifikat akar: {e}"))?
        .https_or_http()
        .enable_http1()
        .build();
    Ok(Client::builder(TokioExecutor::new()).build(https))
}

/// Partners' webhooks: a POST that waits at most `timeout` for the answer's status; its body
/// is not read. Without the system's root certificates every attempt fails and says so. The
/// roots are loaded on the first post, not when a function starts.
#[derive(Clone)]
pub struct HttpsPoster {
    client: Arc<OnceLock<Result<HttpsClient, String>>>,
    timeout: Duration,
}

impl HttpsPoster {
    pub fn new() -> HttpsPoster {
        HttpsPoster { client: Arc::default(), timeout: Duration::from_secs(10) }
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
        let client = self.client.get_or_init(client).as_ref().map_err(Clone::clone)?;
        match tokio::time::timeout(self.timeout, client.request(request)).await {
            Ok(Ok(response)) => Ok(response.status().as_u16()),
            Ok(Err(e)) => Err(format!("tidak terjangkau: {e}")),
            Err(_) => Err(format!("tidak menjawab dalam {} detik", self.timeout.as_secs())),
        }
    }
}
