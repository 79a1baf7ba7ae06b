import * as path from "node:path";
import { loadEnvironments } from "../modules/environment-files";
import { synthEnvironment } from "./support/synth";

const { environments, problems } = loadEnvironments({ projectDir: path.resolve(__dirname, "..") });

describe("shipped environments", () => {
  it("are dev, prod and staging, all valid", () => {
    expect(problems).toEqual([]);
    expect(environments.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
  });

  it.each(environments.map((e) => [e.name, e] as const))("%s matches its reviewed snapshot", (name, env) => {
    expect(synthEnvironment(env.config, name)).toMatchSnapshot();
  });

  it("dev keeps web 1.4.0 and 1.5.0, runs 1.5.0, and shares both with the staging and prod accounts", () => {
    const dev = synthEnvironment(environments.find((e) => e.name === "dev")!.config, "dev");
    const amis = dev.resource.aws_ami_from_instance;
    expect(Object.keys(amis)).toEqual(["golden_1-4-0", "golden_1-5-0"]);
    expect([amis["golden_1-4-0"].name, amis["golden_1-5-0"].name]).toEqual(["web-1.4.0", "web-1.5.0"]);
    expect(dev.resource.aws_launch_template["web_us-east-1"].image_id).toBe(
      "${aws_ami_from_instance.golden_1-5-0.id}",
    );
    expect(Object.keys(dev.resource.aws_ami_launch_permission).sort()).toEqual([
      "golden_1-4-0_us-east-1_222222222222",
      "golden_1-4-0_us-east-1_333333333333",
      "golden_1-5-0_us-east-1_222222222222",
      "golden_1-5-0_us-east-1_333333333333",
    ]);
  });

  it.each([
    ["staging", "1.5.0", ["1.4.0", "1.5.0"]],
    ["prod", "1.4.0", ["1.4.0"]],
  ])("%s runs promoted web %s, keeps %j and copies them with its own keys", (name, current, kept) => {
    const env = environments.find((e) => e.name === name)!;
    const json = synthEnvironment(env.config, name);
    for (const version of kept) {
      expect(json.data.aws_ami[`base_${version.replace(/\./g, "-")}`]).toEqual({
        owners: ["111111111111"],
        include_deprecated: true,
        filter: [{ name: "name", values: [`web-${version}`] }],
      });
    }
    expect(Object.keys(json.data.aws_ami)).toHaveLength(kept.length);
    expect(json.resource.aws_launch_template["web_us-east-1"].image_id).toBe(
      `\${aws_ami_copy.base_${current.replace(/\./g, "-")}_us-east-1.id}`,
    );
    const copies = Object.values(json.resource.aws_ami_copy) as Array<{ kms_key_id: string }>;
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) expect(copy.kms_key_id).toContain(`:${env.config.account}:key/`);
  });

  it("read the application's .env from SSM at boot instead of baking it", () => {
    for (const env of environments) {
      const json = synthEnvironment(env.config, env.name);
      const templates = json.resource.aws_launch_template as Record<string, { user_data: string }>;
      for (const [address, template] of Object.entries(templates)) {
        const app = address.split("_")[0];
        const script = Buffer.from(template.user_data, "base64").toString("utf8");
        expect(script).toContain(
          `aws ssm get-parameter --region "$REGION" --name "/${app}/${env.name}/dotenv"`,
        );
        expect(script).toContain(`> /etc/${app}/.env`);
      }
    }
  });
});
