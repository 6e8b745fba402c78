import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { manifestSchema, type PluginManifest } from './manifest-schema';
import type { GatewayPlugin } from './plugin-contract';

export interface LoadedPlugin {
  manifest: PluginManifest;
  dir: string;
  manifestPath: string;
  plugin: GatewayPlugin;
}

export class PluginLoadError extends Error {
  override name = 'PluginLoadError';
}

// Runs a few times per boot: ajv's code optimisation would cost more than it saves.
const validateManifest = new Ajv({ allErrors: true, useDefaults: true, strict: false, code: { optimize: false } }).compile(manifestSchema);

/** The plugins shipped with the gateway: `plugins/` beside `core/` (in the source tree and in dist). */
export const BUILTIN_PLUGIN_DIR = resolve(__dirname, '..', '..', 'plugins');

// Under ts transpilation (tests) handlers are .ts; once built they are .js.
const ENTRY_EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts'];

export interface PluginSources {
  dirs: string[];
  packages?: string[];
  /** Where package names are resolved from. */
  resolveFrom?: string;
}

/** Folders that hold a manifest.json: the folder itself, or each of its sub-folders. */
export function findPluginFolders(dir: string): string[] {
  if (!existsSync(dir)) throw new PluginLoadError(`Plugin folder not found: ${dir}`);
  if (existsSync(join(dir, 'manifest.json'))) return [dir];
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory() && existsSync(join(path, 'manifest.json')))
    .sort();
}

function packageFolder(name: string, resolveFrom: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`, { paths: [resolveFrom] }));
  } catch {
    throw new PluginLoadError(`Plugin package not found: ${name} (install it, or remove it from pluginPackages)`);
  }
}

export function readManifest(manifestPath: string): PluginManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new PluginLoadError(`Invalid plugin manifest ${manifestPath}: ${(error as Error).message}`);
  }
  if (!validateManifest(parsed)) {
    const problems = (validateManifest.errors ?? []).map((e) => {
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      return `${e.instancePath || '/'} ${e.message}${extra ? ` ('${extra}')` : ''}`;
    });
    throw new PluginLoadError(`Invalid plugin manifest ${manifestPath}: ${problems.join('; ')}`);
  }
  return parsed as PluginManifest;
}

function entryFile(dir: string, entry: string, manifestPath: string): string {
  const base = resolve(dir, entry);
  for (const extension of ENTRY_EXTENSIONS) {
    const candidate = base + extension;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new PluginLoadError(`Invalid plugin manifest ${manifestPath}: /entry file not found (${entry})`);
}

async function importPlugin(file: string, manifestPath: string): Promise<GatewayPlugin> {
  let loaded: unknown;
  try {
    loaded = await import(file);
  } catch (error) {
    throw new PluginLoadError(`Cannot load plugin ${file} (from ${manifestPath}): ${(error as Error).message}`);
  }
  // A CommonJS module imported as ESM nests its `exports.default` one level deeper.
  let candidate = (loaded as { default?: unknown }).default ?? loaded;
  const nested = (candidate as { default?: unknown }).default;
  if (nested && typeof (nested as GatewayPlugin).messages === 'function') candidate = nested;
  if (typeof (candidate as GatewayPlugin)?.messages !== 'function') {
    throw new PluginLoadError(`Plugin ${file} must export a default object with a messages() handler`);
  }
  return candidate as GatewayPlugin;
}

export async function loadPlugins(sources: PluginSources): Promise<LoadedPlugin[]> {
  const folders = [
    ...sources.dirs.flatMap(findPluginFolders),
    ...(sources.packages ?? []).map((name) => packageFolder(name, sources.resolveFrom ?? process.cwd())),
  ];
  const byBackend = new Map<string, LoadedPlugin>();
  const loaded: LoadedPlugin[] = [];
  for (const dir of folders) {
    const manifestPath = join(dir, 'manifest.json');
    const manifest = readManifest(manifestPath);
    const claimed = byBackend.get(manifest.backend);
    if (claimed) {
      throw new PluginLoadError(
        `Invalid plugin manifest ${manifestPath}: /backend ${manifest.backend} is already claimed by ${claimed.manifestPath}`,
      );
    }
    const plugin = await importPlugin(entryFile(dir, manifest.entry, manifestPath), manifestPath);
    const record = { manifest, dir, manifestPath, plugin };
    byBackend.set(manifest.backend, record);
    loaded.push(record);
  }
  const defaults = loaded.filter((p) => p.manifest.isDefault);
  if (defaults.length > 1) {
    throw new PluginLoadError(
      `Invalid plugin manifest ${defaults[1].manifestPath}: /isDefault is also set by ${defaults[0].manifestPath}`,
    );
  }
  return loaded;
}
