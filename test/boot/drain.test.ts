import { connect } from 'node:net';
import { startFakeLiteLLM, startFakeOpenRouter, type FakeOpenRouter } from '../../scripts/simulators';
import { runGatewayProcess, type GatewayProcess } from '../helpers/run-gateway-process';
import { openStream } from '../helpers/open-stream';

const KEY = 'sk-or-drain-test';

function logLines(stdout: string): Array<Record<string, any>> {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}


/** A connection that has begun a `GET /health/ready` (so a drain cannot count it idle); finish() sends the rest. */
function readinessProbeInProgress(url: string): Promise<{ finish(): Promise<string> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write('GET /health/ready HTTP/1.1\r\nHost: localhost\r\n');
      resolve({
        finish: () =>
          new Promise((answered) => {
            let text = '';
            socket.on('data', (chunk) => (text += chunk));
            socket.on('close', () => answered(text));
            socket.write('\r\n');
          }),
      });
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('draining the built gateway on SIGTERM', () => {
  let fake: FakeOpenRouter;
  let gateway: GatewayProcess | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenRouter({ apiKey: KEY });
  });
  afterEach(async () => {
    fake.reset();
    if (gateway && gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    gateway = undefined;
  });
  afterAll(() => fake.close());

  function start(env: Record<string, string> = {}): GatewayProcess {
    gateway = runGatewayProcess({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: KEY, OPENROUTER_API_BASE: fake.baseUrl, ...env });
    return gateway;
  }

  it('lets every stream in flight finish with message_stop, refuses new connections, fails readiness, and exits 0', async () => {
    // 20 pieces 100 ms apart: each stream lasts about 2 s.
    fake.script({ reply: { kind: 'turn', turn: { text: 'x'.repeat(16 * 20) }, gapMs: 100 } });
    const gw = start({ GATEWAY_DRAIN_SECONDS: '20' });
    const url = await gw.listening;
    const streams = Array.from({ length: 8 }, (_, i) => openStream(url, `stream ${i}`));
    await Promise.all(streams.map((s) => s.started));
    const probe = await readinessProbeInProgress(url);

    gw.child.kill('SIGTERM');
    await sleep(200);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(await probe.finish()).toMatch(/^HTTP\/1\.1 503 /);

    const bodies = await Promise.all(streams.map((s) => s.done));
    for (const body of bodies) {
      expect(body).toContain('event: message_stop');
      expect(body).not.toContain('event: error');
    }
    expect(await gw.exited).toBe(0);
    const lines = logLines(gw.stdout());
    expect(lines.filter((l) => l.event === 'Request completed' && l.status === 200)).toHaveLength(8);
    expect(lines.find((l) => l.event === 'Gateway stopped')).toMatchObject({ finished: 8, cut: 0 });
  }, 30_000);

  it('ends a stream that outlasts GATEWAY_DRAIN_SECONDS with an overloaded_error event, logs it, and exits 0', async () => {
    // 80 pieces 100 ms apart: about 8 s, far past a 1 s drain.
    fake.script({ reply: { kind: 'turn', turn: { text: 'y'.repeat(16 * 80) }, gapMs: 100 } });
    const gw = start({ GATEWAY_DRAIN_SECONDS: '1' });
    const url = await gw.listening;
    const stream = openStream(url, 'a long one');
    await stream.started;
    const signalledAt = Date.now();
    gw.child.kill('SIGTERM');

    const body = await stream.done;
    expect(body).not.toContain('event: message_stop');
    const events = body.trim().split('\n\n');
    expect(events.at(-1)).toContain('event: error');
    expect(JSON.parse(events.at(-1)!.split('data: ')[1]!)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'gateway restarting' } });
    expect(await gw.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(4000);

    const lines = logLines(gw.stdout());
    expect(lines.find((l) => l.event === 'Gateway stopped')).toMatchObject({ finished: 0, cut: 1 });
    expect(lines.find((l) => l.event === 'Request completed')).toMatchObject({ status: 200, stream_error: 'gateway restarting' });
    expect(lines.find((l) => l.event === 'Request completed')!.client_gone).toBeUndefined();
    // The upstream call was aborted, not left to run.
    await fake.waitFor(() => fake.received[0]?.clientAborted === true);
  }, 30_000);

  it('ignores a second SIGTERM within a second of the first, and stops at once on one after', async () => {
    fake.script({ reply: { kind: 'turn', turn: { text: 'z'.repeat(16 * 100) }, gapMs: 100 } });
    const gw = start({ GATEWAY_DRAIN_SECONDS: '30' });
    const url = await gw.listening;
    const stream = openStream(url, 'long');
    // Stopping at once cuts it: that is the point.
    const cutShort = stream.done.catch(() => 'cut');
    await stream.started;
    gw.child.kill('SIGTERM');
    await sleep(300);
    gw.child.kill('SIGTERM');
    await sleep(1000);
    expect(gw.child.exitCode).toBeNull();

    const secondAt = Date.now();
    gw.child.kill('SIGTERM');
    expect(await gw.exited).toBe(0);
    expect(Date.now() - secondAt).toBeLessThan(1000);
    expect(await cutShort).not.toContain('event: message_stop');
    expect(logLines(gw.stdout()).find((l) => l.event === 'Stopping now: second signal during the drain')).toMatchObject({ cut: 1 });
  }, 30_000);

  it('ends a forwarded (LITELLM_MESSAGES) stream the same way when the drain runs out', async () => {
    const litellm = await startFakeLiteLLM();
    try {
      litellm.script({ reply: { kind: 'turn', turn: { text: 'w'.repeat(16 * 80) }, gapMs: 100 } });
      const gw = runGatewayProcess({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, GATEWAY_DRAIN_SECONDS: '1' });
      gateway = gw;
      const url = await gw.listening;
      const stream = openStream(url, 'a long one');
      await stream.started;
      gw.child.kill('SIGTERM');
      const events = (await stream.done).trim().split('\n\n');
      expect(JSON.parse(events.at(-1)!.split('data: ')[1]!)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'gateway restarting' } });
      expect(await gw.exited).toBe(0);
      const lines = logLines(gw.stdout());
      expect(lines.find((l) => l.event === 'Gateway stopped')).toMatchObject({ cut: 1 });
      expect(lines.find((l) => l.event === 'Request completed')).toMatchObject({ status: 200, stream_error: 'gateway restarting' });
      await litellm.waitFor(() => litellm.received[0]?.clientAborted === true);
    } finally {
      await litellm.close();
    }
  }, 30_000);

  it('answers a JSON request still waiting on its upstream with a 503 overloaded_error envelope when the drain runs out', async () => {
    fake.script({ reply: { kind: 'turn', turn: { text: 'late' }, delayMs: 8000 } });
    const gw = start({ GATEWAY_DRAIN_SECONDS: '1' });
    const url = await gw.listening;
    const answer = fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await fake.waitFor(() => fake.received.length === 1);
    gw.child.kill('SIGTERM');
    const response = await answer;
    expect(response.status).toBe(503);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'gateway restarting' } });
    expect(await gw.exited).toBe(0);
    expect(logLines(gw.stdout()).find((l) => l.event === 'Request completed')).toMatchObject({ status: 503, error: 'gateway restarting' });
  }, 30_000);
});
