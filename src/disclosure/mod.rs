//! Public disclosure (công khai thông tin) by a commune, under Luật Thực hiện dân chủ ở cơ sở
//! (Luật 10/2022/QH15): the 14 kinds of information of Điều 11, how long each is posted
//! (Điều 13), and what a page, document or collection says about its own disclosure in its
//! `[disclosure]` table.

pub mod calendar;
pub mod commune_info;
pub mod read;
pub mod view;

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::DateValue;

/// The law, as messages cite it.
pub const LAW: &str = "Luật 10/2022/QH15";

/// One of the 14 kinds of information of Điều 11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Category {
    /// 1 to 14, as the article numbers them.
    pub number: u8,
    /// What it is, in a few words.
    pub title: &'static str,
}

impl Category {
    /// Posted permanently at the office and updated when it changes (Điều 13 khoản 2): the
    /// commune's democracy regulation and duties (4), administrative procedures (13).
    pub fn permanent(self) -> bool {
        matches!(self.number, 4 | 13)
    }

    /// Posted for at least 30 consecutive days (Điều 13 khoản 2): 1–3 and 5–12.
    pub fn posted_30_days(self) -> bool {
        matches!(self.number, 1..=3 | 5..=12)
    }

    /// Also read on the commune loudspeakers for at least 3 consecutive days (Điều 13 khoản 3).
    pub fn loudspeaker(self) -> bool {
        matches!(self.number, 7..=12)
    }
}

/// The 14 kinds of information, in the order of Điều 11.
pub const CATEGORIES: [Category; 14] = [
    Category {
        number: 1,
        title: "Kế hoạch phát triển kinh tế - xã hội",
    },
    Category {
        number: 2,
        title: "Dự toán, quyết toán ngân sách",
    },
    Category {
        number: 3,
        title: "Dự án, quy hoạch, thu hồi đất, bồi thường",
    },
    Category {
        number: 4,
        title: "Quy chế dân chủ, nhiệm vụ và quyền hạn của cán bộ",
    },
    Category {
        number: 5,
        title: "Quỹ, kinh phí, các khoản huy động nhân dân đóng góp",
    },
    Category {
        number: 6,
        title: "Tài sản công",
    },
    Category {
        number: 7,
        title: "Chính sách hỗ trợ, trợ cấp và kết quả bình xét",
    },
    Category {
        number: 8,
        title: "Hỗ trợ thiên tai, dịch bệnh và việc sử dụng tiền ủng hộ",
    },
    Category {
        number: 9,
        title: "Nghĩa vụ quân sự, công an nhân dân",
    },
    Category {
        number: 10,
        title: "Kết quả thanh tra, xử lý tham nhũng, lấy phiếu tín nhiệm",
    },
    Category {
        number: 11,
        title: "Lấy ý kiến nhân dân và kết quả tiếp thu",
    },
    Category {
        number: 12,
        title: "Phí, lệ phí và nghĩa vụ tài chính do xã trực tiếp thu",
    },
    Category {
        number: 13,
        title: "Thủ tục hành chính, quy trình giải quyết công việc",
    },
    Category {
        number: 14,
        title: "Thông tin khác theo quy định của pháp luật",
    },
];

/// The category numbered `n`, if there is one.
pub fn category(n: i64) -> Option<Category> {
    CATEGORIES
        .iter()
        .copied()
        .find(|c| i64::from(c.number) == n)
}

/// Where something is posted: the people's committee's office, or a village's cultural house.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "village", rename_all = "snake_case")]
pub enum Place {
    /// The office (trụ sở Ủy ban nhân dân xã): written `tru-so`.
    Office,
    /// Every village's cultural house: written `tat-ca-thon`.
    AllVillages,
    /// One village's cultural house or meeting point, by the village's name.
    Village(String),
}

impl Place {
    /// Reads a place as editors write it.
    pub fn parse(s: &str) -> Place {
        match s.trim() {
            "tru-so" => Place::Office,
            "tat-ca-thon" => Place::AllVillages,
            other => Place::Village(other.to_string()),
        }
    }

    /// The place as citizens read it.
    pub fn label(&self) -> String {
        match self {
            Place::Office => "Trụ sở Ủy ban nhân dân xã".into(),
            Place::AllVillages => "Nhà văn hóa các thôn".into(),
            Place::Village(v) => format!("Nhà văn hóa thôn {v}"),
        }
    }
}

/// What a page, document or collection says about its disclosure (`[disclosure]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disclosure {
    /// The kind of information (Điều 11, 1–14).
    pub category: Category,
    /// Date of the decision or document it concerns (the 5 working days of Điều 12 khoản 3
    /// run from it).
    pub decided: Option<DateValue>,
    /// Date it was published on the website; the page's date when not given.
    pub published: Option<DateValue>,
    /// First day of posting (niêm yết).
    pub posted_from: Option<DateValue>,
    /// Last day of posting; none for a permanent posting.
    pub posted_until: Option<DateValue>,
    /// Posted permanently (categories 4 and 13 must be).
    pub permanent: bool,
    /// Where it is posted.
    pub places: Vec<Place>,
    /// Days it was read on the loudspeakers.
    pub loudspeaker: Vec<DateValue>,
    /// Newer information has replaced it (next year's budget, a revised list): it stays on the
    /// site as a past item.
    pub superseded: bool,
}

impl Disclosure {
    /// The date it was made public, for the quarterly list: on the website, else the first
    /// day of posting, else the decision's date.
    pub fn made_public(&self) -> Option<NaiveDate> {
        self.published
            .as_ref()
            .or(self.posted_from.as_ref())
            .or(self.decided.as_ref())
            .map(DateValue::date)
    }

    /// What the site currently discloses under its category, rather than a past item that
    /// newer information replaced. Whether the paper posting is still up is another matter,
    /// which a static page cannot tell: it would be true on the day of the build only.
    pub fn is_current(&self) -> bool {
        !self.superseded
    }
}

/// A quarter of a year: the period of the list Điều 13 khoản 2 asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The year.
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

impl Quarter {
    /// The quarter `date` falls in.
    pub fn of(date: NaiveDate) -> Quarter {
        use chrono::Datelike;
        Quarter {
            year: date.year(),
            number: (date.month() - 1) / 3 + 1,
        }
    }

    /// "2026-q1", for paths.
    pub fn key(self) -> String {
        format!("{}-q{}", self.year, self.number)
    }

    /// "Quý I năm 2026".
    pub fn label(self) -> String {
        let roman = ["I", "II", "III", "IV"][(self.number as usize - 1).min(3)];
        format!("Quý {roman} năm {}", self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_the_law() {
        assert_eq!(CATEGORIES.len(), 14);
        for (i, c) in CATEGORIES.iter().enumerate() {
            assert_eq!(usize::from(c.number), i + 1);
            // Every category is either permanent or posted for 30 days, except 14 (other laws).
            assert!(
                c.permanent() != c.posted_30_days() || c.number == 14,
                "{c:?}"
            );
        }
        assert!(category(13).unwrap().permanent());
        assert!(category(7).unwrap().loudspeaker() && !category(6).unwrap().loudspeaker());
        assert!(category(0).is_none() && category(15).is_none());
    }

    #[test]
    fn quarters() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(Quarter::of(d("2026-03-31")).label(), "Quý I năm 2026");
        assert_eq!(Quarter::of(d("2026-04-01")).key(), "2026-q2");
        assert_eq!(Quarter::of(d("2026-12-01")).label(), "Quý IV năm 2026");
        assert_eq!(Place::parse("tru-so"), Place::Office);
        assert_eq!(
            Place::parse("Phú Xuân").label(),
            "Nhà văn hóa thôn Phú Xuân"
        );
    }
}
