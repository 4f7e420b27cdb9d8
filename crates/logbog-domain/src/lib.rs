//! The domain of Danish postgraduate medical training: types, value objects and rules. Pure: no IO.

pub mod access;
#[macro_use]
mod macros;
pub mod audit;
pub mod cards;
pub mod cpr;
pub mod dates;
pub mod documents;
pub mod ids;
pub mod items;
pub mod notes;
pub mod notices;
pub mod overview;
pub mod paper;
pub mod progress;
pub mod rights;
pub mod specialty_files;
pub mod types;

pub use audit::{AuditAction, Subject};
pub use cpr::Cpr;
pub use ids::*;
pub use items::ItemRef;
pub use macros::Code;
pub use notices::{Notice, NotificationKind};
pub use types::*;
