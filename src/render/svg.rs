//! Pictures of the archive drawn at build time as inline SVG, each with a text alternative:
//! the network of the most connected entities, one entity's neighbourhood, and a sparkline
//! of articles per year. Pure functions from the archive to HTML strings; colours and fonts
//! come from the theme's CSS classes, so dark mode and print follow the theme, and no
//! script is needed to see or follow them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::context::entity_path;
use super::format::{digits, href_path};
use crate::config::Digits;
use crate::graph::layout::{radial, ForceLayout, Point};
use crate::graph::{EntityGraph, Network};
use crate::model::{Archive, Entity};

/// How many entities the archive network shows, and how many edges at most.
pub const NETWORK_NODES: usize = 40;
pub const NETWORK_EDGES: usize = 120;
/// How many neighbours an entity page's neighbourhood shows.
pub const EGO_NEIGHBOURS: usize = 12;
const EGO_EDGES: usize = 40;
/// Labels longer than this are cut (the full name stays in the node's tooltip and table).
const LABEL_CHARS: usize = 24;
const FONT_SIZE: f64 = 13.0;
/// Rough advance of one character at [`FONT_SIZE`], to keep labels inside the picture.
const CHAR_WIDTH: f64 = FONT_SIZE * 0.55;

/// What the pictures need from the site: UI strings, digits and reading direction.
pub struct Text<'a> {
    pub strings: &'a BTreeMap<String, String>,
    pub digits: Digits,
    pub rtl: bool,
}

impl Text<'_> {
    /// The UI string `key`, escaped for HTML (the key itself when the theme lacks it).
    fn get(&self, key: &str) -> String {
        escape(self.strings.get(key).map_or(key, String::as_str))
    }

    fn num(&self, n: impl ToString) -> String {
        digits(&n.to_string(), self.digits)
    }

    /// The `text-anchor` that makes a label grow rightwards (or leftwards) from its point.
    fn anchor(&self, grows_right: bool) -> &'static str {
        if grows_right != self.rtl {
            "start"
        } else {
            "end"
        }
    }

    fn direction(&self) -> &'static str {
        if self.rtl {
            "rtl"
        } else {
            "ltr"
        }
    }
}

/// Escapes text for HTML and SVG content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal, never `-0.0` or NaN (a non-finite value becomes 0).
fn coord(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    // In tenths, written from integers: `format!("{r:.1}")` took 1,500 instructions a number.
    let tenths = (v * 10.0).round();
    if tenths == 0.0 {
        return "0".into();
    }
    if tenths.abs() >= 1e15 {
        // Beyond exact integer tenths (never a coordinate of ours): as before.
        return format!("{:.0}", tenths / 10.0);
    }
    let t = tenths.abs() as u64;
    let sign = if tenths < 0.0 { "-" } else { "" };
    match t % 10 {
        0 => [sign, &(t / 10).to_string()].concat(),
        d => [sign, &(t / 10).to_string(), ".", &d.to_string()].concat(),
    }
}

/// A label cut to [`LABEL_CHARS`] characters on a word boundary where possible.
fn short_label(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        return name.to_string();
    }
    let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// The page URL of an entity from a page whose way back to the root is `root`.
fn entity_href(root: &str, e: &Entity) -> String {
    format!("{root}{}", href_path(&entity_path(e.kind, &e.slug)))
}

/// A node as drawn: centre, radius, label placement.
struct Placed {
    x: f64,
    y: f64,
    r: f64,
    label: String,
    label_x: f64,
    grows_right: bool,
}

/// Pixel extent of everything drawn, to size the viewBox so no label is clipped.
struct Bounds {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Bounds {
    fn new() -> Self {
        Bounds {
            x0: f64::MAX,
            y0: f64::MAX,
            x1: f64::MIN,
            y1: f64::MIN,
        }
    }
    fn add(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        self.x0 = self.x0.min(x0);
        self.y0 = self.y0.min(y0);
        self.x1 = self.x1.max(x1);
        self.y1 = self.y1.max(y1);
    }
}

/// Places nodes of `net` at `points` (unit square) on a `width × height` canvas: radius by
/// mentions, label on the side facing away from the middle.
fn place(
    archive: &Archive,
    graph: &EntityGraph,
    net: &Network,
    points: &[Point],
    width: f64,
    height: f64,
) -> (Vec<Placed>, Bounds) {
    let max_mentions = net
        .nodes
        .iter()
        .map(|&i| graph.mentions[i])
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut bounds = Bounds::new();
    let placed = net
        .nodes
        .iter()
        .zip(points)
        .map(|(&i, p)| {
            let (x, y) = (p.x * width, p.y * height);
            let r = 5.0 + 11.0 * (graph.mentions[i] as f64 / max_mentions).sqrt();
            let label = short_label(&archive.entities[i].name);
            let grows_right = p.x >= 0.5;
            let gap = r + 4.0;
            let label_x = if grows_right { x + gap } else { x - gap };
            let w = label.chars().count() as f64 * CHAR_WIDTH;
            let (lx0, lx1) = if grows_right {
                (label_x, label_x + w)
            } else {
                (label_x - w, label_x)
            };
            bounds.add(x - r, y - r, x + r, y + r);
            bounds.add(lx0, y - FONT_SIZE, lx1, y + FONT_SIZE);
            Placed {
                x,
                y,
                r,
                label,
                label_x,
                grows_right,
            }
        })
        .collect();
    (placed, bounds)
}

/// Draws a network as an SVG. `centre`: the node (an ego network's first) that is the page
/// itself, drawn without a link.
#[allow(clippy::too_many_arguments)]
fn draw(
    archive: &Archive,
    graph: &EntityGraph,
    net: &Network,
    points: &[Point],
    size: (f64, f64),
    centre: Option<usize>,
    text: &Text,
    root: &str,
    id: &str,
    title: &str,
    desc: &str,
) -> String {
    let (placed, b) = place(archive, graph, net, points, size.0, size.1);
    let margin = 6.0;
    let (vx, vy) = (b.x0 - margin, b.y0 - margin);
    let (vw, vh) = (b.x1 - b.x0 + 2.0 * margin, b.y1 - b.y0 + 2.0 * margin);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="graph-svg" viewBox="{} {} {} {}" width="{}" height="{}" direction="{}" role="group" aria-labelledby="{id}-title" aria-describedby="{id}-desc"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
        coord(vx),
        coord(vy),
        coord(vw),
        coord(vh),
        coord(vw),
        coord(vh),
        text.direction(),
    );
    let max_w = net.edges.iter().map(|e| e.weight).max().unwrap_or(1);
    s.push_str(r#"<g class="graph-edges" aria-hidden="true">"#);
    for e in &net.edges {
        let (p, q) = (&placed[e.a], &placed[e.b]);
        let width = if max_w > 1 {
            1.0 + 4.0 * (e.weight - 1) as f64 / (max_w - 1) as f64
        } else {
            1.5
        };
        let _ = write!(
            s,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}"/>"#,
            coord(p.x),
            coord(p.y),
            coord(q.x),
            coord(q.y),
            coord(width)
        );
    }
    s.push_str("</g><g class=\"graph-nodes\">");
    // Least connected first, so the main nodes and their labels are drawn on top.
    for (k, p) in placed.iter().enumerate().rev() {
        let e = &archive.entities[net.nodes[k]];
        let i = net.nodes[k];
        let name = escape(&e.name);
        let tip = format!(
            "{name} · {}: {} · {}: {}",
            text.get("graph_mentions"),
            text.num(graph.mentions[i]),
            text.get("graph_articles"),
            text.num(graph.articles[i])
        );
        let shape = format!(
            r#"<circle cx="{}" cy="{}" r="{}"/><text x="{}" y="{}" dy="0.35em" text-anchor="{}">{}</text>"#,
            coord(p.x),
            coord(p.y),
            coord(p.r),
            coord(p.label_x),
            coord(p.y),
            text.anchor(p.grows_right),
            escape(&p.label),
        );
        let kind = e.kind.as_str();
        if centre == Some(k) {
            let _ = write!(
                s,
                r#"<g class="graph-node graph-centre {kind}"><title>{tip}</title>{shape}</g>"#
            );
        } else {
            let _ = write!(
                s,
                r#"<a class="graph-node {kind}" href="{}" aria-label="{name}"><title>{tip}</title>{shape}</a>"#,
                escape(&entity_href(root, e))
            );
        }
    }
    s.push_str("</g></svg>");
    s
}

/// The strongest links of node `k` within `net`: (other node, weight), strongest first.
fn strongest(net: &Network, k: usize, n: usize) -> Vec<(usize, usize)> {
    let mut links: Vec<(usize, usize)> = net
        .edges
        .iter()
        .filter_map(|e| {
            if e.a == k {
                Some((e.b, e.weight))
            } else if e.b == k {
                Some((e.a, e.weight))
            } else {
                None
            }
        })
        .collect();
    links.sort_by_key(|&(o, w)| (std::cmp::Reverse(w), o));
    links.truncate(n);
    links
}

/// The network of the archive's most connected entities (at most `max_nodes`) for the
/// entities index, laid out by a fixed-seed force simulation, with a table of the same
/// nodes and their strongest links. Empty when no two entities share an article.
pub fn network_figure(
    archive: &Archive,
    graph: &EntityGraph,
    max_nodes: usize,
    text: &Text,
    root: &str,
) -> String {
    let net = graph.network(max_nodes, NETWORK_EDGES.max(max_nodes * 3));
    if net.nodes.is_empty() {
        return String::new();
    }
    let points = ForceLayout::default().run(net.nodes.len(), &net.edges);
    let svg = draw(
        archive,
        graph,
        &net,
        &points,
        (760.0, 560.0),
        None,
        text,
        root,
        "network",
        &text.get("graph_network_title"),
        &text.get("graph_network_desc"),
    );
    let mut t = table_head(
        text,
        "graph_network_table",
        &[
            "graph_entity",
            "graph_kind",
            "graph_mentions",
            "graph_articles",
            "graph_strongest",
        ],
    );
    for (k, &i) in net.nodes.iter().enumerate() {
        let e = &archive.entities[i];
        let links: Vec<String> = strongest(&net, k, 3)
            .into_iter()
            .map(|(o, w)| {
                format!(
                    "{} ({})",
                    escape(&archive.entities[net.nodes[o]].name),
                    text.num(w)
                )
            })
            .collect();
        let _ = write!(
            t,
            r#"<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&entity_href(root, e)),
            escape(&e.name),
            text.get(&format!("graph_kind_{}", e.kind.as_str())),
            text.num(graph.mentions[i]),
            text.num(graph.articles[i]),
            links.join("، ")
        );
    }
    t.push_str("</tbody></table></details>");
    figure("graph-network", &text.get("graph_network_title"), &svg, &t)
}

/// The neighbourhood of entity `centre` (index in the archive) for its page: the entity in
/// the middle and the entities most often named with it around it, with a table of them.
/// Empty when it shares no article with any other entity.
pub fn ego_figure(
    archive: &Archive,
    graph: &EntityGraph,
    centre: usize,
    text: &Text,
    root: &str,
) -> String {
    let net = graph.ego(centre, EGO_NEIGHBOURS, EGO_EDGES);
    if net.nodes.len() < 2 {
        return String::new();
    }
    let points = radial(net.nodes.len());
    let name = escape(&archive.entities[centre].name);
    let title = format!("{} {name}", text.get("graph_ego_title"));
    let svg = draw(
        archive,
        graph,
        &net,
        &points,
        (360.0, 300.0),
        Some(0),
        text,
        root,
        "ego",
        &title,
        &text.get("graph_ego_desc"),
    );
    let mut t = table_head(
        text,
        "graph_ego_table",
        &["graph_entity", "graph_kind", "graph_together"],
    );
    for e in net.edges.iter().filter(|e| e.a == 0) {
        let other = &archive.entities[net.nodes[e.b]];
        let _ = write!(
            t,
            r#"<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td></tr>"#,
            escape(&entity_href(root, other)),
            escape(&other.name),
            text.get(&format!("graph_kind_{}", other.kind.as_str())),
            text.num(e.weight)
        );
    }
    t.push_str("</tbody></table></details>");
    figure("graph-ego", &title, &svg, &t)
}

/// A sparkline of articles per year (`series` oldest first, as from
/// [`EntityGraph::per_year`]), bars running from right to left on a right-to-left page so
/// time reads in the page's direction, with a table of the years that have articles.
/// Empty when the series is empty or all zero.
pub fn sparkline_figure(series: &[(i32, usize)], text: &Text) -> String {
    let max = series.iter().map(|&(_, n)| n).max().unwrap_or(0);
    if max == 0 {
        return String::new();
    }
    let (bar, gap, chart_h, label_h) = (8.0, 3.0, 36.0, 14.0);
    let n = series.len() as f64;
    let width = (n * (bar + gap) - gap).max(72.0);
    let x_of = |k: usize| {
        let from_start = k as f64 * (bar + gap);
        if text.rtl {
            width - from_start - bar
        } else {
            from_start
        }
    };
    let title = text.get("graph_per_year_title");
    let (first, last) = (series[0].0, series[series.len() - 1].0);
    let summary = format!("{title}: {}–{}", text.num(first), text.num(last));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="sparkline-svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" direction="{}" role="img" aria-labelledby="spark-title"><title id="spark-title">{summary}</title><line class="sparkline-base" x1="0" y1="{}" x2="{w}" y2="{}"/><g class="sparkline-bars">"#,
        text.direction(),
        coord(chart_h + 0.5),
        coord(chart_h + 0.5),
        w = coord(width),
        h = coord(chart_h + label_h + 2.0),
    );
    for (k, &(year, count)) in series.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let h = (chart_h - 2.0) * count as f64 / max as f64;
        let _ = write!(
            s,
            r#"<rect x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>"#,
            coord(x_of(k)),
            coord(chart_h - h),
            coord(bar),
            coord(h),
            text.num(year),
            text.num(count)
        );
    }
    // The first and last years under the two ends of the chart.
    let y = coord(chart_h + label_h);
    let (start_x, end_x) = if text.rtl { (width, 0.0) } else { (0.0, width) };
    let _ = write!(
        s,
        r#"</g><g class="sparkline-years" aria-hidden="true"><text x="{}" y="{y}" text-anchor="start">{}</text>"#,
        coord(start_x),
        text.num(first)
    );
    if last != first {
        let _ = write!(
            s,
            r#"<text x="{}" y="{y}" text-anchor="end">{}</text>"#,
            coord(end_x),
            text.num(last)
        );
    }
    s.push_str("</g></svg>");
    let mut t = table_head(
        text,
        "graph_per_year_table",
        &["graph_year", "graph_articles"],
    );
    for &(year, count) in series.iter().filter(|&&(_, c)| c > 0) {
        let _ = write!(
            t,
            r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#,
            text.num(year),
            text.num(count)
        );
    }
    t.push_str("</tbody></table></details>");
    figure("graph-sparkline", &title, &s, &t)
}

/// The opening of a collapsible table: summary line, header row, open body.
fn table_head(text: &Text, summary: &str, columns: &[&str]) -> String {
    let mut t = format!(
        r#"<details class="graph-table"><summary>{}</summary><table><thead><tr>"#,
        text.get(summary)
    );
    for c in columns {
        let _ = write!(t, r#"<th scope="col">{}</th>"#, text.get(c));
    }
    t.push_str("</tr></thead><tbody>");
    t
}

fn figure(class: &str, caption: &str, svg: &str, table: &str) -> String {
    format!(
        r#"<figure class="graph {class}"><figcaption>{caption}</figcaption><div class="graph-picture">{svg}</div>{table}</figure>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{article, entity, sample};
    use crate::model::EntityType;
    use scraper::{Html, Selector};

    fn strings() -> BTreeMap<String, String> {
        toml::from_str(include_str!("../../themes/default/strings.toml")).unwrap()
    }

    fn text(strings: &BTreeMap<String, String>) -> Text<'_> {
        Text {
            strings,
            digits: Digits::Western,
            rtl: true,
        }
    }

    fn select<'a>(doc: &'a Html, sel: &str) -> Vec<scraper::ElementRef<'a>> {
        doc.select(&Selector::parse(sel).unwrap()).collect()
    }

    fn no_nan(html: &str) {
        assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
    }

    #[test]
    fn network_is_deterministic_and_links_every_node() {
        let a = sample();
        let g = EntityGraph::new(&a);
        let s = strings();
        let t = text(&s);
        let one = network_figure(&a, &g, 40, &t, "../");
        let two = network_figure(&a, &EntityGraph::new(&a), 40, &t, "../");
        assert_eq!(one, two);
        no_nan(&one);
        let doc = Html::parse_fragment(&one);
        let links: Vec<&str> = select(&doc, "svg a.graph-node")
            .iter()
            .map(|e| e.value().attr("href").unwrap())
            .collect();
        assert_eq!(links.len(), 4);
        assert!(links.contains(&"../entities/place/المغرب/index.html"));
        assert!(links.iter().all(|l| !l.starts_with('/')));
        // Coloured by type through classes, never inline colours.
        assert_eq!(select(&doc, "svg a.graph-node.person").len(), 1);
        assert_eq!(select(&doc, "svg a.graph-node.organization").len(), 1);
        assert!(!one.contains("fill=\"#"));
        // Edges: Morocco–Spain, Spain–Interpol, Morocco–Interpol, and Hammouchi with both.
        assert_eq!(select(&doc, "svg .graph-edges line").len(), 5);
        // Accessible name and description, and a table of the same nodes.
        let svg = &select(&doc, "svg")[0];
        assert_eq!(svg.value().attr("aria-labelledby"), Some("network-title"));
        assert_eq!(svg.value().attr("aria-describedby"), Some("network-desc"));
        assert_eq!(svg.value().attr("direction"), Some("rtl"));
        assert_eq!(select(&doc, "svg > title").len(), 1);
        assert_eq!(select(&doc, "svg > desc").len(), 1);
        let rows: Vec<String> = select(&doc, "details table tbody tr")
            .iter()
            .map(|r| r.text().collect())
            .collect();
        assert_eq!(rows.len(), 4);
        assert!(rows[0].starts_with("إسبانيا"), "{rows:?}");
        assert!(rows[0].contains("المغرب (3)"), "{rows:?}");
        let table_links = select(&doc, "details table a").len();
        assert_eq!(table_links, 4);
    }

    #[test]
    fn labels_and_names_are_escaped() {
        let mut a = sample();
        a.entities[0].name = "<script>\"x\" & 'y'</script>".into();
        let g = EntityGraph::new(&a);
        let s = strings();
        let html = network_figure(&a, &g, 40, &text(&s), "");
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"));
        let doc = Html::parse_fragment(&html);
        assert!(select(&doc, "script").is_empty());
    }

    #[test]
    fn labels_sit_outside_their_node_and_inside_the_view_box() {
        let a = sample();
        let g = EntityGraph::new(&a);
        let s = strings();
        let html = network_figure(&a, &g, 40, &text(&s), "");
        let doc = Html::parse_fragment(&html);
        let svg = &select(&doc, "svg")[0];
        let vb: Vec<f64> = svg
            .value()
            .attr("viewBox")
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        for node in select(&doc, "svg a.graph-node") {
            let circle = node
                .select(&Selector::parse("circle").unwrap())
                .next()
                .unwrap();
            let label = node
                .select(&Selector::parse("text").unwrap())
                .next()
                .unwrap();
            let f = |e: &scraper::ElementRef, k: &str| -> f64 {
                e.value().attr(k).unwrap().parse().unwrap()
            };
            let (cx, r, lx) = (f(&circle, "cx"), f(&circle, "r"), f(&label, "x"));
            assert!((lx - cx).abs() >= r, "label over its node");
            assert!(lx >= vb[0] && lx <= vb[0] + vb[2]);
            // RTL: a label right of its node grows rightwards, so it is anchored at its end.
            let anchor = label.value().attr("text-anchor").unwrap();
            assert_eq!(anchor, if lx > cx { "end" } else { "start" });
        }
    }

    #[test]
    fn empty_and_one_node_graphs() {
        let s = strings();
        let t = text(&s);
        let empty = Archive::default();
        assert_eq!(
            network_figure(&empty, &EntityGraph::new(&empty), 40, &t, ""),
            ""
        );
        let mut one = Archive {
            articles: vec![article("a", Some(2020), &["x"])],
            entities: vec![entity("x", "الرباط", EntityType::Place)],
            ..Archive::default()
        };
        one.index_entities();
        let g = EntityGraph::new(&one);
        // A lone entity has no link to draw: no network, no neighbourhood, but a sparkline.
        assert_eq!(network_figure(&one, &g, 40, &t, ""), "");
        assert!(sparkline_figure(&g.per_year(0), &t).contains("<svg"));
        // Two entities named together: the smallest network, with one edge.
        let mut two = Archive {
            articles: vec![article("a", Some(2020), &["x", "y"])],
            entities: vec![
                entity("x", "الرباط", EntityType::Place),
                entity("y", "مدريد", EntityType::Place),
            ],
            ..Archive::default()
        };
        two.index_entities();
        let g2 = EntityGraph::new(&two);
        let html = network_figure(&two, &g2, 40, &t, "");
        no_nan(&html);
        let doc = Html::parse_fragment(&html);
        assert_eq!(select(&doc, "svg a.graph-node").len(), 2);
        assert_eq!(select(&doc, "svg line").len(), 1);
        assert_eq!(
            network_figure(&two, &g2, 1, &t, "").matches("<a ").count(),
            2
        );
        assert_eq!(ego_figure(&one, &g, 0, &t, ""), "");
        assert_eq!(network_figure(&one, &g, 0, &t, ""), "");
    }

    #[test]
    fn ego_network_links_neighbours_but_not_itself() {
        let a = sample();
        let g = EntityGraph::new(&a);
        let s = strings();
        let ma = a.entity_index["ma"];
        let html = ego_figure(&a, &g, ma, &text(&s), "../../../");
        assert_eq!(html, ego_figure(&a, &g, ma, &text(&s), "../../../"));
        no_nan(&html);
        let doc = Html::parse_fragment(&html);
        assert_eq!(select(&doc, "svg .graph-centre").len(), 1);
        let links = select(&doc, "svg a.graph-node");
        assert_eq!(links.len(), 3);
        assert!(links.iter().all(|l| l
            .value()
            .attr("href")
            .unwrap()
            .starts_with("../../../entities/")));
        let rows: Vec<String> = select(&doc, "tbody tr")
            .iter()
            .map(|r| r.text().collect())
            .collect();
        assert_eq!(rows[0], format!("إسبانيا{}3", s["graph_kind_place"]));
        assert!(select(&doc, "figcaption")[0]
            .text()
            .collect::<String>()
            .contains("المغرب"));
    }

    #[test]
    fn sparkline_bars_years_and_table() {
        let a = sample();
        let g = EntityGraph::new(&a);
        let s = strings();
        let t = text(&s);
        let series = g.per_year(a.entity_index["ma"]);
        let html = sparkline_figure(&series, &t);
        no_nan(&html);
        assert_eq!(html, sparkline_figure(&series, &t));
        let doc = Html::parse_fragment(&html);
        let svg = &select(&doc, "svg")[0];
        assert_eq!(svg.value().attr("role"), Some("img"));
        assert!(select(&doc, "svg > title")[0]
            .text()
            .collect::<String>()
            .contains("2018–2021"));
        let bars = select(&doc, "svg rect");
        assert_eq!(bars.len(), 2);
        // Right to left: 2019 (second year) sits right of 2021 (fourth).
        let x = |i: usize| -> f64 { bars[i].value().attr("x").unwrap().parse().unwrap() };
        assert!(x(0) > x(1));
        let rows: Vec<String> = select(&doc, "tbody tr")
            .iter()
            .map(|r| r.text().collect())
            .collect();
        assert_eq!(rows, vec!["20191", "20212"]);
        assert_eq!(sparkline_figure(&[], &t), "");
        assert_eq!(sparkline_figure(&[(2020, 0)], &t), "");
        let single = sparkline_figure(&[(2020, 3)], &t);
        no_nan(&single);
        assert_eq!(
            Html::parse_fragment(&single)
                .select(&Selector::parse("svg text").unwrap())
                .count(),
            1
        );
    }

    #[test]
    fn eastern_digits_in_text_not_in_coordinates() {
        let s = strings();
        let t = Text {
            strings: &s,
            digits: Digits::Eastern,
            rtl: true,
        };
        let html = sparkline_figure(&[(2020, 3), (2021, 1)], &t);
        assert!(html.contains("٢٠٢٠"));
        let doc = Html::parse_fragment(&html);
        for r in select(&doc, "rect") {
            r.value().attr("x").unwrap().parse::<f64>().unwrap();
        }
    }

    #[test]
    fn coordinates_and_labels() {
        assert_eq!(coord(-12.34), "-12.3");
        assert_eq!(coord(-0.26), "-0.3");
        assert_eq!(coord(-7.0), "-7");
        assert_eq!(coord(0.05), "0.1");
        assert_eq!(coord(-0.04), "0");
        assert_eq!(coord(f64::NAN), "0");
        assert_eq!(coord(12.0), "12");
        assert_eq!(coord(12.345), "12.3");
        assert_eq!(short_label("المغرب"), "المغرب");
        let long = "المديرية العامة لمراقبة التراب الوطني المغربية";
        let cut = short_label(long);
        assert!(cut.ends_with('…') && cut.chars().count() <= LABEL_CHARS);
    }

    proptest::proptest! {
        /// Tenths written from integers are what `format!` wrote from the rounded float.
        #[test]
        fn coord_is_the_rounded_float_formatted(v in -1e6f64..1e6) {
            let r = (v * 10.0).round() / 10.0;
            let old = if r == 0.0 {
                "0".to_string()
            } else if r.fract() == 0.0 {
                format!("{r:.0}")
            } else {
                format!("{r:.1}")
            };
            proptest::prop_assert_eq!(coord(v), old);
        }
    }
}
