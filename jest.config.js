// The cdktf CLI reports every run to HashiCorp's checkpoint service; tests never need it, and
// without network it prints an [ERROR] line. Child processes of the tests inherit this.
process.env.CHECKPOINT_DISABLE ??= "1";

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "commonjs" },
        swcrc: false,
      },
    ],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // Some tests run the CLI, tsc or Terraform in child processes; machines differ about 3x in speed.
  testTimeout: 180000,
  // The tests wait on those child processes much of the time: a worker per core keeps every core
  // busy, where Jest's default (one core fewer) leaves a 2-core machine running one test file at a time.
  maxWorkers: "100%",
  reporters: ["default", "<rootDir>/tools/jest/snapshot-hint-reporter.js"],
};
