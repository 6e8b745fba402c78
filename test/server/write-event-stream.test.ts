import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStream } from '../../core/protocol/anthropic/event-stream';
import type { StreamEvent } from '../../core/protocol/anthropic/types';
import { writeEventStream } from '../../core/server/write-event-stream';
import { countSocketWrites } from '../helpers/count-socket-writes';
import { deferred } from '../upstream/local-server';

const start: StreamEvent = {
  type: 'message_start',
  message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 0 } },
} as StreamEvent;
const delta = (text: string) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }) as StreamEvent;

let server: Server;
let port: number;
let source: () => EventStream;
let writes: number;
let socketWrites: { count: number };
let lastResponse: ServerResponse;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    lastResponse = res;
    const write = res.write.bind(res);
    res.write = ((...args: Parameters<typeof res.write>) => {
      writes += 1;
      return write(...args);
    }) as typeof res.write;
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    void writeEventStream(res, source(), { pingIntervalMs: 60_000, clientGone: controller.signal });
  });
  socketWrites = countSocketWrites(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  writes = 0;
  socketWrites.count = 0;
});

describe('writeEventStream', () => {
  it('writes the events made in one turn of the event loop together, and each later one as it comes', async () => {
    source = async function* () {
      yield start;
      for (let i = 0; i < 50; i++) yield delta(`${i} `);
      await sleep(50);
      yield delta('late');
      yield { type: 'message_stop' } as StreamEvent;
    };
    const text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(text.match(/^event: content_block_delta$/gm)).toHaveLength(51);
    expect(text).toContain('"text":"49 "');
    expect(text.trimEnd().endsWith('event: message_stop\ndata: {"type":"message_stop"}')).toBe(true);
    // 52 events: the burst in one write, then the late delta, then message_stop.
    expect(writes).toBeLessThanOrEqual(3);
  });

  it('stops pulling events while the client does not read, and goes on when it does', async () => {
    let produced = 0;
    source = async function* () {
      yield start;
      for (;;) {
        produced += 1;
        yield delta('x'.repeat(1000));
      }
    };
    const socket: Socket = connect(port, '127.0.0.1');
    try {
      socket.pause();
      socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
      // Socket buffers fill up, then the writer must wait instead of making events forever.
      let settled = -1;
      for (let i = 0; i < 50 && settled !== produced; i++) {
        settled = produced;
        await sleep(100);
      }
      expect(produced).toBe(settled);
      expect(produced).toBeLessThan(50_000);
      socket.resume();
      await sleep(200);
      expect(produced).toBeGreaterThan(settled);
      // Many waits for drain by now, and no listener left behind by any of them.
      expect(lastResponse.listenerCount('close')).toBeLessThanOrEqual(3);
      expect(lastResponse.listenerCount('error')).toBeLessThanOrEqual(3);
    } finally {
      socket.destroy();
    }
  });

  it('sends the headers with message_start, and the last events with the end of the body', async () => {
    source = async function* () {
      yield start;
      await sleep(30);
      yield [delta('a'), delta('b'), { type: 'message_stop' } as StreamEvent];
    };
    const text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(text.match(/^event: /gm)).toHaveLength(4);
    expect(socketWrites.count).toBe(2);
  });

  it('sends the headers within a turn of the event loop even when no event is ready', async () => {
    const later = deferred();
    source = async function* () {
      await later.promise;
      yield [start, { type: 'message_stop' } as StreamEvent];
    };
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    later.resolve();
    expect(await response.text()).toContain('event: message_stop');
  });

  it('stops at message_stop: nothing after it is written, and the source is closed', async () => {
    let closed = false;
    source = async function* () {
      try {
        yield [start, { type: 'message_stop' } as StreamEvent, delta('after the end')];
        yield delta('later still');
      } finally {
        closed = true;
      }
    };
    const text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(text).not.toContain('after the end');
    expect(text).not.toContain('later still');
    expect(text.trimEnd().endsWith('data: {"type":"message_stop"}')).toBe(true);
    expect(closed).toBe(true);
  });
});
