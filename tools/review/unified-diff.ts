/** Lines of context around each change, as `diff -u` shows them. */
const CONTEXT = 3;
/** Above this many line pairs the diff shows the texts as removed and added whole. */
const MAX_CELLS = 4_000_000;

type Operation = { readonly kind: " " | "-" | "+"; readonly line: string };

/**
 * A unified diff of two texts (`--- before`, `+++ after`, `@@` hunks), or "" when they are equal.
 * User data is small (16 KB at most), so a longest-common-subsequence table is fast enough.
 */
export function unifiedDiff(before: string, after: string, beforeName: string, afterName: string): string {
  if (before === after) return "";
  const a = splitLines(before);
  const b = splitLines(after);
  const operations = diffLines(a, b);
  const hunks = toHunks(operations);
  return [`--- ${beforeName}`, `+++ ${afterName}`, ...hunks].join("\n");
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function diffLines(a: string[], b: string[]): Operation[] {
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((line) => ({ kind: "-" as const, line })),
      ...b.map((line) => ({ kind: "+" as const, line })),
    ];
  }
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const operations: Operation[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      operations.push({ kind: " ", line: a[i] });
      i++;
      j++;
    } else if (common[i + 1][j] >= common[i][j + 1]) {
      operations.push({ kind: "-", line: a[i++] });
    } else {
      operations.push({ kind: "+", line: b[j++] });
    }
  }
  while (i < a.length) operations.push({ kind: "-", line: a[i++] });
  while (j < b.length) operations.push({ kind: "+", line: b[j++] });
  return operations;
}

function toHunks(operations: Operation[]): string[] {
  const changed = operations.flatMap((operation, index) => (operation.kind === " " ? [] : [index]));
  const lines: string[] = [];
  let cursor = 0;
  while (cursor < changed.length) {
    const start = Math.max(0, changed[cursor] - CONTEXT);
    let end = changed[cursor];
    // Changes closer than twice the context share a hunk.
    while (cursor + 1 < changed.length && changed[cursor + 1] - end <= 2 * CONTEXT) end = changed[++cursor];
    end = Math.min(operations.length - 1, end + CONTEXT);
    cursor++;
    const slice = operations.slice(start, end + 1);
    const beforeStart = operations.slice(0, start).filter((operation) => operation.kind !== "+").length;
    const afterStart = operations.slice(0, start).filter((operation) => operation.kind !== "-").length;
    const beforeCount = slice.filter((operation) => operation.kind !== "+").length;
    const afterCount = slice.filter((operation) => operation.kind !== "-").length;
    lines.push(`@@ -${range(beforeStart, beforeCount)} +${range(afterStart, afterCount)} @@`);
    for (const operation of slice) lines.push(`${operation.kind}${operation.line}`);
  }
  return lines;
}

/** `start,count` as `diff -u` writes it: 1-based, and the line before an empty range. */
function range(start: number, count: number): string {
  return count === 0 ? `${start},0` : `${start + 1},${count}`;
}
