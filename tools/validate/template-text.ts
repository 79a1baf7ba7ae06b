/**
 * Terraform reads every string of a JSON configuration (outside the `terraform` block and a few static arguments) as
 * a string template: `${ ... }` interpolates an expression, `%{ ... }` is a directive, `$${` and `%%{` are escapes
 * for a literal `${` and `%{`. These helpers work on that text before it is handed to the HCL parser.
 */

/** Whether a string has an unescaped `${` or `%{`, i.e. Terraform evaluates something in it. */
export function hasTemplateSequence(text: string): boolean {
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      i += 2;
    } else if ((c === "$" || c === "%") && text[i + 1] === "{") {
      return true;
    }
  }
  return false;
}

/** Whether a string is one interpolation and nothing else (`"${aws_ami.base.id}"`): its value keeps the expression's type. */
export function isSingleInterpolation(text: string): boolean {
  if (!text.startsWith("${") || !text.endsWith("}")) return false;
  return sequenceEnd(text, 2) === text.length;
}

/** A template rewritten as an HCL quoted string, and where each of its characters came from. */
export interface QuotedTemplate {
  /** The template as an HCL quoted template expression, e.g. `"say \"hi\" ${var.name}"`. */
  readonly text: string;
  /** For each character of `text`, the index of the character of the original template it came from. */
  readonly origins: readonly number[];
}

/**
 * Rewrites the raw template text of a JSON string as an HCL quoted template that means the same: literal parts get
 * backslash escapes for `"`, `\` and control characters; `${ ... }` and `%{ ... }` sequences are copied unchanged,
 * because inside them the text is already HCL expression syntax.
 */
export function toQuotedTemplate(template: string): QuotedTemplate {
  let text = '"';
  const origins: number[] = [0];
  const emit = (chunk: string, origin: number) => {
    text += chunk;
    for (let k = 0; k < chunk.length; k++) origins.push(origin);
  };
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if ((c === "$" || c === "%") && template[i + 1] === c && template[i + 2] === "{") {
      for (let k = 0; k < 3; k++) emit(template[i + k], i + k);
      i += 3;
    } else if ((c === "$" || c === "%") && template[i + 1] === "{") {
      const end = sequenceEnd(template, i + 2);
      for (let k = i; k < end; k++) emit(template[k], k);
      i = end;
    } else {
      emit(escapeLiteral(c), i);
      i++;
    }
  }
  emit('"', template.length);
  return { text, origins };
}

function escapeLiteral(c: string): string {
  switch (c) {
    case '"':
      return '\\"';
    case "\\":
      return "\\\\";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default: {
      const code = c.charCodeAt(0);
      return code < 0x20 ? `\\u${code.toString(16).padStart(4, "0")}` : c;
    }
  }
}

/**
 * The index just after the `}` closing a template sequence whose content starts at `start`, skipping braces and
 * quoted strings nested in the expression; the end of the text when the sequence is not closed.
 */
function sequenceEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = quotedStringEnd(text, i + 1);
      continue;
    }
    if (c === "{") depth++;
    if (c === "}") {
      if (depth === 0) return i + 1;
      depth--;
    }
    i++;
  }
  return text.length;
}

/** The index just after the `"` closing a quoted string nested in an expression, whose content starts at `start`. */
function quotedStringEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
    } else if (c === '"') {
      return i + 1;
    } else if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      i += 3;
    } else if ((c === "$" || c === "%") && text[i + 1] === "{") {
      i = sequenceEnd(text, i + 2);
    } else {
      i++;
    }
  }
  return text.length;
}

/** A short excerpt of a long value around a position, for messages. */
export function excerpt(text: string, at = 0, width = 80): string {
  if (text.length <= width) return JSON.stringify(text);
  const start = Math.max(0, Math.min(at - Math.floor(width / 3), text.length - width));
  const end = Math.min(text.length, start + width);
  return `${start > 0 ? "..." : ""}${JSON.stringify(text.slice(start, end))}${end < text.length ? "..." : ""}`;
}
