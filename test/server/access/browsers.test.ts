import { startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { startGateway, type TestGateway } from '../../helpers/start-gateway';
import { sendRaw } from '../../helpers/send-raw';
import { MESSAGE } from './message-body';

const TRUSTED = 'https://app.example.com';

describe('browser defences', () => {
  let litellm: FakeLiteLLM;
  let gw: TestGateway;
  let host: string;

  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
    gw = await startGateway({
      PROXY_BACKEND: 'LITELLM_MESSAGES',
      LITELLM_BASE_URL: litellm.url,
      LITELLM_MAX_RETRIES: '0',
      GATEWAY_ALLOWED_ORIGINS: `${TRUSTED}, http://localhost:5173`,
      GATEWAY_ALLOWED_HOSTS: 'gateway.internal',
    });
    host = new URL(gw.url).host;
  });
  afterEach(() => litellm.reset());
  afterAll(async () => {
    await gw.close();
    await litellm.close();
  });

  const post = (headers: Record<string, string>, path = '/v1/messages') =>
    sendRaw(gw.url, { method: 'POST', path, headers: { host, 'content-type': 'application/json', ...headers }, body: MESSAGE });

  function expectRefused(answer: Awaited<ReturnType<typeof post>>, status: number, type: string) {
    expect(answer.status).toBe(status);
    expect(answer.json).toMatchObject({ type: 'error', error: { type } });
    expect(answer.headers['request-id']).toEqual(expect.any(String));
    expect(answer.json.request_id).toBe(answer.headers['request-id']);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(litellm.received).toHaveLength(0);
  }

  it('refuses a text/plain POST from a foreign page, and the upstream hears nothing', async () => {
    const answer = await post({ 'content-type': 'text/plain', origin: 'http://evil.example' });
    expectRefused(answer, 403, 'permission_error');
    expect(answer.json.error.message).toContain('http://evil.example');
    expect(answer.json.error.message).toContain('GATEWAY_ALLOWED_ORIGINS');
  });

  it('refuses a JSON POST from a foreign origin', async () => {
    expectRefused(await post({ origin: 'http://evil.example' }), 403, 'permission_error');
  });

  it('refuses the preflight of a foreign origin', async () => {
    const answer = await sendRaw(gw.url, {
      method: 'OPTIONS',
      path: '/v1/messages',
      headers: { host, origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expectRefused(answer, 403, 'permission_error');
  });

  it.each(['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp'])(
    'answers a %s POST with 415, without an Origin too',
    async (type) => {
      expectRefused(await post({ 'content-type': type }), 415, 'invalid_request_error');
    },
  );

  it('answers a POST with no content-type with 415', async () => {
    expectRefused(await sendRaw(gw.url, { method: 'POST', path: '/v1/messages', headers: { host }, body: MESSAGE }), 415, 'invalid_request_error');
  });

  it.each(['/v1/messages/count_tokens', '/v1/messages/stream', '/v1/databricks/messages'])('answers a text/plain POST to %s with 415', async (path) => {
    expectRefused(await post({ 'content-type': 'text/plain' }, path), 415, 'invalid_request_error');
  });

  it('accepts application/json with parameters, in any case', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      const answer = await post({ 'content-type': type });
      expect(answer.status).toBe(200);
    }
    expect(litellm.received).toHaveLength(2);
  });

  it('refuses a rebinding Host on a loopback bind', async () => {
    const answer = await post({ host: `rebind.evil.example:${new URL(gw.url).port}` });
    expectRefused(answer, 403, 'permission_error');
    expect(answer.json.error.message).toContain('GATEWAY_ALLOWED_HOSTS');
  });

  it('refuses a rebinding Host on every route, health included', async () => {
    for (const path of ['/health', '/v1/models', '/']) {
      const answer = await sendRaw(gw.url, { path, headers: { host: 'rebind.evil.example' } });
      expect(answer.status).toBe(403);
    }
  });

  it.each(['localhost', 'localhost:4000', '127.0.0.1', '[::1]:4000', 'LOCALHOST:9', 'gateway.internal', 'gateway.internal:8443'])(
    'serves Host %s',
    async (name) => {
      const answer = await post({ host: name });
      expect(answer.status).toBe(200);
      expect(answer.json.type).toBe('message');
    },
  );

  it('answers the preflight of an allowed origin', async () => {
    const answer = await sendRaw(gw.url, {
      method: 'OPTIONS',
      path: '/v1/messages',
      headers: {
        host,
        origin: TRUSTED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key,anthropic-version,x-stainless-os',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(TRUSTED);
    expect(answer.headers['access-control-allow-methods']).toContain('POST');
    const allowed = String(answer.headers['access-control-allow-headers']).split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['x-api-key', 'authorization', 'content-type', 'anthropic-version', 'anthropic-beta', 'x-request-id', 'x-stainless-os']));
    expect(Number(answer.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(answer.headers.vary).toContain('Origin');
    expect(litellm.received).toHaveLength(0);
  });

  it('serves an allowed origin with the CORS headers a browser needs to read the answer', async () => {
    const answer = await post({ origin: TRUSTED });
    expect(answer.status).toBe(200);
    expect(answer.json.type).toBe('message');
    expect(answer.headers['access-control-allow-origin']).toBe(TRUSTED);
    expect(answer.headers.vary).toContain('Origin');
    expect(String(answer.headers['access-control-expose-headers']).split(/\s*,\s*/)).toEqual(
      expect.arrayContaining(['request-id', 'x-gateway-backend', 'retry-after']),
    );
  });

  it("keeps the gateway's CORS answer when the upstream sends its own", async () => {
    litellm.script({ path: '/v1/messages', times: 1, reply: { kind: 'json', body: { type: 'message', id: 'msg_1', role: 'assistant', content: [], model: 'm', stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } }, headers: { 'access-control-allow-origin': '*' } } });
    const answer = await post({ origin: 'http://localhost:5173' });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('puts the CORS headers on an error answer for an allowed origin', async () => {
    const answer = await post({ origin: TRUSTED, 'content-type': 'text/plain' });
    expect(answer.status).toBe(415);
    expect(answer.headers['access-control-allow-origin']).toBe(TRUSTED);
  });
});
