//! The findings of a check for people and machines: as JSON (`niemyet check --format json`) and
//! as an HTML page for the editorial board (`niemyet check --report FILE`).

use serde_json::json;
use tera::escape_html;

use crate::diagnostics::{Diagnostic, Severity};

/// The findings as JSON: counts, then every finding with its severity, place, message, hint
/// and article.
pub fn json(findings: &[&Diagnostic], pages: usize, sections: usize) -> serde_json::Value {
    json!({
        "pages": pages,
        "sections": sections,
        "errors": findings.iter().filter(|d| d.is_error()).count(),
        "warnings": findings.iter().filter(|d| !d.is_error()).count(),
        "findings": findings.iter().map(|d| json!({
            "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
            "file": d.file.as_ref().map(|f| f.display().to_string()),
            "line": d.line,
            "column": d.column,
            "message": d.message,
            "hint": d.hint,
            "article": d.article,
            "topic": d.topic,
        })).collect::<Vec<_>>(),
    })
}

/// A self-contained HTML page of the findings, errors first, for the editorial board: what is
/// wrong, where, the article, and how to fix it. `title` names the site, `date` the check.
pub fn html(findings: &[&Diagnostic], title: &str, date: &str) -> String {
    let errors: Vec<&Diagnostic> = findings.iter().copied().filter(|d| d.is_error()).collect();
    let warnings: Vec<&Diagnostic> = findings.iter().copied().filter(|d| !d.is_error()).collect();
    let (data, other): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        warnings.iter().partition(|d| d.topic.is_some());
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Báo cáo kiểm tra: {t}</title>\n<style>\n\
         body {{ font-family: \"Noto Sans\", \"Segoe UI\", Arial, sans-serif; font-size: 18px; line-height: 1.5; max-width: 60rem; margin: 0 auto; padding: 1rem; color: #111; }}\n\
         h1 {{ font-size: 1.6rem; }} h2 {{ font-size: 1.3rem; margin-top: 2rem; }} h3 {{ font-size: 1.1rem; }}\n\
         ol {{ padding-left: 1.5rem; }} li {{ margin: 0 0 1rem; }}\n\
         .where {{ font-family: monospace; font-size: .95rem; }} .article {{ color: #444; }}\n\
         .hint {{ margin: .25rem 0 0; }} .summary {{ font-weight: 700; }}\n\
         .error h2 {{ color: #8b1a10; }}\n</style>\n</head>\n<body>\n\
         <h1>Báo cáo kiểm tra trang web: {t}</h1>\n<p>Kiểm tra ngày {d}.</p>\n\
         <p class=\"summary\">{e} lỗi, {w} cảnh báo.</p>\n",
        t = escape_html(title),
        d = escape_html(date),
        e = errors.len(),
        w = warnings.len()
    ));
    for (class, heading, list) in [
        ("error", "Lỗi: phải sửa trước khi đăng", &errors),
        ("warning", "Cảnh báo: nên sửa", &other),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<section class=\"{class}\">\n<h2>{heading} ({})</h2>\n",
            list.len()
        ));
        push_list(&mut out, list);
        out.push_str("</section>\n");
    }
    if !data.is_empty() {
        push_data_quality(&mut out, &data);
    }
    if findings.is_empty() {
        out.push_str("<p>Không có lỗi hay cảnh báo nào.</p>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The data quality section: the summary, then one list per kind of gap, so that an editor can
/// work through the catalogue field by field.
fn push_data_quality(out: &mut String, data: &[&Diagnostic]) {
    out.push_str(&format!(
        "<section class=\"data-quality\">\n<h2>Chất lượng dữ liệu thủ tục ({})</h2>\n\
         <p>Những chỗ trống này không làm hỏng trang web: trang của thủ tục ghi «Chưa có thông \
         tin» và hướng dẫn người dân hỏi Bộ phận Một cửa. Bổ sung dần theo từng mục dưới đây.</p>\n",
        data.iter().filter(|d| d.file.is_some()).count()
    ));
    for d in data.iter().filter(|d| d.file.is_none()) {
        out.push_str(&format!(
            "<p class=\"summary\">{}</p>\n",
            escape_html(&d.message)
        ));
    }
    // Kinds in the order an editor works through them; any other topic after them.
    let mut topics = super::data_quality::topics();
    for t in data.iter().filter_map(|d| d.topic) {
        if !topics.contains(&t) {
            topics.push(t);
        }
    }
    for topic in topics {
        let items: Vec<&Diagnostic> = data
            .iter()
            .copied()
            .filter(|d| d.file.is_some() && d.topic == Some(topic))
            .collect();
        if items.is_empty() {
            continue;
        }
        let heading = topic.split_once(": ").map_or(topic, |(_, kind)| kind);
        out.push_str(&format!(
            "<h3>{} ({})</h3>\n",
            escape_html(&upper_first(heading)),
            items.len()
        ));
        push_list(out, &items);
    }
    out.push_str("</section>\n");
}

/// `s` with its first letter in upper case.
fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// An ordered list of findings: place, message, article and hint.
fn push_list(out: &mut String, list: &[&Diagnostic]) {
    out.push_str("<ol>\n");
    for d in list {
        out.push_str("<li>");
        if let Some(f) = &d.file {
            let mut place = f.display().to_string();
            if let Some(l) = d.line {
                place.push_str(&format!(":{l}"));
            }
            out.push_str(&format!(
                "<span class=\"where\">{}</span>: ",
                escape_html(&place)
            ));
        }
        out.push_str(&escape_html(&d.message));
        if let Some(a) = &d.article {
            out.push_str(&format!(
                "<br><span class=\"article\">Căn cứ: {}</span>",
                escape_html(a)
            ));
        }
        if let Some(h) = &d.hint {
            out.push_str(&format!(
                "<p class=\"hint\">Cách sửa: {}</p>",
                escape_html(h)
            ));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}
