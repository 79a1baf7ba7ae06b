/**
 * Runs `work` while stack traces captured into plain objects come out empty; errors keep theirs.
 * CDKTF captures and formats an unlimited stack trace for every token it creates, only to show it
 * if that token later fails to resolve: about a fifth of a synth, and memory per environment.
 */
export function withoutTokenStackTraces<T>(work: () => T): T {
  const original = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]) => {
    if (!(target instanceof Error)) return "";
    return original
      ? original(target, frames)
      : `${String(target)}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
  };
  try {
    return work();
  } finally {
    Error.prepareStackTrace = original;
  }
}
