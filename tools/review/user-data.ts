import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { Json } from "../../modules/terraform-json";
import { isExpression, showExpression } from "./terraform-references";

/** A launch template's user data, decoded as the instance receives it. */
export interface DecodedUserData {
  /** The script text. */
  readonly text: string;
  /** Size in bytes once base64-decoded, as EC2 receives it and counts it against its 16 KB limit. */
  readonly bytes: number;
  /** SHA-256 of the script (decompressed when gzipped), hex. */
  readonly sha256: string;
  /** True when the data was gzip-compressed (cloud-init accepts it). */
  readonly gzipped: boolean;
}

/** The user data, or why it cannot be shown. */
export type UserDataReading =
  | { readonly kind: "none" }
  | { readonly kind: "decoded"; readonly userData: DecodedUserData }
  | { readonly kind: "unreadable"; readonly reason: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes `user_data` as written in the stack: a literal base64 string, else says why not. */
export function readUserData(value: Json | undefined): UserDataReading {
  if (value === undefined || value === null || value === "") return { kind: "none" };
  if (typeof value !== "string")
    return { kind: "unreadable", reason: `not a string: ${JSON.stringify(value)}` };
  if (isExpression(value))
    return { kind: "unreadable", reason: `computed at plan time: ${showExpression(value)}` };
  const compact = value.replace(/\s+/g, "");
  const raw = Buffer.from(compact, "base64");
  if (!BASE64.test(compact) || compact.length % 4 !== 0 || raw.toString("base64") !== compact)
    return { kind: "unreadable", reason: "not base64, expected the base64 of the boot script" };
  const gzipped = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  let data = raw;
  if (gzipped) {
    try {
      data = gunzipSync(raw);
    } catch {
      return { kind: "unreadable", reason: "gzip data that does not decompress" };
    }
  }
  return {
    kind: "decoded",
    userData: {
      text: data.toString("utf8"),
      bytes: raw.length,
      sha256: createHash("sha256").update(data).digest("hex"),
      gzipped,
    },
  };
}

/** The first lines of a script, for a glance. */
export function firstLines(text: string, count: number): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.slice(0, count);
}

/** The number of lines of a script. */
export function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split(/\r?\n/).length - (text.endsWith("\n") ? 1 : 0);
}

/** `1.2 KiB` or `830 B`. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}
