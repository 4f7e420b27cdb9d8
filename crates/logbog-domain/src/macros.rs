//! The macro behind every enum stored as a code.

use thiserror::Error;

/// A code that was not one of an enum's known values.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown {kind} code {code:?}")]
pub struct UnknownCode {
    pub kind: &'static str,
    pub code: String,
}

/// An enum stored as a code: every value and its code, for what lists them (e.g. the API's
/// schema of a field that takes one).
pub trait Code: Copy + 'static {
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The stable code stored in the database and used in the API.
    fn code(self) -> &'static str;
}

/// Enums stored as stable snake_case text in the database and the API.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident : $kind:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable code stored in the database and used in the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }
        }

        impl $crate::macros::Code for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn code(self) -> &'static str {
                $name::code(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::macros::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($name::$variant),)*
                    _ => Err($crate::macros::UnknownCode { kind: $kind, code: s.to_owned() }),
                }
            }
        }
    };
}
