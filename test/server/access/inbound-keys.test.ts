import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { postJson, startGateway, waitForLog, type TestGateway } from '../../helpers/start-gateway';
import { sendRaw } from '../../helpers/send-raw';
import { MESSAGE } from './message-body';

const ALICE = 'alice-key-0123456789';
const BOB = 'bob-key-abcdefghijkl';
const CAROL = 'carol-key-from-a-digest';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('inbound keys', () => {
  let litellm: FakeLiteLLM;
  let gw: TestGateway;
  let keysFile: string;

  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
    keysFile = join(mkdtempSync(join(tmpdir(), 'gateway-keys-')), 'keys');
    writeFileSync(keysFile, `# team keys\n\nbob:${BOB}\ncarol:sha256:${sha256(CAROL).toUpperCase()}\n`);
    gw = await startGateway({
      PROXY_BACKEND: 'LITELLM_MESSAGES',
      LITELLM_BASE_URL: litellm.url,
      LITELLM_MAX_RETRIES: '0',
      LITELLM_API_KEY: 'sk-litellm-master-key',
      GATEWAY_API_KEYS: `alice:${ALICE}`,
      GATEWAY_API_KEYS_FILE: keysFile,
    });
  });
  afterEach(() => litellm.reset());
  afterAll(async () => {
    await gw.close();
    await litellm.close();
  });

  function expectUnauthenticated(answer: { status: number; headers: Headers; json: any }) {
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-should-retry')).toBe('false');
    expect(answer.headers.get('request-id')).toEqual(expect.any(String));
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(answer.json.error.message).toContain('x-api-key');
    expect(answer.json.error.message).toContain('ANTHROPIC_AUTH_TOKEN');
    // The message is written for people: nothing in it may look like a secret and come out masked.
    expect(answer.json.error.message).not.toContain('****');
  }

  it('refuses a request without a key, before the upstream hears of it', async () => {
    expectUnauthenticated(await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE)));
    expect(litellm.received).toHaveLength(0);
  });

  it('refuses a wrong key without echoing it', async () => {
    const attempts: Array<Record<string, string>> = [{ 'x-api-key': 'wrong-key-9876543210' }, { authorization: 'Bearer wrong-key-9876543210' }, { authorization: `Basic ${ALICE}` }];
    for (const headers of attempts) {
      const answer = await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), headers);
      expectUnauthenticated(answer);
      expect(answer.text).not.toContain('wrong-key');
      expect(answer.text).not.toContain(ALICE);
    }
    expect(litellm.received).toHaveLength(0);
  });

  it.each([
    ['x-api-key from GATEWAY_API_KEYS', { 'x-api-key': ALICE }],
    ['Bearer from GATEWAY_API_KEYS', { authorization: `Bearer ${ALICE}` }],
    ['lower-case bearer from the keys file', { authorization: `bearer ${BOB}` }],
    ['a sha256 entry of the keys file', { 'x-api-key': CAROL }],
    ['a wrong x-api-key beside a right Bearer', { 'x-api-key': 'not-a-gateway-key', authorization: `Bearer ${BOB}` }],
  ])('serves %s', async (_how, headers) => {
    const answer = await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), headers);
    expect(answer.status).toBe(200);
    expect(answer.json.type).toBe('message');
  });

  it.each([
    ['HEAD', '/'],
    ['GET', '/health'],
    ['GET', '/health/ready'],
    ['GET', '/v1/databricks/health'],
  ])('leaves %s %s open', async (method, path) => {
    const answer = await sendRaw(gw.url, { method, path });
    expect(answer.status).not.toBe(401);
    expect(answer.status).not.toBe(403);
  });

  it.each([
    ['GET', '/'],
    ['GET', '/v1/models'],
    ['GET', '/v1/databricks/health/detailed'],
    ['GET', '/v1/no-such-route'],
    ['POST', '/api/event_logging/batch'],
    ['POST', '/v1/messages/count_tokens'],
    ['POST', '/health'],
  ])('closes %s %s', async (method, path) => {
    const answer = await sendRaw(gw.url, { method, path, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? MESSAGE : undefined });
    expect(answer.status).toBe(401);
    expect(answer.headers['x-should-retry']).toBe('false');
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('serves a closed route to a caller with a key', async () => {
    const models = await fetch(`${gw.url}/v1/models`, { headers: { 'x-api-key': ALICE } });
    expect(models.status).toBe(200);
    const count = await postJson(`${gw.url}/v1/messages/count_tokens`, JSON.parse(MESSAGE), { authorization: `Bearer ${BOB}` });
    expect(count.status).toBe(200);
    expect(count.json.input_tokens).toEqual(expect.any(Number));
  });

  it("puts the caller's name on every log line of its request, and no key on any line", async () => {
    const answer = await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), { 'x-api-key': BOB, 'x-request-id': 'req_caller_bob' });
    expect(answer.status).toBe(200);
    await waitForLog(gw.logs, 'Request completed', (line) => line.correlation_id === 'req_caller_bob');
    const lines = gw.logs.filter((line) => line.correlation_id === 'req_caller_bob');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.caller).toBe('bob');
    await fetch(`${gw.url}/v1/no-such-route`, { headers: { 'x-api-key': CAROL, 'x-request-id': 'req_caller_carol' } });
    expect(await waitForLog(gw.logs, 'No route', (line) => line.correlation_id === 'req_caller_carol')).toMatchObject({ caller: 'carol' });
    await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), { 'x-api-key': `${ALICE}-wrong` });
    const all = JSON.stringify(gw.logs);
    for (const key of [ALICE, BOB, CAROL]) expect(all).not.toContain(key);
  });

  it('logs a refused request without the key it carried', async () => {
    await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), { 'x-api-key': 'refused-key-123456789', 'x-request-id': 'req_refused' });
    const line = await waitForLog(gw.logs, 'Request refused', (l) => l.correlation_id === 'req_refused');
    expect(line).toMatchObject({ status: 401, method: 'POST', path: '/v1/messages' });
    expect(JSON.stringify(gw.logs)).not.toContain('refused-key-123456789');
  });

  it('logs at boot how many keys there are, by name only', async () => {
    const line = await waitForLog(gw.logs, 'Inbound API keys configured');
    expect(line).toMatchObject({ count: 3, names: ['alice', 'bob', 'carol'], auth: true });
  });

  it('never forwards the gateway key upstream', async () => {
    await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), { 'x-api-key': ALICE });
    await postJson(`${gw.url}/v1/messages/count_tokens`, JSON.parse(MESSAGE), { authorization: `Bearer ${ALICE}` });
    expect(litellm.received).toHaveLength(2);
    for (const seen of litellm.received) {
      expect(JSON.stringify(seen.headers)).not.toContain(ALICE);
      expect(seen.body).not.toContain(ALICE);
      expect(seen.headers.authorization).toBe('Bearer sk-litellm-master-key');
    }
  });
});

describe('inbound keys off', () => {
  it('calls every caller anonymous and logs that auth is off', async () => {
    const gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: 'http://127.0.0.1:9' });
    try {
      const line = await waitForLog(gw.logs, 'Inbound API keys not configured: no caller needs a key');
      expect(line).toMatchObject({ auth: false });
      await fetch(`${gw.url}/v1/messages/count_tokens`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req_anon' }, body: MESSAGE });
      await postJson(`${gw.url}/v1/messages`, JSON.parse(MESSAGE), { 'x-request-id': 'req_anon' });
      await waitForLog(gw.logs, 'Request completed', (l) => l.correlation_id === 'req_anon');
      const lines = gw.logs.filter((l) => l.correlation_id === 'req_anon');
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l.caller).toBe('anonymous');
    } finally {
      await gw.close();
    }
  });
});
