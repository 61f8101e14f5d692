//! The route table: every API route, the handler that serves it and the Lambda function it is
//! deployed in. The local server mounts all of them; each function mounts its own. The SAM
//! template must route exactly these (checked by `infra/check_routes.py` in `make test`), and
//! the OpenAPI document describes exactly these (checked below).

use axum::Router;
use axum::routing::{MethodFilter, on};
use serde::Serialize;

use super::access::{Access, guard};
use super::{admin, appointments, auth, cases, catalogue, events, meta, register, reports, verification, whatsapp};
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
    /// The monthly reports of the Dinas kabupaten/kota and the province's oversight.
    Reports,
    /// Partners' batch NIK verification: reads the register, writes its audit and its jobs,
    /// signs the URLs of a job's files.
    Verify,
}

impl Function {
    pub const ALL: [Function; 7] = [
        Function::Auth,
        Function::Submit,
        Function::Presign,
        Function::Transition,
        Function::Query,
        Function::Reports,
        Function::Verify,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Route {
    pub method: &'static str,
    /// In axum's syntax: `{id}` is a path parameter (as in API Gateway).
    pub path: &'static str,
    pub function: Function,
    pub access: Access,
}

/// One line per route; the table and the routers are generated from the same lines.
macro_rules! routes {
    ($($method:ident $path:literal => $function:ident, $handler:path, $access:expr;)*) => {
        /// Every route of the API, in one table.
        pub const ROUTES: &[Route] = &[
            $(Route { method: stringify!($method), path: $path, function: Function::$function, access: $access },)*
        ];

        /// The OpenAPI 3.1 document of the API, from the handlers' annotations.
        #[derive(utoipa::OpenApi)]
        #[openapi(
            paths($($handler),*),
            // Every route's refusal refers to it (see its `IntoResponses`).
            components(schemas(crate::error::ErrorBody)),
            modifiers(&Security),
            info(
                title = "Layanan Adminduk Online",
                description = "API layanan administrasi kependudukan daring Dinas Dukcapil Kabupaten Gowa dan Provinsi Sulawesi Selatan. Setiap penolakan berisi kode yang tetap dan pesan dalam Bahasa Indonesia."
            )
        )]
        pub struct ApiDoc;

        /// The routes of function `F` (`Function::X as u8`; every route when `F` is `ALL_ROUTES`),
        /// each behind the guard of its access. `F` is a constant so that a function's binary
        /// links its own handlers only.
        pub(super) fn function_routes<const F: u8>(app: &App) -> Router<App> {
            let mut router = Router::new();
            $(
                if F == ALL_ROUTES || F == Function::$function as u8 {
                    let guarded = axum::middleware::from_fn_with_state((app.clone(), $access, $path), guard);
                    router = router.route($path, on(MethodFilter::$method, $handler).layer(guarded));
                }
            )*
            router
        }
    };
}

/// `function_routes` of every function at once: the local server's.
pub(super) const ALL_ROUTES: u8 = u8::MAX;

use Access::{Client, People, PeopleOrClient, Public};
/// A Dinas kabupaten/kota's system files and follows its requests to the province on the case
/// routes that name this scope.
const PROVINCE: &str = crate::caller::PROVINCE_SCOPE;

routes! {
    GET    "/health"                                 => Query, meta::health, Public;
    GET    "/.well-known/jwks.json"                  => Auth, meta::jwks, Public;
    GET    "/openapi.json"                           => Query, meta::openapi, Public;

    POST   "/api/v1/auth/register"                   => Auth, auth::register, Public;
    POST   "/api/v1/auth/register/provinsi"          => Auth, auth::register_in_province, Public;
    POST   "/api/v1/auth/activate"                   => Auth, auth::activate, Public;
    POST   "/api/v1/auth/activation-code"            => Auth, auth::resend, Public;
    POST   "/api/v1/auth/login"                      => Auth, auth::login, Public;
    POST   "/api/v1/auth/refresh"                    => Auth, auth::refresh, Public;
    POST   "/api/v1/auth/logout"                     => Auth, auth::logout, Public;
    POST   "/api/v1/auth/password-reset"             => Auth, auth::request_reset, Public;
    POST   "/api/v1/auth/password-reset/confirm"     => Auth, auth::confirm_reset, Public;
    POST   "/api/v1/accounts/recover"                => Auth, auth::recover, People;
    GET    "/api/v1/me"                              => Auth, auth::me, People;
    GET    "/api/v1/me/data"                         => Query, auth::my_data, People;
    GET    "/api/v1/me/data.pdf"                     => Query, auth::my_data_pdf, People;
    POST   "/api/v1/oauth/token"                     => Auth, auth::token, Public;

    GET    "/api/v1/admin/choices"                   => Auth, admin::choices, People;
    GET    "/api/v1/admin/officers"                  => Auth, admin::list_officers, People;
    POST   "/api/v1/admin/officers"                  => Auth, admin::create_officer, People;
    PATCH  "/api/v1/admin/officers/{id}"             => Auth, admin::change_officer, People;
    POST   "/api/v1/admin/officers/{id}/totp"        => Auth, admin::reset_totp, People;
    GET    "/api/v1/admin/institutions"              => Auth, admin::list_institutions, People;
    POST   "/api/v1/admin/institutions"              => Auth, admin::create_institution, People;
    PUT    "/api/v1/admin/institutions/{id}/pks"     => Auth, admin::renew_pks, People;
    GET    "/api/v1/admin/institutions/{id}/users"   => Auth, admin::list_staff, People;
    POST   "/api/v1/admin/institutions/{id}/users"   => Auth, admin::create_staff, People;
    PATCH  "/api/v1/admin/institutions/{id}/users/{user}" => Auth, admin::change_staff, People;
    GET    "/api/v1/admin/clients"                   => Auth, admin::list_clients, People;
    POST   "/api/v1/admin/clients"                   => Auth, admin::create_client, People;
    PATCH  "/api/v1/admin/clients/{id}"              => Auth, admin::change_client, People;
    POST   "/api/v1/admin/clients/{id}/secret"       => Auth, admin::rotate_secret, People;
    PUT    "/api/v1/events/webhook"                  => Auth, events::set_webhook, Client(PROVINCE);
    DELETE "/api/v1/events/webhook"                  => Auth, events::remove_webhook, Client(PROVINCE);
    GET    "/api/v1/admin/audit"                     => Auth, admin::audit, People;
    GET    "/api/v1/admin/messages/failed"           => Auth, admin::failed_messages, People;
    POST   "/api/v1/admin/messages/{id}/resend"      => Auth, admin::resend_message, People;

    GET    "/api/v1/catalogue"                       => Query, catalogue::list, Public;
    GET    "/api/v1/catalogue/kabupaten"             => Query, catalogue::kabupaten, Public;
    GET    "/api/v1/catalogue/{service}"             => Query, catalogue::service, Public;
    GET    "/api/v1/catalogue/{service}/mine"        => Query, catalogue::chances, People;

    POST   "/api/v1/cases"                           => Submit, cases::create, PeopleOrClient(PROVINCE);
    PUT    "/api/v1/cases/{id}/answers"              => Submit, cases::answers, PeopleOrClient(PROVINCE);
    DELETE "/api/v1/cases/{id}"                      => Submit, cases::delete_draft, PeopleOrClient(PROVINCE);
    POST   "/api/v1/cases/{id}/reuse"                => Submit, cases::reuse, People;
    POST   "/api/v1/cases/{id}/submit"               => Submit, cases::submit, PeopleOrClient(PROVINCE);
    POST   "/api/v1/cases/{id}/survey"               => Submit, cases::survey, People;

    POST   "/api/v1/cases/{id}/uploads"              => Presign, cases::presign, PeopleOrClient(PROVINCE);
    GET    "/api/v1/cases/{id}/uploads/{upload}"     => Query, cases::upload_status, PeopleOrClient(PROVINCE);

    POST   "/api/v1/cases/{id}/actions"              => Transition, cases::act, PeopleOrClient(PROVINCE);
    POST   "/api/v1/cases/{id}/corrections"          => Transition, cases::correct, People;
    POST   "/api/v1/pickup"                          => Transition, cases::pickup, People;
    POST   "/api/v1/cases/{id}/appointment"          => Transition, appointments::book, People;
    POST   "/api/v1/cases/{id}/appointment/cancel"   => Transition, appointments::cancel, People;
    POST   "/api/v1/cases/{id}/appointment/no-show"  => Transition, appointments::no_show, People;
    POST   "/api/v1/integrations/answers"            => Transition, cases::integration_answer, Client(crate::cases::integration::SCOPE);

    GET    "/api/v1/cases"                           => Query, cases::list_mine, PeopleOrClient(PROVINCE);
    GET    "/api/v1/cases/{id}"                      => Query, cases::get_case, PeopleOrClient(PROVINCE);
    GET    "/api/v1/cases/{id}/history"              => Query, cases::history, PeopleOrClient(PROVINCE);
    GET    "/api/v1/cases/{id}/reusable"             => Query, cases::reusable, People;
    GET    "/api/v1/cases/{id}/documents/{upload}"   => Query, cases::document, PeopleOrClient(PROVINCE);
    GET    "/api/v1/cases/{id}/receipt.pdf"          => Query, cases::receipt, PeopleOrClient(PROVINCE);
    GET    "/api/v1/events"                          => Query, events::feed, Client(PROVINCE);
    GET    "/api/v1/events/webhook"                  => Query, events::webhook_status, Client(PROVINCE);
    GET    "/api/v1/cases/{id}/slip.pdf"             => Query, cases::slip, People;
    GET    "/api/v1/cases/{id}/slots"                => Query, appointments::slots, People;
    GET    "/api/v1/appointments"                    => Query, appointments::day_list, People;
    GET    "/api/v1/queue"                           => Query, cases::queue, People;
    GET    "/api/v1/search"                          => Query, cases::search, People;
    GET    "/api/v1/figures"                         => Query, cases::figures, People;
    GET    "/api/v1/receipts/verify"                 => Query, cases::verify_receipt, Public;
    GET    "/api/v1/pickup"                          => Query, cases::pickup_lookup, People;
    GET    "/api/v1/register/lookup"                 => Query, register::lookup, People;

    GET    "/api/v1/reports"                         => Reports, reports::overview, People;
    GET    "/api/v1/reports/{office}/{month}"        => Reports, reports::read, PeopleOrClient(crate::reports::SCOPE);
    PUT    "/api/v1/reports/{office}/{month}"        => Reports, reports::submit, PeopleOrClient(crate::reports::SCOPE);
    GET    "/api/v1/reports/{office}/{month}/computed" => Reports, reports::computed, People;

    POST   "/api/v1/verifications"                   => Verify, verification::verify, Client(crate::verification::SCOPE);
    POST   "/api/v1/verifications/jobs"              => Verify, verification::create_job, Client(crate::verification::SCOPE);
    GET    "/api/v1/verifications/jobs/{id}"         => Verify, verification::job_status, Client(crate::verification::SCOPE);

    GET    "/api/v1/whatsapp/webhook"                => Submit, whatsapp::whatsapp_handshake, Public;
    POST   "/api/v1/whatsapp/webhook"                => Submit, whatsapp::whatsapp_delivery, Public;
    GET    "/api/v1/guest-book/{id}/{key}"           => Query, whatsapp::guest_book_view, Public;
    POST   "/api/v1/guest-book/{id}/{key}"           => Submit, whatsapp::guest_book_fill, Public;
    POST   "/api/v1/guest-book/{id}/{key}/uploads"   => Presign, whatsapp::guest_book_presign, Public;
    POST   "/api/v1/guest-book/{id}/{key}/withdraw"  => Submit, whatsapp::guest_book_withdraw, Public;
    GET    "/api/v1/guest-book"                      => Query, whatsapp::guest_book, People;
}

/// The security schemes (a person's bearer token; a machine client's OAuth2 client-credentials
/// token with scopes) and, on every operation, the requirement its route's access declares.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Scopes, SecurityRequirement, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_default();
        let bearer = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build();
        components.add_security_scheme("bearer", SecurityScheme::Http(bearer));
        let scopes = Scopes::from_iter(crate::admin::KNOWN_SCOPES.iter().map(|(s, d)| (*s, *d)));
        let flow = Flow::ClientCredentials(ClientCredentials::new("/api/v1/oauth/token", scopes));
        components.add_security_scheme("klien", SecurityScheme::OAuth2(OAuth2::new([flow])));
        for route in ROUTES {
            let Some(item) = openapi.paths.paths.get_mut(route.path) else { continue };
            let operation = match route.method {
                "GET" => &mut item.get,
                "POST" => &mut item.post,
                "PUT" => &mut item.put,
                "PATCH" => &mut item.patch,
                _ => &mut item.delete,
            };
            let Some(operation) = operation else { continue };
            let person = || SecurityRequirement::new("bearer", Vec::<String>::new());
            let client = |scope: &str| SecurityRequirement::new("klien", [scope]);
            operation.security = match route.access {
                Access::Public => None,
                Access::People => Some(vec![person()]),
                Access::Client(scope) => Some(vec![client(scope)]),
                Access::PeopleOrClient(scope) => Some(vec![person(), client(scope)]),
            };
        }
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

    /// Each operation states what its route's guard enforces: no token, a person's bearer token,
    /// or a client token with the named scope.
    #[test]
    fn the_document_states_each_routes_access() {
        use utoipa::OpenApi as _;
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        for route in ROUTES {
            let op = &doc["paths"][route.path][route.method.to_lowercase()];
            let expected = match route.access {
                Access::Public => serde_json::Value::Null,
                Access::People => serde_json::json!([{ "bearer": [] }]),
                Access::Client(s) => serde_json::json!([{ "klien": [s] }]),
                Access::PeopleOrClient(s) => serde_json::json!([{ "bearer": [] }, { "klien": [s] }]),
            };
            assert_eq!(op["security"], expected, "{} {}", route.method, route.path);
        }
        let flow = &doc["components"]["securitySchemes"]["klien"]["flows"]["clientCredentials"];
        assert_eq!(flow["tokenUrl"], "/api/v1/oauth/token");
        assert!(flow["scopes"]["laporan.bulanan"].is_string());
    }

    #[test]
    fn every_route_is_listed_once_and_every_function_serves_some() {
        let unique: BTreeSet<_> = ROUTES.iter().map(|r| (r.method, r.path)).collect();
        assert_eq!(unique.len(), ROUTES.len());
        for function in Function::ALL {
            assert!(ROUTES.iter().any(|r| r.function == function), "{function:?} serves nothing");
        }
        for route in ROUTES {
            assert!(Function::ALL.contains(&route.function), "{:?} is not in Function::ALL", route.function);
        }
    }
}
