//! The HTTP side of `serve`: answers from the current in-memory [`Snapshot`] under the
//! site's base path, injects the live-reload script into HTML, and pushes rebuild news
//! to browsers over a websocket.
//!
//! [`resolve`] is the pure part (request path → file, redirect or refusal), tested
//! without a socket. Nothing here reads the disk: a path can only name a file of the
//! built site, and `..`, encoded dots and backslashes are refused outright.

use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use super::snapshot::Snapshot;

pub const LIVE_SCRIPT: &str = include_str!("live.js");
const LIVE_TAG: &str = "<script src=\"/__strata/live.js\" defer></script>";

/// State shared by the HTTP handlers and the rebuild loop.
pub struct Shared {
    pub snapshot: RwLock<Arc<Snapshot>>,
    /// JSON messages for the browsers: reload, css, errors.
    pub events: broadcast::Sender<String>,
}

impl Shared {
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_default()
    }

    pub fn swap(&self, next: Snapshot) {
        if let Ok(mut guard) = self.snapshot.write() {
            *guard = Arc::new(next);
        }
    }
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__strata/ws", get(websocket))
        .route("/__strata/live.js", get(live_script))
        .fallback(get(serve_file))
        .with_state(shared)
}

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolution {
    File(String),
    Redirect(String),
    BadRequest,
    NotFound,
}

/// Maps a request path to a file of `snapshot`.
pub fn resolve(snapshot: &Snapshot, raw_path: &str) -> Resolution {
    let Some(path) = crate::urls::decode_escapes(raw_path) else {
        return Resolution::BadRequest;
    };
    if path.contains('\\')
        || path.contains('\0')
        || path.starts_with("//")
        || path.split('/').any(|s| s == "..")
    {
        return Resolution::BadRequest;
    }
    let base = snapshot.base_path.as_str();
    if base != "/" && (path == "/" || path == base.trim_end_matches('/')) {
        return Resolution::Redirect(base.to_string());
    }
    let Some(rel) = path.strip_prefix(base) else {
        return Resolution::NotFound;
    };
    let rel = rel.trim_start_matches('/');
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if snapshot.files.contains_key(file.as_str()) {
        return Resolution::File(file);
    }
    if !rel.is_empty()
        && !rel.ends_with('/')
        && snapshot
            .files
            .contains_key(format!("{rel}/index.html").as_str())
    {
        // Built from the base path, never from the request, so it stays on this host;
        // the path encoded again, so `100%` and `c#` stay names, not escapes or a
        // fragment.
        return Resolution::Redirect(format!("{base}{}/", crate::urls::encode_path(rel)));
    }
    Resolution::NotFound
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to an HTML page.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{LIVE_TAG}\n{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{LIVE_TAG}").into_bytes(),
    }
}

fn respond(status: StatusCode, path: &str, body: &[u8]) -> Response {
    let ctype = content_type(path);
    let body = if ctype.starts_with("text/html") {
        inject(body)
    } else {
        body.to_vec()
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// What the browser gets before any build has succeeded: a page that holds the live
/// script, so the overlay shows the errors and the fixed site replaces it.
const NOT_BUILT: &[u8] = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site has not built yet</h1><p>Strata shows the errors over this page and reloads it when they are fixed.</p></body></html>";

async fn serve_file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snapshot = shared.current();
    if snapshot.files.is_empty() {
        return respond(StatusCode::SERVICE_UNAVAILABLE, "not-built.html", NOT_BUILT);
    }
    match resolve(&snapshot, uri.path()) {
        Resolution::File(path) => respond(StatusCode::OK, &path, &snapshot.files[path.as_str()]),
        Resolution::Redirect(to) => {
            // Temporary and not stored: a browser must not remember it once this
            // server stops and another site is served on the same port.
            let mut response = StatusCode::TEMPORARY_REDIRECT.into_response();
            let to = match uri.query() {
                Some(query) => format!("{to}?{query}"),
                None => to,
            };
            let headers = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(&to) {
                headers.insert(header::LOCATION, value);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Resolution::BadRequest => respond(StatusCode::BAD_REQUEST, "400.txt", b"Bad request\n"),
        Resolution::NotFound => match not_found_page(&snapshot, uri.path()) {
            Some(page) => respond(StatusCode::NOT_FOUND, "404.html", page),
            None => respond(StatusCode::NOT_FOUND, "404.txt", b"Not found\n"),
        },
    }
}

/// The not-found page for a missing `path`: the nearest `404.html` in a folder above
/// it, so a missing French page (`/fr/…`) gets the French one, else the site's.
fn not_found_page<'s>(snapshot: &'s Snapshot, path: &str) -> Option<&'s Arc<[u8]>> {
    let rel = path.strip_prefix(snapshot.base_path.as_str()).unwrap_or("");
    let rel = crate::urls::percent_decode(rel);
    let mut folder = rel.as_ref();
    loop {
        folder = match folder.rfind('/') {
            Some(i) => &folder[..i],
            None => "",
        };
        let candidate = if folder.is_empty() {
            "404.html".to_string()
        } else {
            format!("{folder}/404.html")
        };
        if let Some(page) = snapshot.files.get(candidate.as_str()) {
            return Some(page);
        }
        if folder.is_empty() {
            return None;
        }
    }
}

async fn live_script() -> Response {
    respond(StatusCode::OK, "live.js", LIVE_SCRIPT.as_bytes())
}

async fn websocket(State(shared): State<Arc<Shared>>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| talk(socket, shared))
}

async fn talk(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut events = shared.events.subscribe();
    let current = shared.current();
    if !current.errors.is_empty() {
        let msg = super::errors_message(&current.errors);
        if socket.send(Message::Text(msg.into())).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(text) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => {}
                _ => return,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(base: &str) -> Snapshot {
        let mut s = Snapshot {
            base_path: base.into(),
            ..Snapshot::default()
        };
        for f in [
            "index.html",
            "a/index.html",
            "assets/strata.css",
            "404.html",
            "100%/index.html",
            "c#/index.html",
            "ύπνος/index.html",
        ] {
            s.files.insert(Arc::from(f), Arc::from(&b"x"[..]));
        }
        s
    }

    #[test]
    fn a_missing_page_gets_the_nearest_not_found_page() {
        let mut s = snapshot("/guide/");
        s.files
            .insert(Arc::from("fr/404.html"), Arc::from(&b"fr"[..]));
        let page = |path: &str| not_found_page(&s, path).map(|p| p.to_vec());
        assert_eq!(page("/guide/fr/nowhere/deeper/"), Some(b"fr".to_vec()));
        assert_eq!(page("/guide/fr/nowhere"), Some(b"fr".to_vec()));
        assert_eq!(page("/guide/nowhere/"), Some(b"x".to_vec()));
        assert_eq!(page("/elsewhere/"), Some(b"x".to_vec()));
    }

    #[test]
    fn resolves_pretty_urls_under_the_base_path() {
        let s = snapshot("/guide/");
        assert_eq!(
            resolve(&s, "/guide/"),
            Resolution::File("index.html".into())
        );
        assert_eq!(
            resolve(&s, "/guide/a/"),
            Resolution::File("a/index.html".into())
        );
        assert_eq!(
            resolve(&s, "/guide/a"),
            Resolution::Redirect("/guide/a/".into())
        );
        assert_eq!(resolve(&s, "/"), Resolution::Redirect("/guide/".into()));
        assert_eq!(resolve(&s, "/a/"), Resolution::NotFound);
        assert_eq!(
            resolve(&s, "/guide/assets/strata.css"),
            Resolution::File("assets/strata.css".into())
        );
    }

    #[test]
    fn a_folders_redirect_names_it_encoded() {
        let s = snapshot("/");
        for (request, to) in [
            ("/100%25", "/100%25/"),
            ("/c%23", "/c%23/"),
            (
                "/%CF%8D%CF%80%CE%BD%CE%BF%CF%82",
                "/%CF%8D%CF%80%CE%BD%CE%BF%CF%82/",
            ),
        ] {
            assert_eq!(
                resolve(&s, request),
                Resolution::Redirect(to.into()),
                "{request}"
            );
            // And the redirect's target is the folder's page.
            assert!(matches!(resolve(&s, to), Resolution::File(_)), "{to}");
        }
    }

    #[test]
    fn traversal_attempts_are_refused() {
        let s = snapshot("/");
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/%2e%2e/etc/passwd",
            "/a\\..\\b",
            "/%2E%2E/x",
            "/%zz",
            "/a/%00",
        ] {
            assert_eq!(resolve(&s, bad), Resolution::BadRequest, "{bad}");
        }
        assert_eq!(resolve(&s, "//etc/passwd"), Resolution::BadRequest);
        assert_eq!(
            resolve(&s, "//a"),
            Resolution::BadRequest,
            "no redirect to another host"
        );
    }

    #[test]
    fn live_script_goes_before_the_body_end() {
        let html = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body><p>x</p>{LIVE_TAG}\n</body></html>")
        );
    }
}
