//! `niemyet init`: a new site that builds at once with the built-in default theme.

use std::path::Path;

use crate::diagnostics::Diagnostic;

const FILES: &[(&str, &str)] = &[
    (
        "config.toml",
        r#"# Cấu hình trang. Tài liệu: README của niemyet.
base_url = "https://ten-xa.example.gov.vn"
title = "Cổng thông tin điện tử Xã Mới"
description = "Thông tin, thủ tục hành chính và tin tức của Xã Mới."
default_language = "vi"
# Giao diện mặc định có sẵn trong niemyet; không cần thư mục themes/.
theme = "niemyet"
# Ô tìm kiếm ở đầu mọi trang và trang /tim-kiem/ (gõ có dấu hay không dấu đều được).
build_search_index = true

[markdown]
smart_punctuation = false

# Thông tin của xã: hiện ở đầu trang, chân trang và trên áp phích.
[commune]
name = "Xã Mới"
province = "Tỉnh Mẫu"
address = "Thôn Trung Tâm, Xã Mới, Tỉnh Mẫu"
hotline = "0200 000 0000"
email = "ubnd@ten-xa.example.gov.vn"
feedback_address = "Bộ phận Một cửa, UBND Xã Mới"
national_portal_url = "https://dichvucong.gov.vn"

# Bản in niêm yết (trang /ban-in/). Muốn có bản in "Nộp hồ sơ trực tuyến", viết bài hướng dẫn có
# các đề mục bắt đầu bằng "Bước 1: …", "Bước 2: …" rồi ghi đường dẫn của bài ở đây:
# [posters]
# online_guide = "huong-dan/nop-ho-so-truc-tuyen.md"

[extra]
"#,
    ),
    (
        "content/_index.md",
        r#"+++
title = "Trang chủ"
description = "Cổng thông tin điện tử của Xã Mới."
+++

Chào mừng bà con đến với cổng thông tin điện tử của xã.
"#,
    ),
    (
        "content/tin-tuc/_index.md",
        r#"+++
title = "Tin tức"
description = "Tin tức, thông báo của xã."
sort_by = "date"
paginate_by = 10
+++
"#,
    ),
    (
        "content/tin-tuc/ra-mat-cong-thong-tin.md",
        r#"+++
title = "Ra mắt cổng thông tin điện tử của xã"
description = "Từ hôm nay, bà con có thể xem thông tin của xã trên mạng."
date = 2026-01-05
+++

Cổng thông tin điện tử của xã chính thức hoạt động.

<!-- more -->

## Bà con xem được gì

- Tin tức và thông báo của xã.
- Hướng dẫn làm thủ tục hành chính.
"#,
    ),
    ("static/.gitkeep", ""),
];

/// Creates a new site in `dir`, which must be absent or empty.
pub fn init(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    if dir.exists() {
        let non_empty = std::fs::read_dir(dir)
            .map_err(|e| {
                Diagnostic::error(format!("không đọc được thư mục {}: {e}", dir.display()))
            })?
            .next()
            .is_some();
        if non_empty {
            return Err(Diagnostic::error(format!(
                "thư mục {} đã có tệp; niemyet init không ghi đè lên tệp có sẵn",
                dir.display()
            ))
            .with_hint("chọn một thư mục mới hoặc thư mục rỗng"));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(format!("không tạo được {}: {e}", parent.display()))
            })?;
        }
        std::fs::write(&path, text)
            .map_err(|e| Diagnostic::error(format!("không ghi được {}: {e}", path.display())))?;
        written.push(rel.to_string());
    }
    Ok(written)
}
