/** What the main job reads from the project: a copy of these (with node_modules) runs it elsewhere. */
export const MAIN_JOB_FILES: readonly string[] = [
  "main.ts",
  "app",
  "modules",
  "environments",
  "scripts",
  "cdktf.json",
  "package.json",
  "tsconfig.json",
];

/** What the test command reads besides: a copy of these (with node_modules) runs its checks elsewhere. */
export const TEST_COMMAND_FILES: readonly string[] = [
  ...MAIN_JOB_FILES,
  "__tests__",
  "tools",
  "jest.config.js",
  "eslint.config.mjs",
  ".prettierrc.json",
  ".prettierignore",
];
