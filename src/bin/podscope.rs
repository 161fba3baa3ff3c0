//! The `podscope` command line.

// The analysis builds a tree of many small nodes and strings per document and drops it again;
// mimalloc makes a full analysis about a sixth faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::{Arc, Condvar, Mutex};

use clap::{Parser, Subcommand, ValueEnum};
use podscope::analyze::{Analysis, MAX_INPUT_BYTES, Met, analyze_decoded, analyze_in_run};
use podscope::api::{DiagnosticDto, DocumentDto, Positions};
use podscope::config::Config;
use podscope::graph::catalog::Catalog;
use podscope::lint::Profile;
use podscope::podsecurity::Level;
use podscope::render;
use podscope::rules::Severity;
use podscope::source::Decoded;
use podscope::validate::{Options, RuleSetting};

#[derive(Parser)]
#[command(
    name = "podscope",
    version,
    about = "Validate Kubernetes pod specs exactly as the API server does, and see inside the pod"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate manifests: files, folders (searched for .yaml, .yml, .json) or `-` for stdin.
    Check {
        /// Files or folders; `-` reads standard input. Default: the current folder.
        paths: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Colour in text output (default: only on a terminal, and never with NO_COLOR set).
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        /// Turn a rule off or change its severity, by code or name: `--rule PS5001=off`,
        /// `--rule unknown-field=warning` (off, error, warning, info). Repeatable.
        #[arg(long = "rule", value_name = "RULE=SETTING", value_parser = parse_rule_setting)]
        rules: Vec<(String, RuleSetting)>,
        /// Treat the API server as started without `--allow-privileged`.
        #[arg(long)]
        disallow_privileged: bool,
        /// Apply Pod Security admission as if every namespace enforced and warned this level
        /// (`kind: Namespace` documents in the input can set their own with the
        /// `pod-security.kubernetes.io/enforce` and `warn` labels). Default: `privileged` (none),
        /// or the `podSecurity` of a `.podscope.yaml`.
        #[arg(long, value_enum)]
        pod_security: Option<PodSecurity>,
        /// Which best-practice checks run: `default` (high-signal), `all`, or `none`. Default:
        /// `default`, or the `profile` of a `.podscope.yaml`.
        #[arg(long, value_enum)]
        profile: Option<LintProfile>,
        /// Settings file to use for every input, instead of the `.podscope.yaml` found in each
        /// file's folder or the nearest folder above it.
        #[arg(long, value_name = "PATH")]
        config: Option<PathBuf>,
        /// With `--format sarif`: artifact paths are written relative to this folder (with
        /// forward slashes) when the file is under it, as GitHub code scanning wants paths
        /// relative to the repository root; other paths are written as given. Default: the
        /// current folder.
        #[arg(long, value_name = "DIR")]
        sarif_root: Option<PathBuf>,
        /// How many files to check at once. Default: one per core. The output is the same for
        /// any number.
        #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
    /// List every rule with its code, severity and summary, or document one rule.
    Rules {
        /// A rule's code (`PS1202`) or name (`container-image-required`): print its documentation.
        rule: Option<String>,
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Draw the inside of a pod: its containers, volumes, references and startup order.
    Graph {
        /// A manifest file, or `-` for standard input.
        path: String,
        #[arg(long, value_enum, default_value_t = GraphFormat::Svg)]
        format: GraphFormat,
        #[arg(long, value_enum, default_value_t = GraphView::Pod)]
        view: GraphView,
        /// The document to draw, counted from 1 as `check`'s text output, the page and VS Code
        /// number them (the JSON `index` plus one). Default: the first pod.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        document: Option<u64>,
        #[arg(long, value_enum, default_value_t = GraphTheme::Light)]
        theme: GraphTheme,
    },
}

/// A set of best-practice checks.
#[derive(Clone, Copy, ValueEnum)]
enum LintProfile {
    /// Only the API server's verdicts and Podscope's run-time checks.
    None,
    /// The high-signal checks a team can adopt on day one.
    Default,
    /// Every best-practice check.
    All,
}

/// A Pod Security Standards level.
#[derive(Clone, Copy, ValueEnum)]
enum PodSecurity {
    /// No restrictions (the API server's default).
    Privileged,
    Baseline,
    Restricted,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Svg,
    Mermaid,
    Dot,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphView {
    /// Containers by phase, volumes, references, ports.
    Pod,
    /// Startup and shutdown order.
    Timeline,
    /// The whole input: workloads, Services, Ingress routes, config objects, budgets and
    /// autoscalers (`--document` does not apply).
    App,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphTheme {
    Light,
    Dark,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
    /// One line per document: the seven columns of the API-server verdicts corpus.
    Reference,
    /// JUnit XML for CI systems: a test suite per file, a test case per document, a failure
    /// per document with errors.
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    /// Every rule's documentation as one Markdown page (`docs/rules.md`).
    Markdown,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            paths,
            format,
            color,
            rules,
            disallow_privileged,
            pod_security,
            profile,
            config,
            sarif_root,
            jobs,
        } => {
            let settings = Settings {
                rules,
                disallow_privileged,
                pod_security: pod_security.map(|level| match level {
                    PodSecurity::Privileged => Level::Privileged,
                    PodSecurity::Baseline => Level::Baseline,
                    PodSecurity::Restricted => Level::Restricted,
                }),
                profile: profile.map(|profile| match profile {
                    LintProfile::None => Profile::None,
                    LintProfile::Default => Profile::Default,
                    LintProfile::All => Profile::All,
                }),
            };
            let configs = match Configs::new(config.as_deref()) {
                Ok(configs) => configs,
                Err(message) => {
                    eprintln!("podscope: {message}");
                    return ExitCode::from(2);
                }
            };
            check(
                &paths,
                format,
                color,
                &settings,
                configs,
                sarif_root.as_deref(),
                jobs.map_or_else(
                    || std::thread::available_parallelism().map_or(1, usize::from),
                    usize::from,
                ),
            )
        }
        Command::Rules { rule, format } => rules(rule.as_deref(), format),
        Command::Graph {
            path,
            format,
            view,
            document,
            theme,
        } => graph(&path, format, view, document, theme),
    }
}

fn graph(
    path: &str,
    format: GraphFormat,
    view: GraphView,
    document: Option<u64>,
    theme: GraphTheme,
) -> ExitCode {
    use podscope::diagram::{Format as F, RenderOptions, Theme as T, View as V};
    let mut inputs = Vec::new();
    let settings = Settings {
        rules: Vec::new(),
        disallow_privileged: false,
        pod_security: None,
        profile: None,
    };
    let collected = Configs::new(None)
        .and_then(|mut configs| collect(path, &mut inputs, &settings, &mut configs));
    if let Err(message) = collected {
        eprintln!("podscope: {message}");
        return ExitCode::from(2);
    }
    if inputs.len() != 1 {
        eprintln!(
            "podscope: graph draws one file; {path} holds {} manifests",
            inputs.len()
        );
        return ExitCode::from(2);
    }
    let loaded = match inputs[0].load() {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("podscope: {message}");
            return ExitCode::from(2);
        }
    };
    match &loaded.refused {
        Some(Refusal::TooLarge(size)) => {
            for d in podscope::analyze::too_large(*size, &Options::default()).diagnostics {
                eprintln!(
                    "podscope: {}: {} [{}]",
                    inputs[0].path, d.message, d.rule.code
                );
            }
            return ExitCode::from(2);
        }
        Some(Refusal::Unreadable(reason)) => {
            eprintln!("podscope: {}: {reason}", inputs[0].path);
            return ExitCode::from(2);
        }
        None => {}
    }
    let text = &loaded.text.text;
    let analysis = analyze_decoded(text, &loaded.text.errors, &inputs[0].options);
    if matches!(view, GraphView::App) && document.is_some() {
        eprintln!(
            "podscope: --document picks the pod of the pod and timeline views; the app view draws every document"
        );
        return ExitCode::from(2);
    }
    // `--document N` counts from 1; the analysis (and the messages of `render`) from 0, so a
    // number that names no pod is explained here, in the user's numbering.
    let document = match document.map(|n| usize::try_from(n - 1).unwrap_or(usize::MAX)) {
        Some(index) => {
            let present = analysis.documents.iter().filter(|d| !d.empty);
            match present.clone().find(|d| d.index == index) {
                None => {
                    let message = match present.map(|d| d.index).max() {
                        Some(last) => format!(
                            "there is no document {}: documents are numbered 1 to {}",
                            index.saturating_add(1),
                            last + 1
                        ),
                        None => "the input has no documents".to_string(),
                    };
                    eprintln!("podscope: {}: {message}", inputs[0].path);
                    return ExitCode::from(2);
                }
                Some(doc) if podscope::graph::graph_of(&analysis, index).is_none() => {
                    eprintln!(
                        "podscope: {}: document {} ({}) holds no pod or pod template",
                        inputs[0].path,
                        index + 1,
                        doc.kind
                    );
                    return ExitCode::from(2);
                }
                Some(_) => Some(index),
            }
        }
        None => None,
    };
    let options = RenderOptions {
        document,
        view: match view {
            GraphView::Pod => V::Pod,
            GraphView::Timeline => V::Timeline,
            GraphView::App => V::App,
        },
        format: match format {
            GraphFormat::Svg => F::Svg,
            GraphFormat::Mermaid => F::Mermaid,
            GraphFormat::Dot => F::Dot,
            GraphFormat::Json => F::Json,
        },
        theme: match theme {
            GraphTheme::Light => T::Light,
            GraphTheme::Dark => T::Dark,
        },
    };
    match podscope::diagram::render(text, &analysis, &options) {
        Ok(out) => {
            if !print(&out) {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("podscope: {}: {message}", inputs[0].path);
            ExitCode::from(2)
        }
    }
}

/// What the command line says; a `.podscope.yaml` fills in what it leaves out.
struct Settings {
    rules: Vec<(String, RuleSetting)>,
    disallow_privileged: bool,
    pod_security: Option<Level>,
    profile: Option<Profile>,
}

impl Settings {
    /// The analysis options for a file under `config` (if any): flags win over the file, and
    /// `--rule` settings are applied after the file's.
    fn options(&self, config: Option<&Loaded>) -> Options {
        let file = config.map(|c| &c.config);
        let mut rules = file.map(|c| c.rules.clone()).unwrap_or_default();
        rules.extend(self.rules.iter().cloned());
        let defaults = Options::default();
        Options {
            allow_privileged: !self.disallow_privileged
                && file
                    .and_then(|c| c.allow_privileged)
                    .unwrap_or(defaults.allow_privileged),
            rules,
            pod_security: self
                .pod_security
                .or(file.and_then(|c| c.pod_security))
                .unwrap_or(defaults.pod_security),
            profile: self
                .profile
                .or(file.and_then(|c| c.profile))
                .unwrap_or(defaults.profile),
        }
    }
}

/// A `.podscope.yaml` that was read, with its folder (its `ignore` globs are relative to it).
struct Loaded {
    dir: PathBuf,
    config: Config,
    ignore: globset::GlobSet,
}

/// Finds and reads settings files, once per folder.
struct Configs {
    explicit: Option<Rc<Loaded>>,
    by_dir: HashMap<PathBuf, Option<Rc<Loaded>>>,
    /// The working directory, asked for once (a folder of 10,000 files would ask 10,000 times).
    cwd: Option<PathBuf>,
}

impl Configs {
    fn new(explicit: Option<&Path>) -> Result<Configs, String> {
        let explicit = match explicit {
            Some(path) => Some(Rc::new(load(path)?)),
            None => None,
        };
        Ok(Configs {
            explicit,
            by_dir: HashMap::new(),
            cwd: std::env::current_dir().ok(),
        })
    }

    /// The settings for a file: `--config`, else the nearest `.podscope.yaml` from the file's
    /// folder up.
    fn for_file(&mut self, file: &Path) -> Result<Option<Rc<Loaded>>, String> {
        if let Some(explicit) = &self.explicit {
            return Ok(Some(explicit.clone()));
        }
        // As `std::path::absolute` does: joined to the working directory, `.` parts dropped.
        let absolute: PathBuf = match &self.cwd {
            Some(cwd) if file.is_relative() => cwd.join(file).components().collect(),
            _ => std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf()),
        };
        let mut visited = Vec::new();
        let mut dir = absolute.parent().map(Path::to_path_buf);
        let found = loop {
            let Some(current) = dir else { break None };
            if let Some(known) = self.by_dir.get(&current) {
                break known.clone();
            }
            let candidate = current.join(podscope::config::FILE_NAME);
            visited.push(current.clone());
            if candidate.is_file() {
                break Some(Rc::new(load(&candidate)?));
            }
            dir = current.parent().map(Path::to_path_buf);
        };
        for dir in visited {
            self.by_dir.insert(dir, found.clone());
        }
        Ok(found)
    }
}

fn load(path: &Path) -> Result<Loaded, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {}", path.display(), io_reason(&e)))?;
    let config = podscope::config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut globs = globset::GlobSetBuilder::new();
    for pattern in &config.ignore {
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("{}: ignore: {e}", path.display()))?;
        globs.add(glob);
    }
    let ignore = globs
        .build()
        .map_err(|e| format!("{}: ignore: {e}", path.display()))?;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(Loaded {
        dir: absolute.parent().map(Path::to_path_buf).unwrap_or_default(),
        config,
        ignore,
    })
}

impl Loaded {
    /// Whether a file found by a folder scan is one the settings say not to check.
    fn ignores(&self, file: &Path) -> bool {
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        absolute
            .strip_prefix(&self.dir)
            .is_ok_and(|relative| self.ignore.is_match(relative))
    }
}

struct Input {
    path: String,
    /// The settings this file is checked with (from the flags and its `.podscope.yaml`).
    options: Options,
    /// How the file was met (by a folder scan, in a Helm chart).
    met: Met,
    body: Body,
}

/// What is known of an input before its analysis. Files are read by the worker that checks
/// them (and read again for the analysis after the first pass), so a run holds only the files
/// being checked at one time.
enum Body {
    /// Already read: standard input.
    Read(Decoded),
    /// A file to read; `scanned` when a folder scan found it.
    File(PathBuf),
    /// Not analysed: refused before it was read whole, or not read at all.
    Refused(Refusal),
}

/// An input's text, or why it is not analysed.
struct Text {
    text: Decoded,
    refused: Option<Refusal>,
}

impl Input {
    /// Reads the input (a file now, standard input already); `Err` is a file named on the command
    /// line that could not be read (a scanned one becomes a refusal).
    fn load(&self) -> Result<Text, String> {
        match &self.body {
            Body::Read(text) => Ok(Text {
                text: text.clone(),
                refused: None,
            }),
            Body::Refused(refusal) => Ok(Text {
                text: Decoded::default(),
                refused: Some(refusal.clone()),
            }),
            Body::File(path) => match read_file(path, self.met.scanned) {
                Ok((text, refused)) => Ok(Text { text, refused }),
                Err(e) if self.met.scanned => Ok(Text {
                    text: Decoded::default(),
                    refused: Some(Refusal::Unreadable(format!(
                        "skipped: cannot read this file: {}",
                        io_reason(&e)
                    ))),
                }),
                Err(e) => Err(format!("cannot read {}: {}", self.path, io_reason(&e))),
            },
        }
    }
}

#[derive(Clone)]
enum Refusal {
    /// Over the size cap, with its size when known.
    TooLarge(Option<u64>),
    /// A folder entry that could not be read, and why.
    Unreadable(String),
}

fn parse_rule_setting(arg: &str) -> Result<(String, RuleSetting), String> {
    let (rule, setting) = arg
        .split_once('=')
        .ok_or("expected RULE=SETTING, e.g. PS5001=off")?;
    if podscope::rules::all()
        .iter()
        .all(|r| r.code != rule && r.name != rule)
    {
        return Err(format!("no rule named {rule} (see `podscope rules`)"));
    }
    let setting = match setting {
        "off" => RuleSetting::Off,
        "error" => RuleSetting::Error,
        "warning" => RuleSetting::Warning,
        "info" => RuleSetting::Info,
        other => {
            return Err(format!(
                "setting {other} is not one of off, error, warning, info"
            ));
        }
    };
    Ok((rule.to_string(), setting))
}

fn check(
    paths: &[String],
    format: Format,
    color: Color,
    settings: &Settings,
    mut configs: Configs,
    sarif_root: Option<&Path>,
    jobs: usize,
) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![".".to_string()]
    } else {
        paths.to_vec()
    };
    let mut io_problem = false;
    let mut inputs = Vec::new();
    for path in &paths {
        if let Err(message) = collect(path, &mut inputs, settings, &mut configs) {
            eprintln!("podscope: {message}");
            io_problem = true;
        }
    }
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    // First pass, over several inputs: the objects each defines, so that references resolve
    // across the whole run (a ServiceAccount in the file next to the Deployment's).
    let run = (inputs.len() > 1).then(|| {
        let mut run = Catalog::default();
        in_order(
            inputs.len(),
            jobs,
            |i| match inputs[i].load() {
                Ok(Text {
                    text,
                    refused: None,
                }) => Catalog::defined_in(&text.text),
                _ => Catalog::default(),
            },
            |defined| run.merge(defined),
        );
        Arc::new(run)
    });
    let mut totals = Totals::default();
    let mut kept: Vec<(String, String, Analysis)> = Vec::new();
    let mut failed = false;
    let mut first = true;
    let mut out = std::io::stdout().lock();
    let mut write = |chunk: &str| {
        if !failed && out.write_all(chunk.as_bytes()).is_err() {
            failed = true;
        }
    };
    if matches!(format, Format::Json) {
        write("{\n  \"files\": [");
    }
    in_order(
        inputs.len(),
        jobs,
        |i| checked(&inputs[i], run.as_ref(), format, color),
        |outcome| match outcome {
            Err(message) => {
                eprintln!("podscope: {message}");
                io_problem = true;
            }
            Ok(file) => {
                totals.add(&file);
                match format {
                    Format::Json => {
                        write(if first { "\n" } else { ",\n" });
                        write(&file.out);
                    }
                    Format::Sarif | Format::Junit => kept.extend(file.kept),
                    Format::Text | Format::Reference => write(&file.out),
                }
                first = false;
            }
        },
    );
    match format {
        Format::Text => write(&totals.text_summary()),
        Format::Json => {
            let summary = serde_json::json!({
                "files": totals.files,
                "errors": totals.errors,
                "warnings": totals.warnings,
                "infos": totals.infos,
            });
            let summary = serde_json::to_string_pretty(&summary)
                .expect("JSON")
                .replace('\n', "\n  ");
            let close = if first { "]" } else { "\n  ]" };
            write(&format!(
                "{close},\n  \"podscope\": \"{}\",\n  \"summary\": {summary}\n}}\n",
                env!("CARGO_PKG_VERSION")
            ));
        }
        Format::Sarif | Format::Junit => {
            let files: Vec<(String, &str, &Analysis)> = kept
                .iter()
                .map(|(path, text, a)| (path.clone(), text.as_str(), a))
                .collect();
            let rendered = if matches!(format, Format::Junit) {
                render::junit(&files)
            } else {
                let root = match sarif_root {
                    Some(dir) => std::path::absolute(dir).ok(),
                    None => std::env::current_dir().ok(),
                };
                let files: Vec<(String, &str, &Analysis)> = files
                    .into_iter()
                    .map(|(path, text, a)| (sarif_uri(&path, root.as_deref()), text, a))
                    .collect();
                serde_json::to_string_pretty(&render::sarif(&files)).expect("JSON") + "\n"
            };
            write(&rendered);
        }
        Format::Reference => {}
    }
    if failed || out.flush().is_err() {
        return ExitCode::from(2);
    }
    if io_problem {
        ExitCode::from(2)
    } else if totals.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Where the workers of [`in_order`] are: the next run to start and to emit, by index, and how
/// many workers wait for the window to move.
struct Claim {
    next_to_start: usize,
    next_to_emit: usize,
    waiting: usize,
}

/// Runs `work` on `0..n` with `jobs` threads and hands every result to `emit` in index order, as
/// it becomes available. Workers take inputs in runs of consecutive indices (one hand-off per
/// run: for small files the hand-off between threads costs more than the analysis) and start at
/// most a few runs ahead of the next one to emit, so only those results are held at a time. With
/// one job (or one input) everything runs on the calling thread; either way `emit` sees the same
/// results in the same order.
fn in_order<T: Send>(
    n: usize,
    jobs: usize,
    work: impl Fn(usize) -> T + Sync,
    mut emit: impl FnMut(T),
) {
    let jobs = jobs.clamp(1, n.max(1));
    if jobs == 1 {
        (0..n).for_each(|i| emit(work(i)));
        return;
    }
    // Long runs for many inputs, short ones for few, so that every thread gets work.
    let run = (n / (jobs * 16)).clamp(1, 32);
    let runs = n.div_ceil(run);
    // How many runs ahead of the next one to emit a worker may start.
    let window = jobs * 4;
    let claim = Mutex::new(Claim {
        next_to_start: 0,
        next_to_emit: 0,
        waiting: 0,
    });
    let emitted = Condvar::new();
    let (send, receive) = std::sync::mpsc::channel::<(usize, Vec<T>)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let send = send.clone();
            let (claim, emitted, work) = (&claim, &emitted, &work);
            scope.spawn(move || {
                loop {
                    let r = {
                        let mut state = claim.lock().expect("lock");
                        while state.next_to_start < runs
                            && state.next_to_start >= state.next_to_emit + window
                        {
                            state.waiting += 1;
                            state = emitted.wait(state).expect("lock");
                            state.waiting -= 1;
                        }
                        if state.next_to_start >= runs {
                            break;
                        }
                        state.next_to_start += 1;
                        state.next_to_start - 1
                    };
                    let results = (r * run..((r + 1) * run).min(n)).map(work).collect();
                    if send.send((r, results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0;
        for (r, results) in receive {
            pending.insert(r, results);
            let before = next;
            while let Some(results) = pending.remove(&next) {
                results.into_iter().for_each(&mut emit);
                next += 1;
            }
            if next > before {
                let mut state = claim.lock().expect("lock");
                state.next_to_emit = next;
                if state.waiting > 0 {
                    emitted.notify_all();
                }
            }
        }
    });
}

/// One checked input, ready to print.
struct Checked {
    /// What the format prints for this file (text, a JSON file object, reference lines).
    out: String,
    errors: usize,
    warnings: usize,
    infos: usize,
    documents: usize,
    /// The kinds of the documents noted as not checked (PS0011) and left out of `out`.
    unchecked: Vec<String>,
    /// For SARIF and JUnit, which render all files at once: the path, text and analysis.
    kept: Option<(String, String, Analysis)>,
}

/// Reads, analyses and renders one input.
fn checked(
    input: &Input,
    run: Option<&Arc<Catalog>>,
    format: Format,
    color: bool,
) -> Result<Checked, String> {
    let Text { text, refused } = input.load()?;
    let mut analysis = match refused {
        Some(Refusal::TooLarge(size)) => podscope::analyze::too_large(size, &input.options),
        Some(Refusal::Unreadable(reason)) => {
            podscope::analyze::unreadable_entry(reason, &input.options)
        }
        None => {
            let analysis = analyze_in_run(&text.text, &text.errors, &input.options, run);
            podscope::analyze::triage(&text.text, analysis, input.met, &input.options)
        }
    };
    let text = text.text;
    let mut file = Checked {
        out: String::new(),
        errors: 0,
        warnings: 0,
        infos: 0,
        documents: analysis
            .documents
            .iter()
            .filter(|d| !d.empty && d.item.is_none())
            .count(),
        unchecked: Vec::new(),
        kept: None,
    };
    for d in &analysis.diagnostics {
        match d.severity {
            Severity::Error => file.errors += 1,
            Severity::Warning => file.warnings += 1,
            Severity::Info => file.infos += 1,
        }
    }
    match format {
        Format::Text => {
            // Notes on kinds Podscope does not validate are summed up in one line per run.
            analysis.diagnostics.retain(|d| {
                let collapse = d.rule.code == podscope::input::NOT_CHECKED.code
                    && d.severity == Severity::Info;
                if collapse {
                    let what = d.message.trim_end_matches(" is not checked");
                    let kind = what.rsplit(' ').next().unwrap_or(what);
                    file.unchecked.push(kind.to_string());
                }
                !collapse
            });
            file.out = render::text_report(&input.path, &text, &analysis, color);
        }
        Format::Json => {
            let positions = Positions::new(&text);
            let diagnostics: Vec<DiagnosticDto> = analysis
                .diagnostics
                .iter()
                .map(|d| DiagnosticDto::new(d, &positions))
                .collect();
            let documents: Vec<DocumentDto> = analysis
                .documents
                .iter()
                .filter(|d| !d.empty)
                .map(|d| DocumentDto::new(d, &positions))
                .collect();
            let value = serde_json::json!({ "path": input.path, "documents": documents, "diagnostics": diagnostics });
            // Pretty-printed JSON has no newline inside a string, so indenting every line
            // nests the object in the `files` array exactly as printing the whole report would.
            let pretty = serde_json::to_string_pretty(&value).expect("JSON");
            let mut out = String::with_capacity(pretty.len() + pretty.len() / 8);
            for (n, line) in pretty.lines().enumerate() {
                if n > 0 {
                    out.push('\n');
                }
                out.push_str("    ");
                out.push_str(line);
            }
            file.out = out;
        }
        Format::Reference => file.out = render::reference_lines(&input.path, &analysis),
        Format::Sarif | Format::Junit => {
            file.kept = Some((input.path.clone(), text, analysis));
        }
    }
    Ok(file)
}

/// The counts of a run.
#[derive(Default)]
struct Totals {
    files: usize,
    documents: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    unchecked: std::collections::BTreeMap<String, usize>,
}

impl Totals {
    fn add(&mut self, file: &Checked) {
        self.files += 1;
        self.documents += file.documents;
        self.errors += file.errors;
        self.warnings += file.warnings;
        self.infos += file.infos;
        for kind in &file.unchecked {
            *self.unchecked.entry(kind.clone()).or_default() += 1;
        }
    }

    /// The last lines of the text output: the documents not checked (one line for the run), then
    /// the counts (notes include the not-checked ones, as in the JSON summary).
    fn text_summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut out = String::new();
        let unchecked: usize = self.unchecked.values().sum();
        if unchecked > 0 {
            let mut kinds: Vec<(&String, &usize)> = self.unchecked.iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let shown = 6;
            let mut list: Vec<String> = kinds
                .iter()
                .take(shown)
                .map(|(kind, n)| format!("{kind} {n}"))
                .collect();
            if kinds.len() > shown {
                list.push(format!("and {}", plural(kinds.len() - shown, "other kind")));
            }
            out.push_str(&format!(
                "info[PS0011]: {} of kinds Podscope does not validate were not checked ({}); `--format json` lists each, `--rule not-checked=off` hides this line\n",
                plural(unchecked, "document"),
                list.join(", ")
            ));
        }
        out.push_str(&format!(
            "{}, {}, {} in {} ({})\n",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "note"),
            plural(self.files, "file"),
            plural(self.documents, "document"),
        ));
        out
    }
}

/// A SARIF artifact URI for a checked path: relative to `root` (forward slashes) when the file
/// is under it, else the path as given (standard input keeps its `<stdin>` name).
fn sarif_uri(path: &str, root: Option<&Path>) -> String {
    let given = || path.to_string();
    let Some(root) = root else {
        return given();
    };
    if path == "<stdin>" {
        return path.to_string();
    }
    let Ok(absolute) = std::path::absolute(path) else {
        return given();
    };
    // `absolute` keeps `..`; drop `.` and resolve `..` by hand (no file system access, so a
    // symbolic link is taken as written).
    let normalize = |p: &Path| {
        let mut out = PathBuf::new();
        for part in p.components() {
            match part {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    };
    match normalize(&absolute).strip_prefix(normalize(root)) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        _ => given(),
    }
}

/// Lists a file, stdin (read now), or every manifest under a folder (sorted, so output is
/// stable). A folder entry that cannot be read is kept as a refusal for its path, and the scan
/// goes on. Files are read later, by the worker that checks them.
fn collect(
    path: &str,
    inputs: &mut Vec<Input>,
    settings: &Settings,
    configs: &mut Configs,
) -> Result<(), String> {
    if path == "-" {
        let (text, refused) = read_capped(std::io::stdin().lock(), None)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        let config = configs.for_file(Path::new("./-"))?;
        inputs.push(Input {
            path: "<stdin>".into(),
            options: settings.options(config.as_deref()),
            met: Met::default(),
            body: match refused {
                Some(refusal) => Body::Refused(refusal),
                None => Body::Read(text),
            },
        });
        return Ok(());
    }
    let p = Path::new(path);
    let meta =
        std::fs::metadata(p).map_err(|e| format!("cannot read {path}: {}", io_reason(&e)))?;
    if meta.is_dir() {
        let mut found = Vec::new();
        walk(p, &mut found).map_err(|e| format!("cannot read {path}: {}", io_reason(&e)))?;
        found.sort_by(|a, b| a.0.cmp(&b.0));
        if found.is_empty() {
            return Err(format!("no .yaml, .yml or .json files under {path}"));
        }
        let mut charts = HashMap::new();
        for (file, skipped) in found {
            if file
                .file_name()
                .is_some_and(|name| name == podscope::config::FILE_NAME)
            {
                continue; // the settings file is not a manifest
            }
            let config = configs.for_file(&file)?;
            if config.as_ref().is_some_and(|c| c.ignores(&file)) {
                continue;
            }
            inputs.push(Input {
                path: file.display().to_string(),
                options: settings.options(config.as_deref()),
                met: Met {
                    scanned: true,
                    in_chart: in_chart(&file, &mut charts),
                },
                body: match skipped {
                    Some(reason) => Body::Refused(Refusal::Unreadable(reason)),
                    None => Body::File(file),
                },
            });
        }
        return Ok(());
    }
    let config = configs.for_file(p)?;
    // A pipe or device (`<(helm template ...)`, `/dev/stdin`) can be read only once: now.
    let body = if meta.is_file() {
        Body::File(p.to_path_buf())
    } else {
        match read_file(p, false).map_err(|e| format!("cannot read {path}: {}", io_reason(&e)))? {
            (_, Some(refusal)) => Body::Refused(refusal),
            (text, None) => Body::Read(text),
        }
    };
    inputs.push(Input {
        path: path.to_string(),
        options: settings.options(config.as_deref()),
        met: Met {
            scanned: false,
            in_chart: in_chart(p, &mut HashMap::new()),
        },
        body,
    });
    Ok(())
}

/// Whether a file is a Helm chart's template: under a `templates` folder that has a `Chart.yaml`
/// beside it (`known` remembers the answer for each `templates` folder).
fn in_chart(file: &Path, known: &mut HashMap<PathBuf, bool>) -> bool {
    file.ancestors().skip(1).any(|dir| {
        if dir.file_name().is_none_or(|name| name != "templates") {
            return false;
        }
        *known.entry(dir.to_path_buf()).or_insert_with(|| {
            dir.parent()
                .is_some_and(|chart| chart.join("Chart.yaml").is_file())
        })
    })
}

/// Reads a file, or refuses it past the size cap without reading it whole. A regular file's size
/// is known up front; a device or pipe named on the command line (`/dev/zero`) is read up to one
/// byte past the cap. A file found by a folder scan is opened without waiting (in case it was
/// swapped for a FIFO since the scan looked at it) and read only if it is a regular file.
fn read_file(path: &Path, scanned: bool) -> std::io::Result<(Decoded, Option<Refusal>)> {
    let file = if scanned {
        open_without_waiting(path)?
    } else {
        std::fs::File::open(path)?
    };
    let meta = file.metadata()?;
    if scanned && !meta.is_file() {
        let reason = not_a_file(meta.file_type());
        return Ok((Decoded::default(), Some(Refusal::Unreadable(reason))));
    }
    let size = meta.is_file().then_some(meta.len());
    if let Some(len) = size.filter(|len| *len > MAX_INPUT_BYTES as u64) {
        return Ok((Decoded::default(), Some(Refusal::TooLarge(Some(len)))));
    }
    read_capped(file, size)
}

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (no effect on
    // reading a regular file).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const O_NONBLOCK: i32 = 0o4000;
    #[cfg(any(target_os = "macos", target_os = "ios"))]
    const O_NONBLOCK: i32 = 0x0004;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(O_NONBLOCK)
        .open(path)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads at most `MAX_INPUT_BYTES + 1` bytes: the text, or the refusal of a larger input.
fn read_capped(
    reader: impl Read,
    size: Option<u64>,
) -> std::io::Result<(Decoded, Option<Refusal>)> {
    let cap = MAX_INPUT_BYTES as u64;
    // A pipe or device gets room for the whole cap up front: only the pages it fills are used,
    // and growing by doubling would peak at three times the cap.
    let mut bytes = Vec::with_capacity(size.map_or(cap + 1, |n| n.min(cap)) as usize);
    reader.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        // A regular file that grew while being read is still reported by the size it had.
        let known = size.filter(|n| *n > cap);
        return Ok((Decoded::default(), Some(Refusal::TooLarge(known))));
    }
    Ok((decode_text(bytes), None))
}

/// Collects the manifests under `dir`: each path, with the reason it is skipped if it cannot be
/// read. Only reading `dir` itself can fail; a subfolder that cannot be read is one skipped entry.
/// Symbolic links to files are followed; linked folders are not (no cycles).
fn walk(dir: &Path, found: &mut Vec<(PathBuf, Option<String>)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let reason = format!("skipped: cannot list this folder: {}", io_reason(&e));
                found.push((dir.to_path_buf(), Some(reason)));
                break;
            }
        };
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let manifest = name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json");
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(e) => {
                if manifest {
                    found.push((path, Some(format!("skipped: {}", io_reason(&e)))));
                }
                continue;
            }
        };
        if kind.is_dir() {
            if !name.starts_with('.') && name != "node_modules" && name != "target" {
                if let Err(e) = walk(&path, found) {
                    let reason = format!("skipped: cannot read this folder: {}", io_reason(&e));
                    found.push((path, Some(reason)));
                }
            }
        } else if manifest {
            let skipped = if kind.is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(target) if target.is_file() => None,
                    Ok(target) if target.is_dir() => Some(
                        "skipped: a symbolic link to a folder (linked folders are not scanned)"
                            .to_string(),
                    ),
                    Ok(target) => Some(not_a_file(target.file_type())),
                    Err(e) => Some(broken_link(&path, &e)),
                }
            } else if kind.is_file() {
                None
            } else {
                Some(not_a_file(kind))
            };
            found.push((path, skipped));
        }
    }
    Ok(())
}

/// Why an entry that is not a regular file is skipped (it is never opened).
fn not_a_file(kind: std::fs::FileType) -> String {
    let what = if kind.is_dir() {
        "a folder"
    } else {
        special_kind(kind)
    };
    format!("skipped without opening it: {what}, not a regular file")
}

#[cfg(unix)]
fn special_kind(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_char_device() {
        "a character device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: std::fs::FileType) -> &'static str {
    "a special file"
}

/// Why a symbolic link could not be followed: its target is missing, or links loop.
fn broken_link(path: &Path, e: &std::io::Error) -> String {
    // ELOOP: 40 on Linux, 62 on macOS and the BSDs.
    let looped = if cfg!(any(target_os = "linux", target_os = "android")) {
        e.raw_os_error() == Some(40)
    } else {
        cfg!(unix) && e.raw_os_error() == Some(62)
    };
    if looped {
        "skipped: a symbolic link loop (too many levels of symbolic links)".into()
    } else if e.kind() == std::io::ErrorKind::NotFound {
        match std::fs::read_link(path) {
            Ok(target) => format!(
                "skipped: a broken symbolic link (its target {} does not exist)",
                target.display()
            ),
            Err(_) => "skipped: a broken symbolic link".into(),
        }
    } else {
        format!(
            "skipped: cannot follow this symbolic link: {}",
            io_reason(e)
        )
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// UTF-8, or UTF-16 after a byte-order mark; what cannot be decoded is kept as U+FFFD with the
/// reader's problem (the analysis reports it on its document). NUL bytes stay: they mark binary.
fn decode_text(bytes: Vec<u8>) -> Decoded {
    // A UTF-16 byte-order mark is not valid UTF-8, so UTF-16 takes the second way too.
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            errors: Vec::new(),
        },
        Err(e) => podscope::source::decode_bytes(e.as_bytes()),
    }
}

fn rule_json(r: &podscope::rules::Rule) -> serde_json::Value {
    serde_json::json!({
        "code": r.code,
        "name": r.name,
        "severity": r.severity.as_str(),
        "summary": r.summary,
        "docs": r.markdown(),
        "equivalents": r.equivalents,
        "tags": r.tags(),
        "securitySeverity": r.security_severity(),
        "helpUri": r.help_uri(),
    })
}

fn rules(wanted: Option<&str>, format: RulesFormat) -> ExitCode {
    let out = if let Some(wanted) = wanted {
        let Some(r) = podscope::rules::lookup(wanted) else {
            let close = podscope::rules::suggestions(wanted);
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", close.join(", "))
            };
            eprintln!("podscope: no rule {wanted}{hint} (`podscope rules` lists them all)");
            return ExitCode::from(2);
        };
        match format {
            RulesFormat::Text => format!(
                "{} {} ({})\n{}\n\n{}\n",
                r.code,
                r.name,
                r.severity.as_str(),
                r.summary,
                r.markdown()
            ),
            RulesFormat::Json => serde_json::to_string_pretty(&rule_json(r)).expect("JSON") + "\n",
            RulesFormat::Markdown => format!("## {} {}\n\n{}\n", r.code, r.name, r.markdown()),
        }
    } else {
        let rules = podscope::rules::all();
        match format {
            RulesFormat::Text => rules
                .iter()
                .map(|r| {
                    format!(
                        "{}  {:<7}  {:<40}  {}\n",
                        r.code,
                        r.severity.as_str(),
                        r.name,
                        r.summary
                    )
                })
                .collect::<String>(),
            RulesFormat::Json => {
                let list: Vec<serde_json::Value> = rules.iter().map(|r| rule_json(r)).collect();
                serde_json::to_string_pretty(&list).expect("JSON") + "\n"
            }
            RulesFormat::Markdown => podscope::rules::markdown_page(),
        }
    };
    if !print(&out) {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// Writes `out` to standard output; false when it cannot (a closed pipe), which exits 2.
fn print(out: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .is_ok()
}
