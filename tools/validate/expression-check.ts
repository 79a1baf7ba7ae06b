import { analyzeExpression, type ExpressionAnalysis } from "./expression-analysis";
import type { ExpressionSite } from "./expression-sites";
import { checkFunctionName } from "./functions";
import type { ProblemSink } from "./problem";
import { checkReference } from "./reference-check";
import type { ProviderSchema } from "./schema-types";
import type { TerraformDocument } from "./terraform-document";
import { parseTemplate, type ParsedTemplate, type TemplateSyntaxError } from "./template-parser";
import { excerpt } from "./template-text";

/** An evaluated string of the document with what its expression calls and refers to. */
export interface AnalyzedExpression extends ExpressionSite {
  /** Undefined when the string does not parse. */
  readonly analysis?: ExpressionAnalysis;
}

/**
 * Parses every expression site with HashiCorp's HCL parser and reports syntax errors, calls to unknown functions and
 * references to undeclared objects or unknown attributes.
 */
export async function checkExpressions(
  sites: readonly ExpressionSite[],
  document: TerraformDocument,
  schema: ProviderSchema | undefined,
  sink: ProblemSink,
): Promise<AnalyzedExpression[]> {
  const parsed = new Map<string, Promise<ParsedTemplate | TemplateSyntaxError>>();
  const parse = (template: string) => {
    let result = parsed.get(template);
    if (!result) {
      result = parseTemplate(template);
      parsed.set(template, result);
    }
    return result;
  };

  const analyzed: AnalyzedExpression[] = [];
  for (const site of sites) {
    const report = (message: string) => sink.report(site.address, site.attributePath, message);
    const result = await parse(site.kind === "traversal" ? `\${${site.value}}` : site.value);
    if (!result.ok) {
      if (site.kind === "traversal") {
        report(
          `invalid reference ${JSON.stringify(site.value)}: expected an address such as aws_instance.example or module.network (${result.summary})`,
        );
      } else {
        const at =
          result.offset !== undefined
            ? ` at character ${result.offset} of ${excerpt(site.value, result.offset)}`
            : ` in ${excerpt(site.value)}`;
        report(`invalid template syntax${at}: ${result.summary}: ${result.detail}`);
      }
      analyzed.push(site);
      continue;
    }
    const analysis = analyzeExpression(result.ast);
    analyzed.push({ ...site, analysis });

    if (site.kind === "traversal" && (analysis.references.length !== 1 || analysis.functions.length > 0)) {
      report(
        `invalid reference ${JSON.stringify(site.value)}: expected an address such as aws_instance.example or module.network`,
      );
      continue;
    }
    for (const name of new Set(analysis.functions)) {
      const message = checkFunctionName(name, document.requiredProviders);
      if (message) report(message);
    }
    const seen = new Set<string>();
    for (const reference of analysis.references) {
      if (seen.has(reference.text)) continue;
      seen.add(reference.text);
      const message = checkReference(
        reference,
        { scope: site.scope, bare: site.kind === "traversal" },
        document,
        schema,
      );
      if (message) report(message);
    }
  }
  return analyzed;
}
