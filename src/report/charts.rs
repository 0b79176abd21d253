//! Horizontal bar charts as plain inline SVG, drawn on the server: one row per label, one or
//! more bars per row, an optional limit marker per row (a class's `max_size`, a teacher's
//! `max_periods`). Geometry is computed here; `bars.svg` only writes it out, escaped.

use serde::Serialize;

/// How full a bar is against its limit; the page colours each tone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    /// Below 60% of the limit.
    Low,
    /// From 60% to 90% of the limit.
    Mid,
    /// Above 90% of the limit, up to it.
    High,
    /// Beyond the limit.
    Over,
    /// No limit to compare with.
    Plain,
}

impl Tone {
    /// The tone of `value` against `limit`.
    pub fn of(value: f64, limit: Option<f64>) -> Tone {
        match limit {
            Some(l) if l > 0.0 => {
                let r = value / l;
                if r > 1.0 + 1e-9 {
                    Tone::Over
                } else if r > 0.9 {
                    Tone::High
                } else if r >= 0.6 {
                    Tone::Mid
                } else {
                    Tone::Low
                }
            }
            Some(_) if value > 0.0 => Tone::Over,
            Some(_) => Tone::Low,
            None => Tone::Plain,
        }
    }
}

/// One bar.
#[derive(Clone, Debug)]
pub struct Bar {
    /// Its length, in the chart's unit.
    pub value: f64,
    /// Its tooltip.
    pub title: String,
    /// Its colour.
    pub tone: Tone,
}

/// One row: a label and its bars.
#[derive(Clone, Debug)]
pub struct Row {
    /// Shown left of the bars (shortened when long; the tooltip has it whole).
    pub label: String,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// Where to draw the row's limit marker.
    pub limit: Option<f64>,
}

/// A chart to draw.
#[derive(Clone, Debug)]
pub struct Chart {
    /// Accessible name of the chart.
    pub title: String,
    /// Right end of the axis; when `None`, the largest value or limit, rounded up.
    pub max: Option<f64>,
    /// Suffix of the value printed after each bar (e.g. `%`).
    pub suffix: String,
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
}

const WIDTH: f64 = 640.0;
const LABEL_W: f64 = 170.0;
const VALUE_W: f64 = 56.0;
const AXIS_H: f64 = 22.0;
const ROW_PAD: f64 = 5.0;
const GAP: f64 = 3.0;
const LABEL_CHARS: usize = 26;

#[derive(Serialize)]
struct TickView {
    x: String,
    label: String,
}

#[derive(Serialize)]
struct BarView {
    x: String,
    y: String,
    w: String,
    h: String,
    tone: Tone,
    title: String,
    text: String,
    text_x: String,
    text_y: String,
}

#[derive(Serialize)]
struct RowView {
    label: String,
    full_label: String,
    label_y: String,
    band_y: String,
    band_h: String,
    odd: bool,
    limit: Option<(String, String, String)>,
    bars: Vec<BarView>,
}

/// The geometry `bars.svg` draws.
#[derive(Serialize)]
pub(crate) struct ChartView {
    title: String,
    width: String,
    height: String,
    plot_x: String,
    plot_end: String,
    axis_y: String,
    ticks: Vec<TickView>,
    rows: Vec<RowView>,
    empty: bool,
}

fn px(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// A number as a person reads it: whole numbers without decimals, others with one.
pub fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// A step of 1, 2 or 5 times a power of ten giving at most six intervals up to `max`.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * mag);
    step.max(1.0)
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

impl Chart {
    /// The geometry of the chart.
    pub(crate) fn view(&self) -> ChartView {
        let largest = self
            .rows
            .iter()
            .flat_map(|r| r.bars.iter().map(|b| b.value).chain(r.limit))
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let step = nice_step(self.max.unwrap_or(largest));
        let max = match self.max {
            Some(m) if m > 0.0 => m,
            _ => ((largest / step).ceil() * step).max(step),
        };
        let (x0, x1) = (LABEL_W + 8.0, WIDTH - VALUE_W);
        let scale = |v: f64| x0 + (v.clamp(0.0, max) / max) * (x1 - x0);
        let mut ticks = Vec::new();
        let mut t = 0.0;
        while t <= max + 1e-9 {
            ticks.push(TickView {
                x: px(scale(t)),
                label: number(t),
            });
            t += step;
        }
        let mut y = AXIS_H;
        let mut rows = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            let n = row.bars.len().max(1);
            let bar_h = if n == 1 { 14.0 } else { 9.0 };
            let inner = n as f64 * bar_h + (n - 1) as f64 * GAP;
            let top = y + ROW_PAD;
            let bars = row
                .bars
                .iter()
                .enumerate()
                .map(|(j, b)| {
                    let by = top + j as f64 * (bar_h + GAP);
                    let w = (scale(b.value) - x0).max(if b.value > 0.0 { 1.5 } else { 0.0 });
                    BarView {
                        x: px(x0),
                        y: px(by),
                        w: px(w),
                        h: px(bar_h),
                        tone: b.tone,
                        title: b.title.clone(),
                        text: format!("{}{}", number(b.value), self.suffix),
                        text_x: px(x0 + w + 4.0),
                        text_y: px(by + bar_h - 1.5),
                    }
                })
                .collect();
            let limit = row
                .limit
                .filter(|l| l.is_finite())
                .map(|l| (px(scale(l)), px(top - 2.0), px(top + inner + 2.0)));
            rows.push(RowView {
                label: shorten(&row.label),
                full_label: row.label.clone(),
                label_y: px(top + inner / 2.0 + 4.0),
                band_y: px(y),
                band_h: px(inner + 2.0 * ROW_PAD),
                odd: i % 2 == 1,
                limit,
                bars,
            });
            y += inner + 2.0 * ROW_PAD;
        }
        ChartView {
            title: self.title.clone(),
            width: px(WIDTH),
            height: px(y + 4.0),
            plot_x: px(x0),
            plot_end: px(x1),
            axis_y: px(AXIS_H),
            ticks,
            rows,
            empty: self.rows.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_follow_fullness() {
        assert_eq!(Tone::of(5.0, Some(10.0)), Tone::Low);
        assert_eq!(Tone::of(6.0, Some(10.0)), Tone::Mid);
        assert_eq!(Tone::of(9.0, Some(10.0)), Tone::Mid);
        assert_eq!(Tone::of(9.5, Some(10.0)), Tone::High);
        assert_eq!(Tone::of(10.0, Some(10.0)), Tone::High);
        assert_eq!(Tone::of(11.0, Some(10.0)), Tone::Over);
        assert_eq!(Tone::of(1.0, Some(0.0)), Tone::Over);
        assert_eq!(Tone::of(3.0, None), Tone::Plain);
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(30.0), 5.0);
        assert_eq!(nice_step(100.0), 20.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.25), "2.2");
    }

    #[test]
    fn geometry_scales_bars_to_the_axis() {
        let chart = Chart {
            title: "t".into(),
            max: Some(100.0),
            suffix: "%".into(),
            rows: vec![
                Row {
                    label: "a".into(),
                    bars: vec![Bar {
                        value: 50.0,
                        title: "half".into(),
                        tone: Tone::Plain,
                    }],
                    limit: None,
                },
                Row {
                    label: "a label far longer than the label column holds".into(),
                    bars: vec![],
                    limit: Some(100.0),
                },
            ],
        };
        let v = chart.view();
        let (x0, x1) = (LABEL_W + 8.0, WIDTH - VALUE_W);
        assert_eq!(v.rows[0].bars[0].w, px((x1 - x0) / 2.0));
        assert_eq!(v.rows[0].bars[0].text, "50%");
        assert_eq!(v.rows[1].limit.as_ref().unwrap().0, px(x1));
        assert!(v.rows[1].label.ends_with('…'));
        assert_eq!(v.ticks.first().unwrap().label, "0");
        assert_eq!(v.ticks.last().unwrap().label, "100");
    }
}
