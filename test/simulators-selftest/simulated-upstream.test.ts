import { request as httpRequest } from 'node:http';
import { startSimulator, type Simulator } from '../../scripts/simulators/simulated-upstream';
import { splitSse, sseFixtureReply } from '../../scripts/simulators/sse-pieces';
import { postJson } from './sse-test-helpers';

describe('simulated upstream', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({
      name: 'test-sim',
      routes: [
        { name: 'echo', method: 'POST', path: '/things/{id}/echo', handle: (req) => ({ kind: 'json', body: { id: req.params.id, got: req.json } }) },
        { name: 'slow', method: 'GET', path: '/slow', handle: () => ({ kind: 'json', body: { ok: true }, delayMs: 5000 }) },
      ],
    });
  });

  afterEach(async () => {
    await sim.close();
  });

  it('listens on 127.0.0.1 on a free port and records what it receives', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.port).toBeGreaterThan(0);
    const response = await postJson(`${sim.url}/things/a%20b/echo?beta=true`, { hello: 'world' }, { 'x-custom': 'yes' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'a b', got: { hello: 'world' } });
    const [req] = sim.received;
    expect(req).toMatchObject({
      seq: 1,
      method: 'POST',
      path: '/things/a%20b/echo',
      query: { beta: 'true' },
      params: { id: 'a b' },
      route: 'echo',
      body: '{"hello":"world"}',
      json: { hello: 'world' },
      status: 200,
      completed: true,
      clientAborted: false,
    });
    expect(req!.headers['x-custom']).toBe('yes');
  });

  it('answers unknown paths with 404 and keeps non-JSON bodies as text', async () => {
    const response = await fetch(`${sim.url}/nowhere`, { method: 'POST', body: 'not json' });
    expect(response.status).toBe(404);
    expect(sim.received[0]).toMatchObject({ body: 'not json', status: 404 });
    expect(sim.received[0]!.json).toBeUndefined();
    expect(sim.received[0]!.route).toBeUndefined();
  });

  it('lets the first matching rule win, honours times, and falls back to the route', async () => {
    const limited = sim.script({ name: 'first-two', path: '/things/{id}/echo', when: (req) => req.json.n < 10, times: 2, reply: { kind: 'json', status: 201, body: 'limited' } });
    sim.script({ name: 'never', when: () => true, reply: { kind: 'json', body: 'shadowed' }, method: 'DELETE' });
    sim.script({ name: 'broken', when: (req) => req.json.missing.deep === 1, reply: { kind: 'json', body: 'unreachable' } });
    const statuses: number[] = [];
    for (const n of [1, 50, 2, 3]) statuses.push((await postJson(`${sim.url}/things/x/echo`, { n })).status);
    expect(statuses).toEqual([201, 200, 201, 200]);
    expect(limited.hits).toBe(2);
    expect(sim.received.map((req) => req.rule)).toEqual(['first-two', undefined, 'first-two', undefined]);
  });

  it('lets a rule reply depend on the request and reset() forgets rules and requests', async () => {
    sim.script({ reply: (req) => ({ kind: 'text', body: `path was ${req.path}` }) });
    expect(await (await fetch(`${sim.url}/anything`)).text()).toBe('path was /anything');
    const received = sim.received;
    sim.reset();
    expect(received).toBe(sim.received);
    expect(sim.received).toHaveLength(0);
    expect((await fetch(`${sim.url}/anything`)).status).toBe(404);
    expect(sim.received[0]!.seq).toBe(1);
  });

  it('sends error replies with their headers', async () => {
    sim.script({ reply: { kind: 'error', status: 429, headers: { 'retry-after': '3' }, body: { error: 'slow down' } } });
    const response = await fetch(`${sim.url}/x`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ error: 'slow down' });
  });

  it('delays headers by delayMs', async () => {
    sim.script({ reply: { kind: 'json', body: {}, delayMs: 150 } });
    const started = Date.now();
    await fetch(`${sim.url}/x`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('writes SSE pieces in order with gaps between them', async () => {
    sim.script({ reply: { kind: 'sse', pieces: ['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'], gapMs: 40 } });
    const started = Date.now();
    const response = await fetch(`${sim.url}/stream`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('records a client that gives up on a hanging request', async () => {
    sim.script({ reply: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = fetch(`${sim.url}/hang`, { signal: controller.signal });
    await sim.waitFor(() => sim.received.length === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await sim.waitFor(() => sim.abortedCount === 1);
    expect(sim.received[0]).toMatchObject({ clientAborted: true, completed: false });
    expect(sim.received[0]!.status).toBeUndefined();
  });

  it('records a client that leaves during a header delay, and writes nothing after', async () => {
    const controller = new AbortController();
    const pending = fetch(`${sim.url}/slow`, { signal: controller.signal });
    await sim.waitFor(() => sim.received.length === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await sim.waitFor(() => sim.received[0]!.clientAborted);
    expect(sim.received[0]!.status).toBeUndefined();
  });

  it('records a client that leaves mid-stream', async () => {
    sim.script({ reply: { kind: 'sse', pieces: ['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'], cut: { pieces: 1, then: 'hang' } } });
    const controller = new AbortController();
    const response = await fetch(`${sim.url}/stream`, { signal: controller.signal });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe('data: 1\n\n');
    controller.abort();
    await sim.waitFor(() => sim.abortedCount === 1);
    expect(sim.received[0]).toMatchObject({ clientAborted: true, status: 200 });
  });

  it('resets the connection before any response with a bare drop', async () => {
    sim.script({ reply: { kind: 'drop' } });
    await expect(fetch(`${sim.url}/x`)).rejects.toThrow();
    await sim.waitFor(() => sim.received.length === 1);
    expect(sim.received[0]).toMatchObject({ droppedByServer: true, clientAborted: false });
    expect(sim.received[0]!.status).toBeUndefined();
  });

  it('drops after N bytes of a body', async () => {
    sim.script({ reply: { kind: 'drop', afterBytes: 5, body: '{"long":"answer"}' } });
    const received = await rawGet(`${sim.url}/x`);
    expect(received.status).toBe(200);
    expect(received.body).toBe('{"lon');
    expect(received.error).toBeDefined();
    expect(sim.received[0]).toMatchObject({ droppedByServer: true, clientAborted: false });
  });

  it('drops mid-stream after the given pieces', async () => {
    sim.script({ reply: { kind: 'sse', pieces: ['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'], cut: { pieces: 2, then: 'drop' } } });
    const received = await rawGet(`${sim.url}/x`);
    expect(received.body).toBe('data: 1\n\ndata: 2\n\n');
    expect(received.error).toBeDefined();
    expect(sim.received[0]).toMatchObject({ droppedByServer: true, clientAborted: false, completed: false });
  });

  it('closes promptly with requests still hanging', async () => {
    sim.script({ reply: { kind: 'hang' } });
    const pending = fetch(`${sim.url}/hang`).then(
      () => 'answered',
      () => 'failed',
    );
    await sim.waitFor(() => sim.received.length === 1);
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('failed');
    expect(sim.abortedCount).toBe(0);
  });

  it('reports a throwing handler as a 500 and records the error', async () => {
    sim.script({ reply: () => { throw new Error('boom'); } });
    const response = await fetch(`${sim.url}/x`);
    expect(response.status).toBe(500);
    expect(sim.received[0]!.handlerError).toContain('boom');
  });

  it('keeps only maxRecorded requests', async () => {
    const small = await startSimulator({ maxRecorded: 2 });
    try {
      for (let i = 0; i < 3; i++) await fetch(`${small.url}/r${i}`);
      expect(small.received.map((req) => req.path)).toEqual(['/r1', '/r2']);
    } finally {
      await small.close();
    }
  });

  it('replays fixture text byte for byte, however it is split', async () => {
    const raw = 'event: a\r\ndata: {"x":"é"}\r\n\r\n: comment\n\ndata: 2\n\n';
    for (const split of ['events', 'whole', { every: 3 }, { everyBytes: 1 }, [4, 17]] as const) {
      sim.reset();
      sim.script({ reply: sseFixtureReply(raw, { split: split as never }) });
      expect(await (await fetch(`${sim.url}/x`)).text()).toBe(raw);
    }
  });
});

describe('splitSse', () => {
  it('cuts after each blank line, LF or CRLF', () => {
    expect(splitSse('data: 1\r\n\r\ndata: 2\n\n: c\n\n')).toEqual(['data: 1\r\n\r\n', 'data: 2\n\n', ': c\n\n']);
  });

  it('cuts at character offsets and by size', () => {
    expect(splitSse('abcdef', [2, 4])).toEqual(['ab', 'cd', 'ef']);
    expect(splitSse('abcdefg', { every: 3 })).toEqual(['abc', 'def', 'g']);
  });

  it('can split inside a UTF-8 character', () => {
    const pieces = splitSse('é', { everyBytes: 1 });
    expect(pieces).toHaveLength(2);
    expect(Buffer.concat(pieces.map((piece) => Buffer.from(piece))).toString()).toBe('é');
  });
});

function rawGet(url: string): Promise<{ status?: number; body: string; error?: Error }> {
  return new Promise((resolve) => {
    const result: { status?: number; body: string; error?: Error } = { body: '' };
    const req = httpRequest(url, (res) => {
      result.status = res.statusCode;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (result.body += chunk));
      res.on('end', () => resolve(result));
      res.on('error', (error) => {
        result.error = error;
        resolve(result);
      });
      res.on('aborted', () => {
        result.error ??= new Error('aborted');
      });
      res.on('close', () => {
        if (!res.complete) result.error ??= new Error('incomplete');
        resolve(result);
      });
    });
    req.on('error', (error) => {
      result.error = error;
      resolve(result);
    });
    req.end();
  });
}
