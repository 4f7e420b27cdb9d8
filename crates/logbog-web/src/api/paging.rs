//! Lists that grow with history, a page at a time: `?page=` (from 1) and `?per_page=` (1–200,
//! default 50); the body stays the array of the page's items, and the count of all and the
//! links to the other pages are headers, as GitHub's and GitLab's APIs have them:
//! `X-Total-Count` and `Link` (RFC 8288) with `first`, `prev`, `next` and `last`.

use axum::Json;
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use logbog_app::paging::{Page, PageRequest};
use serde::{Deserialize, Serialize};

/// The page asked for.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The page, from 1 (the default); a page beyond the last gives the last.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

impl PageParams {
    /// For a page: what is out of range is brought within it.
    pub fn request(&self) -> PageRequest {
        PageRequest::new(self.page, self.per_page)
    }

    /// For the API: what is out of range is a 400 naming the parameter, as documented.
    pub fn checked(&self) -> Result<PageRequest, crate::error::ApiError> {
        Ok(PageRequest::checked(self.page, self.per_page)?)
    }
}

/// The header with the count of all items.
pub const TOTAL: HeaderName = HeaderName::from_static("x-total-count");

/// The page's items as JSON, each made by `f`, with the count and the links of `path`.
pub fn paged<T, U: Serialize>(page: Page<T>, path: &str, f: impl FnMut(T) -> U) -> Response {
    let (number, pages, per_page) = (page.number(), page.pages(), page.request.per_page());
    let total = page.total;
    let link = |n: u32, rel: &str| format!("<{path}?page={n}&per_page={per_page}>; rel=\"{rel}\"");
    let mut links = vec![link(1, "first")];
    if number > 1 {
        links.push(link(number - 1, "prev"));
    }
    if number < pages {
        links.push(link(number + 1, "next"));
    }
    links.push(link(pages, "last"));
    let items: Vec<U> = page.items.into_iter().map(f).collect();
    let mut response = Json(items).into_response();
    let headers = response.headers_mut();
    headers.insert(TOTAL, HeaderValue::from(total));
    if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
        headers.insert(axum::http::header::LINK, v);
    }
    response
}
