import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Response } from 'express';
import { ApiError } from '../../core/protocol/anthropic/errors';
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
let socketWrites: { count: number };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    void pipeRaw({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: nextBody() }, res as Response);
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
