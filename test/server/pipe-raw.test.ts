import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Response } from 'express';
import { ApiError } from '../../core/protocol/anthropic/errors';
import type { PipedOutcome } from '../../core/server/pipe-raw';
import { pipeRaw } from '../../core/server/serve-messages';
import { countSocketWrites } from '../helpers/count-socket-writes';

const START = 'event: message_start\ndata: {"type":"message_start"}\n\n';

/** An upstream body that sends `pieces`, then fails as a broken upstream does. */
function breakingBody(pieces: string[]): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent < pieces.length) this.push(pieces[sent++]);
      else setImmediate(() => this.destroy(new ApiError(502, 'Upstream connection dropped')));
    },
  });
}

let server: Server;
let url: string;
let nextBody: () => Readable;
let nextContentType = 'text/event-stream';
let lastOutcome: Promise<PipedOutcome> | undefined;
let socketWrites: { count: number };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    lastOutcome = pipeRaw({ type: 'raw', status: 200, headers: { 'content-type': nextContentType }, body: nextBody() }, res as Response);
    lastOutcome.catch(() => undefined);
  });
  socketWrites = countSocketWrites(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('pipeRaw: an upstream event stream that breaks', () => {
  it('ends with an error event when it broke between two events', async () => {
    nextBody = () => breakingBody([START]);
    const text = await (await fetch(url)).text();
    expect(text.startsWith(START)).toBe(true);
    expect(text.slice(START.length)).toBe('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"Upstream connection dropped"}}\n\n');
  });

  it('is closed, with nothing appended, when it broke inside an event', async () => {
    nextBody = () => breakingBody([START, 'event: content_block_start\ndata: {"ty']);
    const response = await fetch(url);
    await expect(response.text()).rejects.toThrow();
  });
});

describe('pipeRaw: when the headers of an event stream go out', () => {
  it('with the first bytes when these are already there: one write for both', async () => {
    nextBody = () => Readable.from([Buffer.from(START + 'event: message_stop\ndata: {"type":"message_stop"}\n\n')]);
    socketWrites.count = 0;
    const text = await (await fetch(url)).text();
    expect(text.startsWith(START)).toBe(true);
    expect(socketWrites.count).toBe(1);
  });

  it('alone, at once, when the upstream has not sent its first event yet', async () => {
    let release!: () => void;
    const firstEvent = new Promise<void>((resolve) => (release = resolve));
    nextBody = () =>
      Readable.from(
        (async function* () {
          await firstEvent;
          yield Buffer.from(START);
        })(),
      );
    const response = await fetch(url);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    release();
    expect(await response.text()).toBe(START);
  });
});

describe('pipeRaw: the usage of what went by', () => {
  const recorded = readFileSync(join(__dirname, '../fixtures/anthropic-stream/cached-prompt-with-text.sse'));
  const counts = { input_tokens: 12, cache_creation_input_tokens: 2048, cache_read_input_tokens: 30112, output_tokens: 57 };
  const inPieces = (bytes: Buffer, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  afterEach(() => {
    nextContentType = 'text/event-stream';
  });

  it('reads an event stream\'s usage while the client gets its bytes as they were', async () => {
    nextBody = () => Readable.from(inPieces(recorded, 7));
    const received = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(received.equals(recorded)).toBe(true);
    expect(await lastOutcome).toEqual({ error: undefined, usage: counts });
  });

  it('reads a JSON answer\'s usage while the client gets its bytes as they were', async () => {
    const message = Buffer.from(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'hi' }], usage: counts }));
    nextContentType = 'application/json';
    nextBody = () => Readable.from(inPieces(message, 5));
    const received = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(received.equals(message)).toBe(true);
    expect(await lastOutcome).toEqual({ error: undefined, usage: counts });
  });

  it('keeps what message_start said when the stream breaks before the end', async () => {
    nextBody = () => breakingBody([recorded.subarray(0, recorded.indexOf('event: content_block_start')).toString()]);
    await (await fetch(url)).text();
    expect(await lastOutcome).toEqual({ error: 'Upstream connection dropped', usage: { ...counts, output_tokens: 1 } });
  });
});
