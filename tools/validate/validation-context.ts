import type { AnalyzedExpression } from "./expression-check";
import type { JsonObject } from "./json-values";
import type { ValidationProblem } from "./problem";
import type { ProviderSchema } from "./schema-types";
import type { TerraformDocument } from "./terraform-document";

/** What a validation rule gets to look at besides the raw document. */
export interface ValidationContext {
  /** The file being validated, as given to the validator. */
  readonly file: string;
  /** The provider schema the document is checked against. */
  readonly schema: ProviderSchema;
  /** The document's declarations (resources, data sources, providers, outputs, ...). */
  readonly document: TerraformDocument;
  /** Every evaluated string of the document, with the functions and references of those that parse. */
  readonly expressions: readonly AnalyzedExpression[];
  /** Builds a problem located in this file. */
  problem(address: string, attributePath: string, message: string): ValidationProblem;
}

/**
 * An extra check run after the built-in ones, e.g. a project-specific guard rule. Returns the problems it finds
 * (an empty array when there are none).
 */
export type ValidationRule = (
  json: JsonObject,
  context: ValidationContext,
) => readonly ValidationProblem[] | Promise<readonly ValidationProblem[]>;
