"use strict";
// Runs TypeScript sources without a type-checking compiler: SWC strips the types in a few
// milliseconds per file, so a synth costs little more than loading cdktf itself. Type errors
// are caught once, by `tsc` in the test command.
const fs = require("node:fs");
const { transformSync } = require("@swc/core");

const options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs", strict: false },
  sourceMaps: "inline",
  swcrc: false,
  configFile: false,
};

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const { code } = transformSync(source, { ...options, filename });
  module._compile(code, filename);
};
process.setSourceMapsEnabled(true);
