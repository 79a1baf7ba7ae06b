import { isJsonObject } from "./json-values";
import { joinPath, type ProblemSink } from "./problem";
import { didYouMean } from "./suggest";
import type { DeclaredBlock, TerraformDocument } from "./terraform-document";

/** `aws` or `aws.eu-west-1`. */
const PROVIDER_REFERENCE = /^([a-z][a-z0-9_-]*)(?:\.([A-Za-z0-9_-]+))?$/;

/**
 * Checks provider references: every `provider = "aws.<alias>"` of a resource, data source or module names a
 * configured provider alias, and resources of `defaultProvider` that use its default configuration have a
 * `provider` block to use.
 */
export function checkProviderReferences(
  document: TerraformDocument,
  defaultProvider: string,
  sink: ProblemSink,
): void {
  const check = (address: string, path: string, value: unknown) => {
    if (typeof value !== "string") return;
    const match = PROVIDER_REFERENCE.exec(value);
    if (!match) {
      sink.report(
        address,
        path,
        `invalid provider reference ${JSON.stringify(value)}: expected <provider> or <provider>.<alias>, e.g. "aws.eu-west-1"`,
      );
      return;
    }
    const [, localName, alias] = match;
    if (alias === undefined) return;
    const configs = document.providers.filter((p) => p.localName === localName);
    if (configs.some((p) => p.alias === alias)) return;
    const aliases = configs.map((p) => p.alias).filter((a): a is string => a !== undefined);
    sink.report(
      address,
      path,
      `provider "${value}" is not configured: no "${localName}" provider configuration has alias "${alias}" (configured aliases: ${aliases.join(", ") || "none"})${didYouMean(alias, aliases)}`,
    );
  };

  for (const block of [...document.resources, ...document.dataSources]) {
    check(block.address, "provider", block.body.provider);
  }
  for (const module of document.modules) {
    if (!isJsonObject(module.body.providers)) continue;
    for (const [key, value] of Object.entries(module.body.providers)) {
      check(module.address, joinPath("providers", key), value);
    }
  }

  const usingDefault: DeclaredBlock[] = [...document.resources, ...document.dataSources].filter(
    (b) =>
      b.type.startsWith(`${defaultProvider}_`) &&
      (b.body.provider === undefined || b.body.provider === defaultProvider),
  );
  if (usingDefault.length > 0 && !document.providers.some((p) => p.localName === defaultProvider)) {
    const first = usingDefault[0].address;
    const more = usingDefault.length > 1 ? ` and ${usingDefault.length - 1} more` : "";
    sink.report(
      `provider.${defaultProvider}`,
      "",
      `missing provider configuration: ${first}${more} use the default "${defaultProvider}" provider, but the document configures no "${defaultProvider}" provider (expected "provider": {"${defaultProvider}": [{...}]})`,
    );
  }
}
