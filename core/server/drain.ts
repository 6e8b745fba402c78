import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ApiError } from '../protocol/anthropic/errors';
import { ClientGone } from '../upstream/client-gone';
import type { GatewayState } from './gateway-state';
import { requestIdFor } from './request-context';
import { sendError } from './send-error';

export interface DrainReport {
  /** Requests in flight when the drain began that finished on their own. */
  finished: number;
  /** Requests the gateway ended when the drain time ran out. */
  cut: number;
  drain_ms: number;
}

// After the cut, how long handlers get to write their ending (an `error`
// event, an envelope) and log their request before connections are closed.
const CUT_GRACE_MS = 1000;
// After connections are closed, how long handlers get to log their request.
const LAST_WORDS_MS = 250;

/**
 * 503 with `overloaded_error`: the SDK and Claude Code retry it, and with
 * `connection: close` the retry opens a new connection, which reaches a new
 * instance behind a load balancer. (Not 529: Claude Code counts repeated 529s
 * as the model being overloaded and may switch models.)
 */
export function gatewayRestarting(): ApiError {
  return new ApiError(503, 'gateway restarting', { type: 'overloaded_error', headers: { connection: 'close', 'x-should-retry': 'true' } });
}

/**
 * A request arriving on a kept-alive connection during a drain. Reads (health
 * and readiness probes, models) are still served, with `connection: close`;
 * anything else is refused. True when it was refused.
 */
export function refuseWhileDraining(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') {
    closeAfterAnswer(res);
    return false;
  }
  const id = requestIdFor(req);
  res.setHeader('request-id', id);
  sendError(res, gatewayRestarting(), id);
  return true;
}

/**
 * The response, when it has not started, tells the client its connection
 * closes after it: shouldKeepAlive covers answers that set no `connection`
 * header, the patched writeHead those that do (an event stream sends
 * `connection: keep-alive`, which Node would honour).
 */
function closeAfterAnswer(res: ServerResponse): void {
  if (res.headersSent) return;
  res.shouldKeepAlive = false;
  res.setHeader('connection', 'close');
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadClosing(this: ServerResponse, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (last && typeof last === 'object' && !Array.isArray(last)) args[args.length - 1] = { ...last, connection: 'close' };
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

/** Ends one response the drain could not wait for any longer. */
function cut(res: ServerResponse): void {
  const gone = ClientGone.of(res);
  // Its handler aborts the upstream call, writes the ending and logs the request.
  if (gone && !gone.aborted) gone.cut(gatewayRestarting());
  else endNow(res);
}

/** An envelope when nothing was sent yet, otherwise the connection closes. */
function endNow(res: ServerResponse): void {
  if (res.writableEnded) return;
  if (!res.headersSent) sendError(res, gatewayRestarting(), String(res.getHeader('request-id') ?? ''));
  else res.destroy();
}

function until(state: GatewayState, ms: number, onSettle: () => void = () => undefined): Promise<boolean> {
  const { inflight } = state;
  if (inflight.idle) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (idle: boolean) => {
      clearTimeout(timer);
      inflight.onSettle = undefined;
      resolve(idle);
    };
    const timer = setTimeout(() => done(false), ms);
    inflight.onSettle = () => {
      onSettle();
      if (inflight.idle) done(true);
    };
  });
}

/**
 * Stops taking connections and lets the requests in flight finish for up to
 * `drainMs`; then ends the rest (an event stream with an `error` event, a
 * request not yet answered with an envelope, both `gateway restarting`), their
 * upstream calls aborted. Readiness fails from the first moment
 * (`state.draining`). Resolves once every request is over and logged. Needs
 * nothing but the server and its state, so a worker process can run it alone.
 */
export async function drainServer(server: Server, state: GatewayState, drainMs: number): Promise<DrainReport> {
  const startedAt = performance.now();
  state.draining = true;
  const { inflight } = state;
  const atStart = new Set(inflight.responses());
  for (const res of atStart) closeAfterAnswer(res);
  server.close();
  server.closeIdleConnections();
  // A finished answer leaves its kept-alive connection idle: close it at once.
  const drained = await until(state, drainMs, () => server.closeIdleConnections());
  const open = drained ? [] : inflight.responses();
  if (!drained) {
    for (const res of open) cut(res);
    if (!(await until(state, CUT_GRACE_MS))) {
      for (const res of inflight.responses()) endNow(res);
      server.closeAllConnections();
      await until(state, LAST_WORDS_MS);
    }
  }
  let finished = atStart.size;
  for (const res of open) if (atStart.has(res)) finished -= 1;
  return { finished, cut: open.length, drain_ms: Math.round(performance.now() - startedAt) };
}
