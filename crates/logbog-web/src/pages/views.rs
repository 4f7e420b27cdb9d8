//! "Who has seen my logbook": every view of the trainee's logbook by someone else, from the
//! audit trail, as a page and as a CSV download.

use crate::AppState;
use crate::context::Authed;
use crate::error::PageError;
use crate::pager::{PageQuery, Pager};
use crate::templates::{Layout, ViewRow, ViewsPage, render};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono_tz::Europe::Copenhagen;

fn rows(a: &Authed, views: &[logbog_db::audit::View]) -> Vec<ViewRow> {
    let tr = &a.ctx.tr;
    views
        .iter()
        .map(|v| ViewRow {
            when: v.at.with_timezone(&Copenhagen).format("%d.%m.%Y %H:%M").to_string(),
            who: v.viewer_name.clone(),
            role: v.role.map(|r| tr.t(&format!("role-{}", r.code()))).unwrap_or_default(),
            what: match (v.page.as_str(), &v.file_name) {
                ("document", Some(name)) => format!("{}: {name}", tr.t("views-page-document")),
                (page, _) => tr.t(match page {
                    "competency" => "views-page-competency",
                    "programmes" => "views-page-programmes",
                    "document" => "views-page-document",
                    "notes" => "views-page-notes",
                    "employment_overview" => "views-page-employment-overview",
                    _ => "views-page-logbook",
                }),
            },
        })
        .collect()
}

pub async fn views(
    State(state): State<AppState>,
    a: Authed,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let views = logbog_app::logbook::views_of_own_logbook(&state.app, &a.user, q.request()).await?;
    Ok(render(&ViewsPage {
        l: Layout::new(&a.ctx),
        rows: rows(&a, &views.items),
        pager: Pager::new(&a.ctx.tr, &views, "/logbook/views"),
    }))
}

/// A CSV field, quoted when needed (RFC 4180).
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

pub async fn views_csv(State(state): State<AppState>, a: Authed) -> Result<Response, PageError> {
    let views = logbog_app::logbook::all_views_of_own_logbook(&state.app, &a.user).await?;
    let tr = &a.ctx.tr;
    let mut out = [
        tr.t("views-when"),
        tr.t("views-who"),
        tr.t("views-role"),
        tr.t("views-what"),
    ]
    .iter()
    .map(|h| csv(h))
    .collect::<Vec<_>>()
    .join(",");
    out.push_str("\r\n");
    for r in rows(&a, &views) {
        out.push_str(
            &[r.when, r.who, r.role, r.what]
                .iter()
                .map(|f| csv(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"logbog-visninger.csv\""),
            ),
        ],
        out,
    )
        .into_response())
}

/// Everything Logbog holds about the user (GDPR Article 15), as a JSON download: for any user.
pub async fn my_data(State(state): State<AppState>, a: Authed) -> Result<Response, PageError> {
    let data = logbog_app::privacy::my_data(&state.app, &a.user).await?;
    let body =
        serde_json::to_vec_pretty(&data).map_err(|e| PageError(logbog_app::AppError::Internal(e.to_string())))?;
    // The user name is letters, digits and . - _ @ only: safe in the header as it is.
    let name = format!(
        "attachment; filename=\"logbog-{}-{}.json\"",
        a.user.username,
        state.app.clock.today()
    );
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&name)
                    .unwrap_or(HeaderValue::from_static("attachment; filename=\"logbog-data.json\"")),
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(super::csv("Mette Hansen"), "Mette Hansen");
        assert_eq!(super::csv("Hansen, Mette"), "\"Hansen, Mette\"");
        assert_eq!(super::csv("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
