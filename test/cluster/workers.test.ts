import { createServer, type Server } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpenRouter, type FakeOpenRouter } from '../../scripts/simulators';
import { runGatewayProcess, type GatewayProcess } from '../helpers/run-gateway-process';
import { openStream } from '../helpers/open-stream';
import { completedByWorker, logLines, postMessage, send, startCluster, sumOf, waitForLine } from './cluster-process';

const KEY = 'sk-or-cluster-test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GATEWAY_WORKERS=2: the built gateway as a cluster', () => {
  let fake: FakeOpenRouter;
  let gateway: GatewayProcess | undefined;
  const backendEnv = () => ({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: KEY, OPENROUTER_API_BASE: fake.baseUrl });

  beforeAll(async () => {
    fake = await startFakeOpenRouter({ apiKey: KEY });
  });
  afterEach(async () => {
    fake.reset();
    if (gateway && gateway.child.exitCode === null) {
      // The workers go with the primary when it is killed only if they notice: stop them too.
      for (const line of logLines(gateway.stdout())) for (const pid of line.pids ?? (line.event === 'Worker started' ? [line.pid] : [])) killQuietly(pid);
      gateway.child.kill('SIGKILL');
      await gateway.exited;
    }
    gateway = undefined;
  });
  afterAll(() => fake.close());

  async function start(env: Record<string, string> = {}) {
    const started = await startCluster({ ...backendEnv(), GATEWAY_WORKERS: '2', ...env });
    gateway = started.gateway;
    return started;
  }

  it('serves one port from both workers, and /metrics counts the requests of both', async () => {
    const { url, pids } = await start();
    expect(pids).toHaveLength(2);
    expect(new Set(pids).size).toBe(2);
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await postMessage(url));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));

    const byWorker = completedByWorker(gateway!.stdout());
    expect([...byWorker.keys()].sort()).toEqual([1, 2]);
    // Whichever worker answers /metrics, it shows the sum over both.
    for (let i = 0; i < 2; i++) {
      const metrics = await send(url, { path: '/metrics' });
      expect(metrics.status).toBe(200);
      expect(sumOf(metrics.body, 'llm_gateway_requests_total')).toBe(12);
    }
  }, 30_000);

  it('logs a worker that dies, and starts another that serves', async () => {
    const { url, pids } = await start();
    process.kill(pids[0]!, 'SIGKILL');
    const died = await waitForLine(gateway!, (l) => l.event === 'Worker died');
    expect(died).toMatchObject({ pid: pids[0], signal: 'SIGKILL', code: null, level: 'error' });
    const replacement = await waitForLine(gateway!, (l) => l.event === 'Worker started');
    expect(pids).not.toContain(replacement.pid);

    for (let i = 0; i < 8; i++) expect((await postMessage(url)).status).toBe(200);
    expect(completedByWorker(gateway!.stdout()).get(replacement.worker)).toBeGreaterThan(0);
    expect(completedByWorker(gateway!.stdout()).has(died.worker)).toBe(false);
  }, 30_000);

  it('drains every worker on SIGTERM: streams in flight on both end with message_stop, and the primary exits 0', async () => {
    fake.script({ reply: { kind: 'turn', turn: { text: 'x'.repeat(16 * 15) }, gapMs: 100 } });
    const { url } = await start({ GATEWAY_DRAIN_SECONDS: '20' });
    const streams = Array.from({ length: 6 }, (_, i) => openStream(url, `stream ${i}`));
    await Promise.all(streams.map((s) => s.started));

    gateway!.child.kill('SIGTERM');
    await sleep(200);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    const bodies = await Promise.all(streams.map((s) => s.done));
    for (const body of bodies) {
      expect(body).toContain('event: message_stop');
      expect(body).not.toContain('event: error');
    }
    expect(await gateway!.exited).toBe(0);
    const lines = logLines(gateway!.stdout());
    const completed = lines.filter((l) => l.event === 'Request completed' && l.status === 200);
    expect(completed).toHaveLength(6);
    expect(new Set(completed.map((l) => l.worker)).size).toBe(2);
    // The cluster hands connections out in turn, but not always evenly: each worker drained its own, all six in all.
    const finished = lines.filter((l) => l.event === 'Gateway stopped' && l.worker !== undefined).map((l) => l.finished as number);
    expect(finished).toHaveLength(2);
    expect(finished.every((count) => count > 0)).toBe(true);
    expect(finished.reduce((sum, count) => sum + count, 0)).toBe(6);
    expect(lines.at(-1)).toMatchObject({ event: 'Gateway stopped', workers: 2 });
  }, 30_000);

  it('stops every worker at once on a second SIGTERM a second or more after the first', async () => {
    fake.script({ reply: { kind: 'turn', turn: { text: 'z'.repeat(16 * 100) }, gapMs: 100 } });
    const { url } = await start({ GATEWAY_DRAIN_SECONDS: '30' });
    const streams = Array.from({ length: 2 }, (_, i) => openStream(url, `long ${i}`));
    const cutShort = streams.map((s) => s.done.catch(() => 'cut'));
    await Promise.all(streams.map((s) => s.started));
    gateway!.child.kill('SIGTERM');
    await sleep(1100);
    expect(gateway!.child.exitCode).toBeNull();

    const secondAt = Date.now();
    gateway!.child.kill('SIGTERM');
    expect(await gateway!.exited).toBe(0);
    expect(Date.now() - secondAt).toBeLessThan(1500);
    for (const body of await Promise.all(cutShort)) expect(body).not.toContain('event: message_stop');
    const stoppedNow = logLines(gateway!.stdout()).filter((l) => l.event === 'Stopping now: second signal during the drain');
    expect(new Set(stoppedNow.map((l) => l.worker))).toEqual(new Set([undefined, 1, 2]));
  }, 30_000);

  it('serves the summed metrics on GATEWAY_METRICS_PORT without a key, while the main port needs one', async () => {
    const { url } = await start({ GATEWAY_API_KEYS: 'alice:gw-key-1', GATEWAY_METRICS_PORT: '0' });
    const metricsUrl = (await waitForLine(gateway!, (l) => l.event === 'Metrics listening')).url as string;
    expect(new URL(metricsUrl).hostname).toBe('127.0.0.1');
    for (let i = 0; i < 6; i++) expect((await postMessage(url, { 'x-api-key': 'gw-key-1' })).status).toBe(200);
    expect(completedByWorker(gateway!.stdout()).size).toBe(2);

    expect((await send(url, { path: '/metrics' })).status).toBe(401);
    const withKey = await send(url, { path: '/metrics', headers: { authorization: 'Bearer gw-key-1' } });
    expect(withKey.status).toBe(200);
    expect(sumOf(withKey.body, 'llm_gateway_requests_total')).toBe(6);

    const scraped = await fetch(metricsUrl);
    expect(scraped.status).toBe(200);
    expect(sumOf(await scraped.text(), 'llm_gateway_requests_total')).toBe(6);
    const other = await fetch(new URL('/v1/messages', metricsUrl));
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  }, 30_000);

  it('forwards SIGHUP: every worker reloads the keys file', async () => {
    const keysFile = join(mkdtempSync(join(tmpdir(), 'cluster-keys-')), 'gateway.keys');
    writeFileSync(keysFile, 'alice:old-key-12345\n');
    const { url } = await start({ GATEWAY_API_KEYS_FILE: keysFile });
    writeFileSync(keysFile, 'bob:new-key-12345\n');
    gateway!.child.kill('SIGHUP');
    await waitForLine(gateway!, () => logLines(gateway!.stdout()).filter((l) => l.event === 'API keys reloaded').length === 2);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await postMessage(url, { 'x-api-key': 'new-key-12345' })).status);
    expect(statuses).toEqual(Array(6).fill(200));
    expect(completedByWorker(gateway!.stdout()).size).toBe(2);
  }, 30_000);

  it('fails a bad configuration once, in the primary, with the message a single process gives', async () => {
    const single = runGatewayProcess({ PROXY_BACKEND: 'NOPE' });
    const clustered = runGatewayProcess({ PROXY_BACKEND: 'NOPE', GATEWAY_WORKERS: '2' });
    gateway = clustered;
    expect(await clustered.exited).toBe(1);
    expect(await single.exited).toBe(1);
    expect(clustered.stderr()).toBe(single.stderr());
    expect(clustered.stderr()).toMatch(/^BackendSelectionError: Invalid PROXY_BACKEND value: NOPE/);
    expect(logLines(clustered.stdout()).filter((l) => l.worker !== undefined)).toEqual([]);
  }, 30_000);

  it('stops with exit 1 and says why when each new worker dies at start (the port is taken)', async () => {
    const taken = await occupyPort();
    try {
      const gw = runGatewayProcess({ ...backendEnv(), GATEWAY_WORKERS: '2', PORT: String(taken.port) });
      gateway = gw;
      expect(await gw.exited).toBe(1);
      const lines = logLines(gw.stdout());
      expect(lines.filter((l) => l.event === 'Worker died').length).toBeGreaterThanOrEqual(3);
      expect(lines.find((l) => /^Workers keep dying within 5 s of their start/.test(l.event))).toMatchObject({ level: 'error', last_code: 1 });
      expect(gw.stderr()).toContain('EADDRINUSE');
    } finally {
      taken.server.close();
    }
  }, 30_000);
});

describe('GATEWAY_METRICS_PORT in a single process', () => {
  it('serves the metrics without a key on loopback, runs no cluster, and answers nothing else', async () => {
    const fake = await startFakeOpenRouter({ apiKey: KEY });
    const gw = runGatewayProcess({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: KEY, OPENROUTER_API_BASE: fake.baseUrl, GATEWAY_API_KEYS: 'alice:gw-key-1', GATEWAY_METRICS_PORT: '0' });
    try {
      const url = await gw.listening;
      const metricsUrl = (await waitForLine(gw, (l) => l.event === 'Metrics listening')).url as string;
      expect((await postMessage(url, { 'x-api-key': 'gw-key-1' })).status).toBe(200);
      expect((await send(url, { path: '/metrics' })).status).toBe(401);
      const scraped = await fetch(metricsUrl);
      expect(scraped.status).toBe(200);
      expect(sumOf(await scraped.text(), 'llm_gateway_requests_total')).toBe(1);
      expect((await fetch(new URL('/health', metricsUrl))).status).toBe(404);
      const lines = logLines(gw.stdout());
      expect(lines.some((l) => l.event === 'Gateway workers started' || l.worker !== undefined)).toBe(false);
      expect(await gw.stop()).toBe(0);
    } finally {
      if (gw.child.exitCode === null) gw.child.kill('SIGKILL');
      await fake.close();
    }
  }, 30_000);
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

function occupyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}
