import * as path from "node:path";

/** A path relative to the working directory when it is inside it, else as it is. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  if (relative === "") return ".";
  return !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
