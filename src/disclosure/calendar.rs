//! Days as the disclosure rules count them: working days (no Saturdays, Sundays or public
//! holidays), consecutive days, and "today" in Vietnam.

use chrono::{Datelike, NaiveDate, Weekday};

/// Today in Vietnam (UTC+7), or the day of `SOURCE_DATE_EPOCH` when it is set, so that a
/// reproducible build sees a fixed day.
pub fn today() -> NaiveDate {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0));
    let utc = fixed.unwrap_or_else(chrono::Utc::now);
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    utc.with_timezone(&vietnam).date_naive()
}

/// Whether `day` is a working day: not a Saturday, Sunday or one of `holidays`.
pub fn is_working_day(day: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&day)
}

/// Working days after `from` up to and including `to` (0 when `to` is not after `from`): a
/// decision on Friday published on Tuesday took 2 working days.
pub fn working_days_between(from: NaiveDate, to: NaiveDate, holidays: &[NaiveDate]) -> i64 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| is_working_day(*d, holidays))
        .count() as i64
}

/// Days from `from` to `to`, both counted: a posting from the 1st to the 30th lasts 30 days.
pub fn days_inclusive(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
}

/// The longest run of consecutive days among `days`, in any order.
pub fn longest_run(days: &[NaiveDate]) -> usize {
    let mut sorted = days.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut best = 0;
    let mut run = 0;
    let mut last: Option<NaiveDate> = None;
    for d in sorted {
        run = match last {
            Some(l) if l.succ_opt() == Some(d) => run + 1,
            _ => 1,
        };
        best = best.max(run);
        last = Some(d);
    }
    best
}

/// "05/03/2026".
pub fn vietnamese(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // Friday 2026-03-06 to Tuesday 2026-03-10: Monday and Tuesday.
        assert_eq!(
            working_days_between(d("2026-03-06"), d("2026-03-10"), &[]),
            2
        );
        assert_eq!(
            working_days_between(d("2026-03-06"), d("2026-03-06"), &[]),
            0
        );
        assert_eq!(
            working_days_between(d("2026-03-06"), d("2026-03-01"), &[]),
            0
        );
        // 30 April and 1 May 2026 (Thursday, Friday) are holidays.
        let holidays = [d("2026-04-30"), d("2026-05-01")];
        assert_eq!(
            working_days_between(d("2026-04-29"), d("2026-05-06"), &holidays),
            3
        );
        assert!(!is_working_day(d("2026-05-02"), &[]));
    }

    #[test]
    fn consecutive_days() {
        assert_eq!(days_inclusive(d("2026-03-01"), d("2026-03-30")), 30);
        assert_eq!(
            longest_run(&[
                d("2026-03-07"),
                d("2026-03-05"),
                d("2026-03-06"),
                d("2026-03-10")
            ]),
            3
        );
        assert_eq!(longest_run(&[d("2026-03-05"), d("2026-03-07")]), 1);
        assert_eq!(longest_run(&[]), 0);
        assert_eq!(vietnamese(d("2026-03-05")), "05/03/2026");
    }
}
