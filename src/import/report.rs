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
    /// Procedure name, as the file's title says it.
    pub name: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// Whether this import marked it withdrawn.
    pub withdrawn: bool,
}

/// What `--field` and `--codes` chose, and what the choice kept of the import file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selected {
    /// Each field chosen, as the file (or the site) names it, with its procedures in the file.
    pub fields: Vec<(String, usize)>,
    /// Fields chosen that the site has but the file has no procedure of.
    pub fields_gone: Vec<String>,
    /// How many codes were listed.
    pub codes: usize,
    /// Codes listed that neither the file nor the site has, each with the code it may have
    /// been meant to be.
    pub unknown_codes: Vec<(String, Option<String>)>,
    /// Procedures of the file kept.
    pub kept: usize,
    /// Procedures of the file not chosen.
    pub not_selected: usize,
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
    /// Procedures on the site, in force, that a national list covering them no longer has.
    pub abolished: Vec<Missing>,
    /// Whether the file is the national list, whose silence about a procedure means that it
    /// was abolished.
    pub national: bool,
    /// What was chosen with `--field` and `--codes`, if anything.
    pub selected: Option<Selected>,
    /// Procedures on the site outside what was chosen, left as they are.
    pub out_of_scope: usize,
    /// Entries added to the history of the catalogue.
    pub history: usize,
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
        if let Some(sel) = &self.selected {
            sel.fmt_into(f)?;
        }
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
        if self.national || !self.abolished.is_empty() {
            self.fmt_abolished(f)?;
        }
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
        for m in &self.missing {
            let what = self.done_to(m, "giữ nguyên");
            writeln!(f, "    ? {} ({}): {what}", m.code, m.file.display())?;
        }
        if self.missing.iter().any(|m| !m.withdrawn) {
            writeln!(
                f,
                "    Nếu các thủ tục này đã bãi bỏ, nhập lại với --withdraw-missing để đánh dấu \
                 (tệp không bị xóa)."
            )?;
        }
        if self.selected.is_some() && self.out_of_scope > 0 {
            writeln!(
                f,
                "  Có trên trang, ngoài lĩnh vực và mã đã chọn (giữ nguyên): {}",
                self.out_of_scope
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
        if self.history > 0 {
            let verb = if self.dry_run {
                "sẽ ghi thêm"
            } else {
                "đã ghi thêm"
            };
            writeln!(
                f,
                "  Lịch sử cập nhật: {verb} {} mục vào {}",
                self.history,
                crate::procedure::history::FILE
            )?;
        }
        Ok(())
    }
}

impl Report {
    /// What this import does to a procedure the file lacks: marks it withdrawn, or leaves it
    /// as `kept` says.
    fn done_to(&self, m: &Missing, kept: &'static str) -> &'static str {
        match (m.withdrawn, self.dry_run) {
            (true, true) => "sẽ đánh dấu bãi bỏ",
            (true, false) => "đã đánh dấu bãi bỏ",
            (false, _) => kept,
        }
    }

    /// The procedures the national list no longer has: they were abolished.
    fn fmt_abolished(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  Bãi bỏ (không còn trong danh mục quốc gia): {}",
            self.abolished.len()
        )?;
        for m in &self.abolished {
            let what = self.done_to(m, "chưa đánh dấu");
            writeln!(
                f,
                "    − {} {} ({}): {what}",
                m.code,
                m.name,
                m.file.display()
            )?;
        }
        if self.abolished.iter().any(|m| !m.withdrawn) {
            writeln!(
                f,
                "    Nhập lại với --withdraw-missing để đánh dấu các thủ tục này đã bãi bỏ (tệp \
                 không bị xóa, địa chỉ trang giữ nguyên; ghi replaced_by = \"<mã>\" nếu có thủ \
                 tục thay thế)."
            )?;
        }
        Ok(())
    }
}

impl Selected {
    /// What was chosen, kept and not found, as the report's first lines.
    fn fmt_into(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chose = Vec::new();
        if !self.fields.is_empty() {
            let fields: Vec<String> = self
                .fields
                .iter()
                .map(|(name, n)| format!("«{name}» ({n} thủ tục)"))
                .collect();
            chose.push(format!("lĩnh vực {}", fields.join(", ")));
        }
        if self.codes > 0 {
            chose.push(format!("{} mã trong danh sách", self.codes));
        }
        writeln!(f, "  Chỉ nhập: {}", chose.join("; "))?;
        writeln!(
            f,
            "  Thủ tục được chọn trong tệp nhập: {}; không được chọn (bỏ qua): {}",
            self.kept, self.not_selected
        )?;
        for name in &self.fields_gone {
            writeln!(
                f,
                "  Lĩnh vực «{name}» có trên trang nhưng tệp nhập không có thủ tục nào của lĩnh \
                 vực này: các thủ tục của nó được coi là đã bãi bỏ"
            )?;
        }
        if !self.unknown_codes.is_empty() {
            writeln!(
                f,
                "  Mã trong danh sách chọn nhưng không có trong tệp nhập, cũng không có trên \
                 trang: {}",
                self.unknown_codes.len()
            )?;
            for (code, near) in &self.unknown_codes {
                match near {
                    Some(n) => writeln!(f, "    ? {code}: có phải ý bạn là {n}?")?,
                    None => writeln!(f, "    ? {code}")?,
                }
            }
            writeln!(
                f,
                "    Kiểm tra lại các mã này trong quyết định công bố của tỉnh; tệp nhập có thể \
                 là bản cũ hoặc không có lĩnh vực của thủ tục đó."
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
