import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'winston';
import { callerOf } from './access/caller';
import { ClientGone } from '../upstream/client-gone';

export interface RequestContext {
  id: string;
  logger: Logger;
  /** Aborts when the client goes away before the response is complete. */
  clientGone: ClientGone;
  startedAt: number;
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
  return { id, logger: logger.child({ correlation_id: id, caller: callerOf(req) }), clientGone: new ClientGone(res), startedAt: performance.now() };
}
