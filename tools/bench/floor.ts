import * as fs from "node:fs";
import * as path from "node:path";

const PROVIDER_PACKAGE = "@cdktf/provider-aws";

/** `.ts` files below `dir`, recursively; none when it does not exist. */
function typeScriptFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/**
 * The provider modules that `source` loads at run time: value imports, re-exports and
 * `require` calls of `@cdktf/provider-aws` or its submodules. Type-only imports are erased by the
 * compiler and load nothing.
 */
export function providerImports(source: string): string[] {
  const found: string[] = [];
  const quoted = `["'](${PROVIDER_PACKAGE.replace("/", "\\/")}(?:\\/[^"']+)?)["']`;
  const statements = new RegExp(`\\b(import|export)\\s+(type\\s+)?(?:[^;"']*?\\s+from\\s*)?${quoted}`, "g");
  for (const match of source.matchAll(statements)) if (!match[2]) found.push(match[3]);
  for (const match of source.matchAll(new RegExp(`\\brequire\\(\\s*${quoted}\\s*\\)`, "g")))
    found.push(match[1]);
  return found;
}

/**
 * The provider modules the main job loads, derived from the sources each time (`main.ts`, `app/`,
 * `modules/` and the shipped `environments/`, whose `extend` may add resources), so that the
 * floor follows the code.
 */
export function packProviderModules(projectDir: string): string[] {
  const files = [
    path.join(projectDir, "main.ts"),
    ...typeScriptFiles(path.join(projectDir, "app")),
    ...typeScriptFiles(path.join(projectDir, "modules")),
    ...typeScriptFiles(path.join(projectDir, "environments")),
  ];
  const modules = new Set(files.flatMap((file) => providerImports(fs.readFileSync(file, "utf8"))));
  if (modules.size === 0)
    throw new Error(
      `found no import of ${PROVIDER_PACKAGE} in main.ts, app/, modules/ or environments/, expected one`,
    );
  return [...modules].sort();
}

/** A CommonJS script that loads cdktf and `providerModules`, and synthesizes nothing. */
export function floorScript(providerModules: readonly string[]): string {
  return [
    '"use strict";',
    "// The floor: loading Node, cdktf and the provider classes the pack uses; nothing else.",
    'require("cdktf");',
    ...providerModules.map((name) => `require(${JSON.stringify(name)});`),
    "",
  ].join("\n");
}

/** A CommonJS script for `cdktf synth --app`: writes an empty manifest, as an app without stacks. */
export function noopAppScript(cdktfVersion: string): string {
  return [
    '"use strict";',
    "// A no-op app: what the CLI costs around an app that does no work.",
    'const fs = require("node:fs");',
    'const path = require("node:path");',
    'const outdir = process.env.CDKTF_OUTDIR || "cdktf.out";',
    "fs.mkdirSync(outdir, { recursive: true });",
    `fs.writeFileSync(path.join(outdir, "manifest.json"), JSON.stringify({ version: ${JSON.stringify(cdktfVersion)}, stacks: {} }));`,
    "",
  ].join("\n");
}
