"use strict";
// Runs TypeScript sources without a type-checking compiler: SWC strips the types, and the
// result is cached by content hash under node_modules/.cache, so a synth costs little more than
// loading cdktf itself. Type errors are caught once, by `tsc` in the test command.
// Compiled code carries inline source maps: run with NODE_OPTIONS=--enable-source-maps to see
// TypeScript line numbers in stack traces (off by default, since it slows every start).

// Every npm script's process preloads this file. The cdktf CLI reports each run to HashiCorp's
// checkpoint service (and prints an [ERROR] line where there is no network): any CLI those
// processes start runs without it. Set CHECKPOINT_DISABLE yourself for `npx cdktf` run by hand.
process.env.CHECKPOINT_DISABLE ??= "1";

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const PROJECT_DIR = path.join(__dirname, "..");
const CACHE_DIR = path.join(PROJECT_DIR, "node_modules", ".cache", "ts-register");
const OPTIONS = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs", strict: false },
  sourceMaps: "inline",
  swcrc: false,
  configFile: false,
};
let swc;

function compile(source, filename) {
  swc ??= require("@swc/core");
  // The map's source is relative to the compiled file, which stands in place of the source.
  return swc.transformSync(source, { ...OPTIONS, filename, sourceFileName: path.basename(filename) }).code;
}

function cached(source, filename) {
  // Keyed by the path inside the project, so copies of the project share one cache entry per file.
  const projectPath = path.relative(PROJECT_DIR, filename).split(path.sep).join("/");
  const key = crypto
    .createHash("sha1")
    .update(`${projectPath}\0${JSON.stringify(OPTIONS)}\0${source}`)
    .digest("hex");
  const file = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    const code = compile(source, filename);
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      // Write then rename, so that a parallel run never reads half a file.
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, file);
    } catch {
      // A read-only checkout still runs, only without the cache.
    }
    return code;
  }
}

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  module._compile(cached(fs.readFileSync(filename, "utf8"), filename), filename);
};
