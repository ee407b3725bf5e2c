//! The Acceptable Use Agreement form's rules (docs/product.md §8), one implementation
//! for the server's validation and the browser form's inline errors.

use serde::{Deserialize, Serialize};

use crate::rules;

pub const EXPLANATION_MAX_CHARS: usize = 500;
pub const COMMENTS_MAX_CHARS: usize = 1000;
pub const EMPLOYEE_ID_MAX_CHARS: usize = 20;

/// "I am (choose one and explain below)": the six choices of the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Affiliation {
    HhscEmployee,
    DshsEmployee,
    OtherAgencyEmployee,
    Contractor,
    InternOrVolunteer,
    Other,
}

impl Affiliation {
    pub const ALL: [Self; 6] = [
        Self::HhscEmployee,
        Self::DshsEmployee,
        Self::OtherAgencyEmployee,
        Self::Contractor,
        Self::InternOrVolunteer,
        Self::Other,
    ];

    /// The stable value (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HhscEmployee => "hhsc_employee",
            Self::DshsEmployee => "dshs_employee",
            Self::OtherAgencyEmployee => "other_agency_employee",
            Self::Contractor => "contractor",
            Self::InternOrVolunteer => "intern_or_volunteer",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Every choice asks for specifics ("specify …"): the explanation is
/// required whichever is chosen, within its limit.
pub fn is_valid_explanation(s: &str) -> bool {
    let n = s.trim().chars().count();
    (1..=EXPLANATION_MAX_CHARS).contains(&n)
}

/// Optional free text within a limit.
pub fn is_valid_optional_text(s: &str, max_chars: usize) -> bool {
    s.trim().chars().count() <= max_chars && !s.chars().any(|c| c.is_control() && c != '\n')
}

/// An HHS employee ID, when given: letters and digits only.
pub fn is_valid_employee_id(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || (t.chars().count() <= EMPLOYEE_ID_MAX_CHARS
            && t.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// An optional work phone: empty, or a phone number.
pub fn is_valid_optional_phone(s: &str) -> bool {
    s.trim().is_empty() || rules::is_valid_phone(s)
}

/// A calendar date written `YYYY-MM-DD` (what a date input gives).
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut parts = s.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_needs_an_explanation_within_500_characters() {
        assert!(!is_valid_explanation("   "));
        assert!(is_valid_explanation("DSHS, Immunization Unit"));
        assert!(!is_valid_explanation(&"x".repeat(501)));
        assert_eq!(
            Affiliation::parse("contractor"),
            Some(Affiliation::Contractor)
        );
        assert_eq!(Affiliation::parse("boss"), None);
    }

    #[test]
    fn dates_are_real_calendar_dates() {
        assert_eq!(parse_date("2026-11-24"), Some((2026, 11, 24)));
        assert_eq!(parse_date("2028-02-29"), Some((2028, 2, 29)));
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("24/11/2026"), None);
    }

    #[test]
    fn optional_fields_accept_blank_and_refuse_junk() {
        assert!(is_valid_optional_phone(""));
        assert!(!is_valid_optional_phone("n/a"));
        assert!(is_valid_employee_id("E12345"));
        assert!(!is_valid_employee_id("E-12345"));
    }
}
