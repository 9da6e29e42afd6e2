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
    /// The national database's "Không có thông tin": unknown, not "no fee".
    NoInformation,
    /// Anything else, including an amount with conditions or a second amount ("Miễn phí đối
    /// với hộ nghèo; 10.000 đồng với trường hợp khác"), which only a person can summarise.
    Unrecognised,
}

const FREE: [&str; 7] = [
    "miễn phí",
    // The national database writes "Không" in the fee column for "no fee".
    "không",
    "không thu",
    "không thu phí",
    "miễn lệ phí",
    "không thu phí, lệ phí",
    "miễn phí, lệ phí",
];
const NOT_SPECIFIED: [&str; 2] = ["không quy định", "không có"];
/// Labels written before the amount ("Lệ phí: 5.000 đồng").
const LABELS: [&str; 4] = ["phí, lệ phí:", "phí/lệ phí:", "lệ phí:", "phí:"];
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

/// Reads a fee. The whole text must be one plain fee: "Miễn phí", "Không quy định", or an
/// amount with its currency and, optionally, what it is charged for ("/trang", "(/bản)").
/// Anything more stays as written, never summarised by a program.
pub fn parse(text: &str) -> Result<Fee, FeeError> {
    let t = super::time_limit::normalise(text);
    let t = LABELS
        .iter()
        .find_map(|l| t.strip_prefix(l))
        .map_or(t.as_str(), str::trim_start);
    if t.is_empty() || NOT_SPECIFIED.contains(&t) {
        return Ok(Fee::NotSpecified);
    }
    if t == "không có thông tin" {
        return Err(FeeError::NoInformation);
    }
    if FREE.contains(&t) {
        return Ok(Fee::Free);
    }
    let number_len = t.len()
        - t.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
            .len();
    if number_len == 0 {
        return Err(FeeError::Unrecognised);
    }
    let amount = parse_grouped(&t[..number_len])?;
    let rest = t[number_len..].trim_start();
    if rest.is_empty() {
        return Err(FeeError::NoCurrency);
    }
    let (currency, after) = CURRENCIES
        .iter()
        .find_map(|(word, c)| rest.strip_prefix(word).map(|after| (*c, after)))
        .ok_or(FeeError::NoCurrency)?;
    let after = after.trim_start();
    // "(/giao dịch)" or "/trang" or "/ hồ sơ", to the end of the text.
    let per = if after.is_empty() {
        None
    } else {
        let inner = after
            .strip_prefix("(/")
            .and_then(|a| a.strip_suffix(')'))
            .or_else(|| after.strip_prefix('/'))
            .map(str::trim)
            .ok_or(FeeError::Unrecognised)?;
        let plain = !inner.is_empty() && inner.chars().all(|c| c.is_alphabetic() || c == ' ');
        if !plain {
            return Err(FeeError::Unrecognised);
        }
        Some(inner.to_string())
    };
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
        assert_eq!(
            parse("Không"),
            Ok(Fee::Free),
            "the database's \"Không\": no fee"
        );
        assert_eq!(parse("Không quy định"), Ok(Fee::NotSpecified));
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
        assert_eq!(parse("50.000 đồng/hồ sơ"), vnd(50_000, Some("hồ sơ")));
        assert_eq!(
            parse("50.000\u{a0}đồng / hồ  sơ."),
            vnd(50_000, Some("hồ sơ"))
        );
        assert_eq!(parse("8.000đ"), vnd(8000, None));
        assert_eq!(parse(""), Ok(Fee::NotSpecified));
        assert_eq!(parse("Không thu phí"), Ok(Fee::Free));
        assert_eq!(parse("Không có thông tin"), Err(FeeError::NoInformation));
    }

    #[test]
    fn what_is_not_plain_is_not_guessed() {
        assert_eq!(parse("10.5 USD"), Err(FeeError::AmbiguousNumber));
        assert_eq!(parse("1,00 đồng"), Err(FeeError::AmbiguousNumber));
        assert_eq!(parse("5000"), Err(FeeError::NoCurrency));
        for conditional in [
            "Theo quy định của Bộ Tài chính",
            "Miễn phí đối với hộ nghèo, 10.000 đồng đối với trường hợp khác",
            "2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang",
            "Lệ phí: 5.000 đồng; phí: 10.000 đồng",
            "Miễn phí (trừ trường hợp cấp lại)",
            "50.000 đồng/lần/hồ sơ",
        ] {
            assert_eq!(
                parse(conditional),
                Err(FeeError::Unrecognised),
                "{conditional}"
            );
        }
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
