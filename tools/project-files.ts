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
