import Anthropic from '@anthropic-ai/sdk';
import { resolve } from 'node:path';
import { createGateway } from '../../core/gateway';
import { createMemoryLogger } from '../../core/log/logger';
import { startFakeDatabricks, startFakeOpenRouter, type FakeDatabricks, type FakeOpenRouter } from '../../scripts/simulators';

// The seed's fallback strategy, end to end with the shipped gateway.config.ts:
// PROXY_BACKEND=AZURE_DATABRICKS plus BYPASS_FALLBACK_ENABLED=true falls back to OpenRouter.
describe('BYPASS_FALLBACK_ENABLED=true with the shipped gateway.config.ts', () => {
  let databricks: FakeDatabricks;
  let openrouter: FakeOpenRouter;
  beforeAll(async () => {
    databricks = await startFakeDatabricks({ token: 'dapi-fallback' });
    openrouter = await startFakeOpenRouter({ apiKey: 'sk-or-fallback' });
  });
  afterAll(async () => {
    await databricks.close();
    await openrouter.close();
  });

  it('serves from OpenRouter when Azure Databricks fails before the first byte, and says so', async () => {
    const { logger, lines } = createMemoryLogger();
    const gateway = await createGateway({
      cwd: resolve(__dirname, '../..'),
      logger,
      processEnv: {
        PROXY_BACKEND: 'AZURE_DATABRICKS',
        BYPASS_FALLBACK_ENABLED: 'true',
        DATABRICKS_HOST: databricks.url,
        DATABRICKS_TOKEN: 'dapi-fallback',
        DATABRICKS_MAX_RETRIES: '0',
        OPENROUTER_API_KEY: 'sk-or-fallback',
        OPENROUTER_API_BASE: openrouter.baseUrl,
      },
    });
    const { url } = await gateway.listen(0, '127.0.0.1');
    try {
      databricks.script({ reply: { kind: 'failure', status: 500, message: 'endpoint crashed' } });
      const client = new Anthropic({ baseURL: url, apiKey: 'x', maxRetries: 0 });
      const { data, response } = await client.messages
        .create({ model: 'claude-sonnet-4', max_tokens: 50, messages: [{ role: 'user', content: 'still there?' }] })
        .withResponse();
      expect(data.content[0]).toMatchObject({ type: 'text', text: 'You said: still there?' });
      expect(response.headers.get('x-gateway-backend')).toBe('OPENROUTER');
      expect(openrouter.received.at(-1)!.json.model).toBe('anthropic/claude-sonnet-4');
      expect(lines.find((l) => l.event === 'Falling back to next backend')).toMatchObject({
        from: 'AZURE_DATABRICKS',
        to: 'OPENROUTER',
        reason: 'endpoint crashed',
      });
    } finally {
      await gateway.close();
    }
  });
});
