//! A laid-out picture: frames, boxes with text and chips, links with labels, and notes. The
//! views build a [`Scene`]; the SVG and JSON writers and the overlap test read it.

use serde::Serialize;

use crate::source::Span;

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    #[serde(rename = "width")]
    pub w: f32,
    #[serde(rename = "height")]
    pub h: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// The interiors intersect (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() - 0.01
            && other.x < self.right() - 0.01
            && self.y < other.bottom() - 0.01
            && other.y < self.bottom() - 0.01
    }

    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x - 0.01
            && other.y >= self.y - 0.01
            && other.right() <= self.right() + 0.01
            && other.bottom() <= self.bottom() + 0.01
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One line of text; `y` is the baseline.
#[derive(Clone, Debug)]
pub struct Text {
    pub x: f32,
    pub y: f32,
    pub text: String,
    pub class: &'static str,
    pub anchor: Anchor,
    /// The area the text may take (for the overlap test).
    pub area: Rect,
}

/// What a diagram element stands for: a node or edge id and its source span.
#[derive(Clone, Debug, Default)]
pub struct Source {
    pub id: String,
    pub span: Option<Span>,
}

/// A group background with a header (the pod, a phase).
#[derive(Clone, Debug)]
pub struct Frame {
    pub source: Source,
    pub rect: Rect,
    pub class: &'static str,
    pub title: Text,
    pub tooltip: String,
}

/// A small rounded tag inside a box (a port, a probe, a pattern).
#[derive(Clone, Debug)]
pub struct Chip {
    pub source: Source,
    pub rect: Rect,
    pub text: Text,
    pub class: String,
    pub tooltip: String,
}

/// A node's box.
#[derive(Clone, Debug)]
pub struct Shape {
    pub source: Source,
    pub rect: Rect,
    pub class: String,
    pub texts: Vec<Text>,
    pub chips: Vec<Chip>,
    pub tooltip: String,
}

/// Where a link's arrowhead goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    None,
    /// At the end of the path.
    End,
    /// At the start of the path (data flows back to where the path starts).
    Start,
}

/// An edge: an SVG path, an optional label, an arrowhead.
#[derive(Clone, Debug)]
pub struct Link {
    pub source: Source,
    pub d: String,
    pub class: String,
    pub label: Option<Text>,
    pub tooltip: String,
    pub arrow: Arrow,
}

/// A block of text (the legend, the patterns and their evidence).
#[derive(Clone, Debug)]
pub struct Note {
    pub source: Source,
    pub rect: Rect,
    pub class: &'static str,
    pub texts: Vec<Text>,
    /// Sample strokes (path data and class), for the legend.
    pub samples: Vec<(String, String, Arrow)>,
    pub tooltip: String,
}

impl Text {
    pub fn translate(&mut self, dx: f32, dy: f32) {
        self.x += dx;
        self.y += dy;
        self.area.x += dx;
        self.area.y += dy;
    }
}

impl Shape {
    /// Moves the box with everything in it.
    pub fn translate(&mut self, dx: f32, dy: f32) {
        self.rect.x += dx;
        self.rect.y += dy;
        for t in &mut self.texts {
            t.translate(dx, dy);
        }
        for c in &mut self.chips {
            c.rect.x += dx;
            c.rect.y += dy;
            c.text.translate(dx, dy);
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    /// The accessible title and description of the whole picture.
    pub title: String,
    pub description: String,
    pub frames: Vec<Frame>,
    pub shapes: Vec<Shape>,
    pub links: Vec<Link>,
    pub notes: Vec<Note>,
}

impl Scene {
    /// Every pair of things that must not overlap but do: boxes with boxes, labels and notes
    /// with each other and with boxes, chips outside their box. Returns descriptions.
    pub fn overlaps(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut solids: Vec<(String, Rect)> = Vec::new();
        for s in &self.shapes {
            solids.push((format!("box {}", s.source.id), s.rect));
            for chip in &s.chips {
                if !s.rect.contains(&chip.rect) {
                    problems.push(format!(
                        "chip {} leaves box {}",
                        chip.source.id, s.source.id
                    ));
                }
            }
            for (i, a) in s.chips.iter().enumerate() {
                for b in &s.chips[i + 1..] {
                    if a.rect.overlaps(&b.rect) {
                        problems.push(format!("chips {} and {} overlap", a.source.id, b.source.id));
                    }
                }
            }
            for t in &s.texts {
                if !s.rect.contains(&t.area) {
                    problems.push(format!("text {:?} leaves box {}", t.text, s.source.id));
                }
                for chip in &s.chips {
                    if t.area.overlaps(&chip.rect) {
                        problems.push(format!(
                            "text {:?} overlaps chip {}",
                            t.text, chip.source.id
                        ));
                    }
                }
            }
        }
        for l in &self.links {
            if let Some(label) = &l.label {
                solids.push((format!("label of {}", l.source.id), label.area));
            }
        }
        for f in &self.frames {
            solids.push((format!("title of frame {}", f.title.text), f.title.area));
        }
        for n in &self.notes {
            solids.push((format!("note {}", n.source.id), n.rect));
        }
        for (i, (a, ra)) in solids.iter().enumerate() {
            for (b, rb) in &solids[i + 1..] {
                if ra.overlaps(rb) {
                    problems.push(format!("{a} overlaps {b}"));
                }
            }
        }
        for (a, ra) in &solids {
            if ra.x < -0.01
                || ra.y < -0.01
                || ra.right() > self.width + 0.01
                || ra.bottom() > self.height + 0.01
            {
                problems.push(format!("{a} leaves the picture"));
            }
        }
        problems
    }
}
