import { ApiError } from '../../core/protocol/anthropic/errors';
import { closeUpstreamAgent, ensureUpstreamOk, requestUpstream, runWithRetries } from '../../core/upstream';
import { startServer, type LocalServer } from './local-server';

let server: LocalServer | undefined;
afterEach(() => server?.close());
afterAll(() => closeUpstreamAgent());

const call = (url: string) =>
  requestUpstream({ url, headers: {}, body: '{}', signal: new AbortController().signal, timeouts: { headersMs: 5000, idleMs: 5000 } });

describe('ensureUpstreamOk', () => {
  it('passes a 2xx response through untouched', async () => {
    server = await startServer((_req, res) => res.end('{"id":"x"}'));
    const response = await ensureUpstreamOk(await call(server.url));
    expect(await response.json()).toEqual({ id: 'x' });
  });

  it('throws the mapped ApiError with the retry headers', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'None', code: '429' } }));
    });
    const error = await ensureUpstreamOk(await call(server.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error', message: 'Rate limit reached', headers: { 'retry-after': '3' } });
  });

  it('reads only the start of a huge error body', async () => {
    let written = 0;
    server = await startServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      const chunk = 'y'.repeat(16 * 1024);
      const pump = () => {
        while (written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    });
    const error = (await ensureUpstreamOk(await call(server.url)).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/^y{2000}… \(truncated\)$/);
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it('retries a 429 then a 503 against a real server and returns the success', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(429, { 'retry-after': '0' });
        return void res.end(JSON.stringify({ error: { code: 429, message: 'busy' } }));
      }
      if (calls === 2) {
        res.writeHead(503);
        return void res.end('Service Unavailable');
      }
      res.end('{"ok":true}');
    });
    const url = server.url;
    const response = await runWithRetries(async () => ensureUpstreamOk(await call(url)), { maxRetries: 3, baseDelayMs: 10 });
    expect(await response.json()).toEqual({ ok: true });
    expect(calls).toBe(3);
  });
});
