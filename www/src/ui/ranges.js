// Positions and ranges as the analysis reports them: 1-based lines, 1-based columns counted in
// UTF-16 code units (JavaScript's and VS Code's unit). Editors convert these to their own
// positions; nothing here depends on an editor.

/** Offsets (UTF-16) at which each line of `text` starts. */
export function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** A UTF-16 offset in `text` for a 1-based line and column, clamped to the line. */
export function offsetAt(text, starts, { line, column }) {
  const index = Math.min(Math.max(line, 1), starts.length) - 1;
  const lineStart = starts[index];
  let lineEnd = index + 1 < starts.length ? starts[index + 1] - 1 : text.length;
  if (lineEnd > lineStart && text[lineEnd - 1] === "\r") lineEnd -= 1;
  return Math.min(lineStart + Math.max(column, 1) - 1, lineEnd);
}

/** The 1-based line and column of a UTF-16 offset. */
export function positionAt(starts, offset) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

/** Compares two positions. */
export function comparePositions(a, b) {
  return a.line - b.line || a.column - b.column;
}

/** Whether `position` lies in `range` (an empty range holds the position at its start). */
export function rangeContains(range, position) {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

const INDENT = /^[ \t]*/;
// A line's content column after any "- " list markers: "  - - name: x" → 6.
const CONTENT = /^([ \t]*(?:-[ \t]+)*)/;

function isBlank(line) {
  const trimmed = line.trim();
  return trimmed === "" || trimmed.startsWith("#");
}

/**
 * The lines of the YAML block a range belongs to: the mapping (a list item, usually) that holds
 * the key on the range's first line. A container's node points at its `name`; its block is the
 * whole `- name: …` item, so a cursor anywhere in the container finds the container. Returns
 * 1-based inclusive lines; for JSON or flow style it is just the range's own lines.
 */
export function blockLines(lines, range) {
  const first = range.start.line;
  const own = { first, last: Math.max(first, range.end.line) };
  const line = lines[first - 1];
  if (line === undefined || /^\s*[{[]/.test(line)) return own;
  const key = line.match(CONTENT)[1].length;
  let start = first;
  if (!/^[ \t]*-[ \t]/.test(line) || line.match(CONTENT)[1].length !== key) {
    // Walk up to the line that opens this mapping: a list item at this key column, or the line
    // after the parent key.
    for (let i = first - 2; i >= 0; i--) {
      if (isBlank(lines[i])) continue;
      const indent = lines[i].match(INDENT)[0].length;
      const content = lines[i].match(CONTENT)[1].length;
      if (content === key && indent < key) {
        start = i + 1;
        break;
      }
      if (indent < key) break;
      if (indent === key) start = i + 1;
    }
  }
  let last = own.last;
  for (let i = last; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    if (lines[i].match(INDENT)[0].length < key) break;
    last = i + 1;
  }
  return { first: Math.min(start, first), last: Math.max(last, own.last) };
}

/**
 * Finds what a cursor is in: among `items` ({id, range}), the one whose block (see `blockLines`)
 * is the smallest that holds the position's line; on a tie, one whose exact range holds the
 * position, then the first given (callers list nodes before edges). `null` when none.
 */
export function itemAt(lines, items, position, blocks = new Map()) {
  let best = null;
  let bestSize = Infinity;
  let bestExact = false;
  for (const item of items) {
    if (!item.range) continue;
    let block = blocks.get(item.id);
    if (!block) {
      block = blockLines(lines, item.range);
      blocks.set(item.id, block);
    }
    if (position.line < block.first || position.line > block.last) continue;
    const size = block.last - block.first;
    const exact = rangeContains(item.range, position);
    if (size < bestSize || (size === bestSize && exact && !bestExact)) {
      best = item;
      bestSize = size;
      bestExact = exact;
    }
  }
  return best;
}
