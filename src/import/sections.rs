//! Where the importer files procedures: the catalogue's section, a folder per field, and the
//! index pages it creates with them so that a first import gives a site that builds and lists
//! what it imported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use super::write::Write;

/// The section procedure files are created in, under `content/`.
pub const SECTION: &str = "thu-tuc";
/// The page listing fully online procedures, created with the catalogue.
pub const ONLINE_PAGE: &str = "dich-vu-cong-toan-trinh.md";

/// The folder name for a field: its name without marks, e.g. "ho-tich".
pub fn field_dir(field: &str) -> String {
    let s = slug::slugify(field);
    if s.is_empty() {
        "khac".to_string()
    } else {
        s
    }
}

/// The index pages a plan adds for the folders `new_sections` (folder → field) it files
/// procedures in: the catalogue with its online page the first time, and each field's page;
/// a page the site already has is never replaced.
pub(super) fn index_pages(content: &Path, new_sections: BTreeMap<PathBuf, String>) -> Vec<Write> {
    let mut writes = Vec::new();
    if new_sections.is_empty() {
        return writes;
    }
    let catalogue = content.join(SECTION).join("_index.md");
    if !catalogue.exists() {
        writes.push(Write {
            path: catalogue,
            text: CATALOGUE_INDEX.to_string(),
        });
        let online = content.join(SECTION).join(ONLINE_PAGE);
        if !online.exists() {
            writes.push(Write {
                path: online,
                text: ONLINE_INDEX.to_string(),
            });
        }
    }
    for (dir, field) in new_sections {
        let index = dir.join("_index.md");
        if !index.exists() {
            writes.push(Write {
                path: index,
                text: field_index(&field),
            });
        }
    }
    writes
}

const CATALOGUE_INDEX: &str = "+++
title = \"Thủ tục hành chính\"
description = \"Danh mục thủ tục hành chính Ủy ban nhân dân xã giải quyết: giấy tờ cần chuẩn bị, thời hạn, phí, lệ phí và nơi nộp hồ sơ.\"
template = \"procedures.html\"
sort_by = \"title\"

[extra]
# Trang liệt kê các thủ tục nộp được trực tuyến (dùng mẫu procedures-online.html).
online_page = \"thu-tuc/dich-vu-cong-toan-trinh.md\"
+++
";

const ONLINE_INDEX: &str = "+++
title = \"Thủ tục nộp trực tuyến\"
description = \"Những thủ tục làm trọn trên mạng (toàn trình) hoặc một phần trên mạng.\"
template = \"procedures-online.html\"
+++
";

fn field_index(field: &str) -> String {
    let mut doc = DocumentMut::new();
    doc["title"] = toml_edit::value(field);
    doc["template"] = toml_edit::value("procedure-field.html");
    doc["sort_by"] = toml_edit::value("title");
    format!("+++\n{doc}+++\n")
}
