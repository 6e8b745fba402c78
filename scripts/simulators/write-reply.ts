import type { ServerResponse } from 'node:http';
import type { ConcreteReply, HeaderMap, SseReply } from './reply-types';

export interface ReplyOutcome {
  status?: number;
  /** The simulator itself cut the connection (drop), as opposed to the client going away. */
  droppedByServer: boolean;
}

/**
 * `closed` fires when the client goes away; waits and writes stop as soon as it does.
 * `outcome` is filled in as the reply goes out, before any socket is destroyed, so a
 * close handler can tell a drop from a client abort.
 */
export async function writeReply(
  res: ServerResponse,
  reply: ConcreteReply,
  closed: AbortSignal,
  outcome: ReplyOutcome,
): Promise<ReplyOutcome> {
  if (reply.delayMs) await sleep(reply.delayMs, closed);
  if (closed.aborted) return outcome;

  switch (reply.kind) {
    case 'hang':
      return outcome;
    case 'json':
    case 'error':
      outcome.status = reply.status ?? (reply.kind === 'error' ? 500 : 200);
      writeWhole(res, outcome.status, { 'content-type': 'application/json', ...reply.headers }, JSON.stringify(reply.body));
      return outcome;
    case 'text':
      outcome.status = reply.status ?? 200;
      writeWhole(res, outcome.status, { 'content-type': 'text/plain; charset=utf-8', ...reply.headers }, reply.body);
      return outcome;
    case 'drop':
      outcome.droppedByServer = true;
      if (reply.afterBytes === undefined) {
        res.socket?.destroy();
        return outcome;
      }
      outcome.status = reply.status ?? 200;
      res.writeHead(outcome.status, { 'content-type': 'application/json', ...reply.headers });
      await writeThenDrop(res, Buffer.from(reply.body ?? '').subarray(0, reply.afterBytes));
      return outcome;
    case 'sse':
      outcome.status = reply.status ?? 200;
      await writeSse(res, outcome, reply, closed);
      return outcome;
  }
}

function writeWhole(res: ServerResponse, status: number, headers: HeaderMap, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

async function writeSse(res: ServerResponse, outcome: ReplyOutcome, reply: SseReply, closed: AbortSignal): Promise<void> {
  const { pieces, gapMs, cut } = reply;
  res.writeHead(outcome.status ?? 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
  res.flushHeaders();
  const limit = cut ? Math.min(cut.pieces, pieces.length) : pieces.length;
  // Pieces with no pause between them go out in one socket write, as a fast upstream's would.
  res.cork();
  for (let i = 0; i < limit; i++) {
    if (i > 0) {
      const gap = Array.isArray(gapMs) ? gapMs[i - 1] ?? 0 : gapMs ?? 0;
      if (gap > 0) {
        res.uncork();
        await sleep(gap, closed);
        res.cork();
      }
    }
    if (closed.aborted) return;
    if (cut?.then === 'drop' && i === limit - 1) {
      res.uncork();
      outcome.droppedByServer = true;
      const last = pieces[i]!;
      return writeThenDrop(res, typeof last === 'string' ? Buffer.from(last) : last);
    }
    res.write(pieces[i]);
  }
  res.uncork();
  if (!cut) {
    res.end();
  } else if (cut.then === 'drop') {
    outcome.droppedByServer = true;
    res.socket?.destroy();
  }
}

function writeThenDrop(res: ServerResponse, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const drop = () => {
      res.socket?.destroy();
      resolve();
    };
    if (bytes.length === 0) {
      res.flushHeaders();
      setImmediate(drop);
    } else {
      res.write(bytes, () => setImmediate(drop));
    }
  });
}

/** Resolves after `ms`, or at once when `signal` fires, so a closed request leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
