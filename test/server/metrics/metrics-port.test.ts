import { createMemoryLogger } from '../../../core/log/logger';
import { startMetricsServer } from '../../../core/server/metrics/metrics-server';
import { sendRaw } from '../../helpers/send-raw';

describe('the metrics port (GATEWAY_METRICS_PORT)', () => {
  it('answers a scraper on this machine without a key, and never a browser page or a rebound name', async () => {
    const { logger } = createMemoryLogger('error');
    const { server, url } = await startMetricsServer(0, async () => 'llm_gateway_requests_in_flight 0\n', logger);
    try {
      const base = url.replace(/\/metrics$/, '');
      const scrape = await sendRaw(base, { path: '/metrics', headers: { host: new URL(base).host } });
      expect(scrape.status).toBe(200);
      expect(scrape.text).toBe('llm_gateway_requests_in_flight 0\n');
      const fromPage = await sendRaw(base, { path: '/metrics', headers: { host: new URL(base).host, origin: 'http://evil.example' } });
      expect(fromPage.status).toBe(403);
      expect(fromPage.json).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
      const rebound = await sendRaw(base, { path: '/metrics', headers: { host: 'rebind.evil.example' } });
      expect(rebound.status).toBe(403);
      expect(rebound.text).not.toContain('llm_gateway');
      expect((await sendRaw(base, { path: '/v1/messages', method: 'POST', headers: { host: 'localhost' } })).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
