// The app: finds and loads the environment files, turns them into stacks and writes the output
// folder. The constructs it builds live in modules/.
export * from "./environment-files";
export * from "./messages";
export * from "./synthesize";
