import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';

const MODULE_NAME = 'gateway';

interface CompiledConfig {
  /** Every file the bundle was built from, with its mtime: the cache is valid while none changed. */
  inputs: Record<string, number>;
  code: string;
}

function cachePath(filepath: string): string {
  const key = createHash('sha1').update(filepath).digest('hex').slice(0, 16);
  return join(tmpdir(), 'llm-gateway-config-cache', `${key}.json`);
}

function readCached(filepath: string): string | undefined {
  try {
    const cached = JSON.parse(readFileSync(cachePath(filepath), 'utf8')) as CompiledConfig;
    const fresh = Object.entries(cached.inputs).every(([file, mtime]) => statSync(file).mtimeMs === mtime);
    return fresh ? cached.code : undefined;
  } catch {
    return undefined;
  }
}

// Bundling (rather than transpiling one file) lets gateway.config.ts import
// `defineConfig` and its own TypeScript helpers without a TS runtime at boot.
// The result is cached until one of its input files changes: esbuild's start-up
// is the largest single cost of booting otherwise.
async function compileTypeScript(filepath: string): Promise<string> {
  const cached = readCached(filepath);
  if (cached !== undefined) return cached;
  const esbuild = await import('esbuild');
  const workingDir = dirname(filepath);
  const { outputFiles, metafile } = await esbuild.build({
    entryPoints: [filepath],
    absWorkingDir: workingDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = outputFiles[0].text;
  const inputs: Record<string, number> = {};
  for (const input of Object.keys(metafile.inputs)) {
    const path = resolve(workingDir, input);
    inputs[path] = statSync(path).mtimeMs;
  }
  try {
    mkdirSync(dirname(cachePath(filepath)), { recursive: true });
    writeFileSync(cachePath(filepath), JSON.stringify({ inputs, code } satisfies CompiledConfig));
  } catch {
    // A read-only temp dir only costs the next boot a recompile.
  }
  return code;
}

const loadTypeScript: Loader = async (filepath) => {
  const code = await compileTypeScript(filepath);
  const compiled = new Module(filepath);
  compiled.filename = filepath;
  compiled.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(filepath));
  (compiled as unknown as { _compile(code: string, file: string): void })._compile(code, filepath);
  const exported = compiled.exports as { default?: unknown };
  return exported && typeof exported === 'object' && 'default' in exported ? exported.default : exported;
};

export interface LoadedConfigFile {
  config: unknown;
  filepath?: string;
}

/**
 * Finds gateway.config.{ts,js,cjs,mjs,json} (or a `gateway` key in package.json)
 * from `cwd` upwards, or loads `explicitPath` when given.
 */
export async function loadConfigFile(cwd: string, explicitPath?: string): Promise<LoadedConfigFile> {
  const explorer = cosmiconfig(MODULE_NAME, {
    searchStrategy: 'project',
    searchPlaces: [
      'package.json',
      `${MODULE_NAME}.config.ts`,
      `${MODULE_NAME}.config.js`,
      `${MODULE_NAME}.config.cjs`,
      `${MODULE_NAME}.config.mjs`,
      `${MODULE_NAME}.config.json`,
    ],
    loaders: { '.ts': loadTypeScript, '.mts': loadTypeScript, '.cts': loadTypeScript },
  });
  const result = explicitPath ? await explorer.load(resolve(cwd, explicitPath)) : await explorer.search(cwd);
  if (!result || result.isEmpty) return { config: {}, filepath: result?.filepath };
  return { config: result.config, filepath: result.filepath };
}
