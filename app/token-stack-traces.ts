/**
 * Runs `work` without the stack traces CDKTF captures for every token it creates. CDKTF keeps
 * an unlimited trace per token (captured into a plain object) only to show it if that token later
 * fails to resolve: about a tenth of a synth, and memory per environment. Errors keep their
 * traces: `new Error()` does not go through `Error.captureStackTrace`, and Node's own errors
 * that do are `Error`s.
 */
export function withoutTokenStackTraces<T>(work: () => T): T {
  const original = Error.captureStackTrace;
  Error.captureStackTrace = (...args: Parameters<typeof original>) => {
    if (args[0] instanceof Error) original(...args);
  };
  try {
    return work();
  } finally {
    Error.captureStackTrace = original;
  }
}
