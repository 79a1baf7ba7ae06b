import { addressAt, formatDiagnostic, locateDiagnostic } from "../tools/terraform/diagnostics";

// Terraform reports a position in the file; the user needs the block's address and the argument.
const text = `{
  "provider": { "aws": [{ "region": "us-east-1" }, { "alias": "eu-west-1", "region": "eu-west-1", "bogus": 1 }] },
  "data": { "aws_ami": { "base": { "owners": ["111111111111"] } } },
  "resource": {
    "aws_ami_copy": {
      "golden_eu-west-1": { "name": "web – 1.4.0", "lifecycle": { "prevent_destroy": true }, "ebs": [{ "size": 8 }] }
    }
  },
  "output": { "image_id": { "value": "\${aws_ami_copy.x.id}" } },
  "terraform": { "required_providers": { "aws": { "version": "6.25.0" } } }
}
`;
/** The byte offset of the first occurrence of `needle`, as Terraform counts it. */
const byteOf = (needle: string) => Buffer.byteLength(text.slice(0, text.indexOf(needle)), "utf8");

describe("addressAt", () => {
  it.each([
    ['"prevent_destroy"', "aws_ami_copy.golden_eu-west-1", "lifecycle.prevent_destroy"],
    ['{ "name"', "aws_ami_copy.golden_eu-west-1", ""],
    ['"size"', "aws_ami_copy.golden_eu-west-1", "ebs[0].size"],
    ['"owners"', "data.aws_ami.base", "owners"],
    ['"bogus"', "provider.aws.eu-west-1", "bogus"],
    ['"region": "us-east-1"', "provider.aws", "region"],
    ['"${aws_ami_copy', "output.image_id", "value"],
    ['"version"', "terraform", "required_providers.aws.version"],
  ])("at %s: %s %s", (needle, address, attributePath) => {
    expect(addressAt(text, byteOf(needle))).toMatchObject({ address, attributePath });
  });

  it("counts bytes, as Terraform does, past multi-byte characters", () => {
    // The en dash before it is three bytes in UTF-8 and one character in JavaScript.
    expect(addressAt(text, byteOf('"lifecycle"'))).toMatchObject({ attributePath: "lifecycle" });
  });
});

describe("locateDiagnostic", () => {
  const diagnostic = {
    severity: "error" as const,
    summary: "Unsupported argument",
    detail: 'An argument named "bogus" is not expected here.',
    range: {
      filename: "cdk.tf.json",
      start: { line: 2, column: 0, byte: byteOf('"bogus"') },
      end: { line: 2, column: 0, byte: byteOf('"bogus"') + 7 },
    },
  };

  it("names the user's file, the position and the address", () => {
    const located = locateDiagnostic(
      diagnostic,
      new Map([["cdk.tf.json", { shown: "cdktf.out/stacks/prod/cdk.tf.json", seen: text, original: text }]]),
    );
    expect(formatDiagnostic(located)).toBe(
      'cdktf.out/stacks/prod/cdk.tf.json:2:0: provider.aws.eu-west-1.bogus: Error: Unsupported argument: An argument named "bogus" is not expected here.',
    );
  });

  it("reports the line and column of the user's file when Terraform read a rewritten copy", () => {
    const seen = JSON.stringify(JSON.parse(text), null, 4);
    const moved = {
      ...diagnostic,
      range: {
        ...diagnostic.range,
        start: { line: 99, column: 99, byte: Buffer.byteLength(seen.slice(0, seen.indexOf('"bogus"'))) },
      },
    };
    const located = locateDiagnostic(
      moved,
      new Map([["cdk.tf.json", { shown: "stack.tf.json", seen, original: text }]]),
    );
    expect(located).toMatchObject({
      file: "stack.tf.json",
      line: 2,
      column: text.split("\n")[1].indexOf("1 }") + 1,
      address: "provider.aws.eu-west-1",
      attributePath: "bogus",
    });
  });

  it("keeps a diagnostic without a position as Terraform gave it", () => {
    expect(
      formatDiagnostic(locateDiagnostic({ severity: "warning", summary: "Something\nwide" }, new Map())),
    ).toBe("Warning: Something\nwide");
  });
});
