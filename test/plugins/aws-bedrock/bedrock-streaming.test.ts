import { startBedrockRig, READ_TOOL, type BedrockRig } from './bedrock-rig';

// Bedrock's event-stream frames come back as Anthropic SSE that the official
// SDK's stream helper accepts: text, tool_use and thinking, with Bedrock's
// invocation metrics never reaching the client.

const ASK = { model: 'claude-sonnet-4-6', max_tokens: 2048, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('AWS_BEDROCK streaming', () => {
  let rig: BedrockRig;
  beforeAll(async () => {
    rig = await startBedrockRig();
  });
  afterEach(() => rig.bedrock.reset());
  afterAll(() => rig.close());

  it('streams text through the SDK helper, with the requested model and the upstream usage', async () => {
    rig.bedrock.script({ reply: { kind: 'turn', turn: { text: 'The quick brown fox jumps over the lazy dog, twice over.', usage: { outputTokens: 13 } } } });
    const stream = rig.client.messages.stream(ASK);
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(2);
    expect(message).toMatchObject({ model: 'claude-sonnet-4-6', stop_reason: 'end_turn', content: [{ type: 'text', text: 'The quick brown fox jumps over the lazy dog, twice over.' }] });
    expect(message.usage.output_tokens).toBe(13);
  });

  it('streams a tool_use whose input arrives in pieces', async () => {
    const message = await rig.client.messages
      .stream({ ...ASK, tools: [READ_TOOL], messages: [{ role: 'user', content: 'read the file /etc/hostname' }] })
      .finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'Read', input: { file_path: '/etc/hostname' } })]);
  });

  it('streams thinking with its signature, and takes the signed block back in the next turn', async () => {
    const first = await rig.client.messages.stream({ ...ASK, thinking: { type: 'enabled', budget_tokens: 1024 } }).finalMessage();
    expect(first.content[0]).toMatchObject({ type: 'thinking', signature: expect.any(String) });
    expect(first.content[1]).toMatchObject({ type: 'text' });
    const next = await rig.client.messages
      .stream({
        ...ASK,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [...ASK.messages, { role: 'assistant', content: first.content as never }, { role: 'user', content: 'and again' }],
      })
      .finalMessage();
    expect(next.content.at(-1)).toMatchObject({ type: 'text', text: 'You said: and again' });
  });

  it('never lets amazon-bedrock-invocationMetrics reach the client', async () => {
    const response = await fetch(`${rig.gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ ...ASK, stream: true }),
    });
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(text).toContain('event: message_stop');
    expect(text).not.toContain('invocationMetrics');
    expect(text).not.toContain('"bytes"');
  });

  it('answers a non-streaming call with the JSON message, the model echoed', async () => {
    const message = await rig.client.messages.create(ASK);
    expect(message).toMatchObject({ type: 'message', model: 'claude-sonnet-4-6', content: [{ type: 'text', text: 'You said: hello' }] });
  });
});
