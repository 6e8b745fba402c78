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

/** A client's `x-request-id` is kept when it is sane; otherwise a new `req_...` id. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && REQUEST_ID.test(incoming)) return incoming;
  return `req_${randomBytes(12).toString('hex')}`;
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
