import { Agent as HttpAgent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Url } from 'node:url';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import { FORWARDED_CLIENT_HEADERS } from '../../core';
import { ApiError, gatewayTimeout } from '../../core';
import type { UpstreamTimeouts } from '../../core';
import { onAbort, type AbortSource } from '../../core';
import { mapTransportError } from '../../core';
import { readUpstreamError } from '../../core';
import { unusableAnswer } from '../../core';
import { describeErrorBody } from '../../core';

export interface ProxyCall {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  /** Sent one piece after the other. */
  body: readonly Buffer[];
  requestId: string;
  clientGone: AbortSource;
}

/** LiteLLM's successful answer, for the core to pipe to the client. */
export interface ProxiedAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: IncomingMessage;
}

export interface ProxyOptions {
  baseUrl: string;
  /** Sent instead of the client's own credentials when set. */
  apiKey?: string;
  timeouts: UpstreamTimeouts;
}

/**
 * One call in flight. A class with every field set in the constructor: the
 * object literal spread it replaces cost about a tenth of the pass-through's
 * throughput on small requests (measured).
 */
class PendingCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly path: string;
  /** Emptied once written: the core keeps the bytes for a retry, this call need not. */
  body: readonly Buffer[];
  readonly requestId: string;
  readonly clientGone: AbortSource;
  upstream: ClientRequest | undefined = undefined;
  answered = false;
  /** A successful answer handed to the core: from then on its failures arrive as the body's errors. */
  answer: IncomingMessage | undefined = undefined;

  constructor(
    call: ProxyCall,
    readonly resolve: (answer?: ProxiedAnswer) => void,
    readonly reject: (error: Error) => void,
  ) {
    this.req = call.req;
    this.res = call.res;
    this.path = call.path;
    this.body = call.body;
    this.requestId = call.requestId;
    this.clientGone = call.clientGone;
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'request-id']);

// Set on every request whatever the client sent: the target's host, the length
// and type of the body sent (the one already read and inflated), and an
// encoding this class can read errors in.
const SET_HERE = ['host', 'content-length', 'content-type', 'accept-encoding'];
// LiteLLM reads its key from any of these.
const CLIENT_CREDENTIALS = ['authorization', 'x-api-key', 'x-litellm-api-key'];
const MAX_ERROR_BODY = 1024 * 1024;
// Enough of an unusable 2xx to name it (an HTML page's title).
const UNUSABLE_BODY_LIMIT = 8 * 1024;

/**
 * The target in the shape http-proxy's own `url.parse` gives it, made once:
 * handed the URL string, http-proxy parses it again on every request (about
 * 2% of a small request, measured). `hostname` loses an IPv6 address's
 * brackets, as node:http wants it; `path` keeps a base path such as `/litellm`.
 */
function proxyTarget(baseUrl: string): Partial<Url> {
  const url = new URL(baseUrl);
  return {
    protocol: url.protocol,
    host: url.host,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    path: url.pathname + url.search,
  };
}

/**
 * One http-proxy-middleware instance per LiteLLM base URL and key, driven per request.
 * A successful answer is handed back unread, for the core to pipe byte for
 * byte (and to end with an error event if it breaks); errors before the first byte
 * reject (so the core can retry or fall back) with LiteLLM's OpenAI-shaped
 * bodies normalised into Anthropic's envelope.
 */
export class LiteLLMProxy {
  private readonly pending = new WeakMap<IncomingMessage, PendingCall>();
  private readonly middleware: RequestHandler;
  private readonly fixedHeaders: Array<[string, string]>;
  /** Client header names sent on; every other one the client sent is removed. */
  private readonly keptHeaders: ReadonlySet<string>;
  private readonly timeouts: UpstreamTimeouts;
  /** Named in connection errors (without userinfo or query). */
  private readonly baseUrl: string;

  constructor({ baseUrl, apiKey, timeouts }: ProxyOptions) {
    this.timeouts = timeouts;
    this.baseUrl = baseUrl;
    this.fixedHeaders = [
      // Errors are read and normalised here, so they must arrive uncompressed.
      ['accept-encoding', 'identity'],
      ['content-type', 'application/json'],
      ...(apiKey ? [['authorization', `Bearer ${apiKey}`] as [string, string]] : []),
    ];
    // With a key of its own the gateway sends it as `authorization` (set below, over the client's), and no client credential goes.
    this.keptHeaders = new Set([...FORWARDED_CLIENT_HEADERS, ...SET_HERE, ...(apiKey ? ['authorization'] : CLIENT_CREDENTIALS)]);
    this.middleware = createProxyMiddleware<IncomingMessage, ServerResponse>({
      target: proxyTarget(baseUrl),
      // Without an agent http-proxy sends `connection: close` and pays a new connection per request.
      // The agent's socket timeout bounds both waits: the first byte
      // (LITELLM_TIMEOUT), then each silence while the answer streams; it is
      // set once per socket, not once per request. Idle pooled sockets close after it.
      agent: new (baseUrl.startsWith('https:') ? HttpsAgent : HttpAgent)({ keepAlive: true, timeout: timeouts.headersMs }),
      changeOrigin: true,
      selfHandleResponse: true,
      xfwd: false,
      pathRewrite: (_path, req) => this.pending.get(req)!.path,
      // The default plugins log each exchange (building URLs and walking the
      // agent's sockets on every answer) and add listeners this class already
      // has: errors and disconnects are handled here, and the core pipes the answer.
      ejectPlugins: true,
      plugins: [
        (proxyServer) => {
          proxyServer.on('proxyReq', (proxyReq, req) => this.onProxyReq(proxyReq, req));
          proxyServer.on('proxyRes', (proxyRes, req) => this.onProxyRes(proxyRes, req));
          proxyServer.on('error', (error, req) => this.fail(req, error));
        },
      ],
    });
  }

  /** LiteLLM's answer, or undefined when the client went away before it came. */
  forward(call: ProxyCall): Promise<ProxiedAnswer | undefined> {
    return new Promise<ProxiedAnswer | undefined>((resolve, reject) => this.start(new PendingCall(call, resolve, reject)));
  }

  // Not inlined in forward(): the listeners made here outlive the call, and
  // closures there would hold `call`, and with it the body, just as long.
  private start(pending: PendingCall): void {
    const { req } = pending;
    this.pending.set(req, pending);
    onAbort(pending.clientGone, () => {
      pending.upstream?.destroy();
      this.settle(req);
      pending.resolve(undefined);
    });
    void this.middleware(req as never, pending.res as never, (error?: unknown) => {
      if (error) this.fail(req, error as Error);
    });
  }

  private onProxyReq(proxyReq: ClientRequest, req: IncomingMessage): void {
    const call = this.pending.get(req);
    if (!call) return;
    call.upstream = proxyReq;
    // http-proxy copied every client header. Removing a header Node never had
    // still costs it a slower path, so only what the client sent is looked at.
    const kept = this.keptHeaders;
    for (const name in req.headers) if (!kept.has(name)) proxyReq.removeHeader(name);
    for (const [name, value] of this.fixedHeaders) proxyReq.setHeader(name, value);
    proxyReq.setHeader('x-request-id', call.requestId);
    let length = 0;
    for (const piece of call.body) length += piece.length;
    proxyReq.setHeader('content-length', length);
    proxyReq.once('timeout', () => {
      const { headersMs, idleMs } = this.timeouts;
      const reason = call.answered ? `LiteLLM went silent for ${idleMs / 1000} s` : `LiteLLM did not answer within ${headersMs / 1000} s`;
      // Mid-answer, the body carries the reason to whoever pipes it.
      call.answer?.destroy(gatewayTimeout(reason));
      proxyReq.destroy(gatewayTimeout(reason));
    });
    // Written before the request has its socket, the pieces leave in one write.
    for (const piece of call.body) proxyReq.write(piece);
    call.body = [];
    proxyReq.end();
  }

  private onProxyRes(proxyRes: IncomingMessage, req: IncomingMessage): void {
    const call = this.pending.get(req);
    if (!call) {
      proxyRes.destroy();
      return;
    }
    call.answered = true;
    if (this.timeouts.idleMs !== this.timeouts.headersMs) call.upstream?.setTimeout(this.timeouts.idleMs);
    const status = proxyRes.statusCode ?? 502;
    if (status >= 400) {
      this.rejectWithBody(call, proxyRes, MAX_ERROR_BODY, (text) => readUpstreamError(status, proxyRes.headers, text));
      return;
    }
    if (unusableAnswer('LiteLLM', status, proxyRes.headers['content-type'])) {
      this.rejectWithBody(call, proxyRes, UNUSABLE_BODY_LIMIT, (text) =>
        unusableAnswer('LiteLLM', status, proxyRes.headers['content-type'], describeErrorBody(text)?.message.slice(0, 300))!,
      );
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(proxyRes.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    call.answer = proxyRes;
    this.settle(req);
    call.resolve({ status, headers, body: proxyRes });
  }

  /** Reads up to `limit` bytes of an answer that is not used, and rejects with the error made of them. */
  private rejectWithBody(call: PendingCall, proxyRes: IncomingMessage, limit: number, toError: (text: string) => ApiError): void {
    const chunks: Buffer[] = [];
    let size = 0;
    proxyRes.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    proxyRes.once('end', () => {
      this.settle(call.req);
      call.reject(toError(Buffer.concat(chunks).toString('utf8')));
    });
    proxyRes.once('error', (error) => this.fail(call.req, error));
  }

  private fail(req: IncomingMessage, error: Error): void {
    const call = this.pending.get(req);
    if (!call) return;
    this.settle(req);
    call.reject(mapTransportError(error, { backend: 'LiteLLM', url: this.baseUrl, timeouts: this.timeouts, signal: call.clientGone, phase: 'headers' }));
  }

  private settle(req: IncomingMessage): void {
    this.pending.delete(req);
  }
}
