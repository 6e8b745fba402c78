import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_PLUGIN_DIR, loadPlugins } from '../../core/plugins/load-plugins';
import { FAKE_PLUGIN_DIR } from '../helpers/start-gateway';

const FAKE = join(FAKE_PLUGIN_DIR, 'canned-example');

function pluginCopy(edit: (manifest: Record<string, any>) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'plugins-'));
  const dir = join(root, 'edited');
  mkdirSync(dir);
  cpSync(FAKE, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  edit(manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return root;
}

describe('loadPlugins', () => {
  it('loads the built-in backends', async () => {
    const plugins = await loadPlugins({ dirs: [BUILTIN_PLUGIN_DIR] });
    expect(plugins.map((p) => p.manifest.backend).sort()).toEqual(
      ['ANTHROPIC', 'AWS_BEDROCK', 'AZURE_DATABRICKS', 'GOOGLE_VERTEX', 'LITELLM_MESSAGES', 'LITELLM_OPENROUTER', 'OPENROUTER'].sort(),
    );
  });

  it('loads a folder that is itself a plugin, and fills manifest defaults', async () => {
    const [plugin] = await loadPlugins({ dirs: [FAKE] });
    expect(plugin.manifest.backend).toBe('CANNED_EXAMPLE');
    expect(plugin.manifest.legacyFlags).toEqual([]);
    expect(typeof plugin.plugin.messages).toBe('function');
  });

  it.each([
    ['a missing required field', (m: any) => delete m.models, /manifest\.json: \/ must have required property 'models'/],
    ['a bad backend id', (m: any) => (m.backend = 'aws-bedrock'), /manifest\.json: \/backend must match pattern/],
    ['a wrongly typed env var', (m: any) => (m.env.optional[0].type = 'float'), /manifest\.json: \/env\/optional\/0\/type must be equal to one of the allowed values/],
    ['an unknown field', (m: any) => (m.colour = 'red'), /manifest\.json: \/ must NOT have additional properties \('colour'\)/],
    ['a missing entry file', (m: any) => (m.entry = './nope.js'), /manifest\.json: \/entry file not found/],
  ])('refuses %s, naming the manifest file and the JSON path', async (_name, edit, message) => {
    const root = pluginCopy(edit);
    await expect(loadPlugins({ dirs: [root] })).rejects.toThrow(join(root, 'edited', 'manifest.json'));
    await expect(loadPlugins({ dirs: [root] })).rejects.toThrow(message);
  });

  it('refuses two plugins that claim the same backend id', async () => {
    const root = pluginCopy((m) => (m.backend = 'OPENROUTER'));
    await expect(loadPlugins({ dirs: [BUILTIN_PLUGIN_DIR, root] })).rejects.toThrow(
      /edited\/manifest\.json: \/backend OPENROUTER is already claimed by .*openrouter\/manifest\.json/,
    );
  });

  it('refuses a plugin folder that does not exist', async () => {
    await expect(loadPlugins({ dirs: ['/nonexistent/plugins'] })).rejects.toThrow('Plugin folder not found: /nonexistent/plugins');
  });
});
