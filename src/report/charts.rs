//! The report's charts as SVG, drawn with plotters' SVG backend: documents per topic, each
//! topic's top terms with their weights, and the 2-D map of the documents coloured by topic.
//!
//! SVG text is written as `<text>` elements in a generic `sans-serif` family, so no font file
//! is read and the viewer's own fonts render it. Every chart has a `<title>` for screen readers
//! and a viewBox, so it scales to the width of a page. Colours come from a palette that stays
//! distinguishable for the common colour-vision deficiencies (Okabe–Ito, then Tableau).

use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordusize};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{generated_mark, Report};
use crate::error::{Error, Result};

/// One chart: the file it is written to beside `report.md`, a short description (alt text),
/// and the SVG document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// File name beside `report.md`.
    pub file: &'static str,
    /// What the chart shows, in words.
    pub(crate) alt: String,
    /// The SVG document.
    pub svg: String,
}

/// Bar chart of the documents per topic.
pub(crate) const TOPIC_SIZES: &str = "topic-sizes.svg";
/// Each topic's words with their weights.
pub(crate) const TOPIC_TERMS: &str = "topic-terms.svg";
/// The documents on a 2-D map, coloured by topic.
pub(crate) const DOCUMENT_MAP: &str = "document-map.svg";
/// The topic tree's two levels as an icicle (only with a tree).
pub(crate) const TOPIC_TREE: &str = "topic-tree.svg";

const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
const PALETTE: [RGBColor; 14] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // green
    RGBColor(0xCC, 0x79, 0xA7), // pink
    RGBColor(0xD5, 0x5E, 0x00), // vermilion
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x7F, 0x7F, 0x7F), // grey
    RGBColor(0xB0, 0x7A, 0xA1), // mauve
    RGBColor(0x9C, 0x75, 0x5F), // brown
    RGBColor(0xED, 0xC9, 0x48), // yellow
    RGBColor(0x59, 0xA1, 0x4F), // green 2
    RGBColor(0x4E, 0x79, 0xA7), // blue 2
    RGBColor(0xE1, 0x57, 0x59), // red
    RGBColor(0x76, 0xB7, 0xB2), // teal
];

/// The colour of topic `id` in every chart and in the HTML report.
pub(crate) fn topic_colour(id: usize) -> RGBColor {
    PALETTE[id % PALETTE.len()]
}

/// The colour as CSS hex, for the HTML report.
pub(crate) fn topic_colour_hex(id: usize) -> String {
    let RGBColor(r, g, b) = topic_colour(id);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// All charts of the report, in the order the reports show them.
///
/// # Errors
/// [`Error::Render`] if plotters fails to lay a chart out (it does not for any report this
/// crate makes; the error is kept rather than a panic).
pub fn charts(report: &Report) -> Result<Vec<Chart>> {
    let mut charts = vec![
        topic_sizes(report)?,
        topic_terms(report)?,
        document_map(report)?,
    ];
    if !report.subtopics.is_empty() {
        charts.push(topic_tree(report)?);
    }
    Ok(charts)
}

/// The topic tree as an icicle: each topic a block as tall as its share of the documents, its
/// sub-topics beside it in blocks as tall as theirs, so a reader sees at once which topics are
/// broad and what they are made of. Blocks too thin for a line of text go unlabelled (the
/// tables of report.md and report.html name every sub-topic).
fn topic_tree(report: &Report) -> Result<Chart> {
    const WIDTH: u32 = 820;
    const TOP: u32 = 56;
    let total = report.clusters.iter().map(|c| c.size).sum::<usize>().max(1);
    let body = (report.subtopics.len() as u32 * 18).max(480);
    let title = "Topics and their sub-topics";
    let svg = render(report, (WIDTH, TOP + body + 12), title, |root| {
        root.draw(&Text::new(
            title,
            (12, 12),
            (FONT, 28).into_font().color(&INK),
        ))?;
        let label = |size: u32| {
            (FONT, size)
                .into_font()
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Center))
        };
        let (left, middle, right) = (12, 300, WIDTH as i32 - 12);
        let scale = f64::from(body) / total as f64;
        let mut y = f64::from(TOP);
        for (i, c) in report.clusters.iter().enumerate() {
            let colour = topic_colour(c.id);
            let (top, bottom) = (y.round() as i32, (y + c.size as f64 * scale).round() as i32);
            root.draw(&Rectangle::new(
                [(left, top), (middle - 3, bottom - 1)],
                colour.mix(0.75).filled(),
            ))?;
            if bottom - top >= 18 {
                root.draw(&Text::new(
                    topic_name(report, i, 30),
                    (left + 6, (top + bottom) / 2),
                    label(18),
                ))?;
            }
            let mut ys = y;
            let children = c.children.iter().filter_map(|&id| report.subtopics.get(id));
            for (j, sub) in children.enumerate() {
                let (a, b) = (
                    ys.round() as i32,
                    (ys + sub.size as f64 * scale).round() as i32,
                );
                let shade = if j % 2 == 0 { 0.45 } else { 0.3 };
                root.draw(&Rectangle::new(
                    [(middle, a), (right, b - 1)],
                    colour.mix(shade).filled(),
                ))?;
                if b - a >= 14 {
                    root.draw(&Text::new(
                        format!(
                            "{}.{} {} ({})",
                            c.id + 1,
                            j + 1,
                            shorten(&sub.label, 46),
                            sub.size
                        ),
                        (middle + 6, (a + b) / 2),
                        label(15),
                    ))?;
                }
                ys += sub.size as f64 * scale;
            }
            y += c.size as f64 * scale;
        }
        Ok(())
    })?;
    Ok(Chart {
        file: TOPIC_TREE,
        alt: "Icicle chart of the topics, each as tall as its share of the documents, with its \
              sub-topics beside it"
            .into(),
        svg,
    })
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = std::result::Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Draws into an SVG string of the given size and adds the generator mark and a title.
fn render(
    report: &Report,
    size: (u32, u32),
    title: &str,
    draw: impl FnOnce(&Area<'_>) -> DrawResult,
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let failed = |source: Box<dyn std::error::Error + Send + Sync>| Error::Render {
            chart: title.to_string(),
            source,
        };
        root.fill(&WHITE).map_err(|e| failed(e.into()))?;
        draw(&root).map_err(failed)?;
        root.present().map_err(|e| failed(e.into()))?;
    }
    let open_end = svg.find('>').map_or(0, |i| i + 1);
    let (open, body) = svg.split_at(open_end);
    Ok(format!(
        "{}\n{} role=\"img\" aria-label=\"{}\">\n<title>{}</title>{}",
        generated_mark(&report.generator.version),
        open.trim_end_matches('>'),
        xml_escape(title),
        xml_escape(title),
        body
    ))
}

fn topic_name(report: &Report, index: usize, max_chars: usize) -> String {
    let c = &report.clusters[index];
    format!("{}. {}", c.id + 1, shorten(&c.label, max_chars))
}

/// A chart of horizontal bars: values along x, one row per segment of y, the first row at the
/// top.
type BarChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, SegmentedCoord<RangedCoordusize>>>;

/// The axes of a bar chart, the same in every chart: a vertical grid only, each of the `rows`
/// rows named by `row_name` (0 the top row), `x_labels` ticks written by `x_label`, text of
/// `font_size`.
fn draw_bar_axes(
    chart: &mut BarChart<'_, '_>,
    rows: usize,
    row_name: impl Fn(usize) -> String,
    x_labels: usize,
    x_label: impl Fn(f64) -> String,
    font_size: u32,
) -> DrawResult {
    let y_label = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(row) | SegmentValue::Exact(row) if *row < rows => {
            row_name(rows - 1 - row)
        }
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(INK.mix(0.6))
        .y_labels(rows.max(1))
        .y_label_formatter(&y_label)
        .x_labels(x_labels)
        .x_label_formatter(&|v| x_label(*v))
        .label_style((FONT, font_size).into_font().color(&INK))
        .draw()?;
    Ok(())
}

/// Horizontal bars: documents per topic, largest first, with count and share at the bar end.
fn topic_sizes(report: &Report) -> Result<Chart> {
    let k = report.clusters.len();
    let total = report.duplicates.counted.max(1);
    let max = report.clusters.iter().map(|c| c.size).max().unwrap_or(1);
    let height = 80 + 46 * k as u32;
    let title = "Documents per topic";
    let svg = render(report, (820, height), title, |root| {
        let names: Vec<String> = (0..k).map(|i| topic_name(report, i, 38)).collect();
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 28).into_font().color(&INK))
            .margin(12)
            .margin_right(110)
            .x_label_area_size(34)
            .y_label_area_size(380)
            .build_cartesian_2d(0f64..max as f64, (0..k.max(1) - 1).into_segmented())?;
        draw_bar_axes(
            &mut chart,
            k,
            |row| names[row].clone(),
            max.min(10) + 1,
            whole,
            20,
        )?;
        let bars: Vec<(usize, f64, RGBColor)> = report
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (k - 1 - i, c.size as f64, topic_colour(c.id)))
            .collect();
        draw_bars(root, bars, 8, |row, value| {
            (
                chart.backend_coord(&(0.0, SegmentValue::Exact(row + 1))),
                chart.backend_coord(&(value, SegmentValue::Exact(row))),
            )
        })?;
        let label_style = (FONT, 20)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        chart.draw_series((0..k).map(|i| {
            let c = &report.clusters[i];
            EmptyElement::at((c.size as f64, SegmentValue::CenterOf(k - 1 - i)))
                + Text::new(
                    format!("{} ({:.0}%)", c.size, 100.0 * c.size as f64 / total as f64),
                    (8, 0),
                    label_style.clone(),
                )
        }))?;
        Ok(())
    })?;
    Ok(Chart {
        file: TOPIC_SIZES,
        alt: "Bar chart of the number of documents in each topic".into(),
        svg,
    })
}

/// One panel per topic, two columns: the topic's terms as horizontal bars of their weight.
fn topic_terms(report: &Report) -> Result<Chart> {
    let k = report.clusters.len();
    let columns = if k > 1 { 2 } else { 1 };
    let rows = k.div_ceil(columns).max(1);
    let panel_height = terms_panel_height(report);
    let title = "Top terms per topic (class-based TF-IDF weight)";
    let svg = render(
        report,
        (
            TERMS_PANEL_WIDTH * columns as u32,
            50 + panel_height * rows as u32,
        ),
        title,
        |root| {
            let root = root.titled(title, (FONT, 28).into_font().color(&INK))?;
            let panels = root.split_evenly((rows, columns));
            for (i, panel) in panels.iter().enumerate().take(k) {
                draw_terms_panel(report, i, panel)?;
            }
            Ok(())
        },
    )?;
    Ok(Chart {
        file: TOPIC_TERMS,
        alt: "Bar charts of the ten most distinctive terms of each topic".into(),
        svg,
    })
}

/// The terms panel of the topic at `index` alone, as an SVG document: the HTML report puts
/// each in its topic's section, where panels wrap to one per row on a phone.
///
/// # Errors
/// [`Error::Render`], as [`charts`].
pub(crate) fn topic_terms_panel(report: &Report, index: usize) -> Result<String> {
    let title = format!(
        "Top terms of topic {} (class-based TF-IDF weight)",
        report.clusters[index].id + 1
    );
    render(
        report,
        (TERMS_PANEL_WIDTH, terms_panel_height(report)),
        &title,
        |root| draw_terms_panel(report, index, root),
    )
}

const TERMS_PANEL_WIDTH: u32 = 480;

fn terms_panel_height(report: &Report) -> u32 {
    let n_terms = report
        .clusters
        .iter()
        .map(|c| c.terms.len())
        .max()
        .unwrap_or(0)
        .max(1);
    80 + 28 * n_terms as u32
}

fn draw_terms_panel(report: &Report, index: usize, panel: &Area<'_>) -> DrawResult {
    let cluster = &report.clusters[index];
    let n = cluster.terms.len();
    let max = cluster
        .terms
        .iter()
        .map(|t| t.weight)
        .fold(0.0, f64::max)
        .max(1e-9);
    let mut chart = ChartBuilder::on(panel)
        .caption(
            topic_name(report, index, 40),
            (FONT, 22).into_font().color(&topic_colour(cluster.id)),
        )
        .margin(10)
        .margin_right(24)
        .x_label_area_size(30)
        .y_label_area_size(175)
        .build_cartesian_2d(0f64..max * 1.05, (0..n.max(1) - 1).into_segmented())?;
    draw_bar_axes(
        &mut chart,
        n,
        |row| shorten(&cluster.terms[row].term, 18),
        4,
        |v| format!("{v:.2}"),
        19,
    )?;
    let colour = topic_colour(cluster.id);
    let bars: Vec<(usize, f64, RGBColor)> = (0..n)
        .map(|j| (n - 1 - j, cluster.terms[j].weight, colour))
        .collect();
    draw_bars(panel, bars, 4, |row, value| {
        (
            chart.backend_coord(&(0.0, SegmentValue::Exact(row + 1))),
            chart.backend_coord(&(value, SegmentValue::Exact(row))),
        )
    })
}

/// Horizontal bars `(row, value, colour)` in the order given, `margin` pixels above and below
/// each; `corners` maps a bar to its top-left and bottom-right backend pixels. (plotters'
/// `Histogram` would group the bars in a hash map and write them in a different order on every
/// run; reports must be byte-identical.)
fn draw_bars(
    area: &Area<'_>,
    bars: Vec<(usize, f64, RGBColor)>,
    margin: i32,
    corners: impl Fn(usize, f64) -> ((i32, i32), (i32, i32)),
) -> DrawResult {
    let (x0, y0) = area.get_base_pixel();
    for (row, value, colour) in bars {
        let ((left, top), (right, bottom)) = corners(row, value);
        area.draw(&Rectangle::new(
            [
                (left - x0, top - y0 + margin),
                (right - x0, bottom - y0 - margin),
            ],
            colour.filled(),
        ))?;
    }
    Ok(())
}

/// Points the map draws at most: beyond some thousands a scatter plot is a blot, and its SVG
/// grows by a line per point.
pub const MAP_POINTS_MAX: usize = 5_000;

/// The positions of the documents the map draws among `n`: all of them, or
/// [`MAP_POINTS_MAX`] spread evenly over the input order; ascending.
pub fn map_positions(n: usize) -> Vec<usize> {
    if n <= MAP_POINTS_MAX {
        return (0..n).collect();
    }
    (0..MAP_POINTS_MAX)
        .map(|j| j * n / MAP_POINTS_MAX)
        .collect()
}

/// The documents the map draws ([`map_positions`]).
fn map_sample(report: &Report) -> Vec<&super::DocumentReport> {
    match &report.documents_in_file {
        Some(in_file) => in_file.map_points.iter().collect(),
        None => map_positions(report.documents.len())
            .into_iter()
            .map(|i| &report.documents[i])
            .collect(),
    }
}

/// A scatter plot of the documents' map coordinates, one colour per topic, a legend below and,
/// for small corpora, each point's title beside it.
fn document_map(report: &Report) -> Result<Chart> {
    let k = report.clusters.len();
    let shown = map_sample(report);
    let n = shown.len();
    let legend_rows = k as u32;
    let plot_height = 460u32;
    let height = plot_height + 24 + 32 * legend_rows;
    let title = "Map of the documents";
    let (xs, ys): (Vec<f64>, Vec<f64>) = shown.iter().map(|d| (d.x, d.y)).unzip();
    let span = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 0.0) };
        let pad = ((hi - lo) * 0.08).max(0.05);
        (lo - pad)..(hi + pad)
    };
    let (x_range, y_range) = (span(&xs), span(&ys));
    let label_points = n <= 30;
    let svg = render(report, (MAP_WIDTH, height), title, |root| {
        let (plot, legend) = root.split_vertically(plot_height);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, (FONT, 28).into_font().color(&INK))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(60)
            .build_cartesian_2d(x_range.clone(), y_range.clone())?;
        chart
            .configure_mesh()
            .light_line_style(GRID.mix(0.4))
            .bold_line_style(GRID)
            .axis_style(INK.mix(0.6))
            .x_labels(5)
            .y_labels(5)
            .x_label_formatter(&|v| format!("{v:.2}"))
            .y_label_formatter(&|v| format!("{v:.2}"))
            .x_desc("dimension 1")
            .y_desc("dimension 2")
            .label_style((FONT, 16).into_font().color(&INK.mix(0.8)))
            .axis_desc_style((FONT, 18).into_font().color(&INK))
            .draw()?;
        let cluster_of = |d: &super::DocumentReport| d.cluster;
        chart.draw_series(shown.iter().map(|d| {
            Circle::new(
                (d.x, d.y),
                7,
                ShapeStyle::from(&topic_colour(cluster_of(d))).filled(),
            )
        }))?;
        chart.draw_series(
            report
                .documents
                .iter()
                .map(|d| Circle::new((d.x, d.y), 7, ShapeStyle::from(&WHITE).stroke_width(1))),
        )?;
        if label_points {
            let pixels: Vec<(i32, i32)> = report
                .documents
                .iter()
                .map(|d| chart.backend_coord(&(d.x, d.y)))
                .collect();
            let bounds = chart.plotting_area().get_pixel_range();
            let (x0, y0) = plot.get_base_pixel();
            for (label, (px, py), h) in place_labels(report, &pixels, bounds) {
                plot.draw(&Text::new(
                    label,
                    (px - x0, py - y0),
                    (FONT, MAP_LABEL_SIZE)
                        .into_font()
                        .color(&INK)
                        .pos(Pos::new(h, VPos::Center)),
                ))?;
            }
        }
        for (i, cluster) in report.clusters.iter().enumerate() {
            let y = 16 + 32 * i as i32;
            legend.draw(&Circle::new(
                (70, y),
                7,
                ShapeStyle::from(&topic_colour(cluster.id)).filled(),
            ))?;
            legend.draw(&Text::new(
                format!(
                    "{}  ({} document{})",
                    topic_name(report, i, 44),
                    cluster.size,
                    if cluster.size == 1 { "" } else { "s" }
                ),
                (86, y),
                (FONT, 20)
                    .into_font()
                    .color(&INK)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        Ok(())
    })?;
    Ok(Chart {
        file: DOCUMENT_MAP,
        alt: if n < report.corpus.documents {
            format!(
                "Scatter plot of {n} of the {} documents (evenly spaced in input order) on two \
                 dimensions, coloured by topic",
                report.corpus.documents
            )
        } else {
            "Scatter plot of the documents on two dimensions, coloured by topic".into()
        },
        svg,
    })
}

const MAP_LABEL_SIZE: f64 = 20.0;
const MAP_WIDTH: u32 = 560;

/// A pixel rectangle: left, top, right, bottom.
type Boxed = (i32, i32, i32, i32);

/// Where to write each point's title so that labels overlap neither each other nor other
/// points: for each document in order, the first free spot among right of the point, left,
/// above and below, with the title shortened further if no spot is free at full length; a
/// label that fits nowhere is left out (the legend and the documents table still name it).
/// Text width is estimated (no font is read), generously.
fn place_labels(
    report: &Report,
    points: &[(i32, i32)],
    bounds: (std::ops::Range<i32>, std::ops::Range<i32>),
) -> Vec<(String, (i32, i32), HPos)> {
    let em = MAP_LABEL_SIZE / 1.24; // plotters writes font-size = size / 1.24
    let width = |s: &str| (s.chars().count() as f64 * em * 0.56).ceil() as i32;
    let height = (em * 1.3).ceil() as i32;
    let overlaps = |a: Boxed, b: Boxed| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
    let dot = |(x, y): (i32, i32)| (x - 8, y - 8, x + 8, y + 8);
    let (xs, ys) = bounds;
    let inside = |b: Boxed| b.0 >= xs.start && b.2 <= xs.end && b.1 >= ys.start && b.3 <= ys.end;
    let mut taken: Vec<Boxed> = Vec::new();
    let mut labels = Vec::new();
    for (i, (d, &(x, y))) in report.documents.iter().zip(points).enumerate() {
        'lengths: for max_chars in [30, 18, 12] {
            let text = shorten(&d.title, max_chars);
            let w = width(&text);
            let candidates = [
                (
                    (x + 12, y),
                    HPos::Left,
                    (x + 12, y - height / 2, x + 12 + w, y + height / 2),
                ),
                (
                    (x - 12, y),
                    HPos::Right,
                    (x - 12 - w, y - height / 2, x - 12, y + height / 2),
                ),
                (
                    (x, y - 18),
                    HPos::Center,
                    (
                        x - w / 2,
                        y - 18 - height / 2,
                        x + w / 2,
                        y - 18 + height / 2,
                    ),
                ),
                (
                    (x, y + 18),
                    HPos::Center,
                    (
                        x - w / 2,
                        y + 18 - height / 2,
                        x + w / 2,
                        y + 18 + height / 2,
                    ),
                ),
            ];
            for (at, h, b) in candidates {
                let clear = inside(b)
                    && !taken.iter().any(|t| overlaps(*t, b))
                    && !points
                        .iter()
                        .enumerate()
                        .any(|(j, p)| j != i && overlaps(dot(*p), b));
                if clear {
                    taken.push(b);
                    labels.push((text, at, h));
                    break 'lengths;
                }
            }
        }
    }
    labels
}

/// A tick value as a whole number, or nothing between whole numbers.
fn whole(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

/// At most `max_chars` characters, cut at a word boundary with an ellipsis; on one line with
/// control characters escaped (XML allows none but tab and line breaks).
pub(crate) fn shorten(s: &str, max_chars: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = super::printable::one_line(&s).into_owned();
    if s.chars().count() <= max_chars {
        return s;
    }
    let cut: String = s.chars().take(max_chars.saturating_sub(1)).collect();
    let cut = match cut.rsplit_once(' ') {
        Some((head, _)) if head.chars().count() > max_chars / 2 => head.to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ', '·']))
}

fn xml_escape(s: &str) -> String {
    super::printable::one_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_at_word_boundaries() {
        assert_eq!(shorten("uno due tre", 20), "uno due tre");
        assert_eq!(
            shorten("innovazione · imprese · tecnologie", 25),
            "innovazione · imprese…"
        );
        assert_eq!(shorten("abcdefghijkl", 6), "abcde…");
    }

    #[test]
    fn palette_colours_are_distinct() {
        let hex: std::collections::BTreeSet<String> =
            (0..PALETTE.len()).map(topic_colour_hex).collect();
        assert_eq!(hex.len(), PALETTE.len());
        assert_eq!(topic_colour_hex(0), "#0072b2");
    }
}
