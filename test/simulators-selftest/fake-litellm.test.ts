import Anthropic from '@anthropic-ai/sdk';
import { startFakeLiteLLM, fakeCountTokens, type FakeLiteLLM } from '../../scripts/simulators/fake-litellm';
import { hasToolResult } from '../../scripts/simulators/request-predicates';
import { signThinking } from '../../scripts/simulators/thinking-signature';
import { anthropicGrammarViolations, get, parseSse, postJson } from './sse-test-helpers';

const READ_TOOL = { name: 'Read', description: 'Read a file', input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] } };

describe('fake LiteLLM', () => {
  let fake: FakeLiteLLM;
  let client: Anthropic;

  beforeAll(async () => {
    fake = await startFakeLiteLLM({ apiKey: 'sk-litellm' });
    client = new Anthropic({ baseURL: fake.url, apiKey: 'sk-litellm', maxRetries: 0 });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers /v1/messages in Anthropic JSON, read by the official SDK', async () => {
    const message = await client.messages.create({ model: 'claude-sonnet-4', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'You said: hello' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.model).toBe('claude-sonnet-4');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
  });

  it('streams a grammatical Anthropic stream that the SDK accumulates', async () => {
    const stream = client.messages.stream({
      model: 'claude-sonnet-4',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'read the file /etc/hostname please' }],
    });
    const message = await stream.finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(message.content[1]).toMatchObject({ type: 'tool_use', name: 'Read', input: { file_path: '/etc/hostname' } });
    expect(message.stop_reason).toBe('tool_use');

    const raw = await postJson(`${fake.url}/v1/messages`, { model: 'm', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] }, { 'x-api-key': 'sk-litellm' });
    expect(anthropicGrammarViolations(await raw.text())).toEqual([]);
  });

  it('runs a thinking + tool loop, passing signatures back, and records what came back', async () => {
    const params = {
      model: 'claude-sonnet-4',
      max_tokens: 4000,
      thinking: { type: 'enabled' as const, budget_tokens: 1024 },
      tools: [READ_TOOL],
    };
    const ask: Anthropic.MessageParam = { role: 'user', content: [{ type: 'text', text: '<system-reminder>ignore me</system-reminder>' }, { type: 'text', text: 'Read the file /tmp/x.txt' }] };
    const first = await client.messages.create({ ...params, messages: [ask] });
    const toolUse = first.content.find((block) => block.type === 'tool_use')!;
    const result: Anthropic.MessageParam = { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'file body: banana' }] };
    const second = await client.messages.create({ ...params, messages: [ask, { role: 'assistant', content: first.content }, result] });
    expect(second.content.at(-1)).toEqual({ type: 'text', text: 'Tool result received: file body: banana' });
    expect(fake.thinkingReceived()).toEqual([expect.objectContaining({ valid: true, via: 'thinking-block' })]);
    expect(fake.received.filter(hasToolResult)).toHaveLength(1);
  });

  it('rejects an altered thinking signature and a tool_use without its tool_result, in the OpenAI error shape', async () => {
    const first = await client.messages.create({ model: 'm', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'hi' }] });
    const tampered = first.content.map((block) => (block.type === 'thinking' ? { ...block, signature: 'forged' } : block));
    const response = await postJson(
      `${fake.url}/v1/messages`,
      { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: tampered }, { role: 'user', content: 'more' }] },
      { authorization: 'Bearer sk-litellm' },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: 'messages.1: Invalid `signature` in `thinking` block', type: 'None', param: null, code: '400' } });

    const orphan = await postJson(
      `${fake.url}/v1/messages`,
      { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }] }, { role: 'user', content: 'no result' }] },
      { authorization: 'Bearer sk-litellm' },
    );
    expect(orphan.status).toBe(400);
    expect((await orphan.json()).error.message).toMatch(/`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1/);
  });

  it('rejects empty text blocks', async () => {
    const response = await postJson(`${fake.url}/v1/messages`, { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, { 'x-api-key': 'sk-litellm' });
    expect(response.status).toBe(400);
  });

  it('checks the key from Bearer or x-api-key', async () => {
    const none = await postJson(`${fake.url}/v1/messages`, { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatchObject({ type: 'auth_error', code: '401' });
    const viaHeader = await postJson(`${fake.url}/v1/messages`, { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, { 'x-api-key': 'sk-litellm' });
    expect(viaHeader.status).toBe(200);
  });

  it('counts tokens deterministically', async () => {
    const body = { model: 'm', system: 'sys', messages: [{ role: 'user', content: 'count me' }] };
    const counted = await client.messages.countTokens(body as Anthropic.MessageCountTokensParams);
    expect(counted.input_tokens).toBe(fakeCountTokens(body));
    expect(fake.received[0]!.route).toBe('count_tokens');
  });

  it('sends scripted failures in the OpenAI shape with retry-after', async () => {
    fake.script({ times: 1, reply: { kind: 'failure', status: 429, message: 'rate limited', headers: { 'retry-after': '1' } } });
    const error = await client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429 });
    const response = fake.received[0]!;
    expect(response.status).toBe(429);
    fake.script({ times: 1, reply: { kind: 'failure', status: 429, message: 'rate limited', headers: { 'retry-after': '1' } } });
    const raw = await postJson(`${fake.url}/v1/messages`, { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, { 'x-api-key': 'sk-litellm' });
    expect(raw.headers.get('retry-after')).toBe('1');
    expect(await raw.json()).toEqual({ error: { message: 'rate limited', type: 'None', param: null, code: '429' } });
  });

  it('answers OpenAI chat completions with the same behaviour, usage only when asked', async () => {
    const headers = { authorization: 'Bearer sk-litellm' };
    const json = await (await postJson(`${fake.url}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hey' }] }, headers)).json();
    expect(json.choices[0].message.content).toBe('You said: hey');
    const streamed = async (extra: object) => {
      const text = await (await postJson(`${fake.url}/v1/chat/completions`, { model: 'm', stream: true, messages: [{ role: 'user', content: 'hey' }], ...extra }, headers)).text();
      return parseSse(text).events.slice(0, -1).map((event) => JSON.parse(event.data));
    };
    expect((await streamed({})).some((chunk) => chunk.usage)).toBe(false);
    const withUsage = await streamed({ stream_options: { include_usage: true } });
    expect(withUsage.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: expect.any(Number) } });
  });

  it('answers chat completions asked for thinking with LiteLLM thinking fields, JSON and streamed', async () => {
    const headers = { authorization: 'Bearer sk-litellm' };
    const ask = { model: 'm', max_tokens: 4000, messages: [{ role: 'user', content: 'ponder' }] };
    for (const request of [{ thinking: { type: 'enabled', budget_tokens: 1024 } }, { reasoning_effort: 'high' }]) {
      const json = await (await postJson(`${fake.url}/v1/chat/completions`, { ...ask, ...request }, headers)).json();
      const message = json.choices[0].message;
      expect(message).toMatchObject({ content: 'You said: ponder', reasoning_content: 'Considering ponder.' });
      expect(message.thinking_blocks).toEqual([{ type: 'thinking', thinking: 'Considering ponder.', signature: signThinking('Considering ponder.') }]);
    }
    const plain = await (await postJson(`${fake.url}/v1/chat/completions`, ask, headers)).json();
    expect(plain.choices[0].message).not.toHaveProperty('thinking_blocks');
    expect(plain.choices[0].message).not.toHaveProperty('reasoning_content');

    const text = await (await postJson(`${fake.url}/v1/chat/completions`, { ...ask, stream: true, thinking: { type: 'enabled', budget_tokens: 1024 } }, headers)).text();
    const deltas = parseSse(text).events.slice(0, -1).map((event) => JSON.parse(event.data).choices[0]?.delta ?? {});
    const blocks = deltas.flatMap((delta) => delta.thinking_blocks ?? []);
    expect(blocks.map((block: { thinking: string }) => block.thinking).join('')).toBe('Considering ponder.');
    expect(blocks.at(-1)).toEqual({ type: 'thinking', thinking: '', signature: signThinking('Considering ponder.') });
    expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toBe('Considering ponder.');
  });

  it('reads thinking_blocks coming back on chat assistant messages and rejects an altered signature', async () => {
    const headers = { authorization: 'Bearer sk-litellm' };
    const thought = 'Considering the file.';
    const history = (signature: string) => ({
      model: 'm',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [
        { role: 'user', content: 'read the file /a' },
        {
          role: 'assistant',
          content: null,
          thinking_blocks: [{ type: 'thinking', thinking: thought, signature }],
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'alpha' },
      ],
    });
    const ok = await postJson(`${fake.url}/v1/chat/completions`, history(signThinking(thought)), headers);
    expect(ok.status).toBe(200);
    expect((await ok.json()).choices[0].message.content).toBe('Tool result received: alpha');
    expect(fake.thinkingReceived()).toEqual([{ messageIndex: 1, text: thought, signature: signThinking(thought), via: 'thinking_blocks', valid: true }]);

    const forged = await postJson(`${fake.url}/v1/chat/completions`, history(signThinking('something else')), headers);
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({ error: { message: 'messages.1: Invalid signature in reasoning (thinking_blocks)', type: 'None', param: null, code: '400' } });
  });

  it('answers health probes without a key', async () => {
    expect(await (await get(`${fake.url}/health/liveliness`)).json()).toBe("I'm alive!");
  });
});

describe('fake LiteLLM with newer (Anthropic-shaped) errors and no key', () => {
  let fake: FakeLiteLLM;
  beforeAll(async () => {
    fake = await startFakeLiteLLM({ errorShape: 'anthropic' });
  });
  afterAll(() => fake.close());

  it('accepts any key and answers /v1/messages errors in the Anthropic envelope, chat errors in the OpenAI one', async () => {
    fake.script({ reply: { kind: 'failure', status: 529, message: 'Overloaded' } });
    const messages = await postJson(`${fake.url}/v1/messages`, { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, { 'x-request-id': 'req_abc' });
    expect(messages.status).toBe(529);
    expect(await messages.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_abc' });
    const chat = await postJson(`${fake.url}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(await chat.json()).toEqual({ error: { message: 'Overloaded', type: 'None', param: null, code: '529' } });
  });
});
