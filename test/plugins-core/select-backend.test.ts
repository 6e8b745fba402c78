import { resolveConfig } from '../../core/config/resolve-config';
import { BUILTIN_PLUGIN_DIR, loadPlugins, type LoadedPlugin } from '../../core/plugins/load-plugins';
import { selectBackend } from '../../core/plugins/select-backend';
import { FAKE_PLUGIN_DIR } from '../helpers/start-gateway';

describe('selectBackend', () => {
  let builtins: LoadedPlugin[];
  let withFake: LoadedPlugin[];
  beforeAll(async () => {
    builtins = await loadPlugins({ dirs: [BUILTIN_PLUGIN_DIR] });
    withFake = await loadPlugins({ dirs: [BUILTIN_PLUGIN_DIR, FAKE_PLUGIN_DIR] });
  });
  const select = async (env: Record<string, string>, plugins = builtins) =>
    selectBackend(plugins, await resolveConfig({ cwd: __dirname, processEnv: env, config: {} }));

  it('defaults to OPENROUTER when nothing is set', async () => {
    expect(await select({})).toEqual({ id: 'OPENROUTER', source: 'default' });
  });

  it('takes PROXY_BACKEND, case-insensitively', async () => {
    expect(await select({ PROXY_BACKEND: 'azure_databricks' })).toMatchObject({ id: 'AZURE_DATABRICKS', source: 'PROXY_BACKEND' });
  });

  it('rejects an invalid value listing every loaded plugin, so a new plugin extends the list by itself', async () => {
    await expect(select({ PROXY_BACKEND: 'INVALID' })).rejects.toThrow(
      /^Invalid PROXY_BACKEND value: INVALID\. Must be one of: \['ANTHROPIC', 'AWS_BEDROCK', 'AZURE_DATABRICKS', 'GOOGLE_VERTEX', 'LITELLM_MESSAGES', 'LITELLM_OPENROUTER', 'OPENROUTER'\]$/,
    );
    await expect(select({ PROXY_BACKEND: 'INVALID' }, withFake)).rejects.toThrow(/'CANNED_EXAMPLE'/);
  });

  it.each([
    [{ DATABRICKS_ENABLED: 'true' }, 'AZURE_DATABRICKS', 'DATABRICKS_ENABLED=true is deprecated: set PROXY_BACKEND=AZURE_DATABRICKS instead'],
    [{ BYPASS_LITELLM_ENABLED: 'false' }, 'LITELLM_OPENROUTER', 'BYPASS_LITELLM_ENABLED=false is deprecated: set PROXY_BACKEND=LITELLM_OPENROUTER instead'],
    [{ BYPASS_LITELLM_ENABLED: 'true' }, 'OPENROUTER', 'BYPASS_LITELLM_ENABLED=true is deprecated: set PROXY_BACKEND=OPENROUTER instead'],
    [{ DATABRICKS_ENABLED: 'true', BYPASS_LITELLM_ENABLED: 'false' }, 'AZURE_DATABRICKS', expect.stringContaining('DATABRICKS_ENABLED')],
  ])('maps legacy flags %j to %s with a deprecation that says what to set', async (env, id, deprecation) => {
    expect(await select(env)).toEqual({ id, source: 'legacy', deprecation });
  });

  it('ignores legacy flags when PROXY_BACKEND is set', async () => {
    expect(await select({ PROXY_BACKEND: 'LITELLM_MESSAGES', DATABRICKS_ENABLED: 'true' })).toEqual({ id: 'LITELLM_MESSAGES', source: 'PROXY_BACKEND' });
  });
});
