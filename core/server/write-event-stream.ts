import type { ServerResponse } from 'node:http';
import { toApiError, type ApiError } from '../protocol/anthropic/errors';
import { isEventBatch, type EventStream } from '../protocol/anthropic/event-stream';
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

// Events that arrive in one turn of the event loop go out in one write when it
// turns (one upstream chunk often makes dozens of deltas), not one socket write
// each; larger batches are written at once. The response headers wait for that
// first write too, so that they and `message_start` share one packet.
const BATCH_BYTES = 64 * 1024;

/**
 * Writes events as they come, waiting for the client to drain when its buffer
 * is full, and sends `ping` while the upstream is silent. A failure after the
 * first byte becomes an `error` event, then the end of the stream.
 */
export async function writeEventStream(
  res: ServerResponse,
  events: EventStream,
  options: {
    headers?: Record<string, string>;
    pingIntervalMs: number;
    /** `cutBy`: the gateway ended the request (a drain ran out of time); the stream ends with it as an `error` event. */
    clientGone: { readonly aborted: boolean; readonly cutBy?: ApiError };
  },
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { usage: {} };
  res.writeHead(200, options.headers ? { ...SSE_HEADERS, ...options.headers } : SSE_HEADERS);
  let lastWrite = Date.now();
  let finished = false;
  let headersSent = false;
  let batch = '';
  let flushScheduled = true;
  let clientFull = false;
  const flush = () => {
    flushScheduled = false;
    if (res.writableEnded) return;
    if (!batch) {
      // Nothing to say yet: the client's SDK still gets the headers now.
      if (!headersSent) res.flushHeaders();
    } else {
      clientFull = !res.write(batch);
      batch = '';
      lastWrite = Date.now();
    }
    headersSent = true;
  };
  setImmediate(flush);
  const send = (text: string) => {
    batch += text;
    if (batch.length >= BATCH_BYTES) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };
  /** Records what the outcome needs and queues the event; true once the stream is over. */
  const take = (event: StreamEvent): boolean => {
    if (event.type === 'message_start') Object.assign(outcome.usage, event.message.usage);
    else if (event.type === 'message_delta') Object.assign(outcome.usage, event.usage);
    else if (event.type === 'error') outcome.error = event.error.message;
    send(formatSseEvent(event));
    finished = event.type === 'message_stop' || event.type === 'error';
    return finished;
  };
  const pinger = setInterval(() => {
    if (!finished && !batch && Date.now() - lastWrite >= options.pingIntervalMs && !res.writableEnded) {
      batch = PING;
      flush();
    }
  }, options.pingIntervalMs);
  pinger.unref();
  const iterator = events[Symbol.asyncIterator]();
  try {
    while (!finished) {
      if (clientFull) {
        await drainOrClose(res);
        clientFull = false;
      }
      const next = await iterator.next();
      if (next.done || options.clientGone.aborted) break;
      const item = next.value;
      for (const event of isEventBatch(item) ? item : [item]) if (take(event)) break;
    }
  } catch (error) {
    if (!options.clientGone.aborted) {
      const apiError = toApiError(error);
      outcome.error = apiError.message;
      send(formatSseEvent({ type: 'error', error: { type: apiError.type, message: apiError.message } }));
    }
  } finally {
    clearInterval(pinger);
    const cutBy = options.clientGone.cutBy;
    if (cutBy && !finished) {
      outcome.error = cutBy.message;
      batch += formatSseEvent({ type: 'error', error: { type: cutBy.type, message: cutBy.message } });
    }
    // The last events and the end of the chunked body in one write.
    if (!res.writableEnded) res.end(batch);
    batch = '';
    // Stops the upstream read (and so the upstream request) when we leave early.
    await iterator.return?.().catch(() => undefined);
  }
  return outcome;
}
