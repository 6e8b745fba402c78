import { FAKE_PLUGIN_DIR, logEvents, postJson, startGateway } from '../helpers/start-gateway';
import { createGateway } from '../../core/gateway';
import { createMemoryLogger } from '../../core/log/logger';

const valid = { model: 'claude-sonnet-4', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] };

describe('a selected backend with missing required settings', () => {
  it('boots, warns, stays live but degraded in /health naming what is missing, and answers 503', async () => {
    const gw = await startGateway({ PROXY_BACKEND: 'CANNED_EXAMPLE' }, { pluginDirs: [FAKE_PLUGIN_DIR] });
    try {
      expect(logEvents(gw.logs, 'Canned answers (example) backend selected but missing configuration')[0]).toMatchObject({
        level: 'warn',
        missing: ['CANNED_REGION'],
      });
      const health = await fetch(`${gw.url}/health`);
      expect(health.status).toBe(200);
      const report = await health.json();
      expect(report).toMatchObject({ status: 'degraded', backend: 'CANNED_EXAMPLE', missing: ['CANNED_REGION'] });

      const { status, json } = await postJson(`${gw.url}/v1/messages`, valid);
      expect(status).toBe(503);
      expect(json.type).toBe('error');
      expect(json.error.message).toContain('CANNED_REGION is not set');
    } finally {
      await gw.close();
    }
  });

  it('fails boot under GATEWAY_STRICT=true', async () => {
    const { logger } = createMemoryLogger();
    await expect(
      createGateway({
        cwd: __dirname,
        processEnv: { PROXY_BACKEND: 'CANNED_EXAMPLE', GATEWAY_STRICT: 'true' },
        config: { pluginDirs: [FAKE_PLUGIN_DIR] },
        logger,
      }),
    ).rejects.toThrow(/missing configuration.*CANNED_REGION is not set/);
  });
});
