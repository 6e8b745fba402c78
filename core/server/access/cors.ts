import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

const ALLOW_METHODS = 'GET, POST, HEAD, OPTIONS';
// What Claude Code and the Anthropic SDK send; a preflight's own list is added (the origin is trusted).
const ALLOW_HEADERS = [
  'x-api-key',
  'authorization',
  'content-type',
  'anthropic-version',
  'anthropic-beta',
  'anthropic-dangerous-direct-browser-access',
  'x-request-id',
];
const EXPOSE_HEADERS = 'request-id, x-gateway-backend, retry-after, x-should-retry';
const MAX_AGE_SECONDS = '600';
const HEADER_LIST = /^[\w-]+(\s*,\s*[\w-]+)*$/;

/** An origin as browsers send it: scheme://host[:port], lower case, no trailing slash. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

/** The 204 a browser's preflight needs before it sends the real request. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, origin: string, requestId: string): void {
  const asked = req.headers['access-control-request-headers'];
  const headers = typeof asked === 'string' && HEADER_LIST.test(asked) ? [...new Set([...ALLOW_HEADERS, ...asked.toLowerCase().split(/\s*,\s*/)])] : ALLOW_HEADERS;
  res.writeHead(204, {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': ALLOW_METHODS,
    'access-control-allow-headers': headers.join(', '),
    'access-control-max-age': MAX_AGE_SECONDS,
    vary: 'Origin, Access-Control-Request-Headers',
    'request-id': requestId,
  });
  res.end();
}

type WriteHead = ServerResponse['writeHead'];

/**
 * Lets the browser page of a trusted origin read the answer. An upstream's
 * own `access-control-*` headers (LiteLLM sends `*`) are dropped from what the
 * gateway passes on: the gateway decides which origins may read.
 */
export function allowOrigin(res: ServerResponse, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
  res.setHeader('vary', 'Origin');
  const writeHead: WriteHead = res.writeHead;
  res.writeHead = function writeHeadWithCors(this: ServerResponse, status: number, ...rest: unknown[]) {
    const last = rest.length - 1;
    const given = rest[last];
    // Headers given as an object (every writer in the gateway does); a raw array goes as it is.
    if (given && typeof given === 'object' && !Array.isArray(given)) rest[last] = withoutUpstreamCors(given as OutgoingHttpHeaders);
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as WriteHead;
}

/** The gateway's CORS answer wins over an upstream's; an upstream `vary` keeps `Origin` in it. */
function withoutUpstreamCors(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('access-control-')) continue;
    kept[name] = lower === 'vary' ? `Origin, ${String(value)}` : value;
  }
  return kept;
}
