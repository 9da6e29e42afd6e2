//! Fees and charges (phí, lệ phí) as the national database writes them: "Miễn phí",
//! "8,000 VNĐ", "2,000 Việt Nam Đồng(/trang)", "10 USD(/bản)", "50.000 đồng/lần". The text is
//! always kept; an amount is read only when the text states it plainly.

use serde::Serialize;

/// Currency of a fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Currency {
    /// Việt Nam đồng.
    #[serde(rename = "VND")]
    Vnd,
    /// US dollars (fees collected by representative offices abroad).
    #[serde(rename = "USD")]
    Usd,
}

/// What a fee text says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fee {
    /// No fee.
    Free,
    /// An amount, per some unit when the text gives one ("trang", "bản", "lần").
    Amount {
        /// Whole units of the currency.
        amount: u64,
        /// Currency.
        currency: Currency,
        /// What the amount is charged for, without the slash: "trang", "bản".
        per: Option<String>,
    },
    /// The record gives no fee information.
    NotSpecified,
}

/// Why a fee text could not be read; the text is then kept as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeeError {
    /// A number whose separators do not read as thousands ("10.5 USD", "1,00").
    AmbiguousNumber,
    /// No currency after the number.
    NoCurrency,
    /// Nothing recognisable.
    Unrecognised,
}

const FREE: [&str; 4] = ["miễn phí", "không thu", "không thu phí", "miễn lệ phí"];
const NOT_SPECIFIED: [&str; 3] = ["không có thông tin", "không quy định", "không có"];
/// Currency words, longest first so that "việt nam đồng" wins over "đồng".
const CURRENCIES: [(&str, Currency); 7] = [
    ("việt nam đồng", Currency::Vnd),
    ("vnđ", Currency::Vnd),
    ("vnd", Currency::Vnd),
    ("đồng", Currency::Vnd),
    ("usd", Currency::Usd),
    ("đô la mỹ", Currency::Usd),
    ("đ", Currency::Vnd),
];

/// Reads a fee. Only the first clause counts ("2.000 đồng/trang; từ trang thứ ba …").
pub fn parse(text: &str) -> Result<Fee, FeeError> {
    let lower = text.trim().to_lowercase();
    let first = lower
        .split([';', '\n'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    // "Lệ phí: 5.000 đồng" — the label is not part of the amount.
    let first = first
        .rsplit_once(':')
        .map_or(first, |(_, after)| after.trim());
    if first.is_empty() || NOT_SPECIFIED.contains(&first) {
        return Ok(Fee::NotSpecified);
    }
    if FREE.iter().any(|f| first.starts_with(f)) {
        return Ok(Fee::Free);
    }
    let start = first
        .find(|c: char| c.is_ascii_digit())
        .ok_or(FeeError::Unrecognised)?;
    let number: String = first[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let amount = parse_grouped(number.trim_end_matches(['.', ',']))?;
    let rest = first[start + number.len()..].trim_start();
    let (currency, after) = CURRENCIES
        .iter()
        .find_map(|(word, c)| rest.strip_prefix(word).map(|after| (*c, after)))
        .ok_or(FeeError::NoCurrency)?;
    // "(/giao dịch)" up to its bracket, or "/trang" up to the next word.
    let after = after.trim_start();
    let per = if let Some(inner) = after.strip_prefix("(/") {
        inner.split(')').next()
    } else {
        after
            .strip_prefix('/')
            .and_then(|p| p.split([')', ',', ' ']).next())
    }
    .map(|p| p.trim().to_string())
    .filter(|p| !p.is_empty());
    Ok(Fee::Amount {
        amount,
        currency,
        per,
    })
}

/// "4,500,000" or "4.500.000" or "8000": separators must group by three.
fn parse_grouped(number: &str) -> Result<u64, FeeError> {
    let mut groups = number.split([',', '.']);
    let head = groups.next().unwrap_or("");
    if head.is_empty() || head.len() > 3 && number.contains([',', '.']) {
        return Err(FeeError::AmbiguousNumber);
    }
    let mut digits = head.to_string();
    for g in groups {
        if g.len() != 3 {
            return Err(FeeError::AmbiguousNumber);
        }
        digits.push_str(g);
    }
    digits.parse().map_err(|_| FeeError::AmbiguousNumber)
}

impl std::fmt::Display for Fee {
    /// "2.000 đồng/trang", as Vietnamese writes amounts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fee::Free => f.write_str("Miễn phí"),
            Fee::NotSpecified => f.write_str("Không quy định"),
            Fee::Amount {
                amount,
                currency,
                per,
            } => {
                use num_format::{Locale, ToFormattedString};
                let n = amount.to_formatted_string(&Locale::vi);
                match currency {
                    Currency::Vnd => write!(f, "{n} đồng")?,
                    Currency::Usd => write!(f, "{n} USD")?,
                }
                if let Some(p) = per {
                    write!(f, "/{p}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vnd(amount: u64, per: Option<&str>) -> Result<Fee, FeeError> {
        Ok(Fee::Amount {
            amount,
            currency: Currency::Vnd,
            per: per.map(str::to_string),
        })
    }

    #[test]
    fn the_databases_spellings() {
        assert_eq!(parse("Miễn phí"), Ok(Fee::Free));
        assert_eq!(parse("8,000 VNĐ"), vnd(8000, None));
        assert_eq!(
            parse("2,000 Việt Nam Đồng(/trang)"),
            vnd(2000, Some("trang"))
        );
        assert_eq!(parse("4,500,000 Việt Nam Đồng"), vnd(4_500_000, None));
        assert_eq!(
            parse("50,000 Việt Nam Đồng(/giao dịch)"),
            vnd(50_000, Some("giao dịch"))
        );
        assert_eq!(
            parse("10 USD(/bản)"),
            Ok(Fee::Amount {
                amount: 10,
                currency: Currency::Usd,
                per: Some("bản".into())
            })
        );
    }

    #[test]
    fn local_spellings() {
        assert_eq!(parse("50.000 đồng/lần"), vnd(50_000, Some("lần")));
        assert_eq!(parse("Lệ phí: 5.000 đồng"), vnd(5000, None));
        assert_eq!(
            parse("2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang"),
            vnd(2000, Some("trang"))
        );
        assert_eq!(parse("Không có thông tin"), Ok(Fee::NotSpecified));
        assert_eq!(parse(""), Ok(Fee::NotSpecified));
        assert_eq!(parse("Không thu phí"), Ok(Fee::Free));
    }

    #[test]
    fn what_is_not_plain_is_not_guessed() {
        assert_eq!(parse("10.5 USD"), Err(FeeError::AmbiguousNumber));
        assert_eq!(parse("1,00 đồng"), Err(FeeError::AmbiguousNumber));
        assert_eq!(parse("5000"), Err(FeeError::NoCurrency));
        assert_eq!(
            parse("Theo quy định của Bộ Tài chính"),
            Err(FeeError::Unrecognised)
        );
    }

    #[test]
    fn displays_as_vietnamese_writes_amounts() {
        assert_eq!(
            parse("2,000 Việt Nam Đồng(/trang)").unwrap().to_string(),
            "2.000 đồng/trang"
        );
        assert_eq!(
            parse("4,500,000 VNĐ").unwrap().to_string(),
            "4.500.000 đồng"
        );
    }
}
