//! The web crate's integration tests in one binary (one link, one process): HTTP through the
//! real app on both databases, the authorization table, and browser journeys. `queries.rs`
//! stays a binary of its own: its counting subscriber is global to the process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod api_edge;
mod approvals;
mod authorization;
mod backup;
mod bad_input;
mod browser;
mod browser_budgets;
mod browser_cards;
mod browser_documents;
mod browser_notes;
mod browser_paper;
mod browser_specialty_files;
mod browser_time_due;
mod card_confirmations;
mod cards;
mod concurrency;
mod documents;
mod homes;
mod http;
mod notes;
mod notification_links;
mod notifications;
mod overview;
mod paging;
mod paper;
mod privacy;
mod role_flaws;
mod specialty_files;
mod throttling;
mod time_pages;
mod two_roles;
mod waiting;
