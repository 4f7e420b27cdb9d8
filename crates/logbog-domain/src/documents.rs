//! Uploaded documents: how large each kind may be, how much a trainee may keep, the kinds of
//! agreement, the name a file is stored and served under, and who may change a document
//! (DOMAIN §3, §5, §9).

use crate::DocumentKind;
use crate::rights::Denied;

/// One mebibyte.
pub const MIB: u64 = 1024 * 1024;

/// The largest file of each kind. Scans of a few pages are well under 10 MiB; an agreement
/// with its appendices or a specialty's booklet of forms may be larger.
pub fn limit_bytes(kind: DocumentKind) -> u64 {
    match kind {
        DocumentKind::CompetencyCard | DocumentKind::CourseCertificate | DocumentKind::PaperTimeAttestation => 10 * MIB,
        DocumentKind::Agreement | DocumentKind::ResearchProof | DocumentKind::SpecialtyFile => 25 * MIB,
        DocumentKind::SubmissionPackage => 100 * MIB,
    }
}

/// What one person's documents may take in all, unless configured otherwise: room for every
/// card of a main training (about 80) scanned at a few MiB each, with the rest.
pub const DEFAULT_QUOTA_BYTES: u64 = 500 * MIB;

code_enum!(
    /// An employment and training agreement, or an addendum to it (tillæg).
    AgreementKind: "agreement kind" {
        Agreement = "agreement",
        Addendum = "addendum",
    }
);

code_enum!(
    /// Why an addendum was made (DOMAIN §3: leave and part-time extend an employment).
    AddendumReason: "addendum reason" {
        Leave = "leave",
        PartTime = "part_time",
        Extension = "extension",
        Other = "other",
    }
);

/// The longest stored file name, in characters.
pub const MAX_FILE_NAME: usize = 120;

/// The name a file is stored and offered under: the last part of what the client sent (no
/// folders), without control characters or characters that are special in a file name or
/// a `Content-Disposition` header, with the extension of its real type. Never empty.
pub fn file_name(sent: &str, extension: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '"' | '*' | ':' | '<' | '>' | '?' | '|' | ';') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').trim();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem.trim(),
        _ => cleaned,
    };
    let stem = if stem.is_empty() { "dokument" } else { stem };
    let keep = MAX_FILE_NAME.saturating_sub(extension.len() + 1);
    let stem: String = stem.chars().take(keep).collect();
    format!("{}.{extension}", stem.trim_end())
}

/// May this document be deleted? Not once an approval rests on it (DOMAIN §6: an approval
/// records its basis and is never edited); it can be replaced, and the history keeps both.
pub fn may_delete(is_basis_of_an_approval: bool) -> Result<(), Denied> {
    if is_basis_of_an_approval {
        Err(Denied::DocumentIsBasis)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_lose_folders_and_take_their_real_extension() {
        assert_eq!(file_name("C:\\Users\\x\\aftale.PDF", "pdf"), "aftale.pdf");
        assert_eq!(file_name("../../etc/passwd", "pdf"), "passwd.pdf");
        assert_eq!(file_name("kort.exe", "png"), "kort.png");
        assert_eq!(file_name("", "pdf"), "dokument.pdf");
        assert_eq!(file_name("...", "jpg"), "dokument.jpg");
        assert_eq!(file_name("a\"b;c\r\n.pdf", "pdf"), "a_b_c__.pdf");
        assert_eq!(file_name("Kompetencekort æøå.pdf", "pdf"), "Kompetencekort æøå.pdf");
    }

    #[test]
    fn a_basis_is_never_deleted() {
        assert_eq!(may_delete(true), Err(Denied::DocumentIsBasis));
        assert_eq!(may_delete(false), Ok(()));
    }

    #[test]
    fn every_kind_has_a_limit_under_the_largest_body() {
        for kind in DocumentKind::ALL {
            assert!(limit_bytes(*kind) >= MIB && limit_bytes(*kind) <= 100 * MIB);
        }
    }

    proptest! {
        #[test]
        fn a_stored_name_is_always_safe(sent in ".{0,300}", ext in "(pdf|png|jpg)") {
            let name = file_name(&sent, &ext);
            prop_assert!(name.chars().count() <= MAX_FILE_NAME);
            let suffix = format!(".{ext}");
            prop_assert!(name.ends_with(&suffix));
            prop_assert!(name.len() > ext.len() + 1);
            prop_assert!(!name.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | '"' | ';')));
        }
    }
}
