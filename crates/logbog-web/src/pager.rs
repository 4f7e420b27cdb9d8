//! The links between the pages of a long list, and what the page shows of it ("Viser 51–100 af
//! 2.000"), for `templates/pager.html`.

use crate::i18n::Tr;
use logbog_app::paging::Page;

/// What `pager.html` shows under a paginated list.
#[derive(Debug, Clone)]
pub struct Pager {
    /// "Showing 51–100 of 2000"; for an empty list, nothing.
    pub summary: String,
    /// "Page 2 of 40".
    pub position: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Whether there is more than one page (no links otherwise).
    pub several: bool,
    pub nav_label: String,
    pub prev_label: String,
    pub next_label: String,
}

impl Pager {
    /// The pager of `page` of the list at `path` (which may carry a query of its own).
    pub fn new<T>(tr: &Tr, page: &Page<T>, path: &str) -> Self {
        Self::named(tr, page, path, "page")
    }

    /// The same, for a list whose page is the query parameter `param` (a page with two lists).
    pub fn named<T>(tr: &Tr, page: &Page<T>, path: &str, param: &str) -> Self {
        let (first, last) = page.range();
        let (number, pages) = (page.number(), page.pages());
        let link = |n: u32| {
            let sep = if path.contains('?') { '&' } else { '?' };
            format!("{path}{sep}{param}={n}")
        };
        Self {
            summary: if page.total == 0 {
                String::new()
            } else {
                tr.ta(
                    "pager-showing",
                    &[
                        ("first", first.to_string()),
                        ("last", last.to_string()),
                        ("total", page.total.to_string()),
                    ],
                )
            },
            position: tr.t2(
                "pager-position",
                ("page", number.to_string()),
                ("pages", pages.to_string()),
            ),
            prev: (number > 1).then(|| link(number - 1)),
            next: (number < pages).then(|| link(number + 1)),
            several: pages > 1,
            nav_label: tr.t("pager-label"),
            prev_label: tr.t("pager-previous"),
            next_label: tr.t("pager-next"),
        }
    }
}

/// The `page` query parameter of a paginated page (anything else in the query is the page's).
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    pub page: Option<u32>,
}

impl PageQuery {
    pub fn request(&self) -> logbog_app::paging::PageRequest {
        logbog_app::paging::PageRequest::new(self.page, None)
    }
}
