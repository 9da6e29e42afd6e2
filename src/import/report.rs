//! The import report, in Vietnamese: what was added, changed, kept, skipped and missing.

use std::fmt;
use std::path::PathBuf;

use super::source::Skipped;
use crate::diagnostics::Diagnostic;
use crate::procedure::keys;

/// A procedure file created.
#[derive(Debug, Clone)]
pub struct Added {
    /// Procedure code.
    pub code: String,
    /// Procedure name.
    pub name: String,
    /// The new file, relative to the site root.
    pub file: PathBuf,
}

/// A procedure file whose imported fields changed.
#[derive(Debug, Clone)]
pub struct Changed {
    /// Procedure code.
    pub code: String,
    /// Procedure name.
    pub name: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// Managed keys that changed ("title", "procedure.channels").
    pub fields: Vec<String>,
    /// Where the file was moved, relative to the site root, when its field changed.
    pub moved_to: Option<PathBuf>,
}

/// A procedure that will still lack parts the law requires after the import.
#[derive(Debug, Clone)]
pub struct Incomplete {
    /// Procedure code.
    pub code: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The parts missing, as editors name them.
    pub parts: Vec<&'static str>,
}

/// A field both the editor and the import changed: the editor's value was kept.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// Procedure code.
    pub code: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The key.
    pub key: String,
    /// The editor's value, shortened.
    pub ours: String,
    /// The imported value, shortened.
    pub theirs: String,
}

/// A procedure on the site that the import file does not have.
#[derive(Debug, Clone)]
pub struct Missing {
    /// Procedure code.
    pub code: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// Whether this import marked it withdrawn.
    pub withdrawn: bool,
}

/// Everything an import did or would do.
#[derive(Debug, Default)]
pub struct Report {
    /// The import file's name.
    pub source: String,
    /// Files created.
    pub added: Vec<Added>,
    /// Files changed.
    pub changed: Vec<Changed>,
    /// Number of procedures already up to date.
    pub unchanged: usize,
    /// Editor's values kept against a different imported value.
    pub conflicts: Vec<Conflict>,
    /// Rows of the import file not imported.
    pub skipped: Vec<Skipped>,
    /// Procedures on the site missing from the import file.
    pub missing: Vec<Missing>,
    /// Procedures still lacking required parts after the import.
    pub incomplete: Vec<Incomplete>,
    /// Problems found while reading the import file.
    pub warnings: Vec<Diagnostic>,
    /// Nothing is written: the report says what would happen.
    pub dry_run: bool,
}

/// What a managed key ("title", "procedure.channels") means to an editor.
pub fn field_label(key: &str) -> &str {
    keys::by_front(key).map_or_else(|| keys::in_table(key).unwrap_or(key), |k| k.label)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Nhập thủ tục hành chính từ {}:", self.source)?;
        writeln!(f, "  Thêm mới: {}", self.added.len())?;
        for a in &self.added {
            writeln!(f, "    + {} {} → {}", a.code, a.name, a.file.display())?;
        }
        writeln!(f, "  Cập nhật: {}", self.changed.len())?;
        for c in &self.changed {
            let fields: Vec<&str> = c.fields.iter().map(|k| field_label(k)).collect();
            writeln!(
                f,
                "    ~ {} {} ({}): {}",
                c.code,
                c.name,
                c.file.display(),
                fields.join("; ")
            )?;
            if let Some(to) = &c.moved_to {
                let verb = if self.dry_run {
                    "sẽ chuyển"
                } else {
                    "đã chuyển"
                };
                writeln!(f, "      {verb} sang {} (lĩnh vực mới)", to.display())?;
            }
        }
        writeln!(f, "  Không đổi: {}", self.unchanged)?;
        if !self.conflicts.is_empty() {
            writeln!(
                f,
                "  Giữ nguyên chỗ bạn đã sửa, dù tệp nhập có nội dung khác: {}",
                self.conflicts.len()
            )?;
            for c in &self.conflicts {
                writeln!(
                    f,
                    "    ! {} ({}), {}: giữ «{}»; tệp nhập ghi «{}»",
                    c.code,
                    c.file.display(),
                    field_label(&c.key),
                    c.ours,
                    c.theirs
                )?;
            }
            writeln!(
                f,
                "    Muốn dùng nội dung mới thì sửa trường đó trong tệp cho giống tệp nhập."
            )?;
        }
        writeln!(f, "  Bỏ qua (có trong tệp nhập): {}", self.skipped.len())?;
        for s in &self.skipped {
            match &s.code {
                Some(code) => writeln!(f, "    - {}, mã {code}: {}", s.location, s.reason)?,
                None => writeln!(f, "    - {}: {}", s.location, s.reason)?,
            }
        }
        writeln!(
            f,
            "  Có trên trang nhưng không có trong tệp nhập: {}",
            self.missing.len()
        )?;
        let mut any_kept = false;
        for m in &self.missing {
            let what = if m.withdrawn && self.dry_run {
                "sẽ đánh dấu bãi bỏ"
            } else if m.withdrawn {
                "đã đánh dấu bãi bỏ"
            } else {
                any_kept = true;
                "giữ nguyên"
            };
            writeln!(f, "    ? {} ({}): {what}", m.code, m.file.display())?;
        }
        if any_kept {
            writeln!(
                f,
                "    Nếu các thủ tục này đã bãi bỏ, nhập lại với --withdraw-missing để đánh dấu \
                 (tệp không bị xóa)."
            )?;
        }
        if !self.incomplete.is_empty() {
            writeln!(
                f,
                "  Còn thiếu phần bắt buộc theo Nghị định 63/2010/NĐ-CP, Điều 8 (trang web ghi \
                 «Chưa có thông tin» và hướng dẫn hỏi Bộ phận Một cửa; niemyet check liệt kê để \
                 bổ sung): {}",
                self.incomplete.len()
            )?;
            for i in &self.incomplete {
                writeln!(
                    f,
                    "    ! {} ({}): thiếu {}",
                    i.code,
                    i.file.display(),
                    i.parts.join("; ")
                )?;
            }
            writeln!(
                f,
                "    Nhập thêm tệp Excel xuất từ Cơ sở dữ liệu quốc gia về TTHC (có đủ các phần), \
                 hoặc điền vào từng tệp; văn bản không quy định thì ghi \"Không quy định\"."
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_labelled_as_editors_name_them() {
        assert_eq!(field_label("title"), "tên thủ tục (title)");
        assert_eq!(field_label("procedure.legal_basis"), "căn cứ pháp lý");
        // A key a later version adds is still named, if not translated.
        assert_eq!(field_label("procedure.new_key"), "new_key");
    }
}
