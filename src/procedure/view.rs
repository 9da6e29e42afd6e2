//! A procedure record as JSON: for `procedures.json` (the record plus a few documented derived
//! values) and for templates (the same, plus labels ready to show).

use serde_json::{json, Map, Value as Json};

use super::fee::{self, Fee};
use super::keys::{self, derived};
use super::record::{Record, Way};
use super::time_limit::{self, TimeLimit};

/// The record as published in `procedures.json`.
pub fn open_data(r: &Record, url: &str, qr_url: Option<&str>) -> Json {
    let mut v = serde_json::to_value(r).unwrap_or(Json::Null);
    let Json::Object(m) = &mut v else {
        return v;
    };
    m.insert(derived::URL.into(), json!(url));
    m.insert(derived::QR_URL.into(), json!(qr_url));
    if let Some(Json::Array(channels)) = m.get_mut(keys::CHANNELS.name) {
        for (c, ch) in channels.iter_mut().zip(&r.channels) {
            if let Json::Object(c) = c {
                c.insert(
                    derived::TIME_VALUE.into(),
                    json!(time_limit::parse(&ch.time).ok()),
                );
                c.insert(derived::FEE_VALUE.into(), json!(fee::parse(&ch.fee).ok()));
            }
        }
    }
    v
}

/// The record as templates see it in `page.procedure`: the open data plus labels.
/// `form_url` turns a document's `form` into a link, or `None` when the file is missing.
/// An abolished procedure's `replaced_by` is the code as written: the theme finds its page with
/// `get_procedure(code=…, required=false)`, null when the site does not have it.
pub fn for_templates(
    r: &Record,
    url: &str,
    qr_url: Option<&str>,
    form_url: impl Fn(&str) -> Option<String>,
) -> Json {
    let mut v = open_data(r, url, qr_url);
    let Json::Object(m) = &mut v else {
        return v;
    };
    m.insert("status_label".into(), json!(r.status.label()));
    m.insert("online_label".into(), json!(r.online.map(|o| o.label())));
    m.insert("online_link".into(), json!(online_link(r)));
    m.insert("online_kind".into(), json!(online_kind(r)));
    m.insert("time_summary".into(), json!(time_summary(r)));
    m.insert("fee_summary".into(), json!(fee_summary(r)));
    m.insert("place".into(), json!(place(r)));
    let portal = portal_page(r);
    m.insert("portal_page".into(), json!(portal));
    let gaps: Vec<Json> = r
        .gaps()
        .into_iter()
        .filter(|g| g.required())
        .map(|g| json!({"name": g.name(), "part": g.part()}))
        .collect();
    m.insert("gaps".into(), Json::Array(gaps));
    m.insert(
        "has_online_channel".into(),
        json!(r.channels.iter().any(|c| c.way == Way::Online)),
    );
    if let Some(Json::Array(channels)) = m.get_mut(keys::CHANNELS.name) {
        for (c, ch) in channels.iter_mut().zip(&r.channels) {
            if let Json::Object(c) = c {
                c.insert("way_label".into(), json!(ch.way.label()));
                c.insert("time_label".into(), json!(time_label(&ch.time)));
                c.insert("fee_label".into(), json!(fee_label(&ch.fee)));
            }
        }
    }
    if let Some(Json::Array(docs)) = m.get_mut(keys::DOCUMENTS.name) {
        for (d, doc) in docs.iter_mut().zip(&r.documents) {
            if let Json::Object(d) = d {
                d.insert("group_label".into(), json!(doc.group.label()));
                let local = doc.form.as_deref().and_then(&form_url);
                // A form named with no file: its copy on the national portal.
                let elsewhere = doc.form.as_ref().and(local.is_none().then_some(()));
                d.insert("form_url".into(), json!(local));
                d.insert(
                    "form_portal".into(),
                    json!(elsewhere.and(portal.as_deref())),
                );
            }
        }
    }
    m.insert(
        "document_groups".into(),
        document_groups(r, &v_documents(m)),
    );
    v
}

fn v_documents(m: &Map<String, Json>) -> Vec<Json> {
    match m.get(keys::DOCUMENTS.name) {
        Some(Json::Array(d)) => d.clone(),
        _ => Vec::new(),
    }
}

/// Documents grouped in the order citizens need them: to submit, to show, then notes.
fn document_groups(r: &Record, docs: &[Json]) -> Json {
    use super::record::DocGroup;
    let groups = [DocGroup::Submit, DocGroup::Show, DocGroup::Note]
        .into_iter()
        .filter_map(|g| {
            let items: Vec<&Json> = r
                .documents
                .iter()
                .zip(docs)
                .filter(|(d, _)| d.group == g)
                .map(|(_, j)| j)
                .collect();
            (!items.is_empty())
                .then(|| json!({"group": g.name(), "label": g.label(), "items": items}))
        })
        .collect::<Vec<_>>();
    Json::Array(groups)
}

/// Where "Nộp trực tuyến" leads: the online service itself, else the procedure's page on the
/// national portal, when the procedure can be done online at all.
pub fn online_link(r: &Record) -> Option<&str> {
    use super::record::OnlineLevel;
    let online = match r.online {
        Some(OnlineLevel::Full | OnlineLevel::Partial) => true,
        Some(OnlineLevel::None) => false,
        None => r.channels.iter().any(|c| c.way == Way::Online),
    };
    if !online {
        return None;
    }
    r.online_url.as_deref().or(r.portal_url.as_deref())
}

/// How a procedure can be done online, for lists that group by it: its level when it has one
/// and a link, "co-nop-truc-tuyen" when it has an online channel and a link but no stated
/// level (the national export gives none), else `None`.
pub fn online_kind(r: &Record) -> Option<&'static str> {
    online_link(r)?;
    Some(r.online.map_or("co-nop-truc-tuyen", |o| o.name()))
}

/// A time limit as citizens read it: "5 ngày làm việc", or the text as written when it cannot be
/// read (and "Không có thông tin" stays that, not "Không quy định": they mean different things).
pub fn time_label(text: &str) -> String {
    match time_limit::read(text) {
        Ok(r) if !r.qualified && r.value != TimeLimit::NotSpecified => r.value.to_string(),
        // The national data's bare numbers: shown as written, with what is unclear said.
        Err(time_limit::TimeLimitError::NoUnit) => {
            format!("{} (chưa rõ ngày hay ngày làm việc)", clean(text))
        }
        Err(time_limit::TimeLimitError::NoInformation) => NOT_KNOWN.to_string(),
        _ => clean(text),
    }
}

/// Where citizens submit: the stated address, else the deciding agency, leaving out the
/// national data's blanks.
pub fn place(r: &Record) -> Option<&str> {
    [&r.submit_at, &r.agency, &r.competent_agency]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .find(|s| !s.is_empty() && !s.eq_ignore_ascii_case(super::gaps::NO_INFORMATION))
}

/// What a page says where the national data has nothing.
pub const NOT_KNOWN: &str = "Chưa có thông tin";

/// The procedure's page on the national public service portal: the record's own link, else
/// the portal's address by code (still answered, and what local lists use).
pub fn portal_page(r: &Record) -> Option<String> {
    if let Some(url) = &r.portal_url {
        return Some(url.clone());
    }
    super::record::is_valid_code(&r.code).then(|| {
        format!(
            "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={}",
            r.code
        )
    })
}

/// The text as written, with runs of spaces (pasted non-breaking ones too) as one space.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A fee as citizens read it: "2.000 đồng/trang", "Miễn phí", or the text as written.
pub fn fee_label(text: &str) -> String {
    match fee::parse(text) {
        Err(fee::FeeError::NoInformation) => NOT_KNOWN.to_string(),
        Ok(Fee::NotSpecified) | Err(_) => clean(text),
        Ok(f) => f.to_string(),
    }
}

/// The time limits of every channel, as one line ("3 ngày làm việc; Trong ngày").
pub fn time_summary(r: &Record) -> String {
    summary(r, |c| time_label(&c.time))
}

/// The fees of every channel, as one line ("Miễn phí; 10 USD/bản").
pub fn fee_summary(r: &Record) -> String {
    summary(r, |c| fee_label(&c.fee))
}

/// The distinct labels over a procedure's channels, in order, for one-line lists.
fn summary(r: &Record, label: impl Fn(&super::record::Channel) -> String) -> String {
    let mut seen: Vec<String> = Vec::new();
    for c in &r.channels {
        let l = label(c);
        if !l.is_empty() && !seen.contains(&l) {
            seen.push(l);
        }
    }
    seen.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::record::{Channel, OnlineLevel};

    fn channel(way: Way, time: &str, fee: &str) -> Channel {
        Channel {
            way,
            time: time.into(),
            fee: fee.into(),
            notes: None,
        }
    }

    #[test]
    fn open_data_adds_parsed_values_and_keeps_text() {
        let r = Record {
            code: "1.001193".into(),
            name: "Đăng ký khai sinh".into(),
            field: "Hộ tịch".into(),
            channels: vec![
                channel(
                    Way::InPerson,
                    "3 Ngày làm việc",
                    "2,000 Việt Nam Đồng(/trang)",
                ),
                channel(Way::Online, "5", "Miễn phí"),
            ],
            ..Record::default()
        };
        let v = open_data(&r, "https://x.vn/a/", Some("https://x.vn/tt/1.001193/"));
        let c0 = &v["channels"][0];
        assert_eq!(c0["time"], "3 Ngày làm việc");
        assert_eq!(c0["time_value"]["amount"], 3);
        assert_eq!(c0["time_value"]["unit"], "working_days");
        assert_eq!(c0["fee_value"]["amount"], 2000);
        assert_eq!(c0["fee_value"]["per"], "trang");
        assert_eq!(v["channels"][1]["time_value"], Json::Null);
        assert_eq!(v["qr_url"], "https://x.vn/tt/1.001193/");
        let t = for_templates(&r, "u", None, |_| None);
        assert_eq!(
            t["time_summary"],
            "3 ngày làm việc; 5 (chưa rõ ngày hay ngày làm việc)"
        );
        assert_eq!(t["fee_summary"], "2.000 đồng/trang; Miễn phí");
        assert_eq!(t["has_online_channel"], true);
    }

    #[test]
    fn online_link_needs_an_online_way_and_an_address() {
        let mut r = Record {
            portal_url: Some("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x".into()),
            ..Record::default()
        };
        assert_eq!(online_link(&r), None);
        r.channels.push(channel(Way::Online, "", ""));
        assert_eq!(online_link(&r), r.portal_url.as_deref());
        r.online = Some(OnlineLevel::None);
        assert_eq!(online_link(&r), None);
        r.online = Some(OnlineLevel::Full);
        r.online_url = Some("https://dvc.lamgiang.gov.vn/x".into());
        assert_eq!(online_link(&r), Some("https://dvc.lamgiang.gov.vn/x"));
    }

    #[test]
    fn gaps_and_the_portal_page_reach_templates() {
        let mut r = Record {
            code: "1.001193".into(),
            ..Record::default()
        };
        r.channels
            .push(channel(Way::InPerson, "Không có thông tin", "Miễn phí"));
        r.documents.push(crate::procedure::record::Document {
            group: crate::procedure::record::DocGroup::Submit,
            name: "Tờ khai".into(),
            code: None,
            originals: 1,
            copies: 0,
            form: Some("to-khai.doc".into()),
        });
        let t = for_templates(&r, "u", None, |_| None);
        let by_code =
            "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193";
        assert_eq!(t["portal_page"], by_code);
        let parts: Vec<&str> = t["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["part"].as_str().unwrap())
            .collect();
        assert_eq!(
            parts,
            [
                "trình tự thực hiện",
                "thời hạn giải quyết",
                "đối tượng thực hiện",
                "cơ quan giải quyết"
            ]
        );
        // A form with no file beside the page links to the portal's copy.
        assert_eq!(t["documents"][0]["form_url"], Json::Null);
        assert_eq!(t["documents"][0]["form_portal"], by_code);
        r.portal_url = Some("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x".into());
        let t = for_templates(&r, "u", None, |f| Some(format!("/a/{f}")));
        assert_eq!(
            t["portal_page"],
            "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x"
        );
        assert_eq!(t["documents"][0]["form_url"], "/a/to-khai.doc");
        assert_eq!(t["documents"][0]["form_portal"], Json::Null);
    }

    #[test]
    fn the_replacement_reaches_templates_and_open_data() {
        let r = Record {
            code: "1.000656".into(),
            status: crate::procedure::record::Status::Withdrawn,
            replaced_by: Some("1.001193".into()),
            ..Record::default()
        };
        let t = for_templates(&r, "u", None, |_| None);
        assert_eq!(t["replaced_by"], "1.001193");
        assert_eq!(t["status_label"], "Đã bãi bỏ");
        assert_eq!(open_data(&r, "u", None)["replaced_by"], "1.001193");
        let in_force = for_templates(&Record::default(), "u", None, |_| None);
        assert!(in_force.get("replaced_by").is_none());
    }

    #[test]
    fn no_information_is_said_plainly_not_relabelled() {
        // Unknown is not "Không quy định" (the law sets none): they mean different things.
        assert_eq!(time_label("Không có thông tin"), NOT_KNOWN);
        assert_eq!(fee_label("Không có thông tin"), NOT_KNOWN);
        assert_eq!(time_label("Không quy định"), "Không quy định");
        assert_eq!(time_label("15 Ngày"), "15 ngày");
        assert_eq!(fee_label("8,000 VNĐ"), "8.000 đồng");
    }
}
