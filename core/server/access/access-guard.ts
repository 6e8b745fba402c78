import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../../log/logger';
import { ApiError } from '../../protocol/anthropic/errors';
import { requestIdFor } from '../request-context';
import { sendError } from '../send-error';
import { setCaller } from './caller';
import { allowOrigin, answerPreflight, normalizeOrigin } from './cors';
import { isJsonContentType } from './json-content-type';
import type { KeyRing } from './key-ring';

export interface AccessGuardOptions {
  keyRing: KeyRing;
  /** From createHostCheck: undefined when no Host is refused. */
  hostCheck: ((header: string | undefined) => boolean) | undefined;
  allowedOrigins: readonly string[];
  isOpenRoute: (method: string | undefined, url: string) => boolean;
  logger: Logger;
}

const NO_RETRY = { 'x-should-retry': 'false' };
// Not "Bearer <key>": the redaction that guards every error body would mask the placeholder.
const KEY_HEADERS = 'the x-api-key header or the Authorization header (in Claude Code: ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN)';
// Echoed values are cut short: they come from anyone who can reach the port.
const shown = (value: string) => (value.length > 200 ? `${value.slice(0, 200)}...` : value);

/** The key a Bearer authorization carries, or undefined. */
function bearerToken(value: string | undefined): string | undefined {
  if (value === undefined || value.length < 8 || value.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  return value.slice(7).trim();
}

/** Takes a header off the request, rawHeaders too, so no plugin can pass it on. */
function removeHeader(req: IncomingMessage, name: string): void {
  delete req.headers[name];
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i]!.toLowerCase() === name) raw.splice(i, 2);
}

/**
 * Runs before every request, in this order: the Host (DNS rebinding), the
 * Origin (CORS), the content-type of a POST, then the key. A request it
 * refuses is answered here, in Anthropic's error envelope, and reaches nothing
 * else. With no key, no Origin and a known Host it costs a few property reads.
 */
export function createAccessGuard(options: AccessGuardOptions): (listener: RequestListener) => RequestListener {
  const { keyRing, hostCheck, isOpenRoute, logger } = options;
  const origins = new Set(options.allowedOrigins.map(normalizeOrigin));

  const refuse = (req: IncomingMessage, res: ServerResponse, error: ApiError, reason: string) => {
    const id = requestIdFor(req);
    res.setHeader('request-id', id);
    sendError(res, error, id);
    const url = req.url ?? '';
    const query = url.indexOf('?');
    logger.info('Request refused', { status: error.status, reason, method: req.method, path: query === -1 ? url : url.slice(0, query), correlation_id: id });
  };

  /** The caller's name, once the headers that carried a gateway key are gone; undefined when no key matched. */
  const authenticate = (req: IncomingMessage): string | undefined => {
    const apiKey = req.headers['x-api-key'];
    const bearer = bearerToken(req.headers.authorization);
    const byApiKey = typeof apiKey === 'string' ? keyRing.identify(apiKey.trim()) : undefined;
    const byBearer = bearer !== undefined ? keyRing.identify(bearer) : undefined;
    if (byApiKey !== undefined) removeHeader(req, 'x-api-key');
    if (byBearer !== undefined) removeHeader(req, 'authorization');
    return byApiKey ?? byBearer;
  };

  return (listener) => (req, res) => {
    const headers = req.headers;
    if (hostCheck !== undefined && !hostCheck(headers.host)) {
      const message = `Host ${shown(headers.host ?? '')} is not served here: a page whose name now points at this machine (DNS rebinding) would send it. Add the name to GATEWAY_ALLOWED_HOSTS if callers use it.`;
      refuse(req, res, new ApiError(403, message, { headers: NO_RETRY }), 'host');
      return;
    }

    const origin = headers.origin;
    if (origin !== undefined) {
      if (!origins.has(normalizeOrigin(origin))) {
        const message = `Origin ${shown(origin)} is not allowed: add it to GATEWAY_ALLOWED_ORIGINS to let pages from there call the gateway.`;
        refuse(req, res, new ApiError(403, message, { headers: NO_RETRY }), 'origin');
        return;
      }
      if (req.method === 'OPTIONS') {
        answerPreflight(req, res, origin, requestIdFor(req));
        return;
      }
      allowOrigin(res, origin);
    }

    if (req.method === 'POST' && !isJsonContentType(headers['content-type'])) {
      const given = headers['content-type'];
      const message = `Content-Type must be application/json${given ? `, not ${shown(given)}` : ' (none was sent)'}`;
      refuse(req, res, new ApiError(415, message, { type: 'invalid_request_error', headers: NO_RETRY }), 'content-type');
      return;
    }

    if (keyRing.size > 0 && !isOpenRoute(req.method, req.url ?? '')) {
      const caller = authenticate(req);
      if (caller === undefined) {
        const sent = headers['x-api-key'] !== undefined || headers.authorization !== undefined;
        const message = sent
          ? `Invalid API key: the key sent is not one of this gateway's keys (accepted as ${KEY_HEADERS})`
          : `Missing API key: this gateway needs one of its keys as ${KEY_HEADERS}`;
        refuse(req, res, new ApiError(401, message, { type: 'authentication_error', headers: NO_RETRY }), sent ? 'invalid key' : 'missing key');
        return;
      }
      setCaller(req, caller);
    }
    listener(req, res);
  };
}
