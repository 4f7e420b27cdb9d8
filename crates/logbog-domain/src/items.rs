//! Approvable items: a typed reference to the thing a request or an approval is about. Every
//! layer passes an [`ItemRef`]; only the database stores it as a kind and an id. A new kind of
//! item (a course, a research element, a paper time attestation …) is a new variant here, and
//! every `match` over it fails to compile until the new kind is handled.

use crate::{CompetencyId, EmploymentId, ItemKind};
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// What a request for approval or an approval is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum ItemRef {
    /// A competency (delmål) of one of the trainee's curricula.
    Competency(CompetencyId),
    /// The time attestation of an employment: its id is the employment's.
    TimeAttestation(EmploymentId),
}

/// A stored kind and id that do not make an item.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{kind} item with the malformed id {id:?}")]
pub struct InvalidItem {
    pub kind: ItemKind,
    pub id: String,
}

impl ItemRef {
    /// The stored tag of the item.
    pub fn kind(self) -> ItemKind {
        match self {
            ItemRef::Competency(_) => ItemKind::Competency,
            ItemRef::TimeAttestation(_) => ItemKind::TimeAttestation,
        }
    }

    /// The id as stored beside the kind.
    pub fn id_text(self) -> String {
        match self {
            ItemRef::Competency(id) => id.to_string(),
            ItemRef::TimeAttestation(id) => id.to_string(),
        }
    }

    /// The item of a stored kind and id.
    pub fn from_parts(kind: ItemKind, id: &str) -> Result<Self, InvalidItem> {
        let bad = || InvalidItem {
            kind,
            id: id.to_owned(),
        };
        Ok(match kind {
            ItemKind::Competency => ItemRef::Competency(id.parse().map_err(|_| bad())?),
            ItemKind::TimeAttestation => ItemRef::TimeAttestation(id.parse().map_err(|_| bad())?),
        })
    }

    pub fn competency(self) -> Option<CompetencyId> {
        match self {
            ItemRef::Competency(id) => Some(id),
            ItemRef::TimeAttestation(_) => None,
        }
    }

    pub fn employment(self) -> Option<EmploymentId> {
        match self {
            ItemRef::TimeAttestation(id) => Some(id),
            ItemRef::Competency(_) => None,
        }
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind(), self.id_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_stored_parts() {
        for item in [
            ItemRef::Competency(CompetencyId::new()),
            ItemRef::TimeAttestation(EmploymentId::new()),
        ] {
            assert_eq!(ItemRef::from_parts(item.kind(), &item.id_text()), Ok(item));
        }
        // One item of each kind exists above: a new kind must be added there too.
        assert_eq!(ItemKind::ALL.len(), 2);
    }

    #[test]
    fn a_malformed_id_is_an_error_not_a_new_item() {
        assert!(ItemRef::from_parts(ItemKind::Competency, "not-a-uuid").is_err());
        assert!(ItemRef::from_parts(ItemKind::TimeAttestation, "").is_err());
    }
}
