import type { GatewayConfig } from '../../core/config/config-schema';
import { ConfigError } from '../../core/config/resolve-config';
import { startGateway, FAKE_PLUGIN_DIR } from '../helpers/start-gateway';

const OPENROUTER = { PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-test' };

describe('models.families aliases are checked at boot', () => {
  it("refuses `alias: 'smal'`, naming the setting, the value and the backend", async () => {
    const config: GatewayConfig = { models: { families: [{ match: 'opus', alias: 'opus' }, { match: 'haiku', alias: 'smal' }] } };
    const boot = startGateway(OPENROUTER, config);
    await expect(boot).rejects.toBeInstanceOf(ConfigError);
    await expect(boot).rejects.toThrow(/models\.families\[1\]\.alias "smal" names no model of OPENROUTER/);
  });

  it('checks the fallback backends too', async () => {
    const config: GatewayConfig = { fallback: ['CANNED_EXAMPLE'], pluginDirs: [FAKE_PLUGIN_DIR], models: { families: [{ match: 'opus', alias: 'anthropic/claude-opus-5.5' }] } };
    await expect(startGateway(OPENROUTER, config)).rejects.toThrow(/models\.families\[0\]\.alias "anthropic\/claude-opus-5\.5" names no model of CANNED_EXAMPLE/);
  });

  it('accepts a map key, a family and an upstream model of the backend', async () => {
    const config: GatewayConfig = {
      models: {
        families: [
          { match: 'haiku', alias: 'small' },
          { match: 'sonnet', alias: 'sonnet' },
          { match: 'opus', alias: 'anthropic/claude-opus-4.6' },
        ],
      },
    };
    const gw = await startGateway(OPENROUTER, config);
    try {
      const resolve = (id: string) => gw.gateway.registry.active.resolveModel(id);
      expect(resolve('my-haiku')).toMatchObject({ upstreamModel: 'anthropic/claude-3.7-sonnet', rule: 'family' });
      expect(resolve('my-sonnet')).toMatchObject({ upstreamModel: 'anthropic/claude-sonnet-5.5', rule: 'family' });
      expect(resolve('my-opus')).toMatchObject({ upstreamModel: 'anthropic/claude-opus-4.6', rule: 'family' });
    } finally {
      await gw.close();
    }
  });

  it('serves the default, saying why, where a backend has no model of a known family', async () => {
    const config: GatewayConfig = { pluginDirs: [FAKE_PLUGIN_DIR] };
    const gw = await startGateway({ PROXY_BACKEND: 'CANNED_EXAMPLE', CANNED_REGION: 'eu-west-1' }, config);
    try {
      expect(gw.gateway.registry.active.resolveModel('claude-opus-5-5')).toEqual({
        upstreamModel: 'anthropic.claude-3-7-sonnet-v1:0',
        rule: 'default',
        detail: 'no opus model on CANNED_EXAMPLE',
      });
    } finally {
      await gw.close();
    }
  });
});
