//! The domain of Danish postgraduate medical training: types, value objects and rules. Pure: no IO.

pub mod access;
pub mod cpr;
pub mod dates;
pub mod ids;
pub mod progress;
pub mod rights;
pub mod types;

pub use cpr::Cpr;
pub use ids::*;
pub use types::*;
