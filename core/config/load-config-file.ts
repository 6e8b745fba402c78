import Module from 'node:module';
import { dirname, resolve } from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';

const MODULE_NAME = 'gateway';

// Bundling (rather than transpiling one file) lets gateway.config.ts import
// `defineConfig` and its own TypeScript helpers without a TS runtime loaded at boot.
const loadTypeScript: Loader = async (filepath) => {
  const esbuild = await import('esbuild');
  const { outputFiles } = await esbuild.build({
    entryPoints: [filepath],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const compiled = new Module(filepath);
  compiled.filename = filepath;
  compiled.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(filepath));
  (compiled as unknown as { _compile(code: string, file: string): void })._compile(outputFiles[0].text, filepath);
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
