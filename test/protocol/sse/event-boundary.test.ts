import { PassThrough } from 'node:stream';
import { watchEventBoundary } from '../../../core/protocol/sse/event-boundary';

async function boundaryAfter(chunks: string[]): Promise<boolean> {
  const body = new PassThrough();
  const atBoundary = watchEventBoundary(body);
  body.resume();
  for (const chunk of chunks) body.write(chunk);
  await new Promise((resolve) => setImmediate(resolve));
  return atBoundary();
}

describe('watchEventBoundary', () => {
  it.each([
    [[], true],
    [['event: ping\ndata: {"type":"ping"}\n\n'], true],
    [['event: ping\r\ndata: {"type":"ping"}\r\n\r\n'], true],
    [['event: ping\ndata: {"type":"ping"}\n', '\n'], true],
    [['event: ping\ndata: {"ty'], false],
    [['event: ping\ndata: {"type":"ping"}\n'], false],
    [['event: ping\n\n', 'event: content_block_delta\ndata: {"ty'], false],
  ])('after %j: %s', async (chunks, expected) => {
    expect(await boundaryAfter(chunks)).toBe(expected);
  });
});
