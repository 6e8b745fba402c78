import { FAKE_PLUGIN_DIR, logEvents, postJson, startGateway, type TestGateway } from '../helpers/start-gateway';

const ENV = { PROXY_BACKEND: 'CANNED_EXAMPLE', CANNED_REGION: 'us-east-1' };
const valid = { model: 'claude-sonnet-4', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] };

describe('the gateway HTTP surface', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway(ENV, { pluginDirs: [FAKE_PLUGIN_DIR], server: { bodyLimitBytes: 64 * 1024 } });
  });
  afterAll(() => gw.close());

  it('answers HEAD / and GET / with 200 (Claude Code probes HEAD /)', async () => {
    expect((await fetch(gw.url, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(gw.url)).status).toBe(200);
  });

  it('accepts any query string on /v1/messages', async () => {
    const { status, json } = await postJson(`${gw.url}/v1/messages?beta=true`, valid);
    expect(status).toBe(200);
    expect(json.type).toBe('message');
  });

  it('forces streaming on /v1/messages/stream', async () => {
    const response = await fetch(`${gw.url}/v1/messages/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(valid),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).toContain('event: message_start');
    expect(text).toContain('event: message_stop');
  });

  it('keeps a client x-request-id and returns it as request-id, on every log line of the request', async () => {
    const { headers } = await postJson(`${gw.url}/v1/messages`, valid, { 'x-request-id': 'trace-abc-123' });
    expect(headers.get('request-id')).toBe('trace-abc-123');
    const lines = gw.logs.filter((line) => line.correlation_id === 'trace-abc-123');
    expect(lines.map((l) => l.event)).toEqual(expect.arrayContaining(['Processing message request', 'Model resolved', 'Request completed']));
  });

  it('makes a req_ id when the client sends none', async () => {
    const { headers } = await postJson(`${gw.url}/v1/messages`, valid);
    expect(headers.get('request-id')).toMatch(/^req_[0-9a-f]{24}$/);
  });

  it('logs one completion line with status, duration, backend, models and tokens', async () => {
    const { headers } = await postJson(`${gw.url}/v1/messages`, valid);
    const done = logEvents(gw.logs, 'Request completed').find((l) => l.correlation_id === headers.get('request-id'));
    expect(done).toMatchObject({
      status: 200,
      backend: 'CANNED_EXAMPLE',
      model: 'claude-sonnet-4',
      upstream_model: 'anthropic.claude-sonnet-4-v1:0',
      output_tokens: 5,
    });
    expect(typeof done!.duration_ms).toBe('number');
    expect(done!.input_tokens).toBeGreaterThan(0);
  });

  it('redacts credentials from log lines', async () => {
    gw.gateway.logger.info('Credential check', { authorization: 'Bearer sk-or-v1-abcdefghijklmnopqrstuvwxyz', note: 'key sk-ant-api03-secretsecret' });
    const line = logEvents(gw.logs, 'Credential check')[0];
    expect(JSON.stringify(line)).not.toMatch(/abcdefghijklmnop|secretsecret/);
  });

  it.each([
    ['invalid JSON', '{"model": ', /not valid JSON/],
    ['an empty body', '', /empty/],
    ['a missing max_tokens', { model: 'x', messages: [{ role: 'user', content: 'hi' }] }, /^max_tokens: Field required$/],
    ['a bad role', { ...valid, messages: [{ role: 'robot', content: 'hi' }] }, /^messages\.0\.role: Input should be 'user', 'assistant', 'system'$/],
    ['a text block without text', { ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, /^messages\.0\.content\.0\.text: Field required$/],
    ['a tool_use without input', { ...valid, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read' }] }] }, /messages\.0\.content\.0\.input: Field required/],
    ['a custom tool without input_schema', { ...valid, tools: [{ name: 'Read' }] }, /^tools\.0\.input_schema: Field required$/],
    ['max_tokens as a string', { ...valid, max_tokens: '50' }, /^max_tokens: must be integer$/],
  ])('rejects %s with 400 invalid_request_error naming the problem', async (_name, body, message) => {
    const { status, json } = await postJson(`${gw.url}/v1/messages`, body);
    expect(status).toBe(400);
    expect(json.type).toBe('error');
    expect(json.error.type).toBe('invalid_request_error');
    expect(json.error.message).toMatch(message);
  });

  it('keeps unknown fields, unknown block types and role:"system" entries', async () => {
    const { status } = await postJson(`${gw.url}/v1/messages`, {
      ...valid,
      context_management: { edits: [] },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'brand_new_block', payload: 1 }] },
        { role: 'system', content: 'mid-conversation reminder' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(status).toBe(200);
  });

  it('answers 413 request_too_large over the body limit', async () => {
    const big = { ...valid, messages: [{ role: 'user', content: 'x'.repeat(70 * 1024) }] };
    const { status, json, headers } = await postJson(`${gw.url}/v1/messages`, big);
    expect(status).toBe(413);
    expect(headers.get('request-id')).toMatch(/^req_/);
    expect(json.error.type).toBe('request_too_large');
  });

  it('answers unknown paths with a quiet 404 envelope', async () => {
    const { status, json, headers } = await postJson(`${gw.url}/api/event_logging/batch`, { events: [] });
    expect(status).toBe(404);
    expect(headers.get('request-id')).toMatch(/^req_/);
    expect(json).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('lists the active backend\'s claude models on GET /v1/models', async () => {
    const list: any = await fetch(`${gw.url}/v1/models`).then((r) => r.json());
    expect(list.data.map((m: { id: string }) => m.id)).toEqual(['claude-sonnet-4']);
    expect(list.data[0]).toMatchObject({ type: 'model', id: 'claude-sonnet-4' });
  });

  it('estimates count_tokens locally when the plugin cannot count', async () => {
    const { status, json, headers } = await postJson(`${gw.url}/v1/messages/count_tokens?beta=true`, {
      model: 'claude-sonnet-4',
      messages: [{ role: 'user', content: 'The quick brown fox jumps over the lazy dog. '.repeat(20) }],
    });
    expect(status).toBe(200);
    expect(json.input_tokens).toBeGreaterThan(150);
    expect(json.input_tokens).toBeLessThan(400);
    expect(headers.get('x-gateway-token-count')).toBe('estimate');
  });
});
