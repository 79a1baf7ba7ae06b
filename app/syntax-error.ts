import * as fs from "node:fs";

/** Where a TypeScript file that could not be compiled is wrong. */
export interface SyntaxErrorLocation {
  /** The absolute path of the file that does not parse: the environment file or one it imports. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** What the parser expected, e.g. "',' expected". */
  readonly message: string;
}

/** SWC's code frame header, `,-[<file>:<line>:<column>]`: which file failed to compile. */
const SWC_FRAME = /,-\[(.+?):(\d+):(\d+)\]/;

/**
 * Locates a compile error thrown while loading TypeScript, or returns undefined for any other
 * error. SWC, which compiles the files at load time, names the file but points at the start of
 * its excerpt rather than at the error; TypeScript's parser (loaded only here) says exactly where
 * and what it expected.
 */
export function locateSyntaxError(error: unknown): SyntaxErrorLocation | undefined {
  const frame = SWC_FRAME.exec(error instanceof Error ? error.message : String(error));
  if (!frame) return undefined;
  const [, file, line, column] = frame;
  const swcMessage = (error instanceof Error ? error.message : String(error))
    .trim()
    .split("\n")[0]
    .replace(/^x\s+/, "");
  let source: string;
  try {
    source = fs.readFileSync(file, "utf8");
  } catch {
    return { file, line: Number(line), column: Number(column), message: swcMessage };
  }
  return (
    parseError(file, source) ?? { file, line: Number(line), column: Number(column), message: swcMessage }
  );
}

/** The first syntax error TypeScript finds in `source`, if any. */
function parseError(file: string, source: string): SyntaxErrorLocation | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("typescript") as typeof import("typescript");
  const { diagnostics = [] } = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
  });
  const first = diagnostics.find(
    (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error && diagnostic.start !== undefined,
  );
  if (!first?.file || first.start === undefined) return undefined;
  const position = first.file.getLineAndCharacterOfPosition(first.start);
  return {
    file,
    line: position.line + 1,
    column: position.character + 1,
    message: ts.flattenDiagnosticMessageText(first.messageText, " ").replace(/\.$/, ""),
  };
}
