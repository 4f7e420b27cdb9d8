//! Lists that grow with history (who has seen a logbook, notifications, the work list) are
//! read one page at a time, with the count of all: a page never costs more as history grows.

/// Items on a page unless the caller asks for another number.
pub const PER_PAGE: u32 = 50;
/// The most items a caller may ask for on one page.
pub const MAX_PER_PAGE: u32 = 200;
/// The highest page number a caller may ask for (a page beyond the last gives the last).
pub const MAX_PAGE: u32 = 1_000_000;

/// Which page of a list: 1-based, and how many items per page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    number: u32,
    per_page: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            number: 1,
            per_page: PER_PAGE,
        }
    }
}

impl PageRequest {
    /// Page `number` (from 1; 0 counts as 1) of `per_page` items (1 to [`MAX_PER_PAGE`]).
    pub fn new(number: Option<u32>, per_page: Option<u32>) -> Self {
        Self {
            number: number.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE),
        }
    }

    /// As [`PageRequest::new`] for a caller that must be told: a page outside 1 to
    /// [`MAX_PAGE`] or a `per_page` outside 1 to [`MAX_PER_PAGE`] is refused naming the field.
    pub fn checked(number: Option<u32>, per_page: Option<u32>) -> Result<Self, crate::AppError> {
        let within = |field: &'static str, value: Option<u32>, max: u32| match value {
            Some(v) if !(1..=max).contains(&v) => Err(crate::AppError::Invalid {
                field,
                problem: crate::Problem::OutOfRange { min: 1, max },
            }),
            _ => Ok(()),
        };
        within("page", number, MAX_PAGE)?;
        within("per_page", per_page, MAX_PER_PAGE)?;
        Ok(Self::new(number, per_page))
    }

    pub fn number(&self) -> u32 {
        self.number
    }

    pub fn per_page(&self) -> u32 {
        self.per_page
    }

    /// The same request, moved back to the last page of `total` items if it lies beyond it.
    pub fn within(self, total: u64) -> Self {
        let pages = pages_of(total, self.per_page);
        Self {
            number: self.number.min(pages),
            ..self
        }
    }

    /// SQL's `LIMIT`.
    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }

    /// SQL's `OFFSET`.
    pub fn offset(&self) -> i64 {
        i64::from(self.number - 1) * i64::from(self.per_page)
    }

    /// This page's slice of a list held whole.
    pub fn slice<T>(&self, all: Vec<T>) -> Page<T> {
        let total = all.len() as u64;
        let request = self.within(total);
        let items = all
            .into_iter()
            .skip(usize::try_from(request.offset()).unwrap_or(usize::MAX))
            .take(request.per_page as usize)
            .collect();
        Page { items, total, request }
    }
}

fn pages_of(total: u64, per_page: u32) -> u32 {
    u32::try_from(total.div_ceil(u64::from(per_page.max(1))))
        .unwrap_or(u32::MAX)
        .max(1)
}

/// One page of a list, and how many items the whole list has.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub request: PageRequest,
}

impl<T> Page<T> {
    /// The number of pages (at least 1, also for an empty list).
    pub fn pages(&self) -> u32 {
        pages_of(self.total, self.request.per_page)
    }

    pub fn number(&self) -> u32 {
        self.request.number
    }

    /// The 1-based position of the first and last item shown (0 and 0 for an empty page).
    pub fn range(&self) -> (u64, u64) {
        if self.items.is_empty() {
            return (0, 0);
        }
        let first = u64::try_from(self.request.offset()).unwrap_or(0) + 1;
        (first, first + self.items.len() as u64 - 1)
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            request: self.request,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn requests_are_clamped() {
        assert_eq!(PageRequest::new(Some(0), Some(0)), PageRequest::new(Some(1), Some(1)));
        assert_eq!(PageRequest::new(None, Some(10_000)).per_page(), MAX_PER_PAGE);
        assert_eq!(PageRequest::new(Some(3), Some(20)).offset(), 40);
        // Beyond the end: the last page.
        assert_eq!(PageRequest::new(Some(9), Some(20)).within(45).number(), 3);
        assert_eq!(PageRequest::new(Some(9), Some(20)).within(0).number(), 1);
    }

    #[test]
    fn a_checked_request_refuses_what_would_be_clamped() {
        let field = |r: Result<PageRequest, crate::AppError>| match r {
            Err(crate::AppError::Invalid { field, problem }) => {
                assert_eq!(problem.code(), "out-of-range");
                Some(field)
            }
            Err(e) => panic!("{e:?}"),
            Ok(_) => None,
        };
        assert_eq!(field(PageRequest::checked(Some(0), None)), Some("page"));
        assert_eq!(field(PageRequest::checked(Some(MAX_PAGE + 1), None)), Some("page"));
        assert_eq!(field(PageRequest::checked(None, Some(0))), Some("per_page"));
        assert_eq!(
            field(PageRequest::checked(None, Some(MAX_PER_PAGE + 1))),
            Some("per_page")
        );
        assert_eq!(field(PageRequest::checked(Some(MAX_PAGE), Some(MAX_PER_PAGE))), None);
        assert_eq!(PageRequest::checked(None, None).ok(), Some(PageRequest::default()));
    }

    #[test]
    fn a_slice_says_what_it_shows() {
        let page = PageRequest::new(Some(2), Some(20)).slice((1..=45).collect::<Vec<_>>());
        assert_eq!(page.items.first(), Some(&21));
        assert_eq!(page.range(), (21, 40));
        assert_eq!((page.total, page.pages()), (45, 3));
        let empty = PageRequest::default().slice(Vec::<u8>::new());
        assert_eq!((empty.range(), empty.pages()), ((0, 0), 1));
    }

    proptest! {
        /// Walking the pages shows every item once, in order.
        #[test]
        fn pages_cover_the_list(len in 0usize..500, per_page in 1u32..60) {
            let all: Vec<usize> = (0..len).collect();
            let first = PageRequest::new(Some(1), Some(per_page)).slice(all.clone());
            let mut seen = Vec::new();
            for n in 1..=first.pages() {
                let page = PageRequest::new(Some(n), Some(per_page)).slice(all.clone());
                let (a, b) = page.range();
                if !page.items.is_empty() {
                    prop_assert_eq!(b - a + 1, page.items.len() as u64);
                }
                seen.extend(page.items);
            }
            prop_assert_eq!(seen, all);
        }
    }
}
