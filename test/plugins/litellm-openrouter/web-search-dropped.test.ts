import Anthropic from '@anthropic-ai/sdk';
import { startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { logEvents, startGateway, type TestGateway } from '../../helpers/start-gateway';

// A chat backend whose manifest declares no web search (LITELLM_OPENROUTER: a LiteLLM
// proxy is not known to pass OpenRouter's `plugins` on) drops the server tool and
// says so in one warning per request; the model answers without searching.

describe('LITELLM_OPENROUTER without web search', () => {
  let litellm: FakeLiteLLM;
  let gw: TestGateway;
  let client: Anthropic;

  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
    gw = await startGateway({ PROXY_BACKEND: 'LITELLM_OPENROUTER', OPENROUTER_API_KEY: 'sk-or-v1-x', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' });
    client = new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 0 });
  });

  afterAll(async () => {
    await gw.close();
    await litellm.close();
  });

  it('drops web_search with one warning naming it, and sends neither the tool nor a plugin', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 64,
      tools: [
        { type: 'web_search_20250305', name: 'web_search', max_uses: 8 },
        { type: 'code_execution_20250522', name: 'code_execution' } as never,
      ],
      messages: [{ role: 'user', content: 'Perform a web search for the query: news' }],
    });
    expect(message.content.map((block) => block.type)).toEqual(['text']);
    const sent = litellm.received.at(-1)!;
    expect(sent.body).not.toContain('web_search');
    expect(sent.json).not.toHaveProperty('plugins');
    const warnings = logEvents(gw.logs, 'Removed server tool the upstream does not support');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      level: 'warn',
      tool: 'web_search, code_execution',
      type: 'web_search_20250305, code_execution_20250522',
      web_search: expect.stringContaining('no web search'),
    });
  });
});
