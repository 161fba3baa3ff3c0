//! A [`Scene`] as a self-contained SVG document: no external fonts, scripts, images or links;
//! colours are CSS variables of a `theme-light` or `theme-dark` class on the root, so a front
//! end can switch themes by changing the class. Every element that stands for a node or edge is
//! a `<g>` with `data-id` (the node or edge id of the graph JSON), `data-range`
//! (`line:column-line:column`, 1-based, UTF-16 columns) and `data-bytes` (`start-end`), and a
//! `<title>` for screen readers and tooltips.

use super::Theme;
use std::fmt::Write;

use super::scene::{Anchor, Arrow, Chip, Rect, Scene, Source, Text};
use super::text::{num, num_into, xml_into};
use crate::source::Positions;

const STYLE: &str = r#"
.ps{--bg:#ffffff;--fg:#1f2328;--muted:#57606a;--frame:#f6f8fa;--frame-line:#d0d7de;--group:#ffffff;
--init:#eef4ff;--init-line:#3f6fc4;--sidecar:#f4efff;--sidecar-line:#7b52c8;--app:#eaf8ef;--app-line:#2d8650;
--ephemeral:#fff7e0;--ephemeral-line:#a87400;--volume:#fff4e8;--volume-line:#bf6216;--ref:#f6f8fa;--ref-line:#6e7781;
--missing:#fff0ee;--missing-line:#cf222e;--chip:#ffffff;--chip-line:#afb8c1;--pattern:#fdf2ff;--pattern-line:#a347ba;
--write:#bf6216;--read:#2f6fbf;--env:#7b52c8;--wait:#cf222e;--talk:#2d8650;--source:#6e7781;--step:#57606a;--probe:#0a7f86;--warn:#9a6700;--warn-bg:#fff8c5}
.ps.theme-dark{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--frame:#151b23;--frame-line:#3d444d;--group:#0d1117;
--init:#132339;--init-line:#6c9ef0;--sidecar:#221a38;--sidecar-line:#a683f0;--app:#10291b;--app-line:#4cc37a;
--ephemeral:#2b2208;--ephemeral-line:#d4a72c;--volume:#2e1d0d;--volume-line:#ec8c3a;--ref:#161b22;--ref-line:#8b949e;
--missing:#3a1417;--missing-line:#ff6a69;--chip:#0d1117;--chip-line:#4d5561;--pattern:#2c1633;--pattern-line:#d28ae6;
--write:#ec8c3a;--read:#6ca4f8;--env:#b592f5;--wait:#ff6a69;--talk:#4cc37a;--source:#8b949e;--step:#9198a1;--probe:#39c5cf;--warn:#e3b341;--warn-bg:#3b2e0a}
.ps .bg{fill:var(--bg)}
.ps text{fill:var(--fg);font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","DejaVu Sans",sans-serif;font-size:11px}
.ps .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
.ps .name{font-size:13px;font-weight:600}
.ps .title{font-size:14px;font-weight:700}
.ps .heading{font-size:12px;font-weight:700}
.ps .muted{fill:var(--muted)}
.ps .frame>rect{fill:var(--frame);stroke:var(--frame-line)}
.ps .group>rect{fill:var(--group);stroke:var(--frame-line);stroke-dasharray:4 3}
.ps .node>rect{stroke-width:1.5}
.ps .init>rect{fill:var(--init);stroke:var(--init-line)}
.ps .sidecar>rect{fill:var(--sidecar);stroke:var(--sidecar-line)}
.ps .app>rect{fill:var(--app);stroke:var(--app-line)}
.ps .ephemeral>rect{fill:var(--ephemeral);stroke:var(--ephemeral-line)}
.ps .volume>rect{fill:var(--volume);stroke:var(--volume-line)}
.ps .ref>rect{fill:var(--ref);stroke:var(--ref-line)}
.ps .workload>rect{fill:var(--app);stroke:var(--app-line)}
.ps .service>rect{fill:var(--init);stroke:var(--init-line)}
.ps .ingress>rect{fill:var(--sidecar);stroke:var(--sidecar-line)}
.ps .guard>rect{fill:var(--pattern);stroke:var(--pattern-line)}
.ps .chip.container.init>rect{stroke:var(--init-line)}
.ps .chip.container.sidecar>rect{stroke:var(--sidecar-line)}
.ps .chip.container.app>rect{stroke:var(--app-line)}
.ps .ref.missing>rect{fill:var(--missing);stroke:var(--missing-line);stroke-dasharray:5 3}
.ps .ref.optional>rect{stroke-dasharray:2 3}
.ps .missing .status{fill:var(--missing-line);font-weight:600}
.ps .chip>rect{fill:var(--chip);stroke:var(--chip-line)}
.ps .chip.undeclared>rect{stroke-dasharray:3 2}
.ps .chip.probe>rect{fill:none;stroke:var(--probe)}
.ps .chip.probe text{fill:var(--probe)}
.ps .chip.pattern>rect{fill:var(--pattern);stroke:var(--pattern-line)}
.ps .chip.warning>rect{fill:var(--warn-bg);stroke:var(--warn)}
.ps .chip.error>rect{fill:var(--missing);stroke:var(--missing-line)}
.ps .chip.tag>rect{fill:none;stroke:var(--chip-line)}
.ps .chip.tag text{fill:var(--muted)}
.ps .badge{fill:var(--bg);stroke:var(--step);stroke-width:1.2}
.ps .step{font-weight:700;fill:var(--step)}
.ps .edge path{fill:none;stroke-width:1.6}
.ps .edge.writes path{stroke:var(--write)}
.ps .edge.reads path{stroke:var(--read);stroke-dasharray:6 4}
.ps .edge.env path{stroke:var(--env);stroke-dasharray:2 3}
.ps .edge.source path{stroke:var(--source)}
.ps .edge.wait path{stroke:var(--wait);stroke-dasharray:8 3 2 3}
.ps .edge.talk path{stroke:var(--talk)}
.ps .edge.probe path{stroke:var(--probe);stroke-dasharray:3 3}
.ps .edge.startup path{stroke:var(--step)}
.ps .edge.startup.started path{stroke-dasharray:5 3}
.ps .edge.pod path{stroke:var(--source);stroke-dasharray:1 3}
.ps .edge.routes path{stroke:var(--sidecar-line)}
.ps .edge.selects path{stroke:var(--init-line)}
.ps .edge.uses path{stroke:var(--source);stroke-dasharray:5 3}
.ps .bar>rect{stroke-width:1.5}
.ps .grid{stroke:var(--frame-line);stroke-dasharray:2 4}
.ps .note>rect{fill:var(--frame);stroke:var(--frame-line)}
.ps .rowlabel>rect{fill:none;stroke:none}
.ps .edge.swatch-init path{stroke:var(--init-line);stroke-width:10}
.ps .edge.swatch-sidecar path{stroke:var(--sidecar-line);stroke-width:10}
.ps .edge.swatch-app path{stroke:var(--app-line);stroke-width:10}
.ps .m-writes{fill:var(--write)}.ps .m-reads{fill:var(--read)}.ps .m-env{fill:var(--env)}.ps .m-source{fill:var(--source)}
.ps .m-wait{fill:var(--wait)}.ps .m-talk{fill:var(--talk)}.ps .m-probe{fill:var(--probe)}.ps .m-startup{fill:var(--step)}.ps .m-pod{fill:var(--source)}
.ps .m-routes{fill:var(--sidecar-line)}.ps .m-selects{fill:var(--init-line)}.ps .m-uses{fill:var(--source)}
"#;

/// The colour classes an edge class may carry, each with its arrowhead marker.
const MARKERS: &[&str] = &[
    "writes", "reads", "env", "source", "wait", "talk", "probe", "startup", "pod", "routes",
    "selects", "uses",
];

/// A short deterministic suffix for element ids, so several diagrams can share one page.
///
/// It follows what the diagram shows (the title names the object and the view) and the theme
/// (markers take their colours from the SVG that defines them), not the content: an edit to a
/// container then keeps every marker id and reference, and a page redrawing while the user types
/// changes only what moved instead of re-resolving every arrow of the picture.
fn id_suffix(scene: &Scene, theme_class: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for b in scene.title.bytes().chain(theme_class.bytes()) {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}

/// Appends `name="value"` with the value escaped.
fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    xml_into(out, value);
    out.push('"');
}

/// Appends `name="number"`.
fn attr_num(out: &mut String, name: &str, value: f32) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    num_into(out, value);
    out.push('"');
}

fn data_attributes(out: &mut String, source: &Source, positions: &Positions) {
    if !source.id.is_empty() {
        attr(out, "data-id", &source.id);
    }
    if let Some(span) = source.span {
        let r = positions.range(span);
        let _ = write!(
            out,
            " data-range=\"{}:{}-{}:{}\" data-bytes=\"{}-{}\"",
            r.start.line, r.start.column, r.end.line, r.end.column, r.start_byte, r.end_byte
        );
    }
}

fn rect(out: &mut String, r: &Rect, radius: u8) {
    out.push_str("<rect");
    attr_num(out, "x", r.x);
    attr_num(out, "y", r.y);
    attr_num(out, "width", r.w);
    attr_num(out, "height", r.h);
    let _ = write!(out, " rx=\"{radius}\"/>");
}

fn text(out: &mut String, t: &Text) {
    out.push_str("<text");
    attr_num(out, "x", t.x);
    attr_num(out, "y", t.y);
    if !t.class.is_empty() {
        attr(out, "class", t.class);
    }
    match t.anchor {
        Anchor::Start => {}
        Anchor::Middle => out.push_str(" text-anchor=\"middle\""),
        Anchor::End => out.push_str(" text-anchor=\"end\""),
    }
    out.push('>');
    xml_into(out, &t.text);
    out.push_str("</text>");
}

fn title(out: &mut String, tooltip: &str) {
    if !tooltip.is_empty() {
        out.push_str("<title>");
        xml_into(out, tooltip);
        out.push_str("</title>");
    }
}

/// Opens a `<g>` with a class and the data attributes of what it stands for.
fn group(out: &mut String, class: &str, source: &Source, positions: &Positions) {
    out.push_str("<g");
    attr(out, "class", class);
    data_attributes(out, source, positions);
    out.push('>');
}

fn chip(out: &mut String, c: &Chip, positions: &Positions) {
    out.push_str("<g class=\"chip ");
    xml_into(out, &c.class);
    out.push('"');
    data_attributes(out, &c.source, positions);
    out.push('>');
    title(out, &c.tooltip);
    rect(out, &c.rect, 8);
    text(out, &c.text);
    out.push_str("</g>");
}

fn arrow_attributes(out: &mut String, class: &str, arrow: Arrow, suffix: &str) {
    let marker = MARKERS
        .iter()
        .find(|m| class.split(' ').any(|c| c == **m))
        .copied()
        .unwrap_or("source");
    match arrow {
        Arrow::None => {}
        Arrow::End => {
            let _ = write!(out, " marker-end=\"url(#ps-{marker}-{suffix})\"");
        }
        Arrow::Start => {
            let _ = write!(out, " marker-start=\"url(#ps-{marker}-start-{suffix})\"");
        }
    }
}

/// Writes the SVG document.
pub fn write(scene: &Scene, theme: Theme, positions: &Positions) -> String {
    let theme_class = match theme {
        Theme::Light => "theme-light",
        Theme::Dark => "theme-dark",
    };
    let suffix = id_suffix(scene, theme_class);
    let mut out = String::with_capacity(24 * 1024);
    let (w, h) = (num(scene.width), num(scene.height));
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ps {theme_class}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"ps-title-{suffix} ps-desc-{suffix}\">"
    );
    let _ = write!(out, "<title id=\"ps-title-{suffix}\">");
    xml_into(&mut out, &scene.title);
    let _ = write!(out, "</title><desc id=\"ps-desc-{suffix}\">");
    xml_into(&mut out, &scene.description);
    out.push_str("</desc><style>");
    out.push_str(STYLE.trim());
    out.push_str("</style><defs>");
    for m in MARKERS {
        let _ = write!(
            out,
            "<marker id=\"ps-{m}-{suffix}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 1L10 5L0 9z\" class=\"m-{m}\"/></marker><marker id=\"ps-{m}-start-{suffix}\" viewBox=\"0 0 10 10\" refX=\"1\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M10 1L0 5L10 9z\" class=\"m-{m}\"/></marker>"
        );
    }
    out.push_str("</defs>");
    let _ = write!(out, "<rect class=\"bg\" width=\"{w}\" height=\"{h}\"/>");
    for f in &scene.frames {
        group(&mut out, f.class, &f.source, positions);
        title(&mut out, &f.tooltip);
        rect(&mut out, &f.rect, 10);
        text(&mut out, &f.title);
        out.push_str("</g>");
    }
    // Links under boxes, so a line never hides text.
    for l in &scene.links {
        out.push_str("<g class=\"edge ");
        xml_into(&mut out, &l.class);
        out.push('"');
        data_attributes(&mut out, &l.source, positions);
        out.push('>');
        title(&mut out, &l.tooltip);
        out.push_str("<path");
        attr(&mut out, "d", &l.d);
        arrow_attributes(&mut out, &l.class, l.arrow, &suffix);
        out.push_str("/>");
        if let Some(label) = &l.label {
            text(&mut out, label);
        }
        out.push_str("</g>");
    }
    for s in &scene.shapes {
        out.push_str("<g class=\"node ");
        xml_into(&mut out, &s.class);
        out.push('"');
        data_attributes(&mut out, &s.source, positions);
        out.push('>');
        title(&mut out, &s.tooltip);
        rect(&mut out, &s.rect, 8);
        for t in &s.texts {
            if t.class == "step" {
                out.push_str("<circle class=\"badge\"");
                attr_num(&mut out, "cx", t.x);
                attr_num(&mut out, "cy", t.y - 4.0);
                out.push_str(" r=\"9\"/>");
            }
            text(&mut out, t);
        }
        for c in &s.chips {
            chip(&mut out, c, positions);
        }
        out.push_str("</g>");
    }
    for n in &scene.notes {
        group(&mut out, n.class, &n.source, positions);
        title(&mut out, &n.tooltip);
        if n.class.contains("note") {
            rect(&mut out, &n.rect, 8);
        }
        for (d, class, arrow) in &n.samples {
            out.push_str("<g class=\"edge ");
            xml_into(&mut out, class);
            out.push_str("\"><path");
            attr(&mut out, "d", d);
            arrow_attributes(&mut out, class, *arrow, &suffix);
            out.push_str("/></g>");
        }
        for t in &n.texts {
            text(&mut out, t);
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>\n");
    out
}
