//! Layout and rendering of pod graphs, shared by every front end.
//!
//! Two views of one pod ([`crate::graph`]): the **pod** view (containers grouped by phase,
//! volumes, the objects the pod refers to, ports, and the edges between them, labelled with
//! mount paths; read-only and read-write mounts drawn differently) and the **timeline** view
//! (init steps in sequence, native sidecars started in order and kept running, app containers
//! in parallel, shutdown order); and one view of the whole input, the **app** view ([`app`]:
//! workloads, Services, Ingress routes, config objects, budgets and autoscalers). Each is laid out once into a [`scene::Scene`] and written as:
//!
//! - **SVG**: self-contained (no external fonts, scripts or links), with an accessible title and
//!   description, light and dark themes as CSS variables switched by a class on the root, and
//!   `data-id`/`data-range`/`data-bytes` on every element that stands for a node or edge.
//! - **JSON**: the graph (as in the JavaScript API) plus the position of every box and the path
//!   of every edge.
//! - **Mermaid** and **DOT**: the same graph as text for other tools, laid out by them.
//!
//! The layout is deterministic: the same text gives the same bytes.

pub mod app;
pub mod dot;
pub mod mermaid;
pub mod pod;
pub mod scene;
pub mod svg;
pub mod text;
pub mod timeline;

use serde::Serialize;

use crate::analyze::{Analysis, Diagnostic};
use crate::graph::app::{AppGraph, AppGraphDto};
use crate::graph::{self, PodGraph, PodGraphDto};
use crate::source::Positions;

/// Which picture of a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// Containers grouped by phase, volumes, references, ports and the edges between them.
    Pod,
    /// Startup and shutdown order over time.
    Timeline,
    /// The whole input: workloads, the Services that select them, Ingress routes, the config
    /// objects their pods use, budgets and autoscalers. Ignores `document`.
    App,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Svg,
    Mermaid,
    Dot,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
}

/// What to draw and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// The document (index as in `Document::index`); `None` = the first document with a pod.
    pub document: Option<usize>,
    pub view: View,
    pub format: Format,
    pub theme: Theme,
}

/// A laid-out diagram as JSON: the graph, and where each box and edge was placed.
///
/// ```ts
/// interface Diagram {
///   view: "pod" | "timeline" | "app";
///   width: number; height: number;
///   graph: PodGraph | AppGraph;       // as in the analysis result (AppGraph for the app view)
///   boxes: { id: string; x: number; y: number; width: number; height: number }[];
///   edges: { id: string; path: string; label?: { text: string; x: number; y: number; width: number; height: number } }[];
/// }
/// ```
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DiagramDto {
    pub view: View,
    pub width: f32,
    pub height: f32,
    pub graph: DiagramGraph,
    pub boxes: Vec<BoxDto>,
    pub edges: Vec<EdgePathDto>,
}

/// The graph a diagram draws: one pod's, or the application's.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(untagged)]
pub enum DiagramGraph {
    Pod(PodGraphDto),
    App(AppGraphDto),
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BoxDto {
    pub id: String,
    #[serde(flatten)]
    pub rect: scene::Rect,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EdgePathDto {
    pub id: String,
    /// SVG path data.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<LabelDto>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LabelDto {
    pub text: String,
    #[serde(flatten)]
    pub rect: scene::Rect,
}

/// The document to draw and its graph.
pub fn select(analysis: &Analysis, document: Option<usize>) -> Result<PodGraph, String> {
    let documents: Vec<_> = analysis.documents.iter().filter(|d| !d.empty).collect();
    let Some(index) = document else {
        let all = graph::graphs(analysis);
        return all.into_iter().next().ok_or_else(|| {
            if documents.is_empty() {
                "the input has no documents".to_string()
            } else {
                "no document holds a pod or pod template (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate)".to_string()
            }
        });
    };
    let Some(doc) = analysis.documents.iter().find(|d| d.index == index) else {
        let last = analysis.documents.iter().map(|d| d.index).max();
        return Err(match last {
            Some(last) => {
                format!("there is no document index {index}: indices run from 0 to {last}")
            }
            None => "the input has no documents".to_string(),
        });
    };
    graph::graph_of(analysis, index).ok_or_else(|| {
        format!(
            "document index {index} ({}) holds no pod or pod template",
            doc.kind
        )
    })
}

/// Lays out one view of a pod.
pub fn scene_of(g: &PodGraph, analysis: &Analysis, view: View) -> scene::Scene {
    match view {
        View::Pod => {
            let diagnostics: Vec<&Diagnostic> = analysis
                .diagnostics
                .iter()
                .filter(|d| d.document == Some(g.document))
                .collect();
            pod::layout(g, &diagnostics)
        }
        View::Timeline => timeline::layout(g),
        View::App => app::layout(&application(analysis)),
    }
}

/// The application graph of an analysed input.
pub fn application(analysis: &Analysis) -> AppGraph {
    graph::app::build(analysis, &graph::graphs(analysis))
}

/// Renders the app view of the whole input.
fn render_app(text: &str, analysis: &Analysis, options: &RenderOptions) -> Result<String, String> {
    let app = application(analysis);
    if app.is_empty() {
        return Err(if analysis.documents.iter().all(|d| d.empty) {
            "the input has no documents".to_string()
        } else {
            "the input defines no workload, Service, Ingress, PodDisruptionBudget, HorizontalPodAutoscaler, ConfigMap, Secret or PersistentVolumeClaim".to_string()
        });
    }
    Ok(match options.format {
        Format::Svg => svg::write(&app::layout(&app), options.theme, &Positions::new(text)),
        Format::Mermaid => mermaid::write_app(&app),
        Format::Dot => dot::write_app(&app, options.theme),
        Format::Json => {
            let positions = Positions::new(text);
            let scene = app::layout(&app);
            let mut dto = boxes_and_edges(&scene);
            dto.view = View::App;
            dto.graph = DiagramGraph::App(AppGraphDto::new(&app, &positions));
            serde_json::to_string_pretty(&dto).unwrap_or_default() + "\n"
        }
    })
}

/// Renders the pod of one document of `text` (already analysed). Errors are messages for users
/// (no pod in that document, no such document).
pub fn render(text: &str, analysis: &Analysis, options: &RenderOptions) -> Result<String, String> {
    if options.view == View::App {
        return render_app(text, analysis, options);
    }
    let g = select(analysis, options.document)?;
    Ok(match options.format {
        Format::Svg => {
            let positions = Positions::new(text);
            svg::write(
                &scene_of(&g, analysis, options.view),
                options.theme,
                &positions,
            )
        }
        Format::Mermaid => mermaid::write(&g, options.view),
        Format::Dot => dot::write(&g, options.view, options.theme),
        Format::Json => {
            let positions = Positions::new(text);
            let dto = diagram_dto(
                &g,
                &scene_of(&g, analysis, options.view),
                options.view,
                &positions,
            );
            serde_json::to_string_pretty(&dto).unwrap_or_default() + "\n"
        }
    })
}

/// The JSON shape of a laid-out diagram.
pub fn diagram_dto(
    g: &PodGraph,
    scene: &scene::Scene,
    view: View,
    positions: &Positions,
) -> DiagramDto {
    let mut dto = boxes_and_edges(scene);
    dto.view = view;
    dto.graph = DiagramGraph::Pod(PodGraphDto::new(g, positions));
    dto
}

/// Where a scene put its boxes and edges (the graph left empty).
fn boxes_and_edges(scene: &scene::Scene) -> DiagramDto {
    let mut boxes = Vec::new();
    for s in &scene.shapes {
        boxes.push(BoxDto {
            id: s.source.id.clone(),
            rect: s.rect,
        });
        for c in &s.chips {
            if c.source.id != s.source.id && !c.source.id.is_empty() {
                boxes.push(BoxDto {
                    id: c.source.id.clone(),
                    rect: c.rect,
                });
            }
        }
    }
    for f in &scene.frames {
        if !f.source.id.is_empty() {
            boxes.push(BoxDto {
                id: f.source.id.clone(),
                rect: f.rect,
            });
        }
    }
    let edges = scene
        .links
        .iter()
        .map(|l| EdgePathDto {
            id: l.source.id.clone(),
            path: l.d.clone(),
            label: l.label.as_ref().map(|t| LabelDto {
                text: t.text.clone(),
                rect: t.area,
            }),
        })
        .collect();
    DiagramDto {
        view: View::Pod,
        width: scene.width,
        height: scene.height,
        graph: DiagramGraph::App(AppGraphDto::default()),
        boxes,
        edges,
    }
}
