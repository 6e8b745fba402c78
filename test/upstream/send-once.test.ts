import { closeUpstreamAgent, OneShotBody, requestUpstream, SEND_ONCE_FROM_BYTES, sendOnce, type UpstreamRequest } from '../../core/upstream';
import { collectGarbageUntil } from '../helpers/collect-garbage';
import { deferred, startServer, type LocalServer } from './local-server';

const timeouts = { headersMs: 5000, idleMs: 5000 };
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => closeUpstreamAgent());

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A server that reads each request whole, reports it, and answers only once `answer` resolves. */
async function serveAfter(answer: Promise<void>, onRequest: (received: Received) => void): Promise<string> {
  server = await startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      onRequest({ headers: req.headers, body: Buffer.concat(chunks) });
      void answer.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
  });
  return server.url;
}

const send = (url: string, body: UpstreamRequest['body']) =>
  requestUpstream({ url, headers: { 'content-type': 'application/json' }, body, signal: new AbortController().signal, timeouts });

describe('sendOnce', () => {
  it('keeps small bodies as they are and makes large ones one-shot streams', () => {
    const small = Buffer.alloc(SEND_ONCE_FROM_BYTES - 1);
    expect(sendOnce(small)).toBe(small);
    expect(sendOnce(Buffer.alloc(SEND_ONCE_FROM_BYTES))).toBeInstanceOf(OneShotBody);
  });

  it('a one-shot body arrives whole, byte for byte, with its content-length and no chunking', async () => {
    const bytes = Buffer.from(JSON.stringify({ text: 'Ω→'.repeat(40_000) }));
    let received: Received | undefined;
    const url = await serveAfter(Promise.resolve(), (request) => (received = request));
    const response = await send(url, sendOnce(bytes));
    expect(await response.json()).toEqual({});
    expect(received!.headers['content-length']).toBe(String(bytes.length));
    expect(received!.headers['transfer-encoding']).toBeUndefined();
    expect(received!.body.equals(bytes)).toBe(true);
  });

  // What it is for: while the upstream thinks, the bytes it was sent are no longer held.
  async function isBodyHeldUntilTheAnswer(wrap: (bytes: Buffer) => UpstreamRequest['body']): Promise<boolean> {
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    const answer = deferred();
    const arrived = deferred();
    const url = await serveAfter(answer.promise, () => arrived.resolve());
    // Made in a function of its own, so no frame of this test holds the bytes.
    const makeBody = () => {
      const bytes = Buffer.alloc(200 * 1024, 'x');
      registry.register(bytes.buffer, undefined);
      return wrap(bytes);
    };
    const pending = send(url, makeBody());
    await arrived.promise;
    await collectGarbageUntil(() => collected);
    answer.resolve();
    await (await pending).dump();
    return !collected;
  }

  it('lets go of the bytes once they are written, before the upstream answers', async () => {
    expect(await isBodyHeldUntilTheAnswer((bytes) => sendOnce(bytes))).toBe(false);
  });

  it('(a plain Buffer body, by contrast, is held by undici until the answer)', async () => {
    expect(await isBodyHeldUntilTheAnswer((bytes) => bytes)).toBe(true);
  });
});
