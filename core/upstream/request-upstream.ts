import type { Readable } from 'node:stream';
import type { Agent, Dispatcher } from 'undici';
import { ApiError } from '../protocol/anthropic/errors';
import type { UpstreamTimeouts } from './upstream-timeouts';
import type { AbortSource } from './abort-source';
import { mapTransportError, type TransportErrorContext } from './map-transport-error';
import { OneShotBody } from './send-once';
import { stopReading, UpstreamBodyStream } from './upstream-body-stream';

export interface UpstreamRequest {
  url: string | URL;
  /** POST unless said otherwise. */
  method?: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  /** A OneShotBody (see sendOnce) is sent with its content-length, not chunked. */
  body?: string | Buffer | OneShotBody;
  /** Aborting it destroys the upstream socket at once. */
  signal: AbortSource;
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
   * dropped connection) or UpstreamAbortError. Leaving the loop early ends the
   * upstream request unless the body had already arrived whole.
   */
  body: AsyncIterable<Buffer>;
  /** undici's stream itself, for piping bytes through untouched (errors are undici's: see mapTransportError). */
  stream: Readable;
  /** The body as a Node stream whose failures are the gateway's errors, as `body`'s are: for piping to the client. */
  readable(): Readable;
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

async function* readBody(stream: Readable, context: TransportErrorContext): AsyncGenerator<Buffer> {
  let readToEnd = false;
  try {
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
    readToEnd = true;
  } catch (error) {
    readToEnd = true;
    throw mapTransportError(error, context);
  } finally {
    if (!readToEnd) stopReading(stream);
  }
}

export async function requestUpstream(options: UpstreamRequest): Promise<UpstreamResponse> {
  const { signal, timeouts, backend } = options;
  let response: Dispatcher.ResponseData;
  try {
    const body = options.body;
    response = await undici().request(options.url, {
      method: options.method ?? 'POST',
      headers: body instanceof OneShotBody ? { ...options.headers, 'content-length': String(body.byteLength) } : options.headers,
      body,
      signal,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.idleMs,
      dispatcher: options.dispatcher ?? upstreamAgent(),
    });
  } catch (error) {
    throw mapTransportError(error, { signal, timeouts, backend, url: options.url, phase: 'headers' });
  }

  const stream = response.body;
  const bodyContext: TransportErrorContext = { signal, timeouts, backend, url: options.url, phase: 'body' };
  const text = () => stream.text().catch((error: unknown) => {
    throw mapTransportError(error, bodyContext);
  });
  return {
    status: response.statusCode,
    headers: flattenHeaders(response.headers),
    body: { [Symbol.asyncIterator]: () => readBody(stream, bodyContext) },
    stream,
    readable: () => new UpstreamBodyStream(stream, (error) => mapTransportError(error, bodyContext)),
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
