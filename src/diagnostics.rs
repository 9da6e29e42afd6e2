//! Errors and warnings about the editors' files, in Vietnamese, with file, line and column.

use std::fmt;
use std::path::Path;

/// How serious a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot succeed until this is fixed.
    Error,
    /// Worth fixing, but the site still builds.
    Warning,
}

/// One finding about the input, located as precisely as we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root when possible (boxed, like the hint, to keep a
    /// diagnostic small).
    pub file: Option<Box<Path>>,
    /// 1-based line in the file.
    pub line: Option<u32>,
    /// 1-based column (in characters) in the line.
    pub column: Option<u32>,
    /// What is wrong, in Vietnamese.
    pub message: String,
    /// How to fix it, in Vietnamese (boxed: a diagnostic travels in every `Result`, so it is
    /// kept small).
    pub hint: Option<Box<str>>,
    /// The legal provision a `niemyet check` rule enforces, e.g. "Luật 10/2022/QH15, Điều 13
    /// khoản 1".
    pub article: Option<&'static str>,
    /// What the finding is about, when reports group such findings apart (the data quality
    /// of the procedure catalogue, say).
    pub topic: Option<&'static str>,
}

impl Diagnostic {
    /// An error with a message and no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            article: None,
            topic: None,
        }
    }

    /// A warning with a message and no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Sets the file.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().into());
        self
    }

    /// Sets the line (1-based).
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
        self
    }

    /// Sets line and column (1-based), when known.
    pub fn at(mut self, pos: Option<(usize, usize)>) -> Self {
        if let Some((line, column)) = pos {
            // u32 keeps a diagnostic small; no file has four billion lines.
            self.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
            self.column = Some(u32::try_from(column).unwrap_or(u32::MAX));
        }
        self
    }

    /// Adds the Vietnamese advice on how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    /// Files the finding under `topic`, for reports that group findings.
    pub fn on_topic(mut self, topic: &'static str) -> Self {
        self.topic = Some(topic);
        self
    }

    /// Names the legal provision the finding enforces.
    pub fn citing(mut self, article: &'static str) -> Self {
        self.article = Some(article);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (Option<&Path>, usize, usize, Severity, &str) {
        (
            self.file.as_deref(),
            self.line.unwrap_or(0) as usize,
            self.column.unwrap_or(0) as usize,
            self.severity,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        write!(f, "{label}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(article) = &self.article {
            write!(f, " ({article})")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  → cách sửa: {hint}")?;
        }
        Ok(())
    }
}

/// All findings of one run, so that every error is reported at once.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many findings.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// True when at least one finding is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// The findings in a stable order (by file, line, column), whatever order threads produced them in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        v.dedup();
        v
    }

    /// All findings, unsorted.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// True when there are no findings at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.sorted() {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Converts a byte offset in `text` to a 1-based (line, column in characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a = 1\nđất = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        let off = text.find('=').unwrap();
        assert_eq!(line_col(text, off), (1, 3));
        let off = text.rfind('=').unwrap();
        assert_eq!(line_col(text, off), (2, 5));
    }

    #[test]
    fn display_names_file_line_and_hint() {
        let d = Diagnostic::error("ngày không hợp lệ")
            .in_file("content/a.md")
            .at(Some((3, 8)))
            .with_hint("viết YYYY-MM-DD");
        assert_eq!(
            d.to_string(),
            "lỗi: content/a.md:3:8: ngày không hợp lệ\n  → cách sửa: viết YYYY-MM-DD"
        );
    }

    #[test]
    fn sorted_is_stable_across_insert_order() {
        let mut a = Diagnostics::new();
        a.push(Diagnostic::error("b").in_file("z.md").at_line(1));
        a.push(Diagnostic::error("a").in_file("a.md").at_line(9));
        let msgs: Vec<_> = a.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(msgs, ["a", "b"]);
    }
}
