//! The data files that come with a document: appendix tables (CSV) and a plan's targets
//! (chỉ tiêu) with their results, in CSV or TOML. Every problem names the file, the line and
//! the column or key, in Vietnamese.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::input::toml_doc::TomlDoc;

/// Largest data file read, so that a misplaced export cannot swallow the build.
const MAX_BYTES: usize = 2 * 1024 * 1024;

/// An appendix table: header cells and rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The caption.
    pub caption: String,
    /// Header cells.
    pub headers: Vec<String>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
}

/// A period a result is reported for: a quarter, the months since January ("6 tháng", "9
/// tháng") or the whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// The month it ends with (3, 6, 9, 12): periods sort by when they end, which is the
    /// order results come in.
    pub end: u8,
    /// How many months it covers (3 for a quarter, 12 for the year): of two periods ending
    /// together, the longer one (the cumulative figure) is the later report.
    pub months: u8,
}

impl Period {
    /// The whole `year`.
    pub fn year(year: i32) -> Period {
        Period {
            year,
            end: 12,
            months: 12,
        }
    }

    /// Whether it is a whole year, the period targets are set for.
    pub fn is_year(self) -> bool {
        self.months == 12
    }

    /// Reads "2026", "6 tháng 2026" (or "6 tháng đầu năm 2026", "9 tháng 2026"), "Quý 1/2026"
    /// ("Quý I năm 2026").
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim().to_lowercase();
        let year_at_end = |s: &str| -> Option<i32> {
            let digits: String = s
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            (digits.len() == 4).then(|| digits.parse().ok()).flatten()
        };
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Period::year(t.parse().ok()?));
        }
        let year = year_at_end(&t)?;
        let head = t[..t.len() - 4].trim_end_matches(['/', ' ', '-']).trim();
        let head = head.strip_suffix("năm").map_or(head, str::trim);
        let head = head.strip_suffix("đầu").map_or(head, str::trim);
        let (end, months) = match head {
            "6 tháng" | "sáu tháng" => (6, 6),
            "9 tháng" | "chín tháng" => (9, 9),
            _ => {
                let q = match head.strip_prefix("quý")?.trim() {
                    "1" | "i" => 1,
                    "2" | "ii" => 2,
                    "3" | "iii" => 3,
                    "4" | "iv" => 4,
                    _ => return None,
                };
                (3 * q, 3)
            }
        };
        Some(Period { year, end, months })
    }

    /// "6 tháng", "Quý 1", or "" for the whole year: the period within its year.
    pub fn short_label(self) -> String {
        match self.months {
            12 => String::new(),
            3 => format!("Quý {}", self.end / 3),
            m => format!("{m} tháng"),
        }
    }

    /// "2026", "6 tháng 2026", "Quý 1/2026".
    pub fn label(self) -> String {
        match self.months {
            12 => self.year.to_string(),
            3 => format!("{}/{}", self.short_label(), self.year),
            _ => format!("{} {}", self.short_label(), self.year),
        }
    }
}

/// One indicator (chỉ tiêu) of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// What is measured.
    pub name: String,
    /// Its unit ("%", "hộ", "km").
    pub unit: String,
    /// The starting value.
    pub baseline: Option<f64>,
    /// The year of the starting value.
    pub baseline_year: Option<i32>,
    /// Who is responsible.
    pub responsible: Option<String>,
    /// Target per year, in year order.
    pub targets: Vec<(i32, f64)>,
    /// Result per period, in period order.
    pub results: Vec<(Period, f64)>,
}

/// A number as Vietnamese writes it: "1.200", "35,5".
pub fn number_label(n: f64) -> String {
    use num_format::{Locale, ToFormattedString};
    let whole = n.trunc() as i64;
    let frac = (n - n.trunc()).abs();
    let int = whole.abs().to_formatted_string(&Locale::vi);
    let sign = if n < 0.0 { "-" } else { "" };
    if frac < 1e-9 {
        format!("{sign}{int}")
    } else {
        let decimals = format!("{frac:.2}");
        let decimals = decimals.trim_start_matches('0').trim_start_matches('.');
        let decimals = decimals.trim_end_matches('0');
        format!("{sign}{int},{decimals}")
    }
}

/// Reads a number as Vietnamese writes it ("35", "35,5", "1.200", "1.200,5"); `None` for text
/// that is not one (never guessed).
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim();
    if t.is_empty() {
        return None;
    }
    let (int, frac) = match t.split_once(',') {
        Some((i, f)) if f.chars().all(|c| c.is_ascii_digit()) && !f.is_empty() => (i, Some(f)),
        Some(_) => return None,
        None => (t, None),
    };
    let (sign, int) = match int.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, int),
    };
    // Dots group thousands by three: "1.200" is one thousand two hundred, "1.2" is not a number.
    let groups: Vec<&str> = int.split('.').collect();
    let ok = !groups[0].is_empty()
        && groups[0].len() <= if groups.len() > 1 { 3 } else { usize::MAX }
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    if !ok {
        return None;
    }
    let digits: String = groups.concat();
    let value: f64 = format!("{digits}.{}", frac.unwrap_or("0")).parse().ok()?;
    Some(sign * value)
}

fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!("không đọc được tệp dữ liệu: {e}"))
            .in_file(display)
            .with_hint("kiểm tra tên tệp ghi trong [document] và tệp đặt cạnh trang")
    })?;
    if bytes.len() > MAX_BYTES {
        return Err(Diagnostic::error(format!(
            "tệp dữ liệu quá lớn ({} KB, tối đa {} KB)",
            bytes.len() / 1024,
            MAX_BYTES / 1024
        ))
        .in_file(display)
        .with_hint("bảng trên trang web nên ngắn; đưa bảng lớn thành tệp đính kèm (attachments)"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec())
        .map_err(|e| crate::input::text::invalid_utf8(display, e.as_bytes(), e.utf8_error()))
}

/// Rows of a CSV text, each with its line number, and a problem for each row that is not as
/// long as the first (the rows are returned anyway, so that their cells are checked too).
fn csv_rows(text: &str, display: &Path) -> (Vec<(usize, Vec<String>)>, Vec<Diagnostic>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                let cells: Vec<String> = r.iter().map(|c| c.trim().to_string()).collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                rows.push((line, cells));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(
                    Diagnostic::error(format!("không đọc được dòng CSV: {e}"))
                        .in_file(display)
                        .at_line(line)
                        .with_hint("mở tệp bằng Excel rồi lưu lại dạng «CSV UTF-8»"),
                );
            }
        }
    }
    if let Some((_, header)) = rows.first() {
        let width = header.len();
        for (line, cells) in &rows[1..] {
            if cells.len() != width {
                errors.push(
                    Diagnostic::error(format!(
                        "dòng có {} ô, dòng tiêu đề có {width} ô",
                        cells.len()
                    ))
                    .in_file(display)
                    .at_line(*line)
                    .with_hint(
                        "mỗi dòng phải có đủ số cột như dòng tiêu đề; ô trống vẫn cần dấu phẩy",
                    ),
                );
            }
        }
    } else {
        errors.push(
            Diagnostic::error("tệp CSV trống")
                .in_file(display)
                .with_hint("dòng đầu là tiêu đề các cột, các dòng sau là dữ liệu"),
        );
    }
    (rows, errors)
}

/// Reads an appendix table from a CSV file (first row: the header).
pub fn read_table(path: &Path, display: &Path, caption: &str) -> Result<Table, Vec<Diagnostic>> {
    let text = read_text(path, display).map_err(|d| vec![d])?;
    let (mut rows, errors) = csv_rows(&text, display);
    if !errors.is_empty() {
        return Err(errors);
    }
    let (_, headers) = rows.remove(0);
    Ok(Table {
        caption: caption.to_string(),
        headers,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    })
}

/// What a column of a targets CSV holds.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    Name,
    Unit,
    Baseline,
    BaselineYear,
    Responsible,
    Target(i32),
    Result(Period),
}

fn column(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase();
    let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match h.as_str() {
        "chỉ tiêu" | "tên chỉ tiêu" => Column::Name,
        "đơn vị tính" | "đơn vị" | "đvt" => Column::Unit,
        "giá trị cơ sở" | "cơ sở" | "hiện trạng" => Column::Baseline,
        "năm cơ sở" => Column::BaselineYear,
        "đơn vị chủ trì" | "cơ quan chủ trì" | "đơn vị thực hiện" | "chủ trì" => {
            Column::Responsible
        }
        _ => {
            if let Some(rest) = h.strip_prefix("mục tiêu ") {
                let year: i32 = rest.trim().parse().ok()?;
                Column::Target(year)
            } else {
                let rest = h
                    .strip_prefix("thực hiện ")
                    .or_else(|| h.strip_prefix("kết quả "))?;
                Column::Result(Period::parse(rest)?)
            }
        }
    })
}

/// Reads a plan's targets: CSV (one row per indicator, columns "Chỉ tiêu", "Đơn vị tính",
/// "Giá trị cơ sở", "Năm cơ sở", "Mục tiêu 2026"…, "Thực hiện 2026"/"Thực hiện 6 tháng
/// 2026"/"Thực hiện Quý 1/2026"…, "Đơn vị chủ trì") or TOML (`[[indicator]]` tables with
/// `name`, `unit`, `baseline`, `baseline_year`, `responsible`, `targets` and `results` as
/// tables of period to number).
pub fn read_targets(path: &Path, display: &Path) -> Result<Vec<Indicator>, Vec<Diagnostic>> {
    let text = read_text(path, display).map_err(|d| vec![d])?;
    let indicators = if display.extension().is_some_and(|e| e == "toml") {
        targets_toml(&text, display)?
    } else {
        targets_csv(&text, display)?
    };
    if indicators.is_empty() {
        return Err(vec![Diagnostic::error(
            "tệp chỉ tiêu không có chỉ tiêu nào",
        )
        .in_file(display)
        .with_hint(
            "mỗi dòng (CSV) hoặc mỗi bảng [[indicator]] (TOML) là một chỉ tiêu",
        )]);
    }
    Ok(indicators)
}

fn targets_csv(text: &str, display: &Path) -> Result<Vec<Indicator>, Vec<Diagnostic>> {
    let (rows, mut errors) = csv_rows(text, display);
    let Some((header_line, header)) = rows.first() else {
        return Err(errors);
    };
    let shape_errors = errors.len();
    let columns: Vec<Option<Column>> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let c = column(h);
            if c.is_none() {
                errors.push(
                    Diagnostic::error(format!("cột {} «{h}» không rõ là gì", i + 1))
                        .in_file(display)
                        .at(Some((*header_line, i + 1)))
                        .with_hint(
                            "tiêu đề cột phải là «Chỉ tiêu», «Đơn vị tính», «Giá trị cơ sở», «Năm \
                             cơ sở», «Mục tiêu 2026», «Thực hiện 2026» (hoặc «Thực hiện 6 tháng \
                             2026», «Thực hiện 9 tháng 2026», «Thực hiện Quý 1/2026») hoặc «Đơn vị chủ trì»",
                        ),
                );
            }
            c
        })
        .collect();
    if !columns.contains(&Some(Column::Name)) {
        errors.push(
            Diagnostic::error("thiếu cột «Chỉ tiêu»")
                .in_file(display)
                .at_line(*header_line)
                .with_hint("thêm cột «Chỉ tiêu» ghi tên từng chỉ tiêu"),
        );
    }
    if errors.len() > shape_errors {
        // Without knowing the columns, the cells cannot be read.
        return Err(errors);
    }
    let mut out = Vec::new();
    for (line, cells) in &rows[1..] {
        let mut ind = Indicator {
            name: String::new(),
            unit: String::new(),
            baseline: None,
            baseline_year: None,
            responsible: None,
            targets: Vec::new(),
            results: Vec::new(),
        };
        for (i, (cell, col)) in cells.iter().zip(&columns).enumerate() {
            let Some(col) = col else { continue };
            let mut number = |what: &str| -> Option<f64> {
                if cell.is_empty() {
                    return None;
                }
                let n = parse_number(cell);
                if n.is_none() {
                    errors.push(
                        Diagnostic::error(format!("{what} «{cell}» không phải con số"))
                            .in_file(display)
                            .at(Some((*line, i + 1)))
                            .with_hint(
                                "ghi số theo cách viết Việt Nam: 1.200 hoặc 35,5; để trống nếu \
                                 chưa có",
                            ),
                    );
                }
                n
            };
            match col {
                Column::Name => ind.name = cell.clone(),
                Column::Unit => ind.unit = cell.clone(),
                Column::Responsible => {
                    ind.responsible = (!cell.is_empty()).then(|| cell.clone());
                }
                Column::Baseline => ind.baseline = number("giá trị cơ sở"),
                Column::BaselineYear => {
                    ind.baseline_year = number("năm cơ sở").map(|y| y as i32);
                }
                Column::Target(y) => {
                    if let Some(n) = number(&format!("mục tiêu năm {y}")) {
                        ind.targets.push((*y, n));
                    }
                }
                Column::Result(p) => {
                    if let Some(n) = number(&format!("kết quả {}", p.label())) {
                        ind.results.push((*p, n));
                    }
                }
            }
        }
        if ind.name.is_empty() {
            errors.push(
                Diagnostic::error("dòng không có tên chỉ tiêu")
                    .in_file(display)
                    .at_line(*line)
                    .with_hint("ghi tên chỉ tiêu ở cột «Chỉ tiêu», hoặc xóa dòng thừa"),
            );
        }
        ind.targets.sort_by_key(|(y, _)| *y);
        ind.results.sort_by_key(|(p, _)| *p);
        out.push(ind);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn targets_toml(text: &str, display: &Path) -> Result<Vec<Indicator>, Vec<Diagnostic>> {
    let (doc, table) = TomlDoc::parse(text, display, 1)?;
    let mut f = doc.reader(table);
    let mut out = Vec::new();
    for mut t in f.table_list("indicator").unwrap_or_default() {
        let name = t.string("name").unwrap_or_default();
        if name.trim().is_empty() {
            t.error(
                "name",
                "thiếu tên chỉ tiêu".into(),
                "ghi name = \"Tỷ lệ hồ sơ nộp trực tuyến\"",
            );
        }
        let number = |t: &mut crate::input::table_reader::Fields<'_, '_>, key: &'static str| match t
            .raw(key)
        {
            None => None,
            Some(toml::Value::Integer(i)) => Some(i as f64),
            Some(toml::Value::Float(x)) => Some(x),
            Some(other) => {
                t.error(
                    key,
                    format!(
                        "phải là con số, nhưng đang là {}",
                        crate::input::toml_doc::type_name(&other)
                    ),
                    &format!("viết ví dụ: {key} = 35"),
                );
                None
            }
        };
        let baseline = number(&mut t, "baseline");
        let baseline_year = number(&mut t, "baseline_year").map(|y| y as i32);
        let by_period = |t: &mut crate::input::table_reader::Fields<'_, '_>, key: &'static str| {
            let mut found: Vec<(Period, f64)> = Vec::new();
            match t.raw(key) {
                None => {}
                Some(toml::Value::Table(m)) => {
                    for (k, v) in m {
                        let value = match v {
                            toml::Value::Integer(i) => i as f64,
                            toml::Value::Float(x) => x,
                            other => {
                                t.error(
                                    key,
                                    format!(
                                        "giá trị của \"{k}\" phải là con số, đang là {}",
                                        crate::input::toml_doc::type_name(&other)
                                    ),
                                    &format!("viết ví dụ: {key} = {{ \"2026\" = 50 }}"),
                                );
                                continue;
                            }
                        };
                        match Period::parse(&k) {
                            Some(p) => found.push((p, value)),
                            None => t.error(
                                key,
                                format!("\"{k}\" không phải một năm hay kỳ báo cáo"),
                                "ghi năm (\"2026\"), \"6 tháng 2026\", \"9 tháng 2026\" hoặc \"Quý 1/2026\"",
                            ),
                        }
                    }
                }
                Some(other) => t.error(
                    key,
                    format!(
                        "phải là bảng, đang là {}",
                        crate::input::toml_doc::type_name(&other)
                    ),
                    &format!("viết ví dụ: {key} = {{ \"2026\" = 50, \"2027\" = 60 }}"),
                ),
            }
            found.sort_by_key(|(p, _)| *p);
            found
        };
        let targets: Vec<(i32, f64)> = by_period(&mut t, "targets")
            .into_iter()
            .map(|(p, v)| (p.year, v))
            .collect();
        let results = by_period(&mut t, "results");
        out.push(Indicator {
            name,
            unit: t.string("unit").unwrap_or_default(),
            baseline,
            baseline_year,
            responsible: t.string("responsible"),
            targets,
            results,
        });
        f.absorb(t, &[]);
    }
    let diags = f.finish(&[]);
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_vietnamese_writes_them() {
        assert_eq!(parse_number("35"), Some(35.0));
        assert_eq!(parse_number("35,5"), Some(35.5));
        assert_eq!(parse_number("1.200"), Some(1200.0));
        assert_eq!(parse_number("1.200,25"), Some(1200.25));
        assert_eq!(parse_number("80%"), Some(80.0));
        assert_eq!(parse_number("-3"), Some(-3.0));
        for bad in ["", "1.2", "abc", "12,", "1,2,3", "1.20", "12.000.0"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
        assert_eq!(number_label(1200.0), "1.200");
        assert_eq!(number_label(35.5), "35,5");
        assert_eq!(number_label(0.25), "0,25");
    }

    #[test]
    fn periods() {
        assert_eq!(Period::parse("2026"), Some(Period::year(2026)));
        assert_eq!(
            Period::parse("6 tháng 2026").unwrap().label(),
            "6 tháng 2026"
        );
        assert_eq!(
            Period::parse("9 tháng đầu năm 2026").unwrap().label(),
            "9 tháng 2026"
        );
        assert_eq!(
            Period::parse("6 tháng đầu năm 2027"),
            Some(Period {
                year: 2027,
                end: 6,
                months: 6
            })
        );
        assert_eq!(Period::parse("Quý 1/2026").unwrap().label(), "Quý 1/2026");
        assert_eq!(Period::parse("Quý III năm 2026").unwrap().end, 9);
        assert_eq!(Period::parse("tháng 3/2026"), None);
        assert_eq!(Period::parse("Quý 5/2026"), None);
        // Results come in as periods end; the cumulative figure after the quarter's.
        let order = [
            "Quý 1/2026",
            "Quý 2/2026",
            "6 tháng 2026",
            "Quý 3/2026",
            "9 tháng 2026",
            "Quý 4/2026",
            "2026",
            "Quý 1/2027",
        ];
        let parsed: Vec<Period> = order.iter().map(|t| Period::parse(t).unwrap()).collect();
        assert!(parsed.windows(2).all(|w| w[0] < w[1]), "{parsed:?}");
    }

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn targets_from_csv_and_toml_agree() {
        let dir = tempfile::tempdir().unwrap();
        let csv = write(
            dir.path(),
            "chi-tieu.csv",
            "Chỉ tiêu,Đơn vị tính,Giá trị cơ sở,Năm cơ sở,Mục tiêu 2026,Mục tiêu 2027,Thực hiện 6 tháng 2026,Thực hiện 2026,Đơn vị chủ trì\n\
             Hồ sơ nộp trực tuyến,%,35,2025,50,60,41,\"47,5\",Bộ phận Một cửa\n",
        );
        let toml = write(
            dir.path(),
            "chi-tieu.toml",
            "[[indicator]]\nname = \"Hồ sơ nộp trực tuyến\"\nunit = \"%\"\nbaseline = 35\nbaseline_year = 2025\n\
             responsible = \"Bộ phận Một cửa\"\ntargets = { \"2026\" = 50, \"2027\" = 60 }\n\
             results = { \"2026\" = 47.5, \"6 tháng 2026\" = 41 }\n",
        );
        let a = read_targets(&csv, Path::new("chi-tieu.csv")).unwrap();
        let b = read_targets(&toml, Path::new("chi-tieu.toml")).unwrap();
        assert_eq!(a, b);
        assert_eq!(a[0].targets, vec![(2026, 50.0), (2027, 60.0)]);
        assert_eq!(a[0].results[1], (Period::year(2026), 47.5));
    }

    #[test]
    fn bad_targets_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let csv = write(
            dir.path(),
            "x.csv",
            "Chỉ tiêu,Mục tiêu 2026,Ghi chú lạ\nA,năm mươi,\n",
        );
        let e = read_targets(&csv, Path::new("x.csv")).unwrap_err();
        assert!(
            e[0].message.contains("cột 3 «Ghi chú lạ» không rõ là gì"),
            "{e:?}"
        );
        assert_eq!((e[0].line, e[0].column), (Some(1), Some(3)));
        let csv = write(
            dir.path(),
            "y.csv",
            "Chỉ tiêu,Mục tiêu 2026\nA,năm mươi\nB\n",
        );
        let e = read_targets(&csv, Path::new("y.csv")).unwrap_err();
        let text: Vec<String> = e.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter().any(|t| t.contains("y.csv:3: dòng có 1 ô")),
            "{text:?}"
        );
        let csv = write(dir.path(), "z.csv", "Chỉ tiêu,Mục tiêu 2026\nA,năm mươi\n");
        let e = read_targets(&csv, Path::new("z.csv")).unwrap_err();
        assert_eq!((e[0].line, e[0].column), (Some(2), Some(2)));
        assert!(e[0]
            .message
            .contains("mục tiêu năm 2026 «năm mươi» không phải con số"));
        let toml = write(
            dir.path(),
            "t.toml",
            "[[indicator]]\nname = \"A\"\ntargets = { \"năm sau\" = 1 }\nla = 2\n",
        );
        let e = read_targets(&toml, Path::new("t.toml")).unwrap_err();
        let text: Vec<String> = e.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("t.toml:3:1") && t.contains("\"năm sau\"")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("khóa lạ")), "{text:?}");
    }

    #[test]
    fn tables_must_be_rectangular() {
        let dir = tempfile::tempdir().unwrap();
        let csv = write(
            dir.path(),
            "p.csv",
            "Thôn,Số hộ\nPhú Xuân,120\nĐông Lạc,98\n",
        );
        let t = read_table(&csv, Path::new("p.csv"), "Phụ lục").unwrap();
        assert_eq!(t.headers, ["Thôn", "Số hộ"]);
        assert_eq!(t.rows.len(), 2);
        let csv = write(dir.path(), "q.csv", "Thôn,Số hộ\nPhú Xuân\n");
        assert!(read_table(&csv, Path::new("q.csv"), "Phụ lục").is_err());
    }
}
