//! HTTP functions: API Gateway (HTTP API) events through lambda_http into the function's part of
//! the route table, the same axum handlers the local server runs.

use std::net::{IpAddr, SocketAddr};

use adminduk_app::http::function_router;
use axum::Router;
use axum::extract::ConnectInfo;
use axum::response::Response;
use lambda_http::request::RequestContext;
use lambda_http::{Request, RequestExt};
use tokio::sync::OnceCell;
use tower::ServiceExt as _;

use crate::environment::{Environment, Signing};

/// Runs HTTP function `F` (`Function::X as u8`) until the runtime stops it.
pub async fn serve<const F: u8>() -> Result<(), lambda_runtime::Error> {
    crate::init_logging();
    // Shared by every invocation of this container: the clients, and the router once assembled.
    let environment = std::sync::Arc::new(Environment::from_env()?);
    let router = std::sync::Arc::new(OnceCell::<Router>::new());
    lambda_http::run(lambda_http::service_fn(move |request: Request| {
        let (environment, router) = (environment.clone(), router.clone());
        async move {
            let router = router
                .get_or_try_init(|| async {
                    let app = environment.app(Signing::ServiceKey).await?;
                    Ok::<_, lambda_runtime::Error>(function_router::<F>(app))
                })
                .await?;
            Ok::<_, lambda_runtime::Error>(respond(router, request).await)
        }
    }))
    .await
}

/// One request through a function's router, with the caller's address from the request context
/// (rate limits and the audit log read it as the local server's connection address).
pub async fn respond(router: &Router, mut request: Request) -> Response {
    let source = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.clone(),
        _ => None,
    };
    if let Some(ip) = source.and_then(|s| s.parse::<IpAddr>().ok()) {
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(ip, 0)));
    }
    match router.clone().oneshot(request.map(axum::body::Body::new)).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}
