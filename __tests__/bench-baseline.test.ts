import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatProblem } from "../modules/config-checker";
import { loadEnvironments } from "../app/environment-files";
import { synthesizeEnvironments } from "../app/synthesize";
import { providerImports } from "../tools/bench/floor";
import { synthesizePlainStacks } from "../tools/bench/plain-cdktf-app";
import { stackDifferences } from "../tools/bench/same-stacks";
import { writeScenario } from "../tools/bench/scenario";

const PROJECT_DIR = path.join(__dirname, "..");
const BASELINE_APP = path.join(PROJECT_DIR, "tools", "bench", "plain-cdktf-app.ts");
const created: string[] = [];

afterAll(() => {
  for (const root of created) fs.rmSync(root, { recursive: true, force: true });
});

function temporaryDir(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ami-pack-bench-baseline-"));
  created.push(root);
  return root;
}

/** Writes `stacks` as `<outdir>/stacks/<name>/cdk.tf.json`. */
function writeStacks(outdir: string, stacks: Record<string, unknown>): string {
  for (const [name, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(outdir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  }
  return outdir;
}

/** The relative modules a source loads at run time: value imports, re-exports and requires. */
function localValueImports(source: string): string[] {
  const statements = /\b(?:import|export)\s+(type\s+)?(?:[^;"']*?\s+from\s*)?["'](\.[^"']+)["']/g;
  const requires = /\brequire\(\s*["'](\.[^"']+)["']\s*\)/g;
  return [
    ...[...source.matchAll(statements)].filter((match) => !match[1]).map((match) => match[2]),
    ...[...source.matchAll(requires)].map((match) => match[1]),
  ];
}

/** The project files `file` loads at run time, itself included, relative to the project. */
function loadedProjectFiles(file: string, seen = new Set<string>()): Set<string> {
  seen.add(path.relative(PROJECT_DIR, file).split(path.sep).join("/"));
  for (const specifier of localValueImports(fs.readFileSync(file, "utf8"))) {
    const imported = path.resolve(path.dirname(file), specifier);
    const resolved = [`${imported}.ts`, path.join(imported, "index.ts")].find((candidate) =>
      fs.existsSync(candidate),
    );
    if (!resolved) throw new Error(`cannot resolve "${specifier}" from ${file}`);
    if (!seen.has(path.relative(PROJECT_DIR, resolved).split(path.sep).join("/")))
      loadedProjectFiles(resolved, seen);
  }
  return seen;
}

describe("the benchmark's plain CDKTF baseline", () => {
  test("synthesizes the same Terraform configuration as the pack, metadata aside", () => {
    const root = temporaryDir();
    writeScenario(path.join(root, "environments"), 2, {
      modulesSpecifier: path.join(PROJECT_DIR, "modules"),
    });
    const { environments, problems } = loadEnvironments({ projectDir: root });
    expect(problems.map(formatProblem)).toEqual([]);
    const packOutdir = path.join(root, "pack.out");
    synthesizeEnvironments(environments, { outdir: packOutdir });

    const baselineOutdir = path.join(root, "baseline.out");
    synthesizePlainStacks(2, baselineOutdir);

    expect(fs.readdirSync(path.join(baselineOutdir, "stacks")).sort()).toEqual(["env-001", "env-002"]);
    expect(stackDifferences(packOutdir, baselineOutdir)).toEqual([]);
  });

  test("loads nothing of the pack but the token stack-trace helper, and provider submodules only", () => {
    const projectFiles = [...loadedProjectFiles(BASELINE_APP)];
    expect(projectFiles.filter((file) => /^(app|modules)\//.test(file))).toEqual([
      "app/token-stack-traces.ts",
    ]);
    const providers = projectFiles.flatMap((file) =>
      providerImports(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")),
    );
    expect(providers.length).toBeGreaterThan(0);
    for (const name of providers) expect(name).toMatch(/^@cdktf\/provider-aws\/lib\/[a-z0-9-]+$/);
  });
});

describe("stackDifferences", () => {
  const stack = {
    "//": { metadata: { stackName: "env-001" } },
    resource: {
      aws_ami_copy: {
        "golden_1-0-0_eu-west-1": {
          "//": { metadata: { path: "env-001/copies-1.0.0/eu-west-1" } },
          kms_key_id: "arn:aws:kms:eu-west-1:100000000001:key/a",
          tags: { Name: "env-001-1.0.0" },
        },
        "golden_1-0-0_us-west-2": { kms_key_id: "arn:aws:kms:us-west-2:100000000001:key/b" },
      },
    },
    moved: [{ from: "aws_ami_from_instance.golden", to: "aws_ami_from_instance.golden_1-0-0" }],
  };

  test("ignores the metadata keys at any depth", () => {
    const root = temporaryDir();
    const pack = writeStacks(path.join(root, "pack"), { "env-001": stack });
    const baseline = writeStacks(path.join(root, "baseline"), {
      "env-001": {
        resource: {
          aws_ami_copy: {
            "golden_1-0-0_eu-west-1": {
              kms_key_id: "arn:aws:kms:eu-west-1:100000000001:key/a",
              tags: { Name: "env-001-1.0.0" },
            },
            "golden_1-0-0_us-west-2": { kms_key_id: "arn:aws:kms:us-west-2:100000000001:key/b" },
          },
        },
        moved: stack.moved,
      },
    });
    expect(stackDifferences(pack, baseline)).toEqual([]);
  });

  test("reports a changed value, a missing resource and a stack on one side only", () => {
    const root = temporaryDir();
    const pack = writeStacks(path.join(root, "pack"), { "env-001": stack, "env-002": stack });
    const copies = stack.resource.aws_ami_copy;
    const baseline = writeStacks(path.join(root, "baseline"), {
      "env-001": {
        ...stack,
        resource: {
          aws_ami_copy: {
            "golden_1-0-0_eu-west-1": { ...copies["golden_1-0-0_eu-west-1"], kms_key_id: "other" },
          },
        },
      },
      "env-003": stack,
    });

    expect(stackDifferences(pack, baseline)).toEqual([
      "stack env-002 only in the pack output",
      "stack env-003 only in the baseline output",
      'env-001: resource.aws_ami_copy.golden_1-0-0_eu-west-1.kms_key_id: pack "arn:aws:kms:eu-west-1:100000000001:key/a", baseline "other"',
      'env-001: resource.aws_ami_copy.golden_1-0-0_us-west-2: pack {"kms_key_id":"arn:aws:kms:us-west-2:100000000001:key/b"}, baseline (none)',
    ]);
  });

  test("lists a few differences per stack and counts the rest", () => {
    const root = temporaryDir();
    const many = (value: string) => ({ moved: Array.from({ length: 8 }, () => ({ from: value })) });
    const pack = writeStacks(path.join(root, "pack"), { "env-001": many("a") });
    const baseline = writeStacks(path.join(root, "baseline"), { "env-001": many("b") });

    const differences = stackDifferences(pack, baseline);

    expect(differences).toHaveLength(6);
    expect(differences[0]).toBe('env-001: moved[0].from: pack "a", baseline "b"');
    expect(differences[5]).toBe("env-001: 3 more difference(s)");
  });
});
