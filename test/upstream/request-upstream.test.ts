import { ApiError } from '../../core/protocol/anthropic/errors';
import {
  closeUpstreamAgent,
  isClientAbort,
  isRetryable,
  requestUpstream,
  UpstreamAbortError,
  type UpstreamRequest,
} from '../../core/upstream';
import { closedPort, deferred, startServer, type LocalServer } from './local-server';

const timeouts = { headersMs: 5000, idleMs: 5000 };
const servers: LocalServer[] = [];

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LocalServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function call(url: string, extra: Partial<UpstreamRequest> = {}) {
  return requestUpstream({
    url,
    headers: { 'content-type': 'application/json' },
    body: '{}',
    signal: new AbortController().signal,
    timeouts,
    ...extra,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => closeUpstreamAgent());

describe('requestUpstream', () => {
  it('streams the body as it arrives: the first chunk is seen before the server has finished', async () => {
    const release = deferred();
    let finished = false;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-thing': 'yes' });
      res.write('first');
      void release.promise.then(() => {
        finished = true;
        res.end('second');
      });
    });

    const response = await call(server.url);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.headers['x-thing']).toBe('yes');

    const iterator = response.body[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(Buffer.from(first.value!).toString()).toBe('first');
    expect(finished).toBe(false);

    release.resolve();
    let rest = '';
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest += Buffer.from(next.value).toString();
    expect(rest).toBe('second');
    expect(finished).toBe(true);
  });

  it('sends method, headers and body as given', async () => {
    const seen = deferred<{ method?: string; auth?: string; body: string }>();
    const server = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.resolve({ method: req.method, auth: req.headers.authorization, body });
        res.end('{"ok":true}');
      });
    });
    const response = await call(`${server.url}/v1/x`, { headers: { authorization: 'Bearer t' }, body: Buffer.from('{"a":1}') });
    expect(await response.json()).toEqual({ ok: true });
    expect(await seen.promise).toEqual({ method: 'POST', auth: 'Bearer t', body: '{"a":1}' });
  });

  it('turns a missing response into a 504 after headersMs', async () => {
    const server = await serve(() => undefined);
    const error = await rejection(call(server.url, { timeouts: { headersMs: 150, idleMs: 5000 }, backend: 'openrouter' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 504, type: 'api_error', message: 'Upstream openrouter did not answer within 0.15 s' });
    expect(isRetryable(error)).toBe(false);
  });

  it('throws a 504 from the body iterator when the upstream goes silent mid-body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
    });
    const response = await call(server.url, { timeouts: { headersMs: 5000, idleMs: 150 } });
    const chunks: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of response.body) chunks.push(Buffer.from(chunk).toString());
      })(),
    );
    expect(chunks).toEqual(['data: one\n\n']);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 504, message: 'Upstream sent nothing for 0.15 s mid-response' });
  });

  it('maps a refused connection to a retryable 502 that names the URL tried but no secret', async () => {
    const port = await closedPort();
    const error = await rejection(
      call(`http://user:hunter2@127.0.0.1:${port}/v1/chat?key=sk-supersecretvalue999`, {
        headers: { authorization: 'Bearer sk-supersecretvalue123' },
        backend: 'OpenRouter',
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 502,
      type: 'api_error',
      message: `Could not connect to OpenRouter at http://127.0.0.1:${port}/v1/chat: connection refused`,
    });
    expect(isRetryable(error)).toBe(true);
    for (const secret of ['hunter2', 'supersecret']) expect((error as Error).message).not.toContain(secret);
  });

  it('maps a connection the upstream drops before answering to a retryable 502', async () => {
    const server = await serve((req) => req.socket.destroy());
    const error = await rejection(call(server.url));
    expect(error).toMatchObject({ status: 502 });
    expect((error as Error).message).toMatch(/^Connection to the upstream at http:\/\/127\.0\.0\.1:\d+ failed before an answer: /);
    expect(isRetryable(error)).toBe(true);
  });

  it('maps a connection dropped mid-body to a 502 from the iterator', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const response = await call(server.url);
    const error = await rejection(
      (async () => {
        for await (const _chunk of response.body) void _chunk;
      })(),
    );
    expect(error).toMatchObject({ status: 502 });
    expect((error as Error).message).toMatch(/^Connection to the upstream at http:\/\/127\.0\.0\.1:\d+ dropped mid-response: /);
  });

  // With timeouts far beyond the test's own, only the abort can close the socket before the test times out.
  const patient = { headersMs: 600_000, idleMs: 600_000 };

  it('destroys the upstream socket when the signal aborts before the headers', async () => {
    const socketClosed = deferred();
    const requestArrived = deferred();
    const server = await serve((req) => {
      req.socket.on('close', () => socketClosed.resolve());
      requestArrived.resolve();
    });
    const controller = new AbortController();
    const pending = call(server.url, { signal: controller.signal, timeouts: patient });
    await requestArrived.promise;
    controller.abort('client went away');
    const error = await rejection(pending);
    expect(isClientAbort(error)).toBe(true);
    expect((error as UpstreamAbortError).reason).toBe('client went away');
    expect(isRetryable(error)).toBe(false);
    await socketClosed.promise;
  });

  it('destroys the upstream socket when the signal aborts mid-body', async () => {
    const socketClosed = deferred();
    const server = await serve((req, res) => {
      req.socket.on('close', () => socketClosed.resolve());
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
    });
    const controller = new AbortController();
    const response = await call(server.url, { signal: controller.signal, timeouts: patient });
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    const error = await rejection(iterator.next());
    expect(isClientAbort(error)).toBe(true);
    await socketClosed.promise;
  });

  it('rejects at once with an abort error when the signal already fired', async () => {
    const server = await serve((_req, res) => res.end('never'));
    const error = await rejection(call(server.url, { signal: AbortSignal.abort('gone') }));
    expect(isClientAbort(error)).toBe(true);
  });

  it('reuses pooled keep-alive connections for consecutive requests', async () => {
    const server = await serve((_req, res) => res.end('{"n":1}'));
    for (let i = 0; i < 8; i++) {
      const response = await call(server.url);
      expect(await response.text()).toBe('{"n":1}');
    }
    // undici's pool can open a second connection while the first one's
    // completion is still being processed; after that both are reused.
    expect(server.sockets.length).toBeLessThanOrEqual(2);
  });

  it('frees the connection when the reader stops early, without leaking the socket', async () => {
    const socketClosed = deferred();
    const server = await serve((req, res) => {
      req.socket.on('close', () => socketClosed.resolve());
      res.writeHead(200);
      res.write('a');
    });
    const response = await call(server.url);
    for await (const _chunk of response.body) break;
    await socketClosed.promise;
  });

  it('lets a body that has already arrived whole end by itself when the reader stops early', async () => {
    // An upstream's [DONE] and the end of its body usually share a packet.
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"n":1}\n\ndata: [DONE]\n\n');
    });
    const response = await call(server.url);
    for await (const _chunk of response.body) break;
    await new Promise((resolve) => setImmediate(resolve));
    expect(response.stream.readableEnded).toBe(true);
    expect(response.stream.errored).toBeNull();
    expect(server.sockets).toHaveLength(1);
    expect(server.sockets[0]!.destroyed).toBe(false);
  });

  describe('readable(): the body as a Node stream, for piping', () => {
    const collect = (readable: NodeJS.ReadableStream) =>
      new Promise<{ text: string; error?: unknown }>((resolve) => {
        let text = '';
        readable.on('data', (chunk: Buffer) => (text += chunk.toString()));
        readable.on('end', () => resolve({ text }));
        readable.on('error', (error) => resolve({ text, error }));
      });

    it('carries every byte, in order, and ends', async () => {
      const server = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"a":');
        setTimeout(() => res.end('1}'), 20);
      });
      const response = await call(server.url);
      expect(await collect(response.readable())).toEqual({ text: '{"a":1}' });
    });

    it("fails with the gateway's error, not undici's, when the upstream goes silent or drops mid-body", async () => {
      const silent = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
      });
      const dropped = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('partial');
        setTimeout(() => res.socket?.destroy(), 20);
      });
      const quiet = await collect((await call(silent.url, { timeouts: { headersMs: 5000, idleMs: 150 } })).readable());
      expect(quiet.text).toBe('data: one\n\n');
      expect(quiet.error).toBeInstanceOf(ApiError);
      expect(quiet.error).toMatchObject({ status: 504, message: 'Upstream sent nothing for 0.15 s mid-response' });
      const cut = await collect((await call(dropped.url)).readable());
      expect(cut.error).toBeInstanceOf(ApiError);
      expect((cut.error as Error).message).toMatch(/^Connection to the upstream at http:\/\/127\.0\.0\.1:\d+ dropped mid-response: /);
    });

    it('holds the upstream back while the consumer is paused (backpressure), then delivers the rest', async () => {
      const chunk = 'x'.repeat(64 * 1024);
      const server = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let i = 0; i < 64; i++) res.write(chunk);
        res.end();
      });
      const response = await call(server.url);
      const readable = response.readable();
      readable.pause();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(response.stream.isPaused()).toBe(true);
      expect(readable.readableLength).toBeLessThan(64 * chunk.length);
      readable.resume();
      expect((await collect(readable)).text).toHaveLength(64 * chunk.length);
    });

    it('frees the upstream connection when the consumer destroys it early', async () => {
      const socketClosed = deferred();
      const server = await serve((req, res) => {
        req.socket.on('close', () => socketClosed.resolve());
        res.writeHead(200);
        res.write('a');
      });
      const readable = (await call(server.url)).readable();
      readable.once('data', () => readable.destroy());
      await socketClosed.promise;
    });

    it('keeps the connection when the body had arrived whole before the consumer left', async () => {
      const server = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"n":1}\n\ndata: [DONE]\n\n');
      });
      const response = await call(server.url);
      const readable = response.readable();
      await new Promise<void>((resolve) => readable.once('data', () => resolve()));
      readable.destroy();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(response.stream.errored).toBeNull();
      expect(server.sockets).toHaveLength(1);
      expect(server.sockets[0]!.destroyed).toBe(false);
    });
  });

  it('reports a non-JSON success body as a 502', async () => {
    const server = await serve((_req, res) => res.end('<html>oops</html>'));
    const response = await call(server.url, { backend: 'litellm' });
    const error = await rejection(response.json());
    expect(error).toMatchObject({ status: 502, message: 'Upstream litellm sent a body that is not valid JSON' });
  });

  it('reports a malformed URL as a non-retryable 500', async () => {
    const error = await rejection(call('not a url'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500 });
    expect(isRetryable(error)).toBe(false);
  });
});
