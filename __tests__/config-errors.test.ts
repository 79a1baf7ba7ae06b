import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_ERROR_CASES } from "./fixtures/config-errors/corpus";
import { problemsOf } from "./support/synth";

const FIXTURE = path.join(__dirname, "fixtures/config-errors/messages.json");
const ACCEPT = "ACCEPT_CONFIG_ERRORS=1 npx jest __tests__/config-errors.test.ts";

/**
 * Every bad config of the corpus and the messages it gets, compared with the committed fixture.
 * A changed message fails here; once it reads better, accept it with the command below and let
 * the fixture's diff show the change.
 */
describe("the messages for bad configs", () => {
  const actual: Record<string, string[]> = {};
  for (const { title, name, config } of CONFIG_ERROR_CASES) actual[title] = problemsOf(config, name);

  test("every case of the corpus has a distinct title and at least one problem", () => {
    expect(new Set(CONFIG_ERROR_CASES.map((c) => c.title)).size).toBe(CONFIG_ERROR_CASES.length);
    expect(Object.entries(actual).filter(([, messages]) => messages.length === 0)).toEqual([]);
  });

  test(`are those of the fixture (accept a change with: ${ACCEPT})`, () => {
    if (process.env.ACCEPT_CONFIG_ERRORS === "1")
      fs.writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as Record<string, string[]>;
    expect(actual).toEqual(expected);
  });
});
