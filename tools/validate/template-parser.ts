import { toQuotedTemplate } from "./template-text";

/**
 * A node of the expression syntax tree produced by HashiCorp's HCL parser (`@cdktf/hcl2json`'s `getExpressionAst`).
 * `type` is e.g. `template`, `templateWrap`, `function`, `scopeTraversal`, `relativeTraversal`, `index`, `splat`, `for`.
 */
export interface ExpressionNode {
  readonly type: string;
  readonly meta?: { readonly [key: string]: unknown };
  readonly children?: readonly ExpressionNode[];
}

/** A template that parsed. */
export interface ParsedTemplate {
  readonly ok: true;
  readonly ast: ExpressionNode;
}

/** A template with a syntax error, as the HCL parser reports it. */
export interface TemplateSyntaxError {
  readonly ok: false;
  /** e.g. `Unclosed template interpolation sequence`. */
  readonly summary: string;
  /** e.g. `There is no closing brace for this interpolation sequence before the end of the quoted template.` */
  readonly detail: string;
  /** Index in the original template where the error is, when the parser gave a position. */
  readonly offset?: number;
}

const PARSER_FILE = "template";
/** `template:<line>,<column>-[<line>,]<column>: <summary>; <detail>[, and N other diagnostic(s)]` */
const DIAGNOSTIC = new RegExp(
  `^${PARSER_FILE}:(\\d+),(\\d+)-(?:(\\d+),)?(\\d+): ([^;]*); ?([\\s\\S]*?)(?:, and \\d+ other diagnostic\\(s\\))?\\s*$`,
);
/** Diagnostics whose range may cover the literal before the sequence they are about, ending at or after its opener. */
const RANGE_ENDS_AT_SEQUENCE = new Set(["Unclosed template interpolation sequence"]);

type Hcl2Json = typeof import("@cdktf/hcl2json");
let parserModule: Promise<Hcl2Json> | undefined;

/** Loads the WebAssembly HCL parser on first use only. */
function hcl2json(): Promise<Hcl2Json> {
  parserModule ??= import("@cdktf/hcl2json");
  return parserModule;
}

/**
 * Parses the raw text of a JSON string value as a Terraform string template with HashiCorp's HCL parser.
 * Syntax errors come back as a value, not an exception.
 */
export async function parseTemplate(template: string): Promise<ParsedTemplate | TemplateSyntaxError> {
  const quoted = toQuotedTemplate(template);
  const { getExpressionAst } = await hcl2json();
  try {
    const ast = (await getExpressionAst(PARSER_FILE, quoted.text)) as ExpressionNode | null;
    if (!ast) {
      return { ok: false, summary: "Invalid expression", detail: "The parser returned no syntax tree." };
    }
    return { ok: true, ast };
  } catch (error) {
    return toSyntaxError(error instanceof Error ? error.message : String(error), quoted.text, quoted.origins);
  }
}

function toSyntaxError(message: string, quotedText: string, origins: readonly number[]): TemplateSyntaxError {
  const prefix = `getExpressionAst errors on input string '${quotedText}': `;
  const diagnostic = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  const match = DIAGNOSTIC.exec(diagnostic);
  if (!match) {
    return { ok: false, summary: "Invalid expression", detail: diagnostic.trim() };
  }
  const [, startLine, startColumn, endLine, endColumn, summary, detail] = match;
  let position = positionOf(quotedText, Number(startLine), Number(startColumn));
  if (RANGE_ENDS_AT_SEQUENCE.has(summary.trim())) {
    const end = positionOf(quotedText, Number(endLine ?? startLine), Number(endColumn));
    const opener = [end - 2, end].find((at) => /^[$%]\{/.test(quotedText.slice(at, at + 2)));
    if (opener !== undefined) position = opener;
  }
  const offset = origins[Math.max(0, Math.min(position, origins.length - 1))];
  const cleanDetail = firstParagraph(detail).replace(new RegExp(` at ${PARSER_FILE}:[\\d,-]+`, "g"), "");
  return { ok: false, summary: summary.trim(), detail: cleanDetail, offset };
}

/** Index in `text` of a zero-based line and column as the parser reports them. */
function positionOf(text: string, line: number, column: number): number {
  const lines = text.split("\n");
  let position = 0;
  for (let l = 0; l < line && l < lines.length; l++) position += lines[l].length + 1;
  return position + column;
}

function firstParagraph(text: string): string {
  return text.split("\n\n")[0].trim();
}
