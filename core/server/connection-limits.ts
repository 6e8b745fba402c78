import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { Logger } from 'winston';
import type { LimitsConfig } from '../config/resolve-config';
import { errorEnvelope, errorTypeForStatus } from '../protocol/anthropic/errors';

// Longer than the 60 s idle timeout of common load balancers, so that the
// gateway never closes a connection one of them is about to reuse (a 502 at
// the balancer). Idle keep-alive connections count against maxConnections.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
// Repeated refusals while connections stay at the cap: one log line per period.
const DROP_LOG_PERIOD_MS = 10_000;

/**
 * The limits every connection lives under:
 * - a connection that sends no request is closed after `idleTimeoutMs`
 *   (a socket timer, ended by its first request: an answer may then be
 *   silent for minutes while the upstream thinks, so server.timeout is not used);
 * - request headers must be complete within `headersTimeoutMs`, and the body
 *   within `bodyTimeoutMs` after them (Node's requestTimeout counts from the
 *   first byte of the request and stops when the request is in: it never
 *   cuts a response, however long a stream lasts);
 * - at most `maxConnections` at once: Node closes the rest at accept, before
 *   any byte is read, which is the cheapest answer to a flood;
 * - Node's own parser errors are answered in Anthropic's envelope.
 */
export function applyConnectionLimits(server: Server, limits: LimitsConfig, logger: Logger): void {
  server.headersTimeout = Math.round(limits.headersTimeoutMs);
  server.requestTimeout = Math.round(limits.headersTimeoutMs + limits.bodyTimeoutMs);
  // How often Node looks for requests past those timeouts (30 s by default), read when the server starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    50,
    Math.min(1000, Math.floor(limits.headersTimeoutMs / 4)),
  );
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = limits.maxConnections;
  server.on('connection', (socket: Socket) => socket.setTimeout(Math.round(limits.idleTimeoutMs)));
  server.on('clientError', answerClientError);
  let dropped = 0;
  let loggedAt = 0;
  server.on('drop', () => {
    dropped += 1;
    const now = Date.now();
    if (now - loggedAt < DROP_LOG_PERIOD_MS) return;
    logger.warn('Connection refused: too many open connections', { max_connections: limits.maxConnections, refused: dropped });
    loggedAt = now;
    dropped = 0;
  });
}

/**
 * Called on each request: a connection's first one ends its idle timeout.
 * (Between requests of a kept-alive connection Node runs its own timer and
 * clears it before the next request is handed over, so a timeout still set
 * here is the idle one.)
 */
export function endIdleTimeout(socket: Socket): void {
  if (socket.timeout) socket.setTimeout(0);
}

function clientErrorAnswer(code: string | undefined): [number, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'Request headers are larger than the gateway accepts'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'Request chunk extensions are larger than the gateway accepts'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'The request did not arrive in time'];
    default:
      return [400, `The request is not valid HTTP${code ? ` (${code})` : ''}`];
  }
}

/** Node's parser could not read a request: answer in the envelope (before any response began), then close. */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, message] = clientErrorAnswer(error.code);
  const body = JSON.stringify(errorEnvelope(errorTypeForStatus(status), message));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    ...(status === 408 ? [] : ['x-should-retry: false']),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}
