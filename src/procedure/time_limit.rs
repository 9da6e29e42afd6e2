//! Time limits (thời hạn giải quyết) as the national database writes them: "3 Ngày làm việc",
//! "15 Ngày", "Trong ngày", "Không quy định". The text is always kept; a value is parsed only
//! when the text says it plainly, never guessed (a bare "5" has no unit and stays text).

use serde::Serialize;

/// The unit of a time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Ngày làm việc: weekends and public holidays do not count.
    WorkingDays,
    /// Ngày: calendar days.
    Days,
    /// Giờ.
    Hours,
    /// Tháng.
    Months,
}

impl TimeUnit {
    /// The unit as citizens read it.
    pub fn label(self) -> &'static str {
        match self {
            TimeUnit::WorkingDays => "ngày làm việc",
            TimeUnit::Days => "ngày",
            TimeUnit::Hours => "giờ",
            TimeUnit::Months => "tháng",
        }
    }
}

/// What a time limit text says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeLimit {
    /// A number of units.
    Quantity {
        /// How many.
        amount: u32,
        /// Of what.
        unit: TimeUnit,
    },
    /// Settled the same day ("Trong ngày", "Ngay trong ngày làm việc").
    SameDay,
    /// The record says there is no time limit, or gives none ("Không quy định").
    NotSpecified,
}

/// Why a text could not be read as a time limit; the text is then kept as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeLimitError {
    /// A number with no unit ("5"): days or working days cannot be told apart.
    NoUnit,
    /// Nothing recognisable.
    Unrecognised,
}

const NOT_SPECIFIED: [&str; 4] = [
    "không quy định",
    "không có thông tin",
    "không có",
    "không áp dụng",
];

/// Reads a time limit. Only the first clause counts ("5 ngày làm việc; trường hợp …"), since
/// that is the general case the record states.
pub fn parse(text: &str) -> Result<TimeLimit, TimeLimitError> {
    let lower = text.trim().to_lowercase();
    let first = lower
        .split([';', '(', '\n'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    if first.is_empty() || NOT_SPECIFIED.contains(&first) {
        return Ok(TimeLimit::NotSpecified);
    }
    if ["trong ngày", "ngay trong ngày"]
        .iter()
        .any(|p| first.starts_with(p))
    {
        return Ok(TimeLimit::SameDay);
    }
    // "Trong thời hạn 05 ngày làm việc", "Không quá 10 ngày": the number comes with its unit.
    let start = first
        .find(|c: char| c.is_ascii_digit())
        .ok_or(TimeLimitError::Unrecognised)?;
    let digits: String = first[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let amount: u32 = digits.parse().map_err(|_| TimeLimitError::Unrecognised)?;
    let rest = first[start + digits.len()..].trim_start();
    let unit = if rest.starts_with("ngày làm việc") {
        TimeUnit::WorkingDays
    } else if rest.starts_with("ngày") {
        TimeUnit::Days
    } else if rest.starts_with("giờ") {
        TimeUnit::Hours
    } else if rest.starts_with("tháng") {
        TimeUnit::Months
    } else if rest.is_empty() {
        return Err(TimeLimitError::NoUnit);
    } else {
        return Err(TimeLimitError::Unrecognised);
    };
    Ok(TimeLimit::Quantity { amount, unit })
}

impl std::fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeLimit::Quantity { amount, unit } => write!(f, "{amount} {}", unit.label()),
            TimeLimit::SameDay => f.write_str("Trong ngày"),
            TimeLimit::NotSpecified => f.write_str("Không quy định"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(amount: u32, unit: TimeUnit) -> Result<TimeLimit, TimeLimitError> {
        Ok(TimeLimit::Quantity { amount, unit })
    }

    #[test]
    fn the_databases_spellings() {
        assert_eq!(parse("3 Ngày làm việc"), q(3, TimeUnit::WorkingDays));
        assert_eq!(parse("15 Ngày"), q(15, TimeUnit::Days));
        assert_eq!(parse("05 ngày làm việc"), q(5, TimeUnit::WorkingDays));
        assert_eq!(parse("Trong thời hạn 20 ngày"), q(20, TimeUnit::Days));
        assert_eq!(parse("24 giờ"), q(24, TimeUnit::Hours));
        assert_eq!(parse("1 tháng"), q(1, TimeUnit::Months));
        assert_eq!(
            parse("5 ngày làm việc; trường hợp cần xác minh thì không quá 10 ngày"),
            q(5, TimeUnit::WorkingDays)
        );
    }

    #[test]
    fn same_day_and_not_specified() {
        assert_eq!(parse("Trong ngày"), Ok(TimeLimit::SameDay));
        assert_eq!(
            parse("Ngay trong ngày làm việc, nếu nộp sau 15 giờ thì trả trong ngày hôm sau"),
            Ok(TimeLimit::SameDay)
        );
        assert_eq!(parse("Không có thông tin"), Ok(TimeLimit::NotSpecified));
        assert_eq!(parse("Không quy định."), Ok(TimeLimit::NotSpecified));
        assert_eq!(parse("  "), Ok(TimeLimit::NotSpecified));
    }

    #[test]
    fn a_bare_number_or_other_text_is_not_guessed() {
        assert_eq!(parse("5"), Err(TimeLimitError::NoUnit));
        assert_eq!(parse("Theo lịch hẹn"), Err(TimeLimitError::Unrecognised));
        assert_eq!(parse("3 tuần"), Err(TimeLimitError::Unrecognised));
    }

    #[test]
    fn displays_for_citizens() {
        assert_eq!(
            parse("3 Ngày làm việc").unwrap().to_string(),
            "3 ngày làm việc"
        );
        assert_eq!(TimeLimit::SameDay.to_string(), "Trong ngày");
    }
}
