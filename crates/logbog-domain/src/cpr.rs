//! The Danish personal identification number (CPR), validated by format and date only: numbers
//! without a valid modulus-11 check digit have been issued since 2007, so that check is never made.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use thiserror::Error;

/// A valid CPR number. `Debug` and `Display` mask it; only [`Cpr::full`] reveals it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cpr([u8; 10]);

/// Why a text is not a CPR number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CprError {
    #[error("a CPR number has 10 digits, written DDMMYY-XXXX")]
    Format,
    #[error("the first six digits of a CPR number must be a real date of birth (DDMMYY)")]
    Date,
}

impl Cpr {
    /// Parse `DDMMYY-XXXX` or `DDMMYYXXXX` (spaces allowed around the dash).
    pub fn parse(input: &str) -> Result<Self, CprError> {
        let digits: Vec<u8> = input
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .map(|c| c.to_digit(10).map(|d| d as u8).ok_or(CprError::Format))
            .collect::<Result<_, _>>()?;
        let trimmed = input.trim();
        let dashes = trimmed.matches('-').count();
        if digits.len() != 10 || dashes > 1 || (dashes == 1 && trimmed.find('-') != Some(6)) {
            return Err(CprError::Format);
        }
        let mut arr = [0u8; 10];
        arr.copy_from_slice(&digits);
        let cpr = Cpr(arr);
        cpr.birth_date().ok_or(CprError::Date)?;
        Ok(cpr)
    }

    /// The date of birth, with the century read from the seventh digit.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let n = |i: usize| u32::from(self.0[i]);
        let day = n(0) * 10 + n(1);
        let month = n(2) * 10 + n(3);
        let yy = (n(4) * 10 + n(5)) as i32;
        let century = match self.0[6] {
            0..=3 => 1900,
            4 | 9 => {
                if yy <= 36 {
                    2000
                } else {
                    1900
                }
            }
            _ => {
                if yy <= 57 {
                    2000
                } else {
                    1800
                }
            }
        };
        NaiveDate::from_ymd_opt(century + yy, month, day)
    }

    /// The full number `DDMMYY-XXXX`, for roles that need it.
    pub fn full(&self) -> String {
        let s: String = self.0.iter().map(|d| char::from(b'0' + d)).collect();
        format!("{}-{}", &s[..6], &s[6..])
    }

    /// The masked form `DDMMYY-XXXX` shown to everyone else.
    pub fn masked(&self) -> String {
        let s: String = self.0[..6].iter().map(|d| char::from(b'0' + d)).collect();
        format!("{s}-XXXX")
    }
}

impl fmt::Debug for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cpr({})", self.masked())
    }
}

impl fmt::Display for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Cpr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.full())
    }
}

impl<'de> Deserialize<'de> for Cpr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Cpr::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_with_and_without_dash() {
        let a = Cpr::parse("010190-1234").unwrap();
        let b = Cpr::parse("0101901234").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.full(), "010190-1234");
        assert_eq!(a.masked(), "010190-XXXX");
        assert_eq!(format!("{a}"), "010190-XXXX");
        assert_eq!(format!("{a:?}"), "Cpr(010190-XXXX)");
    }

    #[test]
    fn no_modulus_11_check() {
        // 010190-1235 fails modulus 11 but is a valid number since 2007.
        assert!(Cpr::parse("010190-1235").is_ok());
    }

    #[test]
    fn rejects_bad_format_and_dates() {
        assert_eq!(Cpr::parse("01019-1234"), Err(CprError::Format));
        assert_eq!(Cpr::parse("0101901234a"), Err(CprError::Format));
        assert_eq!(Cpr::parse("0101-901234"), Err(CprError::Format));
        assert_eq!(Cpr::parse("310290-1234"), Err(CprError::Date));
        assert_eq!(Cpr::parse("001390-1234"), Err(CprError::Date));
    }

    #[test]
    fn century_from_seventh_digit() {
        let year = |s: &str| Cpr::parse(s).unwrap().birth_date().unwrap().format("%Y").to_string();
        assert_eq!(year("010190-1234"), "1990");
        assert_eq!(year("010105-4234"), "2005");
        assert_eq!(year("010190-4234"), "1990");
        assert_eq!(year("010105-5234"), "2005");
        assert_eq!(year("010190-5234"), "1890");
        assert_eq!(year("010136-9234"), "2036");
        assert_eq!(year("010137-9234"), "1937");
        // 29 February only in leap years of the right century.
        assert!(Cpr::parse("290200-4000").is_ok());
        assert!(Cpr::parse("290200-1000").is_err());
    }

    proptest! {
        #[test]
        fn any_real_date_with_any_serial_parses(days in 0i64..36_000, serial in 0u32..10_000) {
            let date = NaiveDate::from_ymd_opt(1937, 1, 1).unwrap() + chrono::Duration::days(days);
            let yy = date.format("%y").to_string();
            let year: i32 = date.format("%Y").to_string().parse().unwrap();
            // Choose a seventh digit that yields this century.
            let seventh = if year < 2000 { 0 } else { 4 };
            let serial = seventh * 1000 + serial % 1000;
            let text = format!("{}{}-{serial:04}", date.format("%d%m"), yy);
            let cpr = Cpr::parse(&text).unwrap();
            prop_assert_eq!(cpr.birth_date(), Some(date));
            prop_assert_eq!(cpr.full(), text);
        }

        #[test]
        fn garbage_never_panics(s in ".{0,20}") {
            let _ = Cpr::parse(&s);
        }
    }
}
