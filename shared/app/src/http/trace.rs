//! One span per request: its id, the method and the route template (never the address itself,
//! whose query may carry a NIK), the caller once the `Actor` extractor knows them, and one line
//! when it ends with the status and the time taken; a 5xx at error level. Locally and on Lambda
//! alike, the use cases' own events carry these fields.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// Headers that carry a request id from the edge (API Gateway sets the trace id).
const REQUEST_ID_HEADERS: [&str; 2] = ["x-request-id", "x-amzn-trace-id"];

pub(super) async fn span(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("-", MatchedPath::as_str).to_string();
    let request_id = REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| request.headers().get(*name).and_then(|v| v.to_str().ok()))
        .filter(|id| id.len() <= 128)
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_string);
    let span = tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %request.method(),
        route = %route,
        actor = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    async move {
        let response = next.run(request).await;
        let status = response.status().as_u16();
        let latency_ms = started.elapsed().as_millis() as u64;
        if response.status().is_server_error() {
            tracing::error!(status, latency_ms, "request failed");
        } else {
            tracing::info!(status, latency_ms, "request");
        }
        response
    }
    .instrument(span)
    .await
}

/// Names the caller in the current request's span: the kind of caller and its account or client
/// id (random identifiers, never a NIK, phone or e-mail).
pub(crate) fn record_actor(actor: &crate::caller::Actor) {
    let kind = match actor {
        crate::caller::Actor::Person(p) => match p.as_ref() {
            crate::caller::Person::Resident { .. } => "warga",
            crate::caller::Person::ProvinceResident { .. } => "warga_provinsi",
            crate::caller::Person::Staff { .. } => "instansi",
            crate::caller::Person::Officer { .. } => "petugas",
            crate::caller::Person::System { .. } => "klien",
        },
        crate::caller::Actor::Client { .. } => "klien",
    };
    tracing::Span::current().record("actor", format!("{kind}:{}", actor.id()));
}
