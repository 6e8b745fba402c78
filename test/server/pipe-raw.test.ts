import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Response } from 'express';
import { ApiError } from '../../core/protocol/anthropic/errors';
import { pipeRaw } from '../../core/server/serve-messages';

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
let nextPieces: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    void pipeRaw({ type: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body: breakingBody(nextPieces) }, res as Response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('pipeRaw: an upstream event stream that breaks', () => {
  it('ends with an error event when it broke between two events', async () => {
    nextPieces = [START];
    const text = await (await fetch(url)).text();
    expect(text.startsWith(START)).toBe(true);
    expect(text.slice(START.length)).toBe('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"Upstream connection dropped"}}\n\n');
  });

  it('is closed, with nothing appended, when it broke inside an event', async () => {
    nextPieces = [START, 'event: content_block_start\ndata: {"ty'];
    const response = await fetch(url);
    await expect(response.text()).rejects.toThrow();
  });
});
