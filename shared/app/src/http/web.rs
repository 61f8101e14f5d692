//! The built web apps served beside the API by the local server, with the security headers a
//! deployment's CloudFront sends for them (`WebHeaders` in infra/template.yaml, which adds the
//! API's and the uploads bucket's origins to the same policy).

use axum::Router;
use axum::http::{HeaderValue, header};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// What the apps' pages may load: their own scripts, styles and API, images and PDFs from their
/// own address (document previews) or inline data; no plugins, frames of them elsewhere, or
/// forms posted away.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The web apps built into `dir` (`web/dist`) beside the API: the citizen site at `/` and, once
/// built, the officer dashboard at `/dashboard`. The citizen site's pages are paths
/// (`/permohonan/K-...`, the links in messages) and the dashboard's are after `#`: any path that
/// is not a file serves the app's `index.html`.
pub fn with_web(router: Router, dir: &std::path::Path) -> Router {
    let app = |name: &str| {
        // The build writes each file's gzip beside it (web/compress.mjs): a phone that accepts it
        // gets it, as from CloudFront.
        let index = ServeFile::new(dir.join(name).join("index.html")).precompressed_gzip();
        let files = ServeDir::new(dir.join(name)).precompressed_gzip().fallback(index);
        let header = |name, value| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
        Router::new()
            .fallback_service(files)
            .layer(header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
            .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .layer(header(header::REFERRER_POLICY, "no-referrer"))
    };
    let router = if dir.join("dashboard/index.html").is_file() {
        // The apps load their files relative to their page, so the dashboard's page is the folder.
        let folder = axum::routing::get(|| async { axum::response::Redirect::permanent("/dashboard/") });
        router.route("/dashboard", folder).nest_service("/dashboard/", app("dashboard"))
    } else {
        router
    };
    router.fallback_service(app("citizen"))
}
