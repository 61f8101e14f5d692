//! Who may call a route, as the route table declares it, enforced before the handler runs: the
//! caller is resolved once here and handed to the handler's `Actor` extractor. Machine clients
//! are limited per client and every call they make is audited with its outcome.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::App;
use crate::auth::ClientAddress;
use crate::caller::Actor;
use crate::error::AppError;
use crate::ports::Write;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "scope", rename_all = "snake_case")]
pub enum Access {
    /// Anyone, without a token.
    Public,
    /// A signed-in person (resident, institution staff, officer); machine clients are refused.
    People,
    /// A machine client whose token carries the scope; people are refused.
    Client(&'static str),
    /// A signed-in person, or a machine client whose token carries the scope.
    PeopleOrClient(&'static str),
}

impl Access {
    /// The scope a machine client needs, if clients may call at all.
    pub fn scope(self) -> Option<&'static str> {
        match self {
            Access::Client(s) | Access::PeopleOrClient(s) => Some(s),
            Access::Public | Access::People => None,
        }
    }

    fn people(self) -> bool {
        matches!(self, Access::People | Access::PeopleOrClient(_))
    }

    /// Refuses `actor` unless this access admits it.
    fn admit(self, actor: &Actor) -> Result<(), AppError> {
        match (actor, self.scope()) {
            (Actor::Person(_), _) if self.people() => Ok(()),
            (Actor::Person(_), Some(scope)) => Err(missing(scope)),
            (Actor::Client { scopes, .. }, Some(scope)) if scopes.iter().any(|s| s == scope) => Ok(()),
            (Actor::Client { .. }, Some(scope)) => Err(missing(scope)),
            // A Dinas's system reports as a person only where a route names its scope.
            (Actor::Client { .. }, None) => Err(crate::caller::not_a_person()),
            (Actor::Person(_), None) => Ok(()),
        }
    }
}

fn missing(scope: &str) -> AppError {
    AppError::Forbidden { code: "SCOPE_MISSING", message: format!("Token ini tidak memiliki cakupan {scope}") }
}

/// How many records a machine call read or wrote, set by handlers that know, for the audit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordCount(pub u64);

/// The layer of one route: resolves and admits the caller, limits and audits machine calls
/// (refused ones too, once the client is known).
pub(super) async fn guard(
    State((app, access, route)): State<(App, Access, &'static str)>,
    mut request: Request,
    next: Next,
) -> Response {
    if access == Access::Public {
        return next.run(request).await;
    }
    let header = request.headers().get(AUTHORIZATION).and_then(|h| h.to_str().ok());
    let actor = match resolve(&app, header).await {
        Ok(actor) => actor,
        Err(e) => return e.into_response(),
    };
    super::trace::record_actor(&actor);
    let Actor::Client { client, .. } = &actor else {
        if let Err(e) = access.admit(&actor) {
            return e.into_response();
        }
        request.extensions_mut().insert(actor);
        return next.run(request).await;
    };
    let client_id = client.id.clone();
    let from = ClientAddress {
        ip: request.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|ConnectInfo(a)| a.ip().to_string()),
    };
    let method = request.method().to_string();
    let admitted = match access.admit(&actor) {
        Ok(()) => within_rate(&app, &client_id).await,
        Err(e) => Err(e),
    };
    let response = match admitted {
        Ok(()) => {
            request.extensions_mut().insert(actor);
            next.run(request).await
        }
        Err(e) => e.into_response(),
    };
    let records = response.extensions().get::<RecordCount>().map(|RecordCount(n)| *n);
    let detail = serde_json::json!({
        "method": method,
        "scope": access.scope(),
        "status": response.status().as_u16(),
        "records": records,
    });
    let entry = crate::auth::audit(&app, &client_id, "machine_call", route, detail, &from);
    if let Err(e) = app.store.commit(vec![Write::Audit(entry)]).await {
        // The call has happened and its answer stands; the gap in the log must not pass unseen.
        tracing::error!(error = %e, "machine call not audited");
    }
    response
}

async fn resolve(app: &App, header: Option<&str>) -> Result<Actor, AppError> {
    let claims = crate::auth::authenticate(app, header)?;
    crate::caller::resolve(app, &claims).await
}

/// Each client has its own allowance of calls per window, so one busy system cannot crowd out
/// the others.
async fn within_rate(app: &App, client: &str) -> Result<(), AppError> {
    let window = app.settings.limit_window;
    let hits = app.store.hit(&format!("client:{client}"), window, app.clock.now()).await?;
    if hits <= app.settings.limit_per_client {
        return Ok(());
    }
    let left = crate::auth::window_left(app);
    Err(AppError::TooManyRequests {
        code: "CLIENT_RATE_LIMITED",
        message: format!("Batas panggilan klien ini terlampaui; coba lagi dalam {} detik", left),
        retry_after: left.unsigned_abs(),
    })
}
