import Anthropic from '@anthropic-ai/sdk';
import { postJson } from '../../helpers/start-gateway';
import { startVertexRig, type VertexRig } from './vertex-rig';

const REQUEST = { model: 'claude-sonnet-4-5-20250929', max_tokens: 200, messages: [{ role: 'user', content: 'Hello' }] };
const READ_TOOL = { name: 'Read', description: 'Reads a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } };

describe('GOOGLE_VERTEX against a simulated Vertex AI and metadata server', () => {
  let rig: VertexRig;

  beforeAll(async () => {
    rig = await startVertexRig();
  });

  afterAll(async () => {
    await rig?.close();
  });

  beforeEach(() => rig.vertex.reset());

  it("calls :rawPredict on the model's publisher path with Vertex's body and a token from the metadata server", async () => {
    const answer = await postJson(`${rig.gateway.url}/v1/messages`, REQUEST);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ type: 'message', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: 'You said: Hello' }] });
    const [call] = rig.vertex.received;
    expect(call!.path).toBe(`${rig.modelsPath}/claude-sonnet-4-5@20250929:rawPredict`);
    expect(call!.json).toEqual({ anthropic_version: 'vertex-2023-10-16', max_tokens: 200, messages: REQUEST.messages });
    expect(call!.headers.authorization).toBe(`Bearer ${rig.metadata.issued.at(-1)}`);
    expect(rig.metadata.issued.length).toBeGreaterThan(0);
  });

  it("streams through :streamRawPredict, and the official SDK's stream helper accepts tool calls and thinking", async () => {
    const client = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'x', maxRetries: 0 });
    const first = await client.messages
      .stream({
        model: 'claude-opus-5-5',
        max_tokens: 2000,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [READ_TOOL as Anthropic.Tool],
        messages: [{ role: 'user', content: 'read the file notes.txt' }],
      })
      .finalMessage();
    expect(first.model).toBe('claude-opus-5-5');
    expect(first.stop_reason).toBe('tool_use');
    const thinking = first.content.find((block) => block.type === 'thinking');
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(thinking).toMatchObject({ type: 'thinking', thinking: expect.any(String), signature: expect.any(String) });
    expect(call).toMatchObject({ name: 'Read', input: { file_path: 'notes.txt' } });

    // The signed thinking goes back with the tool result; the fake Vertex refuses an altered signature.
    const second = await client.messages
      .stream({
        model: 'claude-opus-5-5',
        max_tokens: 2000,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [READ_TOOL as Anthropic.Tool],
        messages: [
          { role: 'user', content: 'read the file notes.txt' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: (call as Anthropic.ToolUseBlock).id, content: 'the notes say 42' }] },
        ],
      })
      .finalMessage();
    expect(second.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('the notes say 42') });
    expect(rig.vertex.received.map((req) => [req.path, req.json.stream, req.json.model])).toEqual([
      [`${rig.modelsPath}/claude-opus-5-5:streamRawPredict`, true, undefined],
      [`${rig.modelsPath}/claude-opus-5-5:streamRawPredict`, true, undefined],
    ]);
  });

  it('counts tokens through count-tokens:rawPredict, with the Vertex model in the body', async () => {
    const answer = await postJson(`${rig.gateway.url}/v1/messages/count_tokens`, { model: 'claude-haiku-4-5', messages: REQUEST.messages });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ input_tokens: expect.any(Number) });
    expect(answer.headers.get('x-gateway-token-count')).toBeNull();
    const [call] = rig.vertex.received;
    expect(call!.path).toBe(`${rig.modelsPath}/count-tokens:rawPredict`);
    expect(call!.json).toEqual({ anthropic_version: 'vertex-2023-10-16', model: 'claude-haiku-4-5@20251001', messages: REQUEST.messages });
  });

  it('passes on only the betas Vertex takes, in the header and the body', async () => {
    const betas = 'claude-code-20250219,interleaved-thinking-2025-05-14,effort-2025-11-24,context-1m-2025-08-07';
    const answer = await postJson(`${rig.gateway.url}/v1/messages`, REQUEST, { 'anthropic-beta': betas });
    expect(answer.status).toBe(200);
    const [call] = rig.vertex.received;
    expect(call!.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14,context-1m-2025-08-07');
    expect(call!.json.anthropic_beta).toEqual(['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07']);
  });

  it.each([
    [429, 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model', 429, 'rate_limit_error'],
    [529, 'Overloaded', 529, 'overloaded_error'],
    [400, 'messages.0.content: Input should be a valid list', 400, 'invalid_request_error'],
  ])("answers Vertex's %i in Anthropic's envelope (%s)", async (status, message, expectedStatus, expectedType) => {
    rig.vertex.script({ reply: { kind: 'failure', status, message } });
    const answer = await postJson(`${rig.gateway.url}/v1/messages`, REQUEST);
    expect(answer.status).toBe(expectedStatus);
    expect(answer.json).toMatchObject({ type: 'error', error: { type: expectedType, message: expect.stringContaining(message) } });
  });

  it("names the gateway's Google credentials when Vertex refuses the token, and fetches a new token for the next call", async () => {
    rig.metadata.revokeAll();
    const refused = await postJson(`${rig.gateway.url}/v1/messages`, REQUEST);
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringMatching(/^Google Vertex AI: Request had invalid authentication credentials.*roles\/aiplatform\.user/) } });
    const issued = rig.metadata.issued.length;
    const next = await postJson(`${rig.gateway.url}/v1/messages`, REQUEST);
    expect(next.status).toBe(200);
    expect(rig.metadata.issued.length).toBe(issued + 1);
    expect(rig.vertex.received.at(-1)!.headers.authorization).toBe(`Bearer ${rig.metadata.issued.at(-1)}`);
  });

  it('ends a broken stream with an error event the SDK raises', async () => {
    rig.vertex.script({ reply: { kind: 'turn', turn: { text: 'a long answer that breaks' }, midStreamError: { afterEvents: 4, message: 'Overloaded' } } });
    const client = new Anthropic({ baseURL: rig.gateway.url, apiKey: 'x', maxRetries: 0 });
    await expect(client.messages.stream({ ...REQUEST, messages: [{ role: 'user', content: 'Hello' }] }).finalMessage()).rejects.toThrow(/Overloaded/);
  });
});

describe('GOOGLE_VERTEX tokens', () => {
  it('asks the metadata server again once a token has expired, and sends the new one', async () => {
    const rig = await startVertexRig({}, { expiresInSeconds: 1 });
    try {
      for (let i = 0; i < 2; i++) expect((await postJson(`${rig.gateway.url}/v1/messages`, REQUEST)).status).toBe(200);
      expect(rig.metadata.issued.length).toBeGreaterThanOrEqual(2);
      expect(rig.vertex.received.map((req) => req.headers.authorization)).toEqual([`Bearer ${rig.metadata.issued[0]}`, `Bearer ${rig.metadata.issued.at(-1)}`]);
    } finally {
      await rig.close();
    }
  });
});
