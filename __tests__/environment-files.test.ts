import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatProblem } from "../modules/config-checker";
import { findEnvironmentFiles, loadEnvironments } from "../app/environment-files";

/** The modules folder, as an environment file outside the project imports it. */
const MODULES = JSON.stringify(path.join(__dirname, "..", "modules"));

const created: string[] = [];

afterAll(() => {
  for (const root of created) fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh project folder whose `environments` folder holds the given files. */
function project(files: Record<string, string>, folder = "environments"): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ami-pack-environments-"));
  created.push(root);
  const dir = path.join(root, folder);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), source);
  return root;
}

/** An environment file with a valid config in `account`. */
function valid(account: string): string {
  return `import { defineEnvironment } from ${MODULES};
export default defineEnvironment({
  account: "${account}",
  region: "us-east-1",
  baseImage: { imageId: "ami-0123456789abcdef0" },
});
`;
}

function load(root: string, environmentsDir?: string) {
  const result = loadEnvironments({
    projectDir: root,
    environmentsDir: environmentsDir && path.join(root, environmentsDir),
  });
  return {
    environments: result.environments.map(({ name, file, config }) => ({
      name,
      file,
      account: config.account,
    })),
    problems: result.problems.map(formatProblem),
  };
}

describe("loadEnvironments", () => {
  test("loads valid files in sorted order and reports every broken sibling", () => {
    const root = project({
      "staging.ts": valid("222222222222"),
      "dev.ts": valid("111111111111"),
      "prod.ts": valid("333333333333"),
      "no-default.ts": `export const config = { account: "111111111111" };\n`,
      "plain-object.ts": `export default { account: "111111111111", region: "us-east-1" };\n`,
      "function.ts": `export default function environment() {}\n`,
      "throws.ts": `throw new Error("SSM parameter /ami/owner is not set");\n`,
    });
    expect(load(root)).toEqual({
      environments: [
        { name: "dev", file: "environments/dev.ts", account: "111111111111" },
        { name: "prod", file: "environments/prod.ts", account: "333333333333" },
        { name: "staging", file: "environments/staging.ts", account: "222222222222" },
      ],
      problems: [
        'environments/function.ts: default export is a function, expected the result of defineEnvironment({...}) from "../modules"',
        "environments/no-default.ts: has no default export, expected `export default defineEnvironment({...})`",
        'environments/plain-object.ts: default export is {"account":"111111111111","region":"us-east-1"}, expected the result of defineEnvironment({...}) from "../modules"',
        "environments/throws.ts: could not be loaded: SSM parameter /ami/owner is not set",
      ],
    });
  });

  test("reports a file with a syntax error and still loads its siblings", () => {
    const root = project({
      "b-broken.ts": `import { defineEnvironment } from ${MODULES};\nexport default defineEnvironment({ account: \n`,
      "a-first.ts": valid("111111111111"),
      "c-last.ts": valid("222222222222"),
    });
    const { environments, problems } = load(root);
    expect(environments.map((e) => e.name)).toEqual(["a-first", "c-last"]);
    expect(problems).toEqual(["environments/b-broken.ts:2:44: syntax error: Expression expected"]);
  });

  test("reports a syntax error as file:line:column, also in a file an environment imports", () => {
    const root = project({
      "qa.ts": [
        `import { defineEnvironment } from ${MODULES};`,
        "export default defineEnvironment({",
        '  account: "444444444444",',
        '  region: "us-east-1"',
        '  baseImage: { imageId: "ami-0123456789abcdef0" },',
        "});",
        "",
      ].join("\n"),
      "web.ts": `import { tags } from "./shared/tags";\n${valid("111111111111").replace("account:", "tags, account:")}`,
    });
    fs.mkdirSync(path.join(root, "environments/shared"));
    fs.writeFileSync(path.join(root, "environments/shared/tags.ts"), "export const tags = { Team: 'web' ;\n");
    expect(load(root).problems).toEqual([
      "environments/qa.ts:5:3: syntax error: ',' expected",
      "environments/web.ts: could not be loaded: environments/shared/tags.ts:1:35: syntax error: ',' expected",
    ]);
  });

  test("reports the config problems of a file and does not load it", () => {
    const root = project({
      "dev.ts": valid("111111111111"),
      "test.ts": valid("12345"),
    });
    expect(load(root)).toEqual({
      environments: [{ name: "dev", file: "environments/dev.ts", account: "111111111111" }],
      problems: [
        'environments/test.ts: account: got "12345", expected a 12-digit AWS account ID such as "111111111111"',
      ],
    });
  });

  test("checks the file name as the environment name", () => {
    const root = project({ "Prod_EU.ts": valid("111111111111") });
    expect(load(root)).toEqual({
      environments: [],
      problems: [
        'environments/Prod_EU.ts: file name "Prod_EU" is not a valid environment name, expected lower-case letters, digits and hyphens, starting with a letter, such as "staging" or "prod-eu"',
      ],
    });
  });

  test("an empty folder is a problem", () => {
    const root = project({});
    expect(load(root)).toEqual({
      environments: [],
      problems: [
        "environments: got no environment file, expected at least one <name>.ts that default-exports defineEnvironment({...})",
      ],
    });
  });

  test("a folder of other files only is a problem", () => {
    const root = project({ "README.md": "# Environments\n", "types.d.ts": "export {};\n" });
    expect(load(root).problems).toEqual([
      "environments: got no environment file, expected at least one <name>.ts that default-exports defineEnvironment({...})",
    ]);
  });

  test("a missing folder is a problem", () => {
    const root = project({});
    fs.rmdirSync(path.join(root, "environments"));
    expect(load(root).problems).toEqual([
      "environments: got no environment file, expected at least one <name>.ts that default-exports defineEnvironment({...})",
    ]);
  });

  test("shows files relative to the project when the folder is elsewhere", () => {
    const root = project({ "dev.ts": valid("111111111111"), "test.ts": valid("1") }, "config/envs");
    expect(load(root, "config/envs")).toEqual({
      environments: [{ name: "dev", file: "config/envs/dev.ts", account: "111111111111" }],
      problems: [
        'config/envs/test.ts: account: got "1", expected a 12-digit AWS account ID such as "111111111111"',
      ],
    });
  });
});

describe("findEnvironmentFiles", () => {
  test("lists .ts files only, by code point, the same on every machine", () => {
    const root = project({
      "prod.ts": "",
      "Dev.ts": "",
      "dev.ts": "",
      "prod-eu.ts": "",
      "types.d.ts": "",
      "notes.md": "",
      "old.ts.bak": "",
    });
    const dir = path.join(root, "environments");
    expect(findEnvironmentFiles(dir).map((file) => path.relative(dir, file))).toEqual([
      "Dev.ts",
      "dev.ts",
      "prod-eu.ts",
      "prod.ts",
    ]);
  });
});
