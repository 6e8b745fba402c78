import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'winston';

export interface RequestContext {
  id: string;
  logger: Logger;
  /** Aborts when the client goes away before the response is complete. */
  signal: AbortSignal;
  startedAt: number;
}

export class ClientDisconnected extends Error {
  override name = 'ClientDisconnected';
  constructor() {
    super('Client disconnected');
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

// A random per-process prefix and a counter: unique, and no entropy drawn per request.
const ID_PREFIX = randomBytes(8).toString('hex');
let idCounter = 0;

/** A client's `x-request-id` is kept when it is sane; otherwise a new `req_...` id. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && REQUEST_ID.test(incoming)) return incoming;
  idCounter += 1;
  return `req_${ID_PREFIX}${idCounter.toString(16).padStart(8, '0')}`;
}

export function createRequestContext(req: IncomingMessage, res: ServerResponse, logger: Logger): RequestContext {
  const id = requestIdFor(req);
  res.setHeader('request-id', id);
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new ClientDisconnected());
  });
  return { id, logger: logger.child({ correlation_id: id }), signal: controller.signal, startedAt: performance.now() };
}
