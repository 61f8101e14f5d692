//! The route table: every API route, the handler that serves it and the Lambda function it is
//! deployed in. The local server mounts all of them; each function mounts its own. The SAM
//! template must route exactly these (checked by `infra/check_routes.py` in `make test`), and
//! the OpenAPI document describes exactly these (checked below).

use axum::Router;
use axum::routing::{MethodFilter, on};
use serde::Serialize;

use super::{admin, auth, cases, catalogue, meta, register};
use crate::App;

/// The HTTP functions of the AWS deployment, one per capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Function {
    /// Accounts, sessions, tokens, the public keys and administration of accounts.
    Auth,
    /// Drafts, form answers and submission.
    Submit,
    /// Upload URLs.
    Presign,
    /// Officers' actions and the pickup counter.
    Transition,
    /// Reads: cases, history, queues, documents, receipts; and health.
    Query,
}

impl Function {
    pub const ALL: [Function; 5] =
        [Function::Auth, Function::Submit, Function::Presign, Function::Transition, Function::Query];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Route {
    pub method: &'static str,
    /// In axum's syntax: `{id}` is a path parameter (as in API Gateway).
    pub path: &'static str,
    pub function: Function,
}

/// One line per route; the table and the routers are generated from the same lines.
macro_rules! routes {
    ($($method:ident $path:literal => $function:ident, $handler:path;)*) => {
        /// Every route of the API, in one table.
        pub const ROUTES: &[Route] = &[
            $(Route { method: stringify!($method), path: $path, function: Function::$function },)*
        ];

        /// The OpenAPI 3.1 document of the API, from the handlers' annotations.
        #[derive(utoipa::OpenApi)]
        #[openapi(
            paths($($handler),*),
            // Every route's refusal refers to it (see its `IntoResponses`).
            components(schemas(crate::error::ErrorBody)),
            modifiers(&BearerAuth),
            info(
                title = "Layanan Adminduk Online",
                description = "API layanan administrasi kependudukan daring Dinas Dukcapil Kabupaten Gowa dan Provinsi Sulawesi Selatan. Setiap penolakan berisi kode yang tetap dan pesan dalam Bahasa Indonesia."
            )
        )]
        pub struct ApiDoc;

        /// The routes one function serves.
        pub(super) fn function_routes(function: Function) -> Router<App> {
            let mut router = Router::new();
            $(
                if function == Function::$function {
                    router = router.route($path, on(MethodFilter::$method, $handler));
                }
            )*
            router
        }
    };
}

routes! {
    GET    "/health"                                 => Query, meta::health;
    GET    "/.well-known/jwks.json"                  => Auth, meta::jwks;
    GET    "/openapi.json"                           => Query, meta::openapi;

    POST   "/api/v1/auth/register"                   => Auth, auth::register;
    POST   "/api/v1/auth/activate"                   => Auth, auth::activate;
    POST   "/api/v1/auth/activation-code"            => Auth, auth::resend;
    POST   "/api/v1/auth/login"                      => Auth, auth::login;
    POST   "/api/v1/auth/refresh"                    => Auth, auth::refresh;
    POST   "/api/v1/auth/logout"                     => Auth, auth::logout;
    POST   "/api/v1/auth/password-reset"             => Auth, auth::request_reset;
    POST   "/api/v1/auth/password-reset/confirm"     => Auth, auth::confirm_reset;
    GET    "/api/v1/me"                              => Auth, auth::me;
    POST   "/api/v1/oauth/token"                     => Auth, auth::token;

    GET    "/api/v1/admin/officers"                  => Auth, admin::list_officers;
    POST   "/api/v1/admin/officers"                  => Auth, admin::create_officer;
    PATCH  "/api/v1/admin/officers/{id}"             => Auth, admin::change_officer;
    POST   "/api/v1/admin/institutions"              => Auth, admin::create_institution;
    PUT    "/api/v1/admin/institutions/{id}/pks"     => Auth, admin::renew_pks;
    POST   "/api/v1/admin/institutions/{id}/users"   => Auth, admin::create_staff;
    POST   "/api/v1/admin/clients"                   => Auth, admin::create_client;
    GET    "/api/v1/admin/audit"                     => Auth, admin::audit;

    GET    "/api/v1/catalogue"                       => Query, catalogue::list;
    GET    "/api/v1/catalogue/{service}"             => Query, catalogue::service;

    POST   "/api/v1/cases"                           => Submit, cases::create;
    PUT    "/api/v1/cases/{id}/answers"              => Submit, cases::answers;
    DELETE "/api/v1/cases/{id}"                      => Submit, cases::delete_draft;
    POST   "/api/v1/cases/{id}/reuse"                => Submit, cases::reuse;
    POST   "/api/v1/cases/{id}/submit"               => Submit, cases::submit;
    POST   "/api/v1/cases/{id}/survey"               => Submit, cases::survey;

    POST   "/api/v1/cases/{id}/uploads"              => Presign, cases::presign;
    GET    "/api/v1/cases/{id}/uploads/{upload}"     => Query, cases::upload_status;

    POST   "/api/v1/cases/{id}/actions"              => Transition, cases::act;
    POST   "/api/v1/cases/{id}/corrections"          => Transition, cases::correct;
    POST   "/api/v1/pickup"                          => Transition, cases::pickup;
    POST   "/api/v1/integrations/answers"            => Transition, cases::integration_answer;

    GET    "/api/v1/cases"                           => Query, cases::list_mine;
    GET    "/api/v1/cases/{id}"                      => Query, cases::get_case;
    GET    "/api/v1/cases/{id}/history"              => Query, cases::history;
    GET    "/api/v1/cases/{id}/reusable"             => Query, cases::reusable;
    GET    "/api/v1/cases/{id}/documents/{upload}"   => Query, cases::document;
    GET    "/api/v1/cases/{id}/receipt.pdf"          => Query, cases::receipt;
    GET    "/api/v1/queue"                           => Query, cases::queue;
    GET    "/api/v1/search"                          => Query, cases::search;
    GET    "/api/v1/figures"                         => Query, cases::figures;
    GET    "/api/v1/receipts/verify"                 => Query, cases::verify_receipt;
    GET    "/api/v1/pickup"                          => Query, cases::pickup_lookup;
    GET    "/api/v1/register/lookup"                 => Query, register::lookup;
}

/// Access tokens travel as `Authorization: Bearer <JWT>`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let scheme = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build();
        openapi.components.get_or_insert_default().add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn the_openapi_document_describes_exactly_the_route_table() {
        use utoipa::OpenApi as _;
        let doc = ApiDoc::openapi();
        let mut described = BTreeSet::new();
        for (path, item) in &doc.paths.paths {
            for (method, op) in [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
            ] {
                if op.is_some() {
                    described.insert((method, path.as_str()));
                }
            }
        }
        let table: BTreeSet<_> = ROUTES.iter().map(|r| (r.method, r.path)).collect();
        assert_eq!(described, table);
    }

    /// The web apps' client is generated from the committed copy: it must be this document.
    #[test]
    fn the_committed_openapi_document_is_current() {
        use utoipa::OpenApi as _;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/openapi.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        let current = ApiDoc::openapi().to_pretty_json().unwrap() + "\n";
        assert!(
            committed == current,
            "web/openapi.json is out of date: run `cargo run --bin adminduk -- openapi > web/openapi.json`"
        );
    }

    #[test]
    fn every_route_is_listed_once_and_every_function_serves_some() {
        let unique: BTreeSet<_> = ROUTES.iter().map(|r| (r.method, r.path)).collect();
        assert_eq!(unique.len(), ROUTES.len());
        for function in Function::ALL {
            assert!(ROUTES.iter().any(|r| r.function == function), "{function:?} serves nothing");
        }
    }
}
