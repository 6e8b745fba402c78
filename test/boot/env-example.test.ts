import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { GATEWAY_SETTINGS } from '../../core/config/gateway-settings';
import { BUILTIN_PLUGIN_DIR, loadPlugins } from '../../core/plugins/load-plugins';
import { renderEnvExample } from '../../scripts/render-env-example';
import { ROOT } from '../helpers/run-gateway-process';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every gateway setting the core reads from its merged environment: `env.NAME` and `['NAME', ...]` tables. */
function settingsReadByCore(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'core'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(match[1]!);
    for (const match of text.matchAll(/\[\s*'((?:GATEWAY|LOG|PROXY)_[A-Z0-9_]+)',/g)) names.add(match[1]!);
  }
  return names;
}

describe('.env.example', () => {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');

  it('is the file rendered from the gateway settings and the built-in manifests (npm run gateway -- docs --write)', async () => {
    const plugins = await loadPlugins({ dirs: [BUILTIN_PLUGIN_DIR] });
    expect(text).toBe(renderEnvExample(plugins.map((p) => p.manifest)));
  });

  it('names every setting the core reads and every setting of every built-in backend', async () => {
    const plugins = await loadPlugins({ dirs: [BUILTIN_PLUGIN_DIR] });
    const listed = new Set([...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    const documented = new Set(GATEWAY_SETTINGS.map((s) => s.name));
    for (const name of settingsReadByCore()) {
      expect({ name, documented: documented.has(name) }).toEqual({ name, documented: true });
    }
    for (const name of [...documented, ...plugins.flatMap((p) => [...p.manifest.env.required, ...p.manifest.env.optional].map((s) => s.name))]) {
      expect({ name, listed: listed.has(name) }).toEqual({ name, listed: true });
    }
  });

  it('sets nothing when copied as is: every assignment is commented out, no value looks like a real secret', () => {
    expect(parseEnv(text)).toEqual({});
    expect(text).not.toMatch(/sk-or-v1-[a-f0-9]{16,}|dapi[a-f0-9]{16,}/);
  });
});
