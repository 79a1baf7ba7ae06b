/**
 * Typed access to parsed Terraform JSON. Stacks may hold hand-written values of any shape, so
 * every reader checks the type it expects and answers `undefined` otherwise.
 */

/** Any value JSON can hold. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object at `key`; a one-element list of objects counts too (Terraform JSON allows both for blocks). */
export function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  return asObject(value[key]);
}

/** An object, or the only object of a one-element list. */
export function asObject(value: unknown): JsonObject | undefined {
  if (isObject(value)) return value;
  if (Array.isArray(value) && value.length === 1 && isObject(value[0])) return value[0];
  return undefined;
}

/** The objects of a list of blocks; a single object is a list of one. */
export function objectsAt(value: unknown, key: string): JsonObject[] {
  if (!isObject(value)) return [];
  const item = value[key];
  if (isObject(item)) return [item];
  return Array.isArray(item) ? item.filter(isObject) : [];
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const item = value[key];
  return typeof item === "string" ? item : undefined;
}

/** A number, also when written as a numeric string (Terraform converts both). */
export function numberAt(value: unknown, key: string): number | undefined {
  if (!isObject(value)) return undefined;
  const item = value[key];
  if (typeof item === "number") return item;
  if (typeof item === "string" && /^-?\d+(\.\d+)?$/.test(item)) return Number(item);
  return undefined;
}

/** A boolean, also when written as "true" or "false" (Terraform converts both). */
export function booleanAt(value: unknown, key: string): boolean | undefined {
  if (!isObject(value)) return undefined;
  const item = value[key];
  if (typeof item === "boolean") return item;
  if (item === "true" || item === "false") return item === "true";
  return undefined;
}

/** Whether a value is true as Terraform reads it: `true` or `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** The strings of a list; a single string is a list of one. */
export function stringsAt(value: unknown, key: string): string[] {
  if (!isObject(value)) return [];
  const item = value[key];
  if (typeof item === "string") return [item];
  return Array.isArray(item) ? item.filter((entry): entry is string => typeof entry === "string") : [];
}

/** The value without CDKTF's `"//"` comment keys, at any depth. */
export function withoutComments(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (!isObject(value)) return value;
  const result: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== "//") result[key] = withoutComments(item);
  }
  return result;
}

/** Orders strings by code point, the same on every machine and locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted copy of strings, without duplicates. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byCodePoint);
}

/** JSON text with object keys sorted, so that equal values always print the same. */
export function canonicalJson(value: Json | undefined): string {
  return JSON.stringify(sortKeys(value)) ?? "undefined";
}

function sortKeys(value: Json | undefined): Json | undefined {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item) ?? null);
  if (!isObject(value)) return value;
  const result: Record<string, Json> = {};
  for (const key of Object.keys(value).sort(byCodePoint)) result[key] = sortKeys(value[key]) ?? null;
  return result;
}

/** Deep equality of JSON values, ignoring key order. */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
