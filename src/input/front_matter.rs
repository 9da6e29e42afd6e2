//! Splitting a content file into its front matter (`+++` TOML or `---` YAML) and its body.

/// The language of a file's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// A content file cut in two, with the line each part starts on.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// TOML or YAML.
    pub format: Format,
    /// The front matter between the fences.
    pub front: &'a str,
    /// 1-based line of the file where `front` starts.
    pub front_line: usize,
    /// The markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// Why a file could not be split, with the 1-based line to point at.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `+++` nor `---`.
    Missing,
    /// A fence opened on line 1 but never closed.
    Unterminated(Format),
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.trim_end() == fence
}

/// Splits `text`; a leading byte-order mark is ignored, CRLF line endings are accepted.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = &text[..first_end];
    let (format, fence) = if is_fence(first, "+++") {
        (Format::Toml, "+++")
    } else if is_fence(first, "---") {
        (Format::Yaml, "---")
    } else {
        return Err(SplitError::Missing);
    };
    let mut offset = first_end;
    let mut line_no = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if is_fence(&text[offset..end], fence) {
            return Ok(Split {
                format,
                front: &text[first_end..offset],
                front_line: 2,
                body: &text[end..],
                body_line: line_no + 1,
            });
        }
        offset = end;
        line_no += 1;
    }
    Err(SplitError::Unterminated(format))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_line_numbers() {
        let s = split("+++\ntitle = \"a\"\n+++\nBody\n").unwrap();
        assert_eq!(s.front, "title = \"a\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!((s.front_line, s.body_line, s.format), (2, 4, Format::Toml));
    }

    #[test]
    fn accepts_bom_crlf_and_empty_front_matter() {
        let s = split("\u{feff}+++\r\n+++\r\nx").unwrap();
        assert_eq!(s.front, "");
        assert_eq!(s.body, "x");
        let s = split("+++\n+++").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn yaml_front_matter() {
        let s = split("---\ntitle: a\n---\nBody").unwrap();
        assert_eq!(
            (s.format, s.front, s.body),
            (Format::Yaml, "title: a\n", "Body")
        );
    }

    #[test]
    fn reports_missing_and_unterminated() {
        assert_eq!(split("# Hello"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(
            split("+++\ntitle = \"a\"\n"),
            Err(SplitError::Unterminated(Format::Toml))
        );
        assert_eq!(
            split("---\ntitle: a\n+++\n"),
            Err(SplitError::Unterminated(Format::Yaml))
        );
        assert_eq!(split("+++"), Err(SplitError::Unterminated(Format::Toml)));
    }

    #[test]
    fn a_fence_inside_a_value_line_does_not_close() {
        let s = split("+++\ntitle = \"+++\"\n+++\n").unwrap();
        assert_eq!(s.front, "title = \"+++\"\n");
    }
}
