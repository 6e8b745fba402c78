import { connect, type Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { startFakeLiteLLM, type FakeLiteLLM } from '../../../scripts/simulators';
import { postJson, startGateway, waitForLog, type TestGateway } from '../../helpers/start-gateway';

const BODY = { model: 'claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] };

interface SocketOutcome {
  /** What the gateway wrote before it closed the socket. */
  text: string;
  closedAfterMs: number;
}

/** Opens a raw socket, writes `bytes` (none: stays silent), and waits until the gateway closes it. */
function rawExchange(url: string, bytes: string | Buffer | undefined, giveUpMs = 8000): Promise<SocketOutcome> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket: Socket = connect(Number(port), hostname, () => {
      if (bytes !== undefined) socket.write(bytes);
    });
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`socket still open after ${giveUpMs} ms; got ${JSON.stringify(text)}`));
    }, giveUpMs);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
  });
}

function parseAnswer(text: string): { status: number; headers: string; body: any } {
  const [head, body] = text.split('\r\n\r\n');
  return { status: Number(head!.split(' ')[1]), headers: head!.toLowerCase(), body: body ? JSON.parse(body) : undefined };
}

async function post(url: string, body: Buffer, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, json: await response.json().catch(() => undefined) as any };
}

describe('HTTP limits', () => {
  let litellm: FakeLiteLLM;
  let gw: TestGateway;
  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
    gw = await startGateway({
      PROXY_BACKEND: 'LITELLM_MESSAGES',
      LITELLM_BASE_URL: litellm.url,
      LITELLM_MAX_RETRIES: '0',
      GATEWAY_IDLE_TIMEOUT_SECONDS: '1',
      GATEWAY_HEADERS_TIMEOUT_SECONDS: '1.5',
      GATEWAY_BODY_TIMEOUT_SECONDS: '2',
    });
  });
  afterAll(async () => {
    await gw.close();
    await litellm.close();
  });

  describe('compressed bodies', () => {
    const plain = Buffer.from(JSON.stringify(BODY));
    it.each([
      ['gzip', gzipSync(plain)],
      ['deflate', deflateSync(plain)],
      ['br', brotliCompressSync(plain)],
    ])('serves a valid %s body', async (encoding, body) => {
      const answer = await post(`${gw.url}/v1/messages`, body, { 'content-encoding': encoding });
      expect(answer.status).toBe(200);
    });

    it.each([
      ['gzip', gzipSync(plain).subarray(0, 20)],
      ['gzip', Buffer.concat([gzipSync(plain).subarray(0, 12), Buffer.from('not gzip at all')])],
      ['deflate', Buffer.from('definitely not deflate')],
      ['br', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x01, 0x02])],
      ['gzip', plain],
    ])('answers a corrupt %s body with a 400 envelope', async (encoding, body) => {
      const answer = await post(`${gw.url}/v1/messages`, body, { 'content-encoding': encoding });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining(encoding) } });
    });

    it('answers a corrupt body on count_tokens the same way', async () => {
      const answer = await post(`${gw.url}/v1/messages/count_tokens`, Buffer.from('nope'), { 'content-encoding': 'gzip' });
      expect(answer.status).toBe(400);
      expect(answer.json.error.type).toBe('invalid_request_error');
    });
  });

  describe("Node's own parser errors", () => {
    it('answers a request line that is not HTTP with a 400 envelope, then closes', async () => {
      const { text } = await rawExchange(gw.url, 'FOO / HTTP/1.1\r\nHost: localhost\r\n\r\n');
      const answer = parseAnswer(text);
      expect(answer.status).toBe(400);
      expect(answer.headers).toContain('content-type: application/json');
      expect(answer.headers).toContain('connection: close');
      expect(answer.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    });

    it('answers a bad header with a 400 envelope', async () => {
      const { text } = await rawExchange(gw.url, 'GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n');
      expect(parseAnswer(text)).toMatchObject({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error' } } });
    });

    it('answers headers over the size limit with a 431 envelope', async () => {
      const { text } = await rawExchange(gw.url, `GET /health HTTP/1.1\r\nHost: localhost\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(parseAnswer(text)).toMatchObject({ status: 431, body: { type: 'error', error: { type: 'invalid_request_error' } } });
    });
  });

  describe('timeouts', () => {
    it('closes a connection that sends nothing within the idle timeout', async () => {
      const { text, closedAfterMs } = await rawExchange(gw.url, undefined);
      expect(text).toBe('');
      expect(closedAfterMs).toBeGreaterThanOrEqual(900);
      expect(closedAfterMs).toBeLessThan(2500);
    });

    it('answers headers that never finish with a 408 envelope within the headers timeout', async () => {
      const { hostname, port } = new URL(gw.url);
      const started = Date.now();
      const socket = connect(Number(port), hostname);
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      // A byte every 400 ms keeps the connection from looking idle.
      const trickle = setInterval(() => socket.write('x'), 400);
      socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nx-slow: ');
      await new Promise((resolve) => socket.on('close', resolve));
      clearInterval(trickle);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(parseAnswer(text)).toMatchObject({ status: 408, body: { type: 'error' } });
    });

    it('closes a body that does not arrive within the body timeout', async () => {
      litellm.reset();
      const { text, closedAfterMs } = await rawExchange(
        gw.url,
        'POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":',
      );
      expect(closedAfterMs).toBeLessThan(5000);
      expect(litellm.received).toHaveLength(0);
      if (text) expect(parseAnswer(text).status).toBe(408);
    });

    it('does not cut a stream that lasts longer than the body and idle timeouts', async () => {
      litellm.script({ reply: { kind: 'turn', turn: { text: 'one two three four five six' }, gapMs: 500 } });
      try {
        const started = Date.now();
        const answer = await postJson(`${gw.url}/v1/messages`, { ...BODY, stream: true });
        expect(Date.now() - started).toBeGreaterThan(2500);
        expect(answer.status).toBe(200);
        expect(answer.text).toContain('event: message_stop');
      } finally {
        litellm.reset();
      }
    });
  });
});

describe('bytes of request bodies held at once', () => {
  let litellm: FakeLiteLLM;
  let gw: TestGateway;
  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
    gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0', GATEWAY_MAX_INFLIGHT_BODY_MB: '2' });
  });
  afterAll(async () => {
    await gw.close();
    await litellm.close();
  });

  function largeBody(): Buffer {
    return Buffer.from(JSON.stringify({ ...BODY, messages: [{ role: 'user', content: 'x'.repeat(700 * 1024) }] }));
  }

  it('answers 529 overloaded_error beyond the cap, serves the rest, and serves again afterwards', async () => {
    // The upstream holds each answer, so the bodies are all held at once.
    litellm.script({ reply: { kind: 'turn', turn: { text: 'ok' }, delayMs: 800 } });
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(`${gw.url}/v1/messages`, largeBody(), {})));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(2);
    const refused = answers.filter((a) => a.status === 529);
    expect(refused.length).toBeGreaterThanOrEqual(4);
    for (const answer of refused) expect(answer.json).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    litellm.reset();
    // Every byte was given back: six more, one after the other, all pass.
    for (let i = 0; i < 6; i += 1) expect((await post(`${gw.url}/v1/messages`, largeBody(), {})).status).toBe(200);
  });

  it('counts compressed bodies as they are inflated', async () => {
    litellm.script({ path: '/v1/messages/count_tokens', reply: { kind: 'json', body: { input_tokens: 1 }, delayMs: 800 } });
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => post(`${gw.url}/v1/messages/count_tokens`, gzipSync(largeBody()), { 'content-encoding': 'gzip' })),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 529)).toBe(true);
    expect(answers.filter((a) => a.status === 529).length).toBeGreaterThanOrEqual(1);
    litellm.reset();
    expect((await post(`${gw.url}/v1/messages/count_tokens`, gzipSync(largeBody()), { 'content-encoding': 'gzip' })).status).toBe(200);
  });
});

describe('concurrent connections', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: 'http://127.0.0.1:9', GATEWAY_MAX_CONNECTIONS: '3' });
  });
  afterAll(() => gw.close());

  it('closes connections beyond GATEWAY_MAX_CONNECTIONS at once, and logs it', async () => {
    const { hostname, port } = new URL(gw.url);
    const held = await Promise.all(
      Array.from({ length: 3 }, () => new Promise<Socket>((resolve) => {
        const socket = connect(Number(port), hostname, () => resolve(socket));
      })),
    );
    const extra = await rawExchange(gw.url, 'GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n', 3000);
    expect(extra.text).toBe('');
    await waitForLog(gw.logs, 'Connection refused: too many open connections');
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await fetch(`${gw.url}/health`);
    expect(after.status).toBeLessThan(600);
  });
});
