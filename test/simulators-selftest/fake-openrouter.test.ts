import { startFakeOpenRouter, openRouterError, type FakeOpenRouter } from '../../scripts/simulators/fake-openrouter';
import { lastUserTextIncludes } from '../../scripts/simulators/request-predicates';
import { signThinking } from '../../scripts/simulators/thinking-signature';
import { get, parseSse, postJson } from './sse-test-helpers';

const AUTH = { authorization: 'Bearer sk-or-test' };
const READ_TOOL = {
  type: 'function',
  function: { name: 'Read', description: 'Read a file', parameters: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } },
};

describe('fake OpenRouter', () => {
  let fake: FakeOpenRouter;
  const chat = (body: Record<string, unknown>, headers: Record<string, string> = AUTH) =>
    postJson(`${fake.baseUrl}/chat/completions`, { model: 'anthropic/claude-sonnet-4', ...body }, headers);

  beforeAll(async () => {
    fake = await startFakeOpenRouter({ apiKey: 'sk-or-test' });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('serves under /api/v1', () => {
    expect(fake.baseUrl).toBe(`${fake.url}/api/v1`);
  });

  it('requires a Bearer key, answering 401 in OpenRouter shape', async () => {
    const missing = await chat({ messages: [{ role: 'user', content: 'hi' }] }, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { code: 401, message: 'No auth credentials found' } });
    const wrong = await chat({ messages: [{ role: 'user', content: 'hi' }] }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
  });

  it('echoes the last user text as a JSON completion', async () => {
    const response = await chat({ messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: [{ type: 'text', text: 'hello there' }] }] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-generation-id')).toBe('gen-sim-1');
    const body = await response.json();
    expect(body.model).toBe('anthropic/claude-sonnet-4');
    expect(body.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'You said: hello there' } });
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('streams with a keep-alive comment, usage in the last chunk and [DONE]', async () => {
    const response = await chat({ stream: true, messages: [{ role: 'user', content: 'stream please' }] });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const { events, comments } = parseSse(await response.text());
    expect(comments).toEqual(['OPENROUTER PROCESSING']);
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('')).toBe('You said: stream please');
    expect(chunks.at(-1).usage.completion_tokens).toBeGreaterThan(0);
  });

  it('runs an agent loop: a tool call when asked to read a file, then text quoting the tool result', async () => {
    const ask = { role: 'user', content: 'Please read the file /tmp/sim/notes.txt and summarise it.' };
    const first = await (await chat({ tools: [READ_TOOL], messages: [ask] })).json();
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const [call] = first.choices[0].message.tool_calls;
    expect(call.function.name).toBe('Read');
    expect(JSON.parse(call.function.arguments)).toEqual({ file_path: '/tmp/sim/notes.txt' });

    const second = await chat({
      tools: [READ_TOOL],
      messages: [ask, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'the secret is 42' }],
    });
    const body = await second.json();
    expect(body.choices[0].message.content).toBe('Tool result received: the secret is 42');
  });

  it('calls a tool named by CALL_TOOL, in a stream with split arguments', async () => {
    const response = await chat({
      stream: true,
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'CALL_TOOL Read {"file_path":"/a/b/c.txt"}' }],
    });
    const chunks = parseSse(await response.text()).events.slice(0, -1).map((event) => JSON.parse(event.data));
    const args = chunks.flatMap((chunk) => chunk.choices[0]?.delta?.tool_calls ?? []).map((call: any) => call.function.arguments).join('');
    expect(JSON.parse(args)).toEqual({ file_path: '/a/b/c.txt' });
  });

  it('rejects tool messages that answer no tool call', async () => {
    const response = await chat({ messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'call_1', content: 'orphan' }] });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/role 'tool' must be a response/);
  });

  it('returns signed reasoning when asked and accepts it back unchanged, but not altered', async () => {
    const first = await (await chat({ reasoning: { max_tokens: 2000 }, messages: [{ role: 'user', content: 'think' }] })).json();
    const { message } = first.choices[0];
    expect(message.reasoning_details[0].signature).toBe(signThinking(message.reasoning));
    const history = (details: unknown) => [
      { role: 'user', content: 'think' },
      { role: 'assistant', content: message.content, reasoning_details: details },
      { role: 'user', content: 'again' },
    ];
    expect((await chat({ messages: history(message.reasoning_details) })).status).toBe(200);
    const altered = [{ ...message.reasoning_details[0], text: 'something else' }];
    const rejected = await chat({ messages: history(altered) });
    expect(rejected.status).toBe(400);
    expect((await rejected.json()).error.message).toMatch(/Invalid signature/);
  });

  it('scripts replies by what the request says, not by call count', async () => {
    fake.script({ name: 'weather', when: lastUserTextIncludes('weather'), reply: { kind: 'turn', turn: { text: 'Sunny.' } } });
    const other = await (await chat({ messages: [{ role: 'user', content: 'hello' }] })).json();
    const weather = await (await chat({ messages: [{ role: 'user', content: 'what is the weather?' }] })).json();
    expect(other.choices[0].message.content).toBe('You said: hello');
    expect(weather.choices[0].message.content).toBe('Sunny.');
    expect(fake.received.map((req) => req.rule)).toEqual([undefined, 'weather']);
  });

  it('sends errors in its envelope: 429 with retry-after, 402 as a failure reply', async () => {
    fake.script({ times: 1, reply: openRouterError(429, 'Rate limit exceeded', { retryAfter: 2 }) });
    fake.script({ times: 1, reply: { kind: 'failure', status: 402, message: 'Insufficient credits' } });
    const limited = await chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toEqual({ error: { code: 429, message: 'Rate limit exceeded' } });
    const broke = await chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(broke.status).toBe(402);
    expect(await broke.json()).toEqual({ error: { code: 402, message: 'Insufficient credits' } });
    expect((await chat({ messages: [{ role: 'user', content: 'x' }] })).status).toBe(200);
  });

  it('reports a mid-stream error as a chunk with finish_reason "error" at HTTP 200', async () => {
    fake.script({ reply: { kind: 'turn', turn: { text: 'partial answer that breaks' }, midStreamError: { afterEvents: 3, message: 'Provider disconnected', code: 502 } } });
    const response = await chat({ stream: true, messages: [{ role: 'user', content: 'x' }] });
    expect(response.status).toBe(200);
    const { events } = parseSse(await response.text());
    const last = JSON.parse(events.at(-1)!.data);
    expect(last.error).toEqual({ code: 502, message: 'Provider disconnected' });
    expect(last.choices[0].finish_reason).toBe('error');
    expect(events.some((event) => event.data === '[DONE]')).toBe(false);
  });

  it('lists models without auth', async () => {
    const body = await (await get(`${fake.baseUrl}/models`)).json();
    expect(body.data.map((model: { id: string }) => model.id)).toContain('anthropic/claude-sonnet-4');
  });
});
