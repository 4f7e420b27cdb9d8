//! Login, logout and the language switch.

use crate::AppState;
use crate::client_addr::ClientAddr;
use crate::context::{Ctx, LANG_CHOSEN_COOKIE, LANG_COOKIE, SESSION_COOKIE, cookie, time_max_age::Seconds};
use crate::error::{PageError, classify, message};
use crate::i18n::Lang;
use crate::redirect::{back_or_home, home, same_site};
use crate::templates::{Layout, LoginPage, render};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use logbog_db::sessions::SessionKind;
use serde::Deserialize;

/// Where to go after login: `next` when it is a page of this site other than the login page
/// itself, else the user's home.
fn after_login(next: &str, user: &logbog_app::people::CurrentUser) -> String {
    same_site(next)
        .filter(|p| p.split(['?', '#']).next() != Some("/login"))
        .unwrap_or_else(|| home(Some(user)))
        .to_owned()
}

pub async fn root(ctx: Ctx) -> Redirect {
    match ctx.user {
        Some(u) => Redirect::to(home(Some(&u))),
        None => Redirect::to(home(None)),
    }
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
}

fn login_page(state: &AppState, ctx: &Ctx, username: String, next: String, error: Option<String>) -> LoginPage {
    let demo = state.settings.demo.as_ref();
    LoginPage {
        l: Layout::new(ctx),
        username,
        next,
        error,
        demo_accounts: demo
            .map(|d| {
                d.accounts
                    .iter()
                    .map(|(user, roles)| {
                        let labels: Vec<String> =
                            roles.iter().map(|r| ctx.tr.t(&format!("role-{}", r.code()))).collect();
                        (user.clone(), labels.join(", "))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        demo_password: demo.map(|d| d.password.clone()),
    }
}

pub async fn login_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<LoginQuery>) -> Response {
    if let Some(user) = &ctx.user {
        return Redirect::to(&after_login(&q.next, user)).into_response();
    }
    render(&login_page(&state, &ctx, String::new(), q.next, None))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientAddr(client): ClientAddr,
    headers: axum::http::HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    // The id rotates at login: whatever session the browser held is ended.
    if let Some(old) = &ctx.session_token {
        let _ = logbog_app::auth::logout(&state.app, old).await;
    }
    match logbog_app::auth::login(
        &state.app,
        &form.username,
        &form.password,
        Some(client),
        SessionKind::Web,
    )
    .await
    {
        Ok(session) => {
            // A language chosen on the login page just before becomes the account's. (Not the
            // display cookie, which may be a year old and another person's on a shared computer.)
            let chosen = crate::context::cookie_value(&headers, LANG_CHOSEN_COOKIE).and_then(|l| Lang::parse(&l));
            if let Some(lang) = chosen.filter(|l| Lang::parse(&session.user.locale) != Some(*l))
                && let Err(e) = logbog_app::people::set_locale(&state.app, session.user.account_id, lang.code()).await
            {
                // The login itself succeeded; the language can be switched again.
                tracing::error!(error = %e, "storing the language chosen before login failed");
            }
            let target = after_login(&form.next, &session.user);
            let mut response = Redirect::to(&target).into_response();
            let headers = response.headers_mut();
            if let Ok(v) = cookie(&state, SESSION_COOKIE, session.token, None).parse() {
                headers.append(header::SET_COOKIE, v);
            }
            if chosen.is_some()
                && let Ok(v) = cookie(&state, LANG_CHOSEN_COOKIE, String::new(), Some(Seconds(0))).parse()
            {
                headers.append(header::SET_COOKIE, v);
            }
            response
        }
        Err(err) => {
            let (status, _, _) = classify(&err);
            if status.is_server_error() {
                return PageError(err).into_response();
            }
            let text = message(&ctx.tr, &err);
            let mut response = render(&login_page(&state, &ctx, form.username, form.next, Some(text)));
            *response.status_mut() = status;
            response
        }
    }
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    if let Some(token) = &ctx.session_token {
        logbog_app::auth::logout(&state.app, token).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) = cookie(&state, SESSION_COOKIE, String::new(), Some(Seconds(0))).parse() {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    lang: String,
    #[serde(default)]
    back: String,
}

/// Switch language; remembered in a cookie and, when logged in, on the account.
pub async fn switch_language(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LanguageForm>,
) -> Result<Response, PageError> {
    let lang = Lang::parse(&form.lang).ok_or(logbog_app::AppError::Invalid {
        field: "lang",
        problem: logbog_app::Problem::Language,
    })?;
    if let Some(user) = &ctx.user {
        logbog_app::people::set_locale(&state.app, user.account_id, lang.code()).await?;
    }
    // Unlike `next` after login, going back to the login page is fine here.
    let back = back_or_home(&form.back, ctx.user.as_ref());
    let mut response = Redirect::to(&back).into_response();
    if let Ok(v) = cookie(
        &state,
        LANG_COOKIE,
        lang.code().to_owned(),
        Some(Seconds(365 * 24 * 3600)),
    )
    .parse::<HeaderValue>()
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    // Chosen before login: the account takes it at the next login within the hour.
    if ctx.user.is_none()
        && let Ok(v) = cookie(&state, LANG_CHOSEN_COOKIE, lang.code().to_owned(), Some(Seconds(3600))).parse()
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
