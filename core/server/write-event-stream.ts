import type { ServerResponse } from 'node:http';
import { toApiError } from '../protocol/anthropic/errors';
import type { StreamEvent, Usage } from '../protocol/anthropic/types';
import { formatSseEvent } from '../protocol/sse/format-sse-event';

export interface StreamOutcome {
  usage: Partial<Usage>;
  /** Set when the stream ended with an `error` event. */
  error?: string;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

const PING = formatSseEvent({ type: 'ping' });

/**
 * Resolves on whichever comes first and removes both listeners. (Racing two
 * events.once() calls leaves the loser's listeners on the response, one more
 * pair for every wait of a long stream to a slow client.)
 */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

// Events made from one upstream chunk (often dozens of deltas) go out in one
// write when the event loop turns, not one socket write each; larger batches
// are written at once.
const BATCH_BYTES = 64 * 1024;

/**
 * Writes events as they come, waiting for the client to drain when its buffer
 * is full, and sends `ping` while the upstream is silent. A failure after the
 * first byte becomes an `error` event, then the end of the stream.
 */
export async function writeEventStream(
  res: ServerResponse,
  events: AsyncIterable<StreamEvent>,
  options: { headers?: Record<string, string>; pingIntervalMs: number; signal: AbortSignal },
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { usage: {} };
  res.writeHead(200, { ...SSE_HEADERS, ...options.headers });
  res.flushHeaders();
  let lastWrite = Date.now();
  let finished = false;
  let batch = '';
  let flushScheduled = false;
  let clientFull = false;
  const flush = () => {
    flushScheduled = false;
    if (!batch || res.writableEnded) return;
    clientFull = !res.write(batch);
    batch = '';
    lastWrite = Date.now();
  };
  const send = (text: string, now: boolean) => {
    batch += text;
    if (now || batch.length >= BATCH_BYTES) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };
  const pinger = setInterval(() => {
    if (!finished && !batch && Date.now() - lastWrite >= options.pingIntervalMs && !res.writableEnded) send(PING, true);
  }, options.pingIntervalMs);
  pinger.unref();
  const iterator = events[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (clientFull) {
        await drainOrClose(res);
        clientFull = false;
      }
      const next = await iterator.next();
      if (next.done) break;
      const event = next.value;
      finished = event.type === 'message_stop' || event.type === 'error';
      if (event.type === 'message_start') Object.assign(outcome.usage, event.message.usage);
      else if (event.type === 'message_delta') Object.assign(outcome.usage, event.usage);
      else if (event.type === 'error') outcome.error = event.error.message;
      if (options.signal.aborted) break;
      send(formatSseEvent(event), finished);
      if (event.type === 'error') break;
    }
  } catch (error) {
    if (!options.signal.aborted) {
      const apiError = toApiError(error);
      outcome.error = apiError.message;
      send(formatSseEvent({ type: 'error', error: { type: apiError.type, message: apiError.message } }), true);
    }
  } finally {
    clearInterval(pinger);
    flush();
    // Stops the upstream read (and so the upstream request) when we leave early.
    await iterator.return?.().catch(() => undefined);
    if (!res.writableEnded) res.end();
  }
  return outcome;
}
