import { closedPort } from '../upstream/local-server';
import { postJson, startGateway } from '../helpers/start-gateway';

// A connection that could not be made: the client learns which URL was tried
// (never its credentials), and may retry (the upstream may come back).

const ASK = { model: 'claude-sonnet-4', max_tokens: 32, messages: [{ role: 'user', content: 'hello' }] };

describe('connection errors name the URL tried', () => {
  it('LITELLM_MESSAGES: "Could not connect to LiteLLM at <base URL>: connection refused", retryable', async () => {
    const port = await closedPort();
    const gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: `http://127.0.0.1:${port}`, LITELLM_MAX_RETRIES: '0' });
    try {
      const { status, headers, json } = await postJson(`${gw.url}/v1/messages`, ASK, { 'x-api-key': 'sk-caller-key' });
      expect(status).toBe(502);
      expect(json.error.message).toBe(`Could not connect to LiteLLM at http://127.0.0.1:${port}: connection refused`);
      expect(headers.get('x-should-retry')).not.toBe('false');
    } finally {
      await gw.close();
    }
  });

  it('OPENROUTER: the URL without its userinfo or query', async () => {
    const port = await closedPort();
    const gw = await startGateway({
      PROXY_BACKEND: 'OPENROUTER',
      OPENROUTER_API: 'chat',
      OPENROUTER_API_KEY: 'sk-or-v1-x',
      OPENROUTER_API_BASE: `http://someone:hunter2@127.0.0.1:${port}/api/v1`,
      OPENROUTER_MAX_RETRIES: '0',
    });
    try {
      const { status, headers, json } = await postJson(`${gw.url}/v1/messages`, ASK);
      expect(status).toBe(502);
      expect(json.error.message).toMatch(new RegExp(`^Could not connect to OpenRouter at http://127\\.0\\.0\\.1:${port}/api/v1/chat/completions: connection refused$`));
      expect(json.error.message).not.toMatch(/hunter2|someone/);
      expect(headers.get('x-should-retry')).not.toBe('false');
    } finally {
      await gw.close();
    }
  });
});
