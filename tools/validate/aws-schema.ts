import * as fs from "fs";
import * as path from "path";
import { assertJsiiAssembly } from "./jsii-assembly";
import { deriveProviderSchemaFromJsii } from "./jsii-schema";
import { describeJson, isJsonObject } from "./json-values";
import type { ProviderSchema } from "./schema-types";

/** Options for {@link loadAwsProviderSchema}. */
export interface LoadSchemaOptions {
  /**
   * Directory of the derived-schema cache. Default: `node_modules/.cache/cdktf-ami-pack` in the `node_modules`
   * that holds `@cdktf/provider-aws`.
   */
  readonly cacheDir?: string;
  /** Directory of the `@cdktf/provider-aws` package. Default: resolved from this module. */
  readonly packageDir?: string;
}

/** Bump when the derived schema's shape or the derivation changes, so that old caches are rebuilt. */
const CACHE_FORMAT = 1;
const PACKAGE_NAME = "@cdktf/provider-aws";
/** How long a process may hold the derivation lock before others stop waiting for it. */
const STALE_LOCK_MS = 60_000;

interface CacheFile {
  readonly format: number;
  readonly packageName: string;
  readonly packageVersion: string;
  readonly schema: ProviderSchema;
}

interface PackageInfo {
  readonly dir: string;
  readonly version: string;
  readonly providerVersion: string;
}

const loaded = new Map<string, Promise<ProviderSchema>>();

/**
 * The schema of the hashicorp/aws provider version bound by the installed `@cdktf/provider-aws`.
 *
 * The first call derives it from the package's jsii assembly (`.jsii`, about 130 MB: a second or two and about
 * 500 MB of memory) and writes it to `<cacheDir>/aws-provider-schema-<provider version>.json`; later calls, in this
 * process or another, read that file. The cache is rebuilt when the package version changes.
 */
export function loadAwsProviderSchema(options: LoadSchemaOptions = {}): Promise<ProviderSchema> {
  const pkg = readPackageInfo(options.packageDir);
  const cacheFile = cacheFileOf(pkg, options.cacheDir);
  const key = `${cacheFile}\n${pkg.dir}@${pkg.version}`;
  let schema = loaded.get(key);
  if (!schema) {
    schema = loadOrDerive(pkg, cacheFile);
    loaded.set(key, schema);
    schema.catch(() => loaded.delete(key));
  }
  return schema;
}

/** Derives the schema from the installed `@cdktf/provider-aws` jsii assembly, without any cache. */
export async function deriveAwsProviderSchema(
  options: Pick<LoadSchemaOptions, "packageDir"> = {},
): Promise<ProviderSchema> {
  const pkg = readPackageInfo(options.packageDir);
  return derive(pkg);
}

/** The cache file {@link loadAwsProviderSchema} uses with these options. */
export function awsProviderSchemaCacheFile(options: LoadSchemaOptions = {}): string {
  return cacheFileOf(readPackageInfo(options.packageDir), options.cacheDir);
}

function cacheFileOf(pkg: PackageInfo, cacheDir: string | undefined): string {
  const dir = cacheDir ?? path.join(path.dirname(path.dirname(pkg.dir)), ".cache", "cdktf-ami-pack");
  return path.join(dir, `aws-provider-schema-${pkg.providerVersion}.json`);
}

async function loadOrDerive(pkg: PackageInfo, cacheFile: string): Promise<ProviderSchema> {
  const cached = await readCache(cacheFile, pkg);
  if (cached) return cached;
  const release = await acquireLock(`${cacheFile}.lock`);
  try {
    const built = await readCache(cacheFile, pkg);
    if (built) return built;
    const schema = await derive(pkg);
    await writeCache(cacheFile, {
      format: CACHE_FORMAT,
      packageName: PACKAGE_NAME,
      packageVersion: pkg.version,
      schema,
    });
    return schema;
  } finally {
    await release?.();
  }
}

/**
 * Takes a lock file so that concurrent processes (e.g. test workers) derive the schema once: waits while another
 * process holds it. Returns the release function, or undefined when the lock could not be taken (held longer than
 * {@link STALE_LOCK_MS}, or an unwritable directory), in which case the caller derives without it.
 */
async function acquireLock(lockFile: string): Promise<(() => Promise<void>) | undefined> {
  await fs.promises.mkdir(path.dirname(lockFile), { recursive: true }).catch(() => undefined);
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      const handle = await fs.promises.open(lockFile, "wx");
      await handle.close();
      return () => fs.promises.rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") return undefined;
    }
    const age = await fs.promises.stat(lockFile).then(
      (stat) => Date.now() - stat.mtimeMs,
      () => 0,
    );
    if (age > STALE_LOCK_MS || Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function derive(pkg: PackageInfo): Promise<ProviderSchema> {
  const assemblyFile = path.join(pkg.dir, ".jsii");
  const assembly: unknown = JSON.parse(await fs.promises.readFile(assemblyFile, "utf8"));
  assertJsiiAssembly(assembly, assemblyFile);
  return deriveProviderSchemaFromJsii(assembly, { version: pkg.providerVersion });
}

async function readCache(cacheFile: string, pkg: PackageInfo): Promise<ProviderSchema | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(cacheFile, "utf8");
  } catch {
    return undefined;
  }
  try {
    const cache = JSON.parse(text) as Partial<CacheFile>;
    const fresh =
      cache.format === CACHE_FORMAT &&
      cache.packageName === PACKAGE_NAME &&
      cache.packageVersion === pkg.version &&
      isJsonObject(cache.schema) &&
      isJsonObject(cache.schema.resources);
    return fresh ? cache.schema : undefined;
  } catch {
    return undefined;
  }
}

async function writeCache(cacheFile: string, cache: CacheFile): Promise<void> {
  await fs.promises.mkdir(path.dirname(cacheFile), { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.${Date.now()}.tmp`;
  await fs.promises.writeFile(temporary, JSON.stringify(cache));
  await fs.promises.rename(temporary, cacheFile);
}

function readPackageInfo(packageDir?: string): PackageInfo {
  const dir = packageDir ?? path.dirname(require.resolve(`${PACKAGE_NAME}/package.json`));
  const manifestFile = path.join(dir, "package.json");
  const manifest: unknown = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  if (!isJsonObject(manifest) || typeof manifest.version !== "string") {
    throw new Error(
      `${manifestFile}: expected a package manifest with a "version", got ${describeJson(manifest)}`,
    );
  }
  const cdktf =
    isJsonObject(manifest.cdktf) && isJsonObject(manifest.cdktf.provider)
      ? manifest.cdktf.provider
      : undefined;
  if (!cdktf || typeof cdktf.version !== "string") {
    throw new Error(
      `${manifestFile}: expected "cdktf.provider.version" naming the bound provider version, got ${describeJson(cdktf?.version)}`,
    );
  }
  return { dir, version: manifest.version, providerVersion: cdktf.version };
}
