import Anthropic from '@anthropic-ai/sdk';
import { startFakeDatabricks, databricksError, type FakeDatabricks } from '../../scripts/simulators/fake-databricks';
import { signThinking } from '../../scripts/simulators/thinking-signature';
import { anthropicGrammarViolations, get, parseSse, postJson } from './sse-test-helpers';

const AUTH = { authorization: 'Bearer dapi-test' };

describe('fake Databricks workspace', () => {
  let fake: FakeDatabricks;
  const invoke = (body: Record<string, unknown>, endpoint = 'databricks-claude-sonnet-4', headers: Record<string, string> = AUTH) =>
    postJson(`${fake.url}/serving-endpoints/${endpoint}/invocations`, body, headers);
  const hello = { messages: [{ role: 'user', content: 'hello' }], max_tokens: 100 };

  beforeAll(async () => {
    fake = await startFakeDatabricks({ token: 'dapi-test', endpoints: { 'databricks-claude-sonnet-4': {}, 'databricks-claude-3-7-sonnet': { ready: 'NOT_READY', configUpdate: 'IN_PROGRESS' } } });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('checks the Bearer token: 401 without, 403 when wrong, in Databricks error shape', async () => {
    const missing = await invoke(hello, undefined, {});
    expect(missing.status).toBe(401);
    expect((await missing.json()).error_code).toBe('UNAUTHENTICATED');
    const wrong = await invoke(hello, undefined, { authorization: 'Bearer other' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({ error_code: 'PERMISSION_DENIED', message: 'Invalid access token.' });
  });

  it('answers invocations with an OpenAI chat completion', async () => {
    const body = await (await invoke(hello)).json();
    expect(body.model).toBe('databricks-claude-sonnet-4');
    expect(body.choices[0].message.content).toBe('You said: hello');
  });

  it('returns thinking as a reasoning content part, and takes it back inside assistant content', async () => {
    const thinking = { type: 'enabled', budget_tokens: 1024 };
    const first = await (await invoke({ ...hello, max_tokens: 4000, thinking })).json();
    const content = first.choices[0].message.content;
    expect(content[0]).toEqual({ type: 'reasoning', summary: [{ type: 'summary_text', text: expect.any(String), signature: expect.any(String) }] });
    expect(content[1]).toEqual({ type: 'text', text: 'You said: hello' });
    const again = await invoke({ max_tokens: 4000, thinking, messages: [hello.messages[0], { role: 'assistant', content }, { role: 'user', content: 'more' }] });
    expect(again.status).toBe(200);
    expect(fake.thinkingReceived()).toEqual([expect.objectContaining({ via: 'reasoning-part', valid: true })]);
  });

  it('streams reasoning as list-shaped deltas', async () => {
    const response = await invoke({ ...hello, max_tokens: 4000, stream: true, thinking: { type: 'enabled', budget_tokens: 2000 } });
    const chunks = parseSse(await response.text()).events.filter((event) => event.data !== '[DONE]').map((event) => JSON.parse(event.data));
    const parts = chunks.map((chunk) => chunk.choices[0]?.delta?.content).filter(Array.isArray);
    expect(parts.length).toBeGreaterThan(1);
    const text = parts.flat().map((part: any) => part.summary[0].text).join('');
    expect(parts.at(-1)![0].summary[0].signature).toBe(signThinking(text));
  });

  it.each([
    ['empty text content', { messages: [{ role: 'user', content: '' }] }, /non-empty/],
    ['an empty text part', { messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, /non-empty/],
    ['name on an assistant message', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', name: 'bot' }, { role: 'user', content: 'c' }] }, /only supported on user/],
    ['a thinking_blocks field', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', thinking_blocks: [] }, { role: 'user', content: 'c' }] }, /Extra inputs are not permitted/],
    ['reasoning_details', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', reasoning_details: [] }, { role: 'user', content: 'c' }] }, /Extra inputs are not permitted/],
    ['a server tool', { ...hello, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, /Input tag 'web_search_20250305'/],
    ['a thinking budget under 1024', { ...hello, thinking: { type: 'enabled', budget_tokens: 500 } }, /1024/],
    ['a payload over 4 MB', { messages: [{ role: 'user', content: 'x'.repeat(4 * 1024 * 1024) }] }, /exceeds the limit/],
  ])('rejects %s with 400 BAD_REQUEST', async (_name, body, message) => {
    const response = await invoke(body);
    expect(response.status).toBe(400);
    const error = await response.json();
    expect(error.error_code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(message);
  });

  it('404s unknown endpoints and refuses endpoints that are not ready', async () => {
    const unknown = await invoke(hello, 'no-such-endpoint');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await invoke(hello, 'databricks-claude-3-7-sonnet')).status).toBe(503);
  });

  it('serves /serving-endpoints/chat/completions with the endpoint in the body', async () => {
    const body = await (await postJson(`${fake.url}/serving-endpoints/chat/completions`, { model: 'databricks-claude-sonnet-4', ...hello }, AUTH)).json();
    expect(body.choices[0].message.content).toBe('You said: hello');
  });

  it('serves the native Anthropic route, read by the official SDK', async () => {
    const client = new Anthropic({ baseURL: `${fake.url}/serving-endpoints/anthropic`, authToken: 'dapi-test', maxRetries: 0 });
    const message = await client.messages
      .stream({ model: 'databricks-claude-sonnet-4', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'native' }] })
      .finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(message.content[1]).toMatchObject({ text: 'You said: native' });
    expect(fake.received[0]!.route).toBe('anthropic');
    const raw = await postJson(`${fake.url}/serving-endpoints/anthropic/v1/messages`, { model: 'databricks-claude-sonnet-4', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] }, AUTH);
    expect(anthropicGrammarViolations(await raw.text())).toEqual([]);
  });

  it('answers native-route validation errors in the Anthropic envelope', async () => {
    const response = await postJson(
      `${fake.url}/serving-endpoints/anthropic/v1/messages`,
      { model: 'databricks-claude-sonnet-4', max_tokens: 10, tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'x' }] },
      AUTH,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/web_search_20250305/) } });
  });

  it('reports serving endpoint state, and 404 for unknown endpoints', async () => {
    const ready = await (await get(`${fake.url}/api/2.0/serving-endpoints/databricks-claude-sonnet-4`, AUTH)).json();
    expect(ready).toMatchObject({ name: 'databricks-claude-sonnet-4', state: { ready: 'READY', config_update: 'NOT_UPDATING' } });
    const updating = await (await get(`${fake.url}/api/2.0/serving-endpoints/databricks-claude-3-7-sonnet`, AUTH)).json();
    expect(updating.state).toEqual({ ready: 'NOT_READY', config_update: 'IN_PROGRESS' });
    const missing = await get(`${fake.url}/api/2.0/serving-endpoints/nope`, AUTH);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    fake.setEndpoint('nope', { ready: 'READY' });
    expect((await fetch(`${fake.url}/api/2.0/serving-endpoints/nope`, { headers: AUTH })).status).toBe(200);
    fake.setEndpoint('nope', undefined);
    const list = await (await get(`${fake.url}/api/2.0/serving-endpoints`, AUTH)).json();
    expect(list.endpoints.map((endpoint: { name: string }) => endpoint.name)).toEqual(['databricks-claude-sonnet-4', 'databricks-claude-3-7-sonnet']);
  });

  it('plays scripted 429 (with and without Retry-After), 500, then recovers; the fake counts calls', async () => {
    fake.script({ times: 1, reply: databricksError(429, 'Exceeded workspace rate limit', { retryAfter: 2 }) });
    fake.script({ times: 1, reply: { kind: 'failure', status: 429, message: 'Too many requests' } });
    fake.script({ times: 1, reply: { kind: 'failure', status: 500, message: 'Internal error' } });
    const first = await invoke(hello);
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '2']);
    expect(await first.json()).toEqual({ error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'Exceeded workspace rate limit' });
    const second = await invoke(hello);
    expect([second.status, second.headers.get('retry-after')]).toEqual([429, null]);
    expect((await invoke(hello)).status).toBe(500);
    expect((await invoke(hello)).status).toBe(200);
    expect(fake.received.filter((req) => req.route === 'invocations')).toHaveLength(4);
  });
});

describe('fake Databricks hang and drop', () => {
  let fake: FakeDatabricks;
  beforeAll(async () => {
    fake = await startFakeDatabricks();
  });
  afterAll(() => fake.close());

  it('hangs until the client gives up, and records that it did', async () => {
    fake.script({ times: 1, reply: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = postJson(`${fake.url}/serving-endpoints/databricks-claude-sonnet-4/invocations`, { messages: [{ role: 'user', content: 'x' }] }, { authorization: 'Bearer any' }, controller.signal);
    await fake.waitFor(() => fake.received.length === 1);
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    await fake.waitFor(() => fake.abortedCount === 1);
  });

  it('drops a stream midway', async () => {
    fake.script({ times: 1, reply: { kind: 'turn', turn: { text: 'a long answer that will be cut off' }, cut: { events: 2, then: 'drop' } } });
    const response = await postJson(`${fake.url}/serving-endpoints/databricks-claude-sonnet-4/invocations`, { stream: true, messages: [{ role: 'user', content: 'x' }] }, { authorization: 'Bearer any' });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(fake.received.at(-1)).toMatchObject({ droppedByServer: true, clientAborted: false });
  });
});
