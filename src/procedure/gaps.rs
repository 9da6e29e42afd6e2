//! Gaps in a procedure record: the parts Nghị định 63/2010/NĐ-CP Điều 8 requires that the
//! record does not state, and values the national database leaves unknown ("Không có thông
//! tin", a time limit with no unit). The real catalogue has them; a commune cannot fix the
//! national database before it may publish, so a gap never stops a build: the page says so
//! honestly and `niemyet check` lists every gap for the editor.

use super::fee::{self, FeeError};
use super::keys::{self, Key};
use super::record::Record;
use super::time_limit::{self, TimeLimitError};

/// The article that lists the parts every procedure must state.
pub const ARTICLE: &str = "Nghị định 63/2010/NĐ-CP, Điều 8 (sửa đổi bởi Nghị định 92/2017/NĐ-CP)";

/// What the national database's blank cells say.
pub const NO_INFORMATION: &str = "Không có thông tin";

/// One kind of gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gap {
    /// No steps (trình tự thực hiện).
    Steps,
    /// No way to submit (cách thức thực hiện).
    Channels,
    /// No time limit, or only "Không có thông tin".
    Time,
    /// A time limit that is a bare number: days or working days, nobody can tell.
    TimeUnit,
    /// No documents to bring (thành phần, số lượng hồ sơ).
    Documents,
    /// Nobody named who may use it (đối tượng thực hiện).
    Audience,
    /// No deciding agency, or only "Không có thông tin".
    Agency,
    /// The fee is "Không có thông tin": citizens cannot tell whether they will pay.
    Fee,
}

impl Gap {
    /// Every kind, in the order Điều 8 lists the parts.
    pub const ALL: [Gap; 8] = [
        Gap::Steps,
        Gap::Channels,
        Gap::Time,
        Gap::TimeUnit,
        Gap::Documents,
        Gap::Audience,
        Gap::Agency,
        Gap::Fee,
    ];

    /// The name templates and JSON use.
    pub fn name(self) -> &'static str {
        match self {
            Gap::Steps => "trinh-tu",
            Gap::Channels => "cach-thuc",
            Gap::Time => "thoi-han",
            Gap::TimeUnit => "don-vi-thoi-han",
            Gap::Documents => "thanh-phan-ho-so",
            Gap::Audience => "doi-tuong",
            Gap::Agency => "co-quan",
            Gap::Fee => "phi-le-phi",
        }
    }

    /// The part as citizens and editors call it.
    pub fn part(self) -> &'static str {
        match self {
            Gap::Steps => "trình tự thực hiện",
            Gap::Channels => "cách thức thực hiện",
            Gap::Time => "thời hạn giải quyết",
            Gap::TimeUnit => "đơn vị của thời hạn giải quyết",
            Gap::Documents => "thành phần hồ sơ",
            Gap::Audience => "đối tượng thực hiện",
            Gap::Agency => "cơ quan giải quyết",
            Gap::Fee => "phí, lệ phí",
        }
    }

    /// The heading a report files this kind of gap under (one per kind, so that an editor
    /// can work through them field by field).
    pub fn topic(self) -> &'static str {
        match self {
            Gap::Steps => "chất lượng dữ liệu: trình tự thực hiện",
            Gap::Channels => "chất lượng dữ liệu: cách thức thực hiện",
            Gap::Time => "chất lượng dữ liệu: thời hạn giải quyết",
            Gap::TimeUnit => "chất lượng dữ liệu: thời hạn không rõ đơn vị",
            Gap::Documents => "chất lượng dữ liệu: thành phần hồ sơ",
            Gap::Audience => "chất lượng dữ liệu: đối tượng thực hiện",
            Gap::Agency => "chất lượng dữ liệu: cơ quan giải quyết",
            Gap::Fee => "chất lượng dữ liệu: phí, lệ phí",
        }
    }

    /// Whether Điều 8 requires the part of every procedure (the others are values the
    /// database left unclear).
    pub fn required(self) -> bool {
        !matches!(self, Gap::TimeUnit | Gap::Fee)
    }

    /// The key of the record the gap is in, to point the editor at it.
    pub fn key(self) -> Key {
        match self {
            Gap::Steps => keys::STEPS,
            Gap::Channels | Gap::Time | Gap::TimeUnit | Gap::Fee => keys::CHANNELS,
            Gap::Documents => keys::DOCUMENTS,
            Gap::Audience => keys::AUDIENCE,
            Gap::Agency => keys::AGENCY,
        }
    }

    /// What the editor can do about it.
    pub fn hint(self) -> &'static str {
        match self {
            Gap::TimeUnit => {
                "ghi rõ đơn vị theo văn bản, ví dụ time = \"5 ngày làm việc\" hoặc \"15 ngày\""
            }
            Gap::Fee => {
                "ghi mức phí theo văn bản, ví dụ fee = \"Miễn phí\" hoặc \"8.000 đồng\"; nếu \
                 không thu thì ghi fee = \"Không\""
            }
            _ => {
                "bổ sung theo quyết định công bố của tỉnh, hoặc nhập lại tệp Excel mới hơn của Cơ \
                 sở dữ liệu quốc gia; trong khi chờ, trang web ghi «Chưa có thông tin» và hướng \
                 dẫn người dân hỏi Bộ phận Một cửa"
            }
        }
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn unknown(s: &str) -> bool {
    blank(s) || s.trim().eq_ignore_ascii_case(NO_INFORMATION)
}

impl Record {
    /// The gaps of this record, in [`Gap::ALL`] order. An explicit "Không quy định" is a
    /// statement, not a gap.
    pub fn gaps(&self) -> Vec<Gap> {
        let mut out = Vec::new();
        for gap in Gap::ALL {
            let has = match gap {
                Gap::Steps => self.steps.iter().all(|s| blank(s)),
                Gap::Channels => self.channels.is_empty(),
                Gap::Time => {
                    !self.channels.is_empty() && self.channels.iter().all(|c| unknown(&c.time))
                }
                Gap::TimeUnit => self
                    .channels
                    .iter()
                    .any(|c| matches!(time_limit::parse(&c.time), Err(TimeLimitError::NoUnit))),
                Gap::Documents => self.documents.is_empty(),
                Gap::Audience => self.audience.iter().all(|s| blank(s)),
                Gap::Agency => [&self.agency, &self.competent_agency]
                    .into_iter()
                    .flatten()
                    .all(|a| unknown(a)),
                Gap::Fee => self
                    .channels
                    .iter()
                    .any(|c| matches!(fee::parse(&c.fee), Err(FeeError::NoInformation))),
            };
            if has {
                out.push(gap);
            }
        }
        out
    }

    /// The required parts this record lacks, as editors name them (the import report's list).
    pub fn missing_parts(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if blank(&self.name) {
            out.push("tên thủ tục");
        }
        out.extend(
            self.gaps()
                .into_iter()
                .filter(|g| g.required())
                .map(Gap::part),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::record::{Channel, DocGroup, Document, Way};

    fn complete() -> Record {
        Record {
            name: "Đăng ký khai sinh".into(),
            code: "1.001193".into(),
            steps: vec!["Nộp hồ sơ".into()],
            audience: vec!["Công dân Việt Nam".into()],
            agency: Some("Ủy ban nhân dân xã".into()),
            channels: vec![Channel {
                way: Way::InPerson,
                time: "3 Ngày làm việc".into(),
                fee: "Miễn phí".into(),
                notes: None,
            }],
            documents: vec![Document {
                group: DocGroup::Submit,
                name: "Tờ khai".into(),
                code: None,
                originals: 1,
                copies: 0,
                form: None,
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_record_has_no_gap() {
        assert!(complete().gaps().is_empty());
        assert!(complete().missing_parts().is_empty());
    }

    #[test]
    fn the_national_databases_blanks_are_gaps() {
        let mut r = complete();
        r.documents.clear();
        r.agency = Some(NO_INFORMATION.into());
        r.channels[0].time = "Không có thông tin".into();
        r.channels[0].fee = "Không có thông tin".into();
        assert_eq!(r.gaps(), [Gap::Time, Gap::Documents, Gap::Agency, Gap::Fee]);
        assert_eq!(
            r.missing_parts(),
            [
                "thời hạn giải quyết",
                "thành phần hồ sơ",
                "cơ quan giải quyết"
            ]
        );
    }

    #[test]
    fn a_bare_number_is_a_unit_gap_and_not_regulated_is_no_gap() {
        let mut r = complete();
        r.channels[0].time = "1".into();
        assert_eq!(r.gaps(), [Gap::TimeUnit]);
        assert!(
            r.missing_parts().is_empty(),
            "the time is there, its unit is not"
        );
        r.channels[0].time = "Không quy định".into();
        r.channels[0].fee = "Không".into();
        assert!(r.gaps().is_empty());
        r.competent_agency = Some("UBND xã".into());
        r.agency = Some(NO_INFORMATION.into());
        assert!(r.gaps().is_empty(), "another agency is named");
    }
}
