/** Markdown building blocks that keep any value, hand-written or not, from breaking the page. */

/**
 * Plain text: every character Markdown or HTML could read as markup is escaped, line breaks
 * become spaces. An `_` inside a word (`prevent_destroy`) is never emphasis, so it stays as is.
 */
export function text(value: string): string {
  return value
    .replace(/[\\`*[\]<>|~&#!{}]/g, "\\$&")
    .replace(/_/g, (underscore, offset: number, whole: string) =>
      /[A-Za-z0-9]/.test(whole[offset - 1] ?? "") && /[A-Za-z0-9]/.test(whole[offset + 1] ?? "")
        ? underscore
        : "\\_",
    )
    .replace(/[\r\n]+/g, " ");
}

/**
 * Inline code. The fence is longer than any run of backticks inside; `|` is escaped because
 * GitHub splits table cells before it reads code spans.
 */
export function code(value: string): string {
  if (value === "") return "";
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const padded = value.startsWith("`") || value.endsWith("`") ? ` ${value} ` : value;
  return `${fence}${padded.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ")}${fence}`;
}

/** A fenced code block whose fence no line of the content can close. */
export function fence(content: string, language = ""): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const marker = "`".repeat(longest + 1);
  return `${marker}${language}\n${content}${content.endsWith("\n") || content === "" ? "" : "\n"}${marker}`;
}

/** A table; cells are Markdown already (use `text` or `code`). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell || " ").join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Cells of several values: `a`, `b`. */
export function codes(values: readonly string[], none = ""): string {
  return values.length === 0 ? none : values.map(code).join(", ");
}
