// `npm run gateway -- new-plugin NAME [--from anthropic|openai-chat] [--dir PATH] [--config PATH]`:
// a manifest, a handler, a simulator and a test that passes, ready to edit.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { renderSettingsType, SETTINGS_TYPE_FILE } from '../plugin-types/render-settings-type';
import { repositoryRoot } from '../repository-root';
import { listPluginDir } from './list-plugin-dir';
import { parseNewPluginArgs, type PluginKind } from './new-plugin-args';
import { pluginNames } from './plugin-names';
import { handlerTemplate } from './templates/handler-templates';
import { manifestTemplate } from './templates/manifest-template';
import { simulatorTemplate } from './templates/simulator-templates';
import type { TemplateContext } from './templates/template-context';
import { testTemplate } from './templates/test-template';

/** An import specifier from `from` to `to`: forward slashes, always starting with a dot. */
function importPath(from: string, to: string): string {
  const path = relative(from, to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

function refuseToOverwrite(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} already exists and is not empty: choose another name or --dir`);
}

export interface ScaffoldedPlugin {
  pluginDir: string;
  testDir: string;
  files: string[];
  /** The config file the folder was added to, when it sits outside plugins/. */
  listedIn?: string;
}

export function scaffoldPlugin(args: { name: string; from: PluginKind; dir?: string; config?: string }, cwd = process.cwd()): ScaffoldedPlugin {
  const root = repositoryRoot();
  const names = pluginNames(args.name);
  const builtinDir = join(root, 'plugins');
  const pluginDir = args.dir ? resolve(cwd, args.dir) : join(builtinDir, names.name);
  const builtin = dirname(pluginDir) === builtinDir;
  // Beside the repository's other plugin tests when built in (jest finds them, the build leaves them out); in the folder otherwise.
  const testDir = builtin ? join(root, 'test', 'plugins', names.name) : join(pluginDir, 'test');
  refuseToOverwrite(pluginDir);
  refuseToOverwrite(testDir);
  const context: TemplateContext = {
    ...names,
    coreFromPlugin: importPath(pluginDir, join(root, 'core')),
    simulatorsFromTest: importPath(testDir, join(root, 'scripts', 'simulators')),
    helpersFromTest: importPath(testDir, join(root, 'test', 'helpers')),
    pluginFromTest: importPath(testDir, pluginDir),
  };
  const manifest = manifestTemplate(args.from, context);
  const files: Array<[string, string]> = [
    [join(pluginDir, 'manifest.json'), manifest],
    [join(pluginDir, SETTINGS_TYPE_FILE), renderSettingsType(JSON.parse(manifest))],
    [join(pluginDir, 'handler.ts'), handlerTemplate(args.from, context)],
    [join(testDir, 'simulator.ts'), simulatorTemplate(args.from, context)],
    [join(testDir, `${names.name}.test.ts`), testTemplate(args.from, context, { listPluginDir: !builtin })],
  ];
  let listedIn: string | undefined;
  if (!builtin) {
    listedIn = args.config ? resolve(cwd, args.config) : join(root, 'gateway.config.ts');
    listPluginDir(listedIn, pluginDir);
  }
  for (const [file, text] of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { pluginDir, testDir, files: files.map(([file]) => file), listedIn };
}

export { NEW_PLUGIN_USAGE } from './new-plugin-args';

export function newPlugin(argv: string[], out: (line: string) => void, cwd = process.cwd()): number {
  const args = parseNewPluginArgs(argv);
  const made = scaffoldPlugin(args, cwd);
  const names = pluginNames(args.name);
  const shown = (path: string) => relative(cwd, path) || '.';
  for (const file of made.files) out(`Wrote ${shown(file)}`);
  if (made.listedIn) out(`Listed ${shown(made.pluginDir)} in pluginDirs of ${shown(made.listedIn)}`);
  out('');
  out('Next:');
  out(`  1. Edit ${shown(join(made.pluginDir, 'manifest.json'))}: settings, model map, description; after changing its env, npm run plugin-types writes ${SETTINGS_TYPE_FILE} again.`);
  out(`  2. Edit ${shown(join(made.pluginDir, 'handler.ts'))}: the upstream's URL, auth and body rules.`);
  const root = repositoryRoot();
  const inRepoTests = made.testDir.startsWith(join(root, 'test') + sep);
  out(`  3. Run its test against the simulator (in ${root}): npx jest ${inRepoTests ? relative(root, made.testDir) : `--roots ${made.testDir}`}`);
  if (made.listedIn) {
    // `npm start` runs dist/, which npm run build makes from plugins/ (and the core) only.
    out(`  4. The tests load it as TypeScript; npm start runs dist/, built from plugins/ only: move the folder there (the default) to start the gateway with it.`);
  } else {
    out(`  4. Start it: PROXY_BACKEND=${names.backend} ${names.envPrefix}API_KEY=... ${names.envPrefix}API_BASE=... npm start`);
  }
  return 0;
}
