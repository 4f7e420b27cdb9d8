//! The request context of pages: the session behind the cookie, the language, and the CSRF
//! token; checked once in a middleware so that no handler can forget it.

use crate::AppState;
use crate::error::PageError;
use crate::i18n::{Lang, Tr};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use logbog_app::AppError;
use logbog_app::auth::{ActiveSession, random_token};
use logbog_app::people::CurrentUser;
use logbog_db::sessions::SessionKind;

pub const SESSION_COOKIE: &str = "logbog_session";
pub const CSRF_COOKIE: &str = "logbog_csrf";
pub const LANG_COOKIE: &str = "logbog_lang";
/// A language chosen on the login page within the last hour: the account takes it at login.
pub const LANG_CHOSEN_COOKIE: &str = "logbog_lang_chosen";

tokio::task_local! {
    static CTX: Ctx;
}

/// The translator of the request being handled, for error pages.
pub fn current_tr() -> Option<Tr> {
    CTX.try_with(|c| c.tr.clone()).ok()
}

/// The page context of the request being handled, for error pages with the usual frame.
pub fn current_ctx() -> Option<Ctx> {
    CTX.try_with(Clone::clone).ok()
}

fn anonymous_ctx(tr: Tr, csrf: String, path: String) -> Ctx {
    Ctx {
        tr,
        user: None,
        waiting: None,
        unread: None,
        csrf,
        session_token: None,
        path,
        query: None,
    }
}

/// What the middleware found out about a page request.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub waiting: Option<i64>,
    pub unread: Option<i64>,
    pub session: Option<ActiveSession>,
    pub session_token: Option<String>,
    pub csrf: String,
    pub tr: Tr,
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| Cookie::parse(pair.trim().to_owned()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// Build a cookie with the attributes every Logbog cookie has.
pub fn cookie(state: &AppState, name: &'static str, value: String, max_age: Option<time_max_age::Seconds>) -> String {
    let mut c = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .secure(state.settings.secure_cookies);
    c = c.same_site(if name == CSRF_COOKIE {
        SameSite::Strict
    } else {
        SameSite::Lax
    });
    let mut s = c.build().to_string();
    if let Some(secs) = max_age {
        s.push_str(&format!("; Max-Age={}", secs.0));
    }
    s
}

/// Cookie lifetimes without the `time` crate.
pub mod time_max_age {
    #[derive(Debug, Clone, Copy)]
    pub struct Seconds(pub i64);
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Resolve session, language and CSRF for a page request; refuse unsafe requests without a
/// valid CSRF token or from another site.
pub async fn page_context(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let token = cookie_value(&parts.headers, SESSION_COOKIE);
    let mut clear_session = false;
    let session = match &token {
        Some(t) => match logbog_app::auth::resolve(&state.app, t, SessionKind::Web).await {
            Ok(s) => Some(s),
            Err(AppError::Db(e)) => {
                tracing::error!(error = %e, "session lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
            Err(_) => {
                clear_session = true;
                None
            }
        },
        None => None,
    };
    let lang = session
        .as_ref()
        .and_then(|s| Lang::parse(&s.user.locale))
        .or_else(|| cookie_value(&parts.headers, LANG_COOKIE).and_then(|l| Lang::parse(&l)))
        .unwrap_or_default();
    let tr = Tr::new(lang, state.i18n.clone());
    let cookie_csrf = cookie_value(&parts.headers, CSRF_COOKIE);
    let (csrf, new_csrf_cookie) = match (&session, cookie_csrf) {
        (Some(s), _) => (s.csrf_token.clone(), None),
        (None, Some(c)) if c.len() >= 32 => (c, None),
        (None, _) => {
            let c = random_token();
            (c.clone(), Some(c))
        }
    };

    // The text policy on the query string too (a search term reaches the database).
    if let Some(query) = parts.uri.query() {
        let pairs = serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default();
        for (k, v) in &pairs {
            let field = logbog_app::text::field_name(k).unwrap_or("query");
            if let Some(problem) = logbog_app::text::check(field, v) {
                let ctx = anonymous_ctx(tr, csrf, parts.uri.path().to_owned());
                return CTX
                    .scope(ctx, async {
                        PageError(AppError::Invalid { field, problem }).into_response()
                    })
                    .await;
            }
        }
    }
    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let body = if unsafe_method {
        let cross_site = parts
            .headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "cross-site")
            || crate::csrf::from_another_site(&parts.headers);
        let (sent, body) = match crate::csrf::sent_token(&parts.headers, body, state.app.config.http.form_body).await {
            Ok(taken) => taken,
            Err(why) => {
                let (field, problem) = match why {
                    crate::csrf::Unreadable::TooLarge => ("form", logbog_app::Problem::TooLarge),
                    crate::csrf::Unreadable::Text { field, problem } => (field, problem),
                };
                let ctx = anonymous_ctx(tr, csrf, parts.uri.path().to_owned());
                return CTX
                    .scope(ctx, async {
                        PageError(AppError::Invalid { field, problem }).into_response()
                    })
                    .await;
            }
        };
        if cross_site || !constant_time_eq(&sent, &csrf) {
            let ctx = anonymous_ctx(tr.clone(), csrf.clone(), parts.uri.path().to_owned());
            let page = crate::templates::ErrorPage {
                title: tr.t("status-403"),
                message: tr.t("error-csrf"),
                l: crate::templates::Layout::new(&ctx),
            };
            return (StatusCode::FORBIDDEN, crate::templates::render(&page)).into_response();
        }
        body
    } else {
        body
    };

    let waiting = match &session {
        Some(s) => logbog_app::approvals::waiting_count(&state.app, &s.user).await.ok(),
        None => None,
    };
    let unread = match &session {
        Some(s) => logbog_app::notifications::unread(&state.app, &s.user).await.ok(),
        None => None,
    };
    let frame = Ctx {
        tr: tr.clone(),
        user: session.as_ref().map(|s| s.user.clone()),
        waiting,
        unread,
        csrf: csrf.clone(),
        session_token: token.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
    };
    parts.extensions.insert(RequestContext {
        session,
        session_token: token,
        csrf,
        tr,
        waiting,
        unread,
    });
    let request = Request::from_parts(parts, body);
    let mut response = CTX.scope(frame, next.run(request)).await;
    let headers = response.headers_mut();
    if let Some(c) = new_csrf_cookie
        && let Ok(v) = cookie(&state, CSRF_COOKIE, c, None).parse()
    {
        headers.append(header::SET_COOKIE, v);
    }
    // A stale cookie is deleted, unless the handler has just set a new session (a login
    // submitted after the old session expired): one login gives exactly one session cookie.
    let sets_session = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with(&format!("{SESSION_COOKIE}=")));
    if clear_session
        && !sets_session
        && let Ok(v) = cookie(&state, SESSION_COOKIE, String::new(), Some(time_max_age::Seconds(0))).parse()
    {
        headers.append(header::SET_COOKIE, v);
    }
    // Pages carry personal data: never keep them in shared or browser caches.
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(header::HeaderValue::from_static("no-store"));
    response
}

/// The context of any page, logged in or not.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub tr: Tr,
    pub user: Option<CurrentUser>,
    /// Requests waiting for the user, for the counter in the navigation.
    pub waiting: Option<i64>,
    /// Unread notifications, for the counter in the navigation.
    pub unread: Option<i64>,
    pub csrf: String,
    pub session_token: Option<String>,
    pub path: String,
    /// The query string of the request, if any (to come back to the same view).
    pub query: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let rc = parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .ok_or_else(|| PageError(AppError::Internal("page route without context middleware".into())))?;
        Ok(Ctx {
            tr: rc.tr,
            waiting: rc.waiting,
            unread: rc.unread,
            user: rc.session.map(|s| s.user),
            csrf: rc.csrf,
            session_token: rc.session_token,
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
        })
    }
}

/// The context of a page that needs a logged-in user; anonymous visitors go to the login page.
#[derive(Debug, Clone)]
pub struct Authed {
    pub ctx: Ctx,
    pub user: CurrentUser,
}

/// Sends anonymous visitors to the login page, remembering where they were going.
pub struct LoginRedirect(String);

impl IntoResponse for LoginRedirect {
    fn into_response(self) -> Response {
        Redirect::to(&format!("/login?next={}", urlencode(&self.0))).into_response()
    }
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e[1..].to_owned())
        .unwrap_or_default()
}

impl<S: Send + Sync> FromRequestParts<S> for Authed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let target = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default();
        match ctx.user.clone() {
            Some(user) => Ok(Authed { ctx, user }),
            None => Err(LoginRedirect(target).into_response()),
        }
    }
}

/// Run `f` with `tr` as the request's translator (used by the API's middleware).
pub async fn scope_tr<F: std::future::Future>(tr: Tr, f: F) -> F::Output {
    CTX.scope(anonymous_ctx(tr, String::new(), String::new()), f).await
}

/// A path parameter of a page: a malformed id is a "not found" page, not axum's plain 400.
#[derive(Debug, Clone, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(PageError))]
pub struct PagePath<T>(pub T);
