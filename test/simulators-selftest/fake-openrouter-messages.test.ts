import { startFakeOpenRouter, type FakeOpenRouter } from '../../scripts/simulators/fake-openrouter';
import { openRouterMessagesError } from '../../scripts/simulators/openrouter-messages-route';
import { signThinking } from '../../scripts/simulators/thinking-signature';
import { anthropicGrammarViolations, parseSse, postJson } from './sse-test-helpers';

// The fake's /api/v1/messages: OpenRouter's Anthropic-compatible route.

const AUTH = { authorization: 'Bearer sk-or-test' };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const eventsOf = (text: string): Array<{ event?: string; data: any }> => parseSse(text).events.map((event) => ({ event: event.event, data: JSON.parse(event.data) }));
const SEARCH_TOOL = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 };

describe('fake OpenRouter messages route', () => {
  let fake: FakeOpenRouter;
  const messages = (body: Record<string, unknown>, headers: Record<string, string> = AUTH) =>
    postJson(`${fake.baseUrl}/messages`, { model: 'anthropic/claude-sonnet-4', max_tokens: 256, messages: [{ role: 'user', content: 'hi' }], ...body }, headers);

  beforeAll(async () => {
    fake = await startFakeOpenRouter({ apiKey: 'sk-or-test' });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers in Anthropic Messages, with the generation id', async () => {
    const response = await messages({});
    expect(response.status).toBe(200);
    expect(response.headers.get('x-generation-id')).toMatch(/^gen-sim-\d+$/);
    expect(await response.json()).toMatchObject({
      type: 'message',
      model: 'anthropic/claude-sonnet-4',
      content: [{ type: 'text', text: 'You said: hi' }],
      usage: { input_tokens: expect.any(Number), cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
  });

  it('refuses a missing or wrong key, another provider\'s model and a bad body in its Anthropic envelope', async () => {
    const missing = await messages({}, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'No auth credentials found', error_type: 'unauthorized' }, request_id: null });
    expect((await messages({}, { authorization: 'Bearer nope' })).status).toBe(401);
    const otherModel = await messages({ model: 'openai/gpt-4o' });
    expect(otherModel.status).toBe(400);
    expect((await otherModel.json()).error).toMatchObject({ type: 'invalid_request_error', message: 'openai/gpt-4o is not a valid model ID' });
    const noMaxTokens = await messages({ max_tokens: undefined });
    expect((await noMaxTokens.json()).error.message).toBe('max_tokens: Field required');
    const thought = 'edited';
    const forged = await messages({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: thought, signature: signThinking('original') }, { type: 'text', text: 'a' }] },
        { role: 'user', content: 'again' },
      ],
    });
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.message).toContain('Invalid `signature`');
  });

  it('writes scripted errors with retry-after, and 503 as overloaded_error', async () => {
    fake.script({ times: 1, reply: openRouterMessagesError(429, 'Rate limit exceeded', { retryAfter: 3 }) });
    fake.script({ times: 1, reply: { kind: 'failure', status: 503, message: 'No allowed providers' } });
    const limited = await messages({});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await limited.json()).error).toEqual({ type: 'rate_limit_error', message: 'Rate limit exceeded', error_type: 'rate_limit_exceeded' });
    const down = await messages({});
    expect(down.status).toBe(503);
    expect((await down.json()).error).toMatchObject({ type: 'overloaded_error', message: 'No allowed providers' });
  });

  it('streams signed thinking and ends a broken stream with an error event', async () => {
    fake.script({ times: 1, reply: { kind: 'turn', turn: { text: 'partial answer here' }, midStreamError: { afterEvents: 3, message: 'Provider disconnected' } } });
    const broken = eventsOf(await (await messages({ stream: true })).text());
    expect(broken.map((event) => event.event)).toEqual(['message_start', 'ping', 'content_block_start', 'error']);
    expect(broken.at(-1)!.data).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Provider disconnected' } });

    const text = await (await messages({ stream: true, thinking: { type: 'enabled', budget_tokens: 1024 } })).text();
    expect(anthropicGrammarViolations(text)).toEqual([]);
    const events = eventsOf(text);
    const signature = events.find((event) => event.data?.delta?.type === 'signature_delta')!.data.delta.signature;
    const thinking = events.filter((event) => event.data?.delta?.type === 'thinking_delta').map((event) => event.data.delta.thinking).join('');
    expect(signature).toBe(signThinking(thinking));
    expect(events.at(-1)!.event).toBe('message_stop');
  });

  it('answers a web_search server tool with a search, results, cited text and the search count', async () => {
    const ask = { tools: [SEARCH_TOOL], messages: [{ role: 'user', content: 'Perform a web search for the query: tide tables' }] };
    const json = await (await messages(ask)).json();
    expect(json.content.map((block: { type: string }) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text', 'text']);
    expect(json.content[0]).toMatchObject({ type: 'server_tool_use', name: 'web_search', input: { query: 'tide tables' } });
    expect(json.content[1].tool_use_id).toBe(json.content[0].id);
    expect(json.content[1].content[0]).toMatchObject({ type: 'web_search_result', url: 'https://example.com/search/tide-tables' });
    expect(json.content[3].citations[0]).toMatchObject({ type: 'web_search_result_location', url: 'https://example.com/search/tide-tables' });
    expect(json.usage.server_tool_use).toEqual({ web_search_requests: 1 });

    const streamed = await (await messages({ ...ask, stream: true })).text();
    expect(anthropicGrammarViolations(streamed)).toEqual([]);
    const events = eventsOf(streamed);
    expect(events.filter((event) => event.event === 'content_block_start').map((event) => event.data.content_block.type)).toEqual([
      'server_tool_use',
      'web_search_tool_result',
      'text',
      'text',
    ]);
    expect(events.some((event) => event.data?.delta?.type === 'citations_delta')).toBe(true);
    expect(events.find((event) => event.event === 'message_delta')!.data.usage.server_tool_use).toEqual({ web_search_requests: 1 });

    // Once the search's results are back in the conversation, the turn is the default agent's.
    const afterResults = await (await messages({ tools: [SEARCH_TOOL], tool_choice: { type: 'none' } })).json();
    expect(afterResults.content).toEqual([{ type: 'text', text: 'You said: hi' }]);
  });
});
