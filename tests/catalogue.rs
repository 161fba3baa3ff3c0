//! How much of the shared catalogue of the API server's validation errors
//! (`../shared/spec/pod-validation-rules.md`) the fixtures reach.
//!
//! The catalogue's error tables (`| ID | path | condition | type | detail |`) give, for each error
//! path of the server's validation, the field, the error type and usually the message. A row
//! counts as covered when some fixture (under `tests/fixtures/` or `examples/`) makes the server
//! error that row describes: an error line whose field ends with the row's last field name, of
//! the row's type (`Required value`, `Invalid value`, `Unsupported value`, ...), containing each
//! literal piece of the row's message (a `<placeholder>` or `…` in the message matches anything).
//! Update-only rows and rows the catalogue marks unreachable (or defaulted away) are left out.
//! This is a measure, not a proof: it cannot tell two rows apart that share a field, type and
//! message. The figures are printed (per area, and the uncovered IDs), and the test fails below a
//! floor set just under what is measured, so a fixture that stops reaching a row is noticed.
//!
//! Without the shared folder the test says so and passes, except under `CI=true`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;
use std::path::Path;

/// The share of the catalogue's error rows that the fixtures must keep reaching.
const MIN_COVERED_PERCENT: f64 = 80.0;

/// One error row of the catalogue.
struct Row {
    id: String,
    /// The last field name of the row's path (`port` for `<p>.httpGet.port`).
    field: String,
    /// The server's text for the row's error type (`Invalid value`).
    kind: &'static str,
    /// The message's literal pieces, in order.
    pieces: Vec<String>,
}

/// The server's wording of the catalogue's error type column.
fn kind_text(column: &str) -> Option<&'static str> {
    let word = column.split_whitespace().next()?.trim_matches('*');
    Some(match word {
        "Required" => "Required value",
        "Invalid" => "Invalid value",
        "NotSupported" | "Unsupported" => "Unsupported value",
        "Forbidden" => "Forbidden",
        "Duplicate" => "Duplicate value",
        "TooMany" => "Too many",
        "TooLong" => "Too long",
        "NotFound" => "Not found",
        _ => return None,
    })
}

/// The backticked parts of a cell.
fn backticked(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// The last field name of a path such as `spec.containers[*].ports[*].hostPort` or `<p>.exec.command`.
fn last_field(path: &str) -> Option<String> {
    let path = path.split(['(', ' ']).next()?.trim();
    let last = path.rsplit('.').next()?;
    let name = last
        .split('[')
        .next()?
        .trim_matches(|c: char| !c.is_ascii_alphanumeric());
    (!name.is_empty() && !name.starts_with('<')).then(|| name.to_string())
}

/// The literal pieces of a message, split at placeholders (`<n>`, `…`, `...`).
fn pieces(message: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth = 0;
    for c in message.chars() {
        match c {
            '<' => {
                depth += 1;
                if !current.trim().is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.clear();
            }
            '>' if depth > 0 => depth -= 1,
            '…' if depth == 0 => {
                if !current.trim().is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.clear();
            }
            _ if depth == 0 => current.push(c),
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out.into_iter()
        .flat_map(|p| p.split("...").map(str::to_string).collect::<Vec<_>>())
        .filter(|p| !p.trim().is_empty())
        .collect()
}

fn rows(catalogue: &str) -> Vec<Row> {
    let mut out = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    for line in catalogue.lines() {
        let Some(inner) = line.strip_prefix('|') else {
            columns.clear();
            continue;
        };
        let cells: Vec<&str> = inner
            .trim_end_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if cells.first() == Some(&"ID") {
            columns = cells.iter().map(|c| c.to_lowercase()).collect();
            continue;
        }
        let at = |name: &str| {
            columns
                .iter()
                .position(|c| c == name)
                .and_then(|i| cells.get(i))
        };
        let (Some(id), Some(path), Some(kind), Some(detail)) =
            (at("id"), at("path"), at("type"), at("detail"))
        else {
            continue;
        };
        // Rules a create request cannot reach: update-only ones (`UPD-`), and those the catalogue
        // marks unreachable (defaulting fills the field first).
        if id.starts_with("UPD-")
            || cells
                .iter()
                .any(|c| c.contains("unreachable") || c.contains("(defaulted)"))
        {
            continue;
        }
        let Some(kind) = kind_text(kind) else {
            continue;
        };
        let Some(field) = backticked(path).first().and_then(|p| last_field(p)) else {
            continue;
        };
        let mut message = backticked(detail)
            .first()
            .map(|m| pieces(m))
            .unwrap_or_default();
        if kind == "Too long" {
            // The catalogue has apimachinery's older wording of `field.TooLong`; 1.36 writes
            // `may not be more than N bytes` (the verdicts agree).
            for piece in &mut message {
                *piece = piece.replace("must have at most", "may not be more than");
            }
        }
        out.push(Row {
            id: id.to_string(),
            field,
            kind,
            pieces: message,
        });
    }
    out
}

/// Whether `error` (`spec.x[0].port: Invalid value: 0: must be ...`) is the row's error.
fn matches(row: &Row, error: &str) -> bool {
    let Some(at) = error.find(&format!(": {}", row.kind)) else {
        return false;
    };
    let field = &error[..at];
    let field = field.strip_suffix(']').map_or(field, |f| {
        f.rsplit_once('[').map_or(f, |(before, _)| before)
    });
    if !(field == row.field || field.ends_with(&format!(".{}", row.field))) {
        return false;
    }
    let mut rest = &error[at..];
    for piece in &row.pieces {
        match rest.find(piece.as_str()) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn the_fixtures_reach_the_catalogue_of_server_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalogue = root.join("../shared/spec/pod-validation-rules.md");
    let Ok(text) = std::fs::read_to_string(&catalogue) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {} is not here",
            catalogue.display()
        );
        println!(
            "catalogue coverage skipped: {} is not here",
            catalogue.display()
        );
        return;
    };
    let rows = rows(&text);
    assert!(
        rows.len() > 300,
        "only {} error rows parsed from the catalogue",
        rows.len()
    );
    let mut errors = Vec::new();
    for dir in ["tests/fixtures", "examples"] {
        for file in support::manifests(&root.join(dir)) {
            let (_, analysis) = support::analyse(&file);
            for doc in &analysis.documents {
                errors.extend(doc.server_errors.iter().cloned());
            }
        }
    }
    let mut by_area: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut uncovered = Vec::new();
    for row in &rows {
        let area = row.id.split('-').next().unwrap_or("").to_string();
        let covered = errors.iter().any(|e| matches(row, e));
        let entry = by_area.entry(area).or_default();
        entry.1 += 1;
        if covered {
            entry.0 += 1;
        } else {
            uncovered.push(row.id.as_str());
        }
    }
    let total = rows.len();
    let covered = total - uncovered.len();
    let percent = 100.0 * covered as f64 / total as f64;
    let areas: Vec<String> = by_area
        .iter()
        .map(|(area, (c, t))| format!("{area} {c}/{t}"))
        .collect();
    println!(
        "catalogue coverage: {covered} of {total} error rows ({percent:.1}%) reached by the fixtures\n  by area: {}\n  not reached: {}",
        areas.join(", "),
        uncovered.join(" ")
    );
    assert!(
        percent >= MIN_COVERED_PERCENT,
        "the fixtures reach {percent:.1}% of the catalogue's error rows, under the floor of {MIN_COVERED_PERCENT}%"
    );
}

#[test]
fn a_row_matches_its_error_and_not_another() {
    let row = rows(
        "| ID | path | condition | type | detail |\n|---|---|---|---|---|\n| PRB-05 | `<p>.httpGet.port` | x | Invalid (value = int) | `must be between 1 and 65535, inclusive` |\n",
    )
    .pop()
    .expect("one row");
    assert_eq!((row.field.as_str(), row.kind), ("port", "Invalid value"));
    assert!(matches(
        &row,
        "spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"
    ));
    assert!(!matches(
        &row,
        "spec.containers[0].livenessProbe.httpGet.port: Required value"
    ));
    assert!(!matches(
        &row,
        "spec.containers[0].ports[0].hostPort: Invalid value: 0: must be between 1 and 65535, inclusive"
    ));
    assert_eq!(
        pieces("must be <n> or less, got <m>"),
        ["must be ", " or less, got "]
    );
}
