import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MessagesContext } from '../plugins/plugin-contract';
import { plumbingOf } from '../plugins/request-plumbing';
import type { AbortSource } from '../upstream/abort-source';

export interface TakenOverExchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Fires once if the client goes away; undici and onAbort() take it. */
  clientGone: AbortSource;
}

/**
 * For a plugin that proxies the HTTP exchange itself (e.g. with
 * http-proxy-middleware) and then answers `{type: 'raw'}` or `{type: 'handled'}`.
 * Call it once the bytes to send are built: the parsed request is let go here.
 */
export function takeOverResponse(ctx: Pick<MessagesContext, 'requestId'>): TakenOverExchange {
  const plumbing = plumbingOf(ctx);
  plumbing.releaseBody();
  return { req: plumbing.http.req, res: plumbing.http.res, clientGone: plumbing.clientGone };
}
