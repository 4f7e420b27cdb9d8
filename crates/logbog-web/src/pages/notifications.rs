//! The user's notifications: newest first, unread marked, all marked read with one button.

use crate::AppState;
use crate::context::Authed;
use crate::error::PageError;
use crate::pager::{PageQuery, Pager};
use crate::templates::{Layout, NotificationRow, NotificationsPage, render};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono_tz::Europe::Copenhagen;

pub async fn notifications(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let list = logbog_app::notifications::list(&state.app, &a.user, q.request()).await?;
    let tr = &a.ctx.tr;
    let rows = list
        .items
        .iter()
        .map(|n| {
            let (title, body) = crate::notify::text(tr, &n.notice);
            NotificationRow {
                when: n
                    .created_at
                    .with_timezone(&Copenhagen)
                    .format("%d.%m.%Y %H:%M")
                    .to_string(),
                title,
                body,
                unread: n.read_at.is_none(),
                href: format!("/notifications/{}", n.id),
            }
        })
        .collect::<Vec<_>>();
    // Unread ones on other pages count too: the button marks them all.
    let any_unread = rows.iter().any(|r| r.unread) || a.ctx.unread.is_some_and(|n| n > 0);
    Ok(render(&NotificationsPage {
        l: Layout::new(&a.ctx),
        rows,
        any_unread,
        pager: Pager::new(tr, &list, "/notifications"),
    }))
}

/// `GET /notifications/{notification}`: open one (from the list or an email): it is marked read
/// and leads to what it is about; after a login the user lands here and is led on.
pub async fn open(
    State(state): State<AppState>,
    a: Authed,
    crate::context::PagePath(id): crate::context::PagePath<uuid::Uuid>,
) -> Result<Response, PageError> {
    let n = logbog_app::notifications::open(&state.app, &a.user, &id.to_string()).await?;
    let to = crate::notify::link(&n.notice).unwrap_or_else(|| "/notifications".to_owned());
    Ok(Redirect::to(&to).into_response())
}

pub async fn mark_read(State(state): State<AppState>, a: Authed) -> Result<Response, PageError> {
    logbog_app::notifications::mark_read(&state.app, &a.user).await?;
    Ok(Redirect::to("/notifications").into_response())
}
