//! Dates as editors write them in front matter, checked strictly and kept in Zola's string form.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Serialize, Serializer};

/// A date or date-time from front matter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateValue {
    /// The moment, in the writer's local time (offsets only matter for display).
    pub datetime: NaiveDateTime,
    /// The text as templates see it: "YYYY-MM-DD" or an RFC 3339 date-time.
    pub text: String,
}

impl Serialize for DateValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl DateValue {
    /// The calendar date.
    pub fn date(&self) -> NaiveDate {
        self.datetime.date()
    }
}

/// Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]", or RFC 3339; explains in Vietnamese what is wrong.
pub fn parse(input: &str) -> Result<DateValue, String> {
    let s = input.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(DateValue {
            datetime: dt.naive_local(),
            text: s.to_string(),
        });
    }
    let (date_part, time_part) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    let date = parse_date(date_part)?;
    let time = match time_part {
        None => NaiveTime::MIN,
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
            .map_err(|_| format!("giờ \"{t}\" không hợp lệ (viết HH:MM hoặc HH:MM:SS)"))?,
    };
    let datetime = date.and_time(time);
    let text = match time_part {
        None => date.format("%Y-%m-%d").to_string(),
        Some(_) => datetime.format("%Y-%m-%dT%H:%M:%S").to_string(),
    };
    Ok(DateValue { datetime, text })
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let numbers: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let (y, m, d) = match (parts.len(), numbers) {
        (3, Some(n)) if parts[0].len() == 4 => (n[0] as i32, n[1], n[2]),
        _ => {
            return Err(
                "không đúng dạng năm-tháng-ngày (ví dụ 2026-03-15; không viết 15/03/2026)".into(),
            )
        }
    };
    if !(1..=12).contains(&m) {
        return Err(format!("không có tháng {m}, tháng phải từ 1 đến 12"));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        let days = days_in_month(y, m);
        format!("tháng {m} năm {y} chỉ có {days} ngày, không có ngày {d}")
    })
}

fn days_in_month(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(y, m, *d).is_some())
        .unwrap_or(28)
}

/// Splits a `YYYY-MM-DD-` or `YYYY-MM-DD_` prefix off a file stem, as Zola does.
pub fn from_file_stem(stem: &str) -> Option<(DateValue, &str)> {
    let (head, rest) = (stem.get(..10)?, stem.get(10..)?);
    let rest = rest.strip_prefix(['-', '_'])?;
    if rest.is_empty() {
        return None;
    }
    parse(head).ok().map(|d| (d, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_zola_forms() {
        assert_eq!(parse("2026-03-15").unwrap().text, "2026-03-15");
        assert_eq!(
            parse("2026-03-15T08:30:00+07:00").unwrap().text,
            "2026-03-15T08:30:00+07:00"
        );
        assert_eq!(
            parse("2026-03-15 08:30").unwrap().text,
            "2026-03-15T08:30:00"
        );
    }

    #[test]
    fn explains_impossible_dates() {
        assert!(parse("2026-13-45").unwrap_err().contains("tháng 13"));
        assert!(parse("2026-02-30").unwrap_err().contains("chỉ có 28 ngày"));
        assert!(parse("2024-02-30").unwrap_err().contains("chỉ có 29 ngày"));
        assert!(parse("15/03/2026").unwrap_err().contains("năm-tháng-ngày"));
        assert!(parse("2026-03-15T25:00").unwrap_err().contains("giờ"));
    }

    #[test]
    fn date_prefix_in_file_names() {
        let (d, rest) = from_file_stem("2026-03-15-hop-dan").unwrap();
        assert_eq!((d.text.as_str(), rest), ("2026-03-15", "hop-dan"));
        assert!(from_file_stem("hop-dan").is_none());
        assert!(from_file_stem("2026-03-15").is_none());
    }
}
