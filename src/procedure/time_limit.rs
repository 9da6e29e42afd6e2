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
    /// The national database's "Không có thông tin": the limit is unknown, which is not the
    /// same as "Không quy định" (the law sets none).
    NoInformation,
    /// Anything else, including a plain limit followed by conditions or cases
    /// ("3 ngày; trường hợp …"), which only a person can summarise.
    Unrecognised,
}

const NOT_SPECIFIED: [&str; 3] = ["không quy định", "không áp dụng", "không có"];
const NO_INFORMATION: &str = "không có thông tin";
const SAME_DAY: [&str; 4] = [
    "trong ngày",
    "ngay trong ngày",
    "trong ngày làm việc",
    "ngay trong ngày làm việc",
];
/// Words before the number that do not change the limit ("Trong thời hạn 20 ngày").
const PREFIXES: [&str; 4] = ["trong thời hạn ", "trong vòng ", "không quá ", "tối đa "];
/// Units, longest first so that "ngày làm việc" wins over "ngày".
const UNITS: [(&str, TimeUnit); 4] = [
    ("ngày làm việc", TimeUnit::WorkingDays),
    ("ngày", TimeUnit::Days),
    ("giờ", TimeUnit::Hours),
    ("tháng", TimeUnit::Months),
];

/// A time limit read from text, with whether the text said more than the value shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The value.
    pub value: TimeLimit,
    /// The text adds the usual "kể từ ngày nhận đủ hồ sơ…" after the value, so it is shown as
    /// written rather than as the bare value.
    pub qualified: bool,
}

/// Lower case, every run of spaces (non-breaking ones included) as one space, no final stop.
pub(crate) fn normalise(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.join(" ").trim_end_matches(['.', ' ']).to_string()
}

/// Reads a time limit. The whole text must be one plain limit: a number with its unit
/// (optionally after "Trong thời hạn", "Không quá"… and before "kể từ …"), "Trong ngày", or
/// "Không quy định". Anything more is not summarised by a program: it stays as written.
pub fn parse(text: &str) -> Result<TimeLimit, TimeLimitError> {
    read(text).map(|r| r.value)
}

/// Like [`parse`], also telling whether the text qualifies the value.
pub fn read(text: &str) -> Result<Reading, TimeLimitError> {
    let t = normalise(text);
    let plain = |value| {
        Ok(Reading {
            value,
            qualified: false,
        })
    };
    if t.is_empty() || NOT_SPECIFIED.contains(&t.as_str()) {
        return plain(TimeLimit::NotSpecified);
    }
    if t == NO_INFORMATION {
        return Err(TimeLimitError::NoInformation);
    }
    if SAME_DAY.contains(&t.as_str()) {
        return plain(TimeLimit::SameDay);
    }
    let mut rest = t.as_str();
    for p in PREFIXES {
        if let Some(r) = rest.strip_prefix(p) {
            rest = r;
            break;
        }
    }
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return Err(TimeLimitError::Unrecognised);
    }
    let amount: u32 = rest[..digits]
        .parse()
        .map_err(|_| TimeLimitError::Unrecognised)?;
    let rest = rest[digits..].trim_start();
    if rest.is_empty() {
        return Err(TimeLimitError::NoUnit);
    }
    let (unit, after) = UNITS
        .iter()
        .find_map(|(word, unit)| Some((*unit, rest.strip_prefix(word)?)))
        .ok_or(TimeLimitError::Unrecognised)?;
    let qualified = match after.strip_prefix(", ").unwrap_or(after).trim_start() {
        "" => false,
        // The unit must end at a word boundary: "5 ngàyx" is not a limit.
        a if a.starts_with("kể từ ") && after.starts_with([' ', ',']) => {
            // A second clause after the starting point is a condition: not plain any more.
            if a.contains([';', '(']) || a.contains(" trường hợp") {
                return Err(TimeLimitError::Unrecognised);
            }
            true
        }
        _ => return Err(TimeLimitError::Unrecognised),
    };
    Ok(Reading {
        value: TimeLimit::Quantity { amount, unit },
        qualified,
    })
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

/// A bare number ("1") completed with the unit its context states, as the national data
/// means it: the same row's description (`row`) when it names one unit, else the procedure's
/// other time limits (`siblings`) when they all use one. `None` when `time` is not a bare
/// number or nothing says which unit: it then stays as written, and is reported as a gap.
pub fn with_stated_unit(time: &str, row: &[&str], siblings: &[&str]) -> Option<String> {
    if read(time) != Err(TimeLimitError::NoUnit) {
        return None;
    }
    let amount = normalise(time);
    let one = |mut units: Vec<TimeUnit>| {
        units.sort_by_key(|u| u.label());
        units.dedup();
        (units.len() == 1).then(|| units[0])
    };
    let named_in_row = row.iter().find_map(|text| one(units_named(text)));
    let of_siblings = || {
        let units: Vec<TimeUnit> = siblings
            .iter()
            .filter_map(|t| match parse(t) {
                Ok(TimeLimit::Quantity { unit, .. }) => Some(unit),
                _ => None,
            })
            .collect();
        if units.is_empty() {
            None
        } else {
            one(units)
        }
    };
    let unit = named_in_row.or_else(of_siblings)?;
    Some(format!("{amount} {}", unit.label()))
}

/// The units a text names ("trong 5 ngày làm việc kể từ …" names working days only).
fn units_named(text: &str) -> Vec<TimeUnit> {
    let mut t = normalise(text);
    let mut out = Vec::new();
    for (word, unit) in UNITS {
        if t.contains(word) {
            out.push(unit);
            // "ngày làm việc" holds "ngày": count the longer unit once.
            t = t.replace(word, " ");
        }
    }
    out
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
        assert_eq!(parse("Không quá 10 ngày."), q(10, TimeUnit::Days));
        assert_eq!(parse("24 giờ"), q(24, TimeUnit::Hours));
        assert_eq!(parse("1 tháng"), q(1, TimeUnit::Months));
        // Non-breaking and doubled spaces, as pasted from the portal.
        assert_eq!(parse("5 ngày\u{a0}làm việc"), q(5, TimeUnit::WorkingDays));
        assert_eq!(parse("12 ngày làm  việc"), q(12, TimeUnit::WorkingDays));
        assert_eq!(parse("7ngày"), q(7, TimeUnit::Days));
    }

    #[test]
    fn the_usual_starting_point_is_kept_as_written() {
        let r = read("05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ").unwrap();
        assert_eq!(
            r.value,
            TimeLimit::Quantity {
                amount: 5,
                unit: TimeUnit::WorkingDays
            }
        );
        assert!(r.qualified);
        assert!(!read("5 ngày làm việc").unwrap().qualified);
    }

    #[test]
    fn same_day_and_not_specified() {
        assert_eq!(parse("Trong ngày"), Ok(TimeLimit::SameDay));
        assert_eq!(parse("Ngay trong ngày làm việc"), Ok(TimeLimit::SameDay));
        assert_eq!(parse("Không quy định."), Ok(TimeLimit::NotSpecified));
        assert_eq!(parse("  "), Ok(TimeLimit::NotSpecified));
        assert_eq!(
            parse("Không có thông tin"),
            Err(TimeLimitError::NoInformation)
        );
    }

    #[test]
    fn a_bare_number_or_other_text_is_not_guessed() {
        assert_eq!(parse("5"), Err(TimeLimitError::NoUnit));
        assert_eq!(parse("Theo lịch hẹn"), Err(TimeLimitError::Unrecognised));
        assert_eq!(parse("3 tuần"), Err(TimeLimitError::Unrecognised));
        for conditional in [
            "Trong ngày làm việc tiếp theo",
            "Ngay trong ngày làm việc, nếu nộp sau 15 giờ thì trả trong ngày hôm sau",
            "5 ngày làm việc; trường hợp cần xác minh thì không quá 10 ngày",
            "3 ngày làm việc (trường hợp phải xác minh: 5 ngày)",
            "5 ngày làm việc kể từ ngày nhận hồ sơ; trường hợp phải xác minh thì 10 ngày",
            "5 ngàyx",
        ] {
            assert_eq!(
                parse(conditional),
                Err(TimeLimitError::Unrecognised),
                "{conditional}"
            );
        }
    }

    #[test]
    fn displays_for_citizens() {
        assert_eq!(
            parse("3 Ngày làm việc").unwrap().to_string(),
            "3 ngày làm việc"
        );
        assert_eq!(TimeLimit::SameDay.to_string(), "Trong ngày");
    }

    #[test]
    fn a_bare_number_takes_the_unit_its_row_or_procedure_states() {
        assert_eq!(
            with_stated_unit("1", &["Trong 1 ngày làm việc kể từ khi nhận đủ hồ sơ"], &[]),
            Some("1 ngày làm việc".into())
        );
        assert_eq!(
            with_stated_unit("12", &[], &["12", "5 Ngày làm việc", "3 Ngày làm việc"]),
            Some("12 ngày làm việc".into())
        );
        // Two units among the other rows: nobody can tell.
        assert_eq!(
            with_stated_unit("1", &[], &["1", "5 Ngày làm việc", "15 Ngày"]),
            None
        );
        // Nothing states a unit: kept as written.
        assert_eq!(with_stated_unit("120", &["Nộp trực tuyến"], &["120"]), None);
        // Not a bare number: left alone.
        assert_eq!(with_stated_unit("3 Ngày", &[], &["5 Ngày làm việc"]), None);
        assert_eq!(
            with_stated_unit("Không có thông tin", &[], &["5 Ngày"]),
            None
        );
    }
}
