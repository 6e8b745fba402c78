import type { Simulator } from '../../../scripts/simulators';
import { postJson, startGateway, type TestGateway } from '../../helpers/start-gateway';
import { SIMULATED_API_KEY, startAnthropicSimulator } from './simulator';

const REQUEST = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] };

describe('ANTHROPIC through its simulator', () => {
  let upstream: Simulator;
  let gateway: TestGateway;

  beforeAll(async () => {
    upstream = await startAnthropicSimulator();
    const env = { PROXY_BACKEND: 'ANTHROPIC', ANTHROPIC_API_KEY: SIMULATED_API_KEY, ANTHROPIC_API_BASE: upstream.url, ANTHROPIC_MAX_RETRIES: '0' };
    gateway = await startGateway(env, {});
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  beforeEach(() => upstream.reset());

  it('answers with the upstream model and the operator key', async () => {
    const answer = await postJson(`${gateway.url}/v1/messages`, REQUEST);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ type: 'message', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'You said: Hello' }] });
    expect(answer.headers.get('x-gateway-backend')).toBe('ANTHROPIC');
    expect(upstream.received.map((req) => req.json.model)).toEqual(['claude-sonnet-4-5']);
  });

  it('streams the answer as Anthropic events', async () => {
    const answer = await postJson(`${gateway.url}/v1/messages`, { ...REQUEST, stream: true });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/event-stream');
    expect(answer.text).toContain('event: message_start');
    expect(answer.text).toContain('You said: Hello');
    expect(answer.text).toContain('event: message_stop');
  });

  it("gives the upstream's errors back in Anthropic's envelope", async () => {
    upstream.script({ reply: { kind: 'failure', status: 401, message: 'key revoked' } });
    const answer = await postJson(`${gateway.url}/v1/messages`, REQUEST);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('key revoked') } });
  });
});

describe('ANTHROPIC beside the client and other backends', () => {
  let upstream: Simulator;
  let gateway: TestGateway;

  beforeAll(async () => {
    upstream = await startAnthropicSimulator();
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  beforeEach(() => upstream.reset());

  it("sends the operator's key, never the client's, and forwards count_tokens and dated ids as they are", async () => {
    gateway = await startGateway({ PROXY_BACKEND: 'ANTHROPIC', ANTHROPIC_API_KEY: SIMULATED_API_KEY, ANTHROPIC_API_BASE: upstream.url });
    const clientKey = { 'x-api-key': 'sk-ant-the-clients-own', authorization: 'Bearer the-clients-own' };
    const dated = await postJson(`${gateway.url}/v1/messages`, { ...REQUEST, model: 'claude-sonnet-4-5-20250929' }, clientKey);
    expect(dated.status).toBe(200);
    const count = await postJson(`${gateway.url}/v1/messages/count_tokens`, { model: 'claude-haiku-5-5', messages: REQUEST.messages }, clientKey);
    expect(count.status).toBe(200);
    expect(count.json).toEqual({ input_tokens: expect.any(Number) });
    expect(count.headers.get('x-gateway-token-count')).toBeNull();
    expect(upstream.received.map((req) => [req.path, req.json.model, req.headers['x-api-key'], req.headers.authorization])).toEqual([
      ['/v1/messages', 'claude-sonnet-4-5-20250929', SIMULATED_API_KEY, undefined],
      ['/v1/messages/count_tokens', 'claude-haiku-5-5', SIMULATED_API_KEY, undefined],
    ]);
    await gateway.close();
  });

  it('serves as the last entry of a fallback chain when the active backend fails', async () => {
    const env = { PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-x', OPENROUTER_API_BASE: 'http://127.0.0.1:9/api/v1', OPENROUTER_MAX_RETRIES: '0' };
    gateway = await startGateway({ ...env, ANTHROPIC_API_KEY: SIMULATED_API_KEY, ANTHROPIC_API_BASE: upstream.url }, { fallback: ['ANTHROPIC'] });
    const answer = await postJson(`${gateway.url}/v1/messages`, { ...REQUEST, model: 'claude-opus-5-5' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-gateway-backend')).toBe('ANTHROPIC');
    expect(upstream.received.map((req) => req.json.model)).toEqual(['claude-opus-5-5']);
  });
});
