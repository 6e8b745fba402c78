import type { Readable } from 'node:stream';
import type { Agent, Dispatcher } from 'undici';
import { ApiError } from '../protocol/anthropic/errors';
import type { UpstreamTimeouts } from '../plugins/plugin-contract';
import { mapTransportError, type TransportErrorContext } from './map-transport-error';

export interface UpstreamRequest {
  url: string | URL;
  /** POST unless said otherwise. */
  method?: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The request's signal: aborting it destroys the upstream socket at once. */
  signal: AbortSignal;
  /** headersMs bounds the wait for the status line; idleMs the silence between two body chunks. */
  timeouts: UpstreamTimeouts;
  /** Named in error messages, e.g. "Upstream openrouter did not answer within 30 s". */
  backend?: string;
  /** Tests and special cases only; everything else shares one keep-alive pool. */
  dispatcher?: Dispatcher;
}

export interface UpstreamResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /**
   * The body as it arrives, chunk by chunk, never buffered. Transport failures
   * surface from the iterator as ApiError (504 for idle timeout, 502 for a
   * dropped connection) or UpstreamAbortError. Leaving the loop early frees the socket.
   */
  body: AsyncIterable<Buffer>;
  /** undici's stream itself, for piping bytes through untouched (errors are undici's: see mapTransportError). */
  stream: Readable;
  text(): Promise<string>;
  /** Invalid JSON from the upstream is a 502. */
  json(): Promise<unknown>;
  /** Discards the rest of the body. */
  dump(): Promise<void>;
}

// undici costs about 20 MB of resident memory once loaded, so it is loaded
// on the first upstream call: a gateway whose backend is a pass-through
// (http-proxy-middleware) never makes one.
let undiciModule: typeof import('undici') | undefined;
function undici(): typeof import('undici') {
  return (undiciModule ??= require('undici') as typeof import('undici'));
}

let sharedAgent: Agent | undefined;

/** One keep-alive pool for every upstream, so TLS handshakes are paid once per connection, not per request. */
export function upstreamAgent(): Agent {
  sharedAgent ??= new (undici().Agent)({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
    connect: { timeout: 10_000 },
  });
  return sharedAgent;
}

/** For shutdown: lets in-flight requests finish, then closes the pooled sockets. */
export async function closeUpstreamAgent(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  await agent?.close();
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function* mapBodyErrors(stream: Readable, context: TransportErrorContext): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw mapTransportError(error, context);
  }
}

export async function requestUpstream(options: UpstreamRequest): Promise<UpstreamResponse> {
  const { signal, timeouts, backend } = options;
  let response: Dispatcher.ResponseData;
  try {
    response = await undici().request(options.url, {
      method: options.method ?? 'POST',
      headers: options.headers,
      body: options.body,
      signal,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.idleMs,
      dispatcher: options.dispatcher ?? upstreamAgent(),
    });
  } catch (error) {
    throw mapTransportError(error, { signal, timeouts, backend, phase: 'headers' });
  }

  const stream = response.body;
  const bodyContext: TransportErrorContext = { signal, timeouts, backend, phase: 'body' };
  const text = () => stream.text().catch((error: unknown) => {
    throw mapTransportError(error, bodyContext);
  });
  return {
    status: response.statusCode,
    headers: flattenHeaders(response.headers),
    body: { [Symbol.asyncIterator]: () => mapBodyErrors(stream, bodyContext) },
    stream,
    text,
    async json() {
      const raw = await text();
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        throw new ApiError(502, `${backend ? `Upstream ${backend}` : 'Upstream'} sent a body that is not valid JSON`);
      }
    },
    dump: () => stream.dump(),
  };
}
