// Positions: the analysis's (1-based line, 1-based column in UTF-16 code units) and the
// editor's (0-based line and character, VS Code's `Position`). Both count UTF-16 code units,
// so converting is only a shift by one.

/** Analysis position (1-based line, 1-based UTF-16 column) → editor position (0-based both). */
export function toPosition({ line, column }) {
  return { line: Math.max(line - 1, 0), character: Math.max(column - 1, 0) };
}

/** Analysis range → editor range. */
export function toRange(range) {
  return { start: toPosition(range.start), end: toPosition(range.end) };
}

/** Editor position → analysis position. */
export function fromPosition({ line, character }) {
  return { line: line + 1, column: character + 1 };
}

/** An analysis-style range from two UTF-16 offsets. */
export function rangeFromOffsets(text, start, end) {
  const at = (offset) => {
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
  };
  return { start: at(start), end: at(end) };
}
