import { resolveConfig } from '../../core/config/resolve-config';
import { BackendRegistry } from '../../core/plugins/backend-registry';
import { BUILTIN_PLUGIN_DIR, loadPlugins, type LoadedPlugin } from '../../core/plugins/load-plugins';

// What each shipped backend serves for the ids Claude Code sends today, the
// 4.x ids (dated too), and the seed's own table entries, with no gateway.config.ts.
let plugins: LoadedPlugin[];
beforeAll(async () => {
  plugins = await loadPlugins({ dirs: [BUILTIN_PLUGIN_DIR] });
});

async function registryFor(backend: string) {
  const config = await resolveConfig({ cwd: __dirname, processEnv: { PROXY_BACKEND: backend }, config: {} });
  return new BackendRegistry(plugins, config, { id: backend, source: 'PROXY_BACKEND' });
}

type Row = [requested: string, upstream: string, rule: string];

const SEED_DATABRICKS: Row[] = [
  ['claude-sonnet-4', 'databricks-claude-sonnet-4', 'exact'],
  ['claude-3.7-sonnet', 'databricks-claude-3-7-sonnet', 'exact'],
  ['claude-3-7-sonnet', 'databricks-claude-3-7-sonnet', 'exact'],
  ['big', 'databricks-claude-sonnet-4', 'alias'],
  ['small', 'databricks-claude-3-7-sonnet', 'alias'],
];
const seedOpenRouter = (prefix: string): Row[] => [
  ['claude-sonnet-4', `${prefix}anthropic/claude-sonnet-4`, 'exact'],
  ['claude-3.7-sonnet', `${prefix}anthropic/claude-3.7-sonnet`, 'exact'],
  ['claude-3-7-sonnet', `${prefix}anthropic/claude-3.7-sonnet`, 'exact'],
  ['big', `${prefix}anthropic/claude-sonnet-4`, 'alias'],
  ['small', `${prefix}anthropic/claude-3.7-sonnet`, 'alias'],
];
const currentOpenRouter = (prefix: string): Row[] => [
  ['claude-opus-5-5', `${prefix}anthropic/claude-opus-5.5`, 'exact'],
  ['claude-sonnet-5-5', `${prefix}anthropic/claude-sonnet-5.5`, 'exact'],
  ['claude-haiku-5-5', `${prefix}anthropic/claude-haiku-5.5`, 'exact'],
  ['claude-opus-4-6', `${prefix}anthropic/claude-opus-4.6`, 'exact'],
  ['claude-sonnet-4-6', `${prefix}anthropic/claude-sonnet-4.6`, 'exact'],
  ['claude-sonnet-4-5-20250929', `${prefix}anthropic/claude-sonnet-4.5`, 'exact'],
  ['claude-haiku-4-5-20251001', `${prefix}anthropic/claude-haiku-4.5`, 'exact'],
  ['claude-opus-4-1-20250805', `${prefix}anthropic/claude-opus-4.1`, 'exact'],
  ['claude-opus-5-5[1m]', `${prefix}anthropic/claude-opus-5.5`, 'exact'],
];
const liteLlmFamilies: Row[] = [
  // No such model behind LiteLLM's OpenRouter ids: the newest of the same family, never `big`.
  ['claude-opus-4-8', 'openrouter/anthropic/claude-opus-5.5', 'family'],
  ['claude-opus-4-7-20260101', 'openrouter/anthropic/claude-opus-5.5', 'family'],
  ['claude-3-5-haiku-20241022', 'openrouter/anthropic/claude-haiku-5.5', 'family'],
  ['claude-sonnet-5', 'openrouter/anthropic/claude-sonnet-5.5', 'family'],
  ['opus', 'openrouter/anthropic/claude-opus-5.5', 'family'],
  ['gpt-4o', 'openrouter/anthropic/claude-sonnet-4', 'default'],
];

const cases: Record<string, Row[]> = {
  AZURE_DATABRICKS: [
    ...SEED_DATABRICKS,
    ['claude-opus-5-5', 'databricks-claude-opus-5-5', 'exact'],
    ['claude-sonnet-5-5', 'databricks-claude-sonnet-5-5', 'exact'],
    ['claude-haiku-5-5', 'databricks-claude-haiku-5-5', 'exact'],
    // No such endpoint among Databricks' pay-per-token ones the map names: the newest of the same family.
    ['claude-opus-4-8', 'databricks-claude-opus-5-5', 'family'],
    ['claude-opus-4-7', 'databricks-claude-opus-5-5', 'family'],
    ['claude-sonnet-4-6', 'databricks-claude-sonnet-5-5', 'family'],
    ['claude-sonnet-4-5-20250929', 'databricks-claude-sonnet-4-5', 'exact'],
    ['claude-haiku-4-5-20251001', 'databricks-claude-haiku-4-5', 'exact'],
    ['claude-opus-4-1-20250805', 'databricks-claude-opus-4-1', 'exact'],
    ['claude-opus-4-6', 'databricks-claude-opus-5-5', 'family'],
    ['claude-opus-4-5-20251101', 'databricks-claude-opus-5-5', 'family'],
    ['claude-3-5-haiku-20241022', 'databricks-claude-haiku-5-5', 'family'],
    ['claude-sonnet-5', 'databricks-claude-sonnet-5-5', 'family'],
    ['gpt-4o', 'databricks-claude-3-7-sonnet', 'default'],
  ],
  OPENROUTER: [
    ...seedOpenRouter(''),
    ...currentOpenRouter(''),
    // OpenRouter's own id rule keeps the exact version the client asked for.
    ['claude-opus-4-8', 'anthropic/claude-opus-4.8', 'plugin'],
    ['opus', 'anthropic/claude-opus-5.5', 'family'],
    ['haiku', 'anthropic/claude-haiku-5.5', 'family'],
  ],
  LITELLM_OPENROUTER: [...seedOpenRouter('openrouter/'), ...currentOpenRouter('openrouter/'), ...liteLlmFamilies],
  LITELLM_MESSAGES: [...seedOpenRouter('openrouter/'), ...currentOpenRouter('openrouter/'), ...liteLlmFamilies],
};

describe.each(Object.keys(cases))('%s', (backend) => {
  it.each(cases[backend]!)('%s -> %s by the %s rule', async (requested, upstream, rule) => {
    const registry = await registryFor(backend);
    expect(registry.active.resolveModel(requested)).toMatchObject({ upstreamModel: upstream, rule });
  });

  it('sends every opus, sonnet and haiku id to a model of that family', async () => {
    const registry = await registryFor(backend);
    const ids = Object.values(cases).flat().map(([requested]) => requested);
    for (const family of ['opus', 'sonnet', 'haiku']) {
      for (const id of ids.filter((i) => i.includes(family))) {
        expect([id, registry.active.resolveModel(id).upstreamModel]).toEqual([id, expect.stringContaining(family)]);
      }
    }
  });

  it("lists in each family only models its map reaches, so the family's newest is a mapped id", async () => {
    const { manifest } = plugins.find((p) => p.manifest.backend === backend)!;
    const mapped = new Set(Object.values(manifest.models.map));
    const families = manifest.models.families ?? {};
    expect(Object.keys(families).sort()).toEqual(['haiku', 'opus', 'sonnet']);
    for (const members of Object.values(families)) for (const model of members) expect(mapped).toContain(model);
  });
});
