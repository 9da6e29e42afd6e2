//! A static SVG chart of an indicator: the target of each year beside its result, drawn by the
//! build (no script), with a title and a text equivalent for screen readers. Targets are
//! outlined and results filled, so the chart reads the same printed in black and white.

use std::fmt::Write as _;

use super::data::{number_label, Indicator, Period};

use tera::escape_html;

// A phone's width in CSS pixels, so that 15px text stays about 15px on the phone.
const WIDTH: f64 = 360.0;
// The years' column on the left; room for "61,8 (9 tháng)" right of the longest bar.
const LEFT: f64 = 52.0;
const RIGHT: f64 = 112.0;
// The legend above; the scale below.
const TOP: f64 = 34.0;
const BOTTOM: f64 = 28.0;
// One year: its target bar and its result bar.
const ROW: f64 = 54.0;
const BAR: f64 = 20.0;
const INK: &str = "#1b3a6b";
const TEXT: &str = "font-size=\"15\" fill=\"#000\"";
const SMALL: &str = "font-size=\"13\" fill=\"#333\"";

/// A value with its unit: "50%", "1.200 hộ".
pub fn with_unit(n: f64, unit: &str) -> String {
    match unit {
        "" => number_label(n),
        "%" => format!("{}%", number_label(n)),
        u => format!("{} {u}", number_label(n)),
    }
}

/// One year's target and latest result.
#[derive(Debug, Clone, PartialEq)]
pub struct YearPoint {
    /// The year.
    pub year: i32,
    /// Its target.
    pub target: Option<f64>,
    /// Its latest result and the period it covers.
    pub result: Option<(Period, f64)>,
}

/// The years an indicator has a target or a result for, each with its target and latest result.
pub fn years(ind: &Indicator) -> Vec<YearPoint> {
    let mut years: Vec<i32> = ind
        .targets
        .iter()
        .map(|(y, _)| *y)
        .chain(ind.results.iter().map(|(p, _)| p.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| YearPoint {
            year,
            target: ind
                .targets
                .iter()
                .find(|(y, _)| *y == year)
                .map(|(_, v)| *v),
            result: ind
                .results
                .iter()
                .filter(|(p, _)| p.year == year)
                .max_by_key(|(p, _)| *p)
                .copied(),
        })
        .collect()
}

/// The chart's text equivalent: every year's target and result in words.
pub fn description(ind: &Indicator) -> String {
    let mut parts = Vec::new();
    if let (Some(b), Some(y)) = (ind.baseline, ind.baseline_year) {
        parts.push(format!(
            "Giá trị cơ sở năm {y}: {}.",
            with_unit(b, &ind.unit)
        ));
    }
    for p in years(ind) {
        let target = p.target.map_or("chưa đặt mục tiêu".to_string(), |t| {
            format!("mục tiêu {}", with_unit(t, &ind.unit))
        });
        let result = match p.result {
            Some((period, v)) if period.is_year() => {
                format!("thực hiện {}", with_unit(v, &ind.unit))
            }
            Some((period, v)) => format!(
                "thực hiện {} đạt {}",
                period.label(),
                with_unit(v, &ind.unit)
            ),
            None => "chưa có kết quả".to_string(),
        };
        parts.push(format!("Năm {}: {target}; {result}.", p.year));
    }
    parts.join(" ")
}

/// The chart as inline SVG; `id` makes its title and description ids unique on the page.
///
/// Bars run across, one pair per year (target above, result below), so that the chart keeps
/// its size on a phone: it is drawn at a phone's width, text at reading size, and a plan of
/// ten years only makes it taller.
pub fn svg(ind: &Indicator, id: &str) -> String {
    let points = years(ind);
    let mut max = points
        .iter()
        .flat_map(|p| p.target.into_iter().chain(p.result.map(|(_, v)| v)))
        .chain(ind.baseline)
        .fold(0.0_f64, f64::max);
    if ind.unit == "%" && max <= 100.0 {
        max = 100.0;
    } else {
        max = nice_ceiling(max * 1.1);
    }
    if max <= 0.0 {
        max = 1.0;
    }
    let plot_w = WIDTH - LEFT - RIGHT;
    let rows_top = TOP + if ind.baseline.is_some() { 22.0 } else { 0.0 };
    let height = rows_top + ROW * points.len().max(1) as f64 + BOTTOM;
    let x_of = |v: f64| LEFT + plot_w * v.max(0.0) / max;
    let bottom = height - BOTTOM;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title>\
         <desc id=\"{id}-d\">{}</desc><rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#fff\"/>",
        escape_html(&ind.name),
        escape_html(&description(ind))
    );
    // Legend.
    let _ = write!(
        s,
        "<rect x=\"{LEFT}\" y=\"6\" width=\"16\" height=\"16\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"2\"/>\
         <text x=\"{}\" y=\"19\" {TEXT}>Mục tiêu</text>\
         <rect x=\"{}\" y=\"6\" width=\"16\" height=\"16\" fill=\"{INK}\"/>\
         <text x=\"{}\" y=\"19\" {TEXT}>Thực hiện</text>",
        LEFT + 22.0,
        LEFT + 112.0,
        LEFT + 134.0
    );
    // Gridlines and their values along the bottom.
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let x = x_of(v);
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{rows_top:.1}\" y2=\"{bottom:.1}\" stroke=\"#c8c8c8\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" {SMALL} text-anchor=\"middle\">{}</text>",
            bottom + 18.0,
            escape_html(&with_unit(v, &ind.unit))
        );
    }
    for (i, p) in points.iter().enumerate() {
        let y0 = rows_top + ROW * i as f64 + 6.0;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{:.1}\" {TEXT} font-weight=\"bold\" text-anchor=\"end\">{}</text>",
            LEFT - 8.0,
            y0 + BAR + 5.0,
            p.year
        );
        if let Some(t) = p.target {
            let x = x_of(t);
            let _ = write!(
                s,
                "<rect x=\"{LEFT}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{BAR}\" fill=\"#fff\" \
                 stroke=\"{INK}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" {TEXT}>{}</text>",
                x - LEFT,
                x + 6.0,
                y0 + BAR - 3.0,
                escape_html(&number_label(t))
            );
        }
        if let Some((period, v)) = p.result {
            let x = x_of(v);
            let y = y0 + BAR + 3.0;
            let label = if period.is_year() {
                number_label(v)
            } else {
                format!("{} ({})", number_label(v), period.short_label())
            };
            let _ = write!(
                s,
                "<rect x=\"{LEFT}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR}\" fill=\"{INK}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" {TEXT} font-weight=\"bold\">{}</text>",
                x - LEFT,
                x + 6.0,
                y + BAR - 3.0,
                escape_html(&label)
            );
        }
    }
    if let Some(b) = ind.baseline {
        let x = x_of(b);
        let label = match ind.baseline_year {
            Some(year) => format!("Cơ sở {year}: {}", with_unit(b, &ind.unit)),
            None => format!("Cơ sở: {}", with_unit(b, &ind.unit)),
        };
        // The label starts at the line, or ends there when the line is far to the right.
        let anchor = if x > LEFT + plot_w / 2.0 {
            "end"
        } else {
            "start"
        };
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{bottom:.1}\" stroke=\"#000\" \
             stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{x:.1}\" y=\"{:.1}\" {SMALL} \
             text-anchor=\"{anchor}\">{}</text>",
            rows_top - 18.0,
            rows_top - 6.0,
            escape_html(&label)
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{LEFT}\" x2=\"{LEFT}\" y1=\"{rows_top:.1}\" y2=\"{bottom:.1}\" stroke=\"#000\"/></svg>"
    );
    s
}

/// The smallest of 1, 2, 2.5, 5 times a power of ten at or above `x`.
fn nice_ceiling(x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator() -> Indicator {
        Indicator {
            name: "Hồ sơ <nộp> trực tuyến".into(),
            unit: "%".into(),
            baseline: Some(35.0),
            baseline_year: Some(2025),
            responsible: None,
            targets: vec![(2026, 50.0), (2027, 60.0)],
            results: vec![
                (Period::parse("6 tháng 2026").unwrap(), 41.0),
                (Period::year(2026), 47.5),
            ],
        }
    }

    #[test]
    fn latest_result_of_each_year() {
        let y = years(&indicator());
        assert_eq!(y.len(), 2);
        assert_eq!(y[0].result, Some((Period::year(2026), 47.5)));
        assert_eq!(y[1].result, None);
        // Before the year's figure, the latest report stands for it, whatever the column order:
        // Quý 3 comes after 6 tháng.
        let mut ind = indicator();
        ind.results = vec![
            (Period::parse("Quý 3/2026").unwrap(), 44.0),
            (Period::parse("6 tháng 2026").unwrap(), 41.0),
        ];
        assert_eq!(
            years(&ind)[0].result,
            Some((Period::parse("Quý 3/2026").unwrap(), 44.0))
        );
        assert_eq!(
            description(&indicator()),
            "Giá trị cơ sở năm 2025: 35%. Năm 2026: mục tiêu 50%; thực hiện 47,5%. Năm 2027: \
             mục tiêu 60%; chưa có kết quả."
        );
    }

    #[test]
    fn the_chart_names_itself_and_escapes_text() {
        let svg = svg(&indicator(), "ct-1");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-labelledby=\"ct-1-t ct-1-d\""));
        assert!(svg.contains("<title id=\"ct-1-t\">Hồ sơ &lt;nộp&gt; trực tuyến</title>"));
        assert!(svg.contains(">47,5<") && svg.contains(">Cơ sở 2025: 35%<"));
        // Two target bars outlined, one result bar filled.
        assert_eq!(svg.matches("fill=\"#fff\" stroke=").count(), 3, "{svg}");
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn scales() {
        assert_eq!(nice_ceiling(1320.0), 2000.0);
        assert_eq!(nice_ceiling(22.0), 25.0);
        assert_eq!(with_unit(1200.0, "hộ"), "1.200 hộ");
    }
}
