import Anthropic from '@anthropic-ai/sdk';
import { logEvents, postJson, startGateway, type TestGateway } from '../helpers/start-gateway';

// Missing or invalid settings: no retry can fix them, so the 503 says so
// (`x-should-retry: false`, which Claude Code and the SDK obey) and names
// the setting and what is wrong with it.

const ASK = { model: 'claude-sonnet-4', max_tokens: 32, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('errors no retry can fix', () => {
  const gateways: TestGateway[] = [];
  const start = async (env: Record<string, string>) => {
    const gw = await startGateway(env);
    gateways.push(gw);
    return gw;
  };
  afterAll(() => Promise.all(gateways.map((gw) => gw.close())));

  it('a missing key: 503, x-should-retry: false, naming the setting', async () => {
    const gw = await start({ PROXY_BACKEND: 'OPENROUTER' });
    for (const path of ['/v1/messages', '/v1/messages/stream']) {
      const { status, headers, json } = await postJson(`${gw.url}${path}`, ASK);
      expect(status).toBe(503);
      expect(headers.get('x-should-retry')).toBe('false');
      expect(json).toMatchObject({ type: 'error', error: { type: 'api_error' } });
      expect(json.error.message).toBe('OpenRouter API key must be configured (OPENROUTER_API_KEY is not set)');
    }
  });

  it('the SDK (as Claude Code) makes one attempt, not a retry loop', async () => {
    const gw = await start({ PROXY_BACKEND: 'OPENROUTER' });
    const client = new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 3 });
    await expect(client.messages.create(ASK)).rejects.toMatchObject({ status: 503 });
    expect(logEvents(gw.logs, 'Processing message request')).toHaveLength(1);
  });

  it('a set but invalid value: the message names the setting and the problem, not "must be configured"', async () => {
    const gw = await start({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-v1-valid-looking-key', OPENROUTER_API_BASE: 'openrouter.ai/api/v1' });
    const { status, headers, json } = await postJson(`${gw.url}/v1/messages`, ASK);
    expect(status).toBe(503);
    expect(headers.get('x-should-retry')).toBe('false');
    expect(json.error.message).toContain('OPENROUTER_API_BASE is not a URL: "openrouter.ai/api/v1"');
    expect(json.error.message).not.toMatch(/must be configured/);
    expect(json.error.message).not.toContain('sk-or-v1-valid-looking-key');
  });

  it('names a number that is not one', async () => {
    const gw = await start({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-v1-x', OPENROUTER_TIMEOUT: 'soon' });
    const { json } = await postJson(`${gw.url}/v1/messages`, ASK);
    expect(json.error.message).toContain('OPENROUTER_TIMEOUT is not a number: "soon"');
  });

  it('a dedicated route of a backend that is not configured: 503, x-should-retry: false', async () => {
    const gw = await start({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-v1-x' });
    const { status, headers, json } = await postJson(`${gw.url}/v1/databricks/messages`, ASK);
    expect(status).toBe(503);
    expect(headers.get('x-should-retry')).toBe('false');
    expect(json.error.message).toContain('DATABRICKS_HOST is not set');
  });
});
