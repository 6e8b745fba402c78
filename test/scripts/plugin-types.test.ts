import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_PLUGIN_DIR, findPluginFolders } from '../../core/plugins/load-plugins';
import type { Settings as OpenRouterSettings } from '../../plugins/openrouter/settings.generated';
import { pluginTypes } from '../../scripts/plugin-types/plugin-types-command';
import { renderSettingsType, SETTINGS_TYPE_FILE, type ManifestSettingsSource } from '../../scripts/plugin-types/render-settings-type';
import { expectedSettingsType, writeSettingsTypes } from '../../scripts/plugin-types/write-settings-types';
import { scaffoldPlugin } from '../../scripts/new-plugin/new-plugin';

const manifest: ManifestSettingsSource = {
  name: 'acme',
  env: {
    required: [{ name: 'ACME_KEY', secret: true, description: 'The key; never ends a comment */ early' }],
    optional: [
      { name: 'ACME_BASE', type: 'url', default: 'https://acme.example' },
      { name: 'ACME_TIMEOUT', type: 'number', default: 30 },
      { name: 'ACME_RETRIES', type: 'number' },
      { name: 'ACME_STRICT', type: 'boolean', default: false },
      { name: 'ACME_MODE', enum: ['fast', "it's"], default: 'fast' },
      { name: 'ACME_REGION' },
    ],
  },
};

function pluginFolder(root: string, name: string, env: object): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const models = { map: {}, default: 'm' };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ name, backend: name.toUpperCase(), description: 'd', entry: './handler', env, models }));
  return dir;
}

describe('settings types generated from the manifest', () => {
  it('types each setting as the core resolves it: required or defaulted ones always set, the rest optional', () => {
    expect(renderSettingsType(manifest)).toBe(
      [
        '// Generated from manifest.json by `npm run plugin-types`: edit the manifest, then run that again.',
        '',
        "/** The acme plugin's settings: `definePlugin<Settings>` types `ctx.settings` with them. */",
        'export type Settings = Readonly<{',
        '  /** The key; never ends a comment *\\/ early */',
        '  ACME_KEY: string;',
        '  ACME_BASE: string;',
        '  ACME_TIMEOUT: number;',
        '  ACME_RETRIES?: number;',
        '  ACME_STRICT: boolean;',
        "  ACME_MODE: 'fast' | 'it\\'s';",
        '  ACME_REGION?: string;',
        '}>;',
        '',
      ].join('\n'),
    );
  });

  it('is up to date for every built-in plugin (npm run plugin-types)', () => {
    const folders = findPluginFolders(BUILTIN_PLUGIN_DIR);
    expect(folders.length).toBeGreaterThan(0);
    for (const dir of folders) {
      const file = join(dir, SETTINGS_TYPE_FILE);
      const actual = statSync(file, { throwIfNoEntry: false }) ? readFileSync(file, 'utf8') : '(missing)';
      expect({ file, text: actual }).toEqual({ file, text: expectedSettingsType(dir) });
    }
  });

  it('types ctx.settings in each built-in handler: no plugin converts or casts a setting', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
      });
    for (const file of sources(BUILTIN_PLUGIN_DIR)) {
      const text = readFileSync(file, 'utf8');
      const casts = text.match(/\b(String|Number|Boolean)\([^()]*settings\.[A-Z]|settings(\.[A-Z_]+)?\s+as\s|settings: PluginSettings\b/g) ?? [];
      expect({ file, casts }).toEqual({ file, casts: [] });
    }
    for (const dir of findPluginFolders(BUILTIN_PLUGIN_DIR)) {
      const handler = readFileSync(join(dir, 'handler.ts'), 'utf8');
      const usesGenerated = sources(dir).some((file) => readFileSync(file, 'utf8').includes("from './settings.generated'"));
      expect({ dir, typed: /definePlugin<\w+>\(/.test(handler), usesGenerated }).toEqual({ dir, typed: true, usesGenerated: true });
    }
    // Checked by the typecheck: a name the manifest does not declare is an error, a declared one has its type.
    const settings = { OPENROUTER_API_KEY: 'k', OPENROUTER_API: 'auto' } as unknown as OpenRouterSettings;
    const api: 'auto' | 'messages' | 'chat' = settings.OPENROUTER_API;
    const timeout: number = settings.OPENROUTER_TIMEOUT;
    // @ts-expect-error OPENROUTER_API_KEYS is not in the manifest
    void settings.OPENROUTER_API_KEYS;
    expect([api, timeout]).toEqual(['auto', undefined]);
  });

  describe('npm run plugin-types', () => {
    let root: string;
    beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'plugin-types-'))));
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('writes the file beside each manifest, rewrites it when the manifest changes, and leaves a current one alone', async () => {
      const builtin = join(root, 'plugins');
      const one = pluginFolder(builtin, 'one', { required: [{ name: 'ONE_KEY' }] });
      pluginFolder(builtin, 'two', { required: [], optional: [{ name: 'TWO_TIMEOUT', type: 'number', default: 5 }] });
      const outsider = pluginFolder(join(root, 'elsewhere'), 'three', { required: [{ name: 'THREE_KEY' }] });
      const configFile = join(root, 'gateway.config.js');
      writeFileSync(configFile, `module.exports = { pluginDirs: [${JSON.stringify(outsider)}] };\n`);

      const lines: string[] = [];
      expect(await pluginTypes(['--config', configFile], (line) => lines.push(line), builtin)).toBe(0);
      expect(lines.map((line) => line.split(' ').slice(0, -1).join(' '))).toEqual(['Wrote', 'Wrote', 'Wrote']);
      expect(readFileSync(join(one, SETTINGS_TYPE_FILE), 'utf8')).toContain('  ONE_KEY: string;');
      expect(readFileSync(join(builtin, 'two', SETTINGS_TYPE_FILE), 'utf8')).toContain('  TWO_TIMEOUT: number;');
      expect(readFileSync(join(outsider, SETTINGS_TYPE_FILE), 'utf8')).toContain('  THREE_KEY: string;');

      pluginFolder(builtin, 'one', { required: [{ name: 'ONE_KEY' }], optional: [{ name: 'ONE_FLAG', type: 'boolean' }] });
      expect(writeSettingsTypes([builtin, outsider]).map((f) => [f.file, f.written])).toEqual([
        [join(one, SETTINGS_TYPE_FILE), true],
        [join(builtin, 'two', SETTINGS_TYPE_FILE), false],
        [join(outsider, SETTINGS_TYPE_FILE), false],
      ]);
      expect(readFileSync(join(one, SETTINGS_TYPE_FILE), 'utf8')).toContain('  ONE_FLAG?: boolean;');
    });
  });

  it.each(['anthropic', 'openai-chat'] as const)('new-plugin --from %s writes the settings type its handler uses', (from) => {
    const root = mkdtempSync(join(tmpdir(), 'plugin-types-scaffold-'));
    try {
      const configFile = join(root, 'gateway.config.js');
      writeFileSync(configFile, 'module.exports = { pluginDirs: [] };\n');
      const made = scaffoldPlugin({ name: 'acme-typed', from, dir: join(root, 'acme-typed'), config: configFile }, root);
      expect(made.files).toContain(join(made.pluginDir, SETTINGS_TYPE_FILE));
      expect(readFileSync(join(made.pluginDir, SETTINGS_TYPE_FILE), 'utf8')).toBe(expectedSettingsType(made.pluginDir));
      const handler = readFileSync(join(made.pluginDir, 'handler.ts'), 'utf8');
      expect(handler).toContain("import type { Settings } from './settings.generated';");
      expect(handler).toContain('definePlugin<Settings>(');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
