import type { CountTokensContext, MessagesContext, MessagesResult } from '../../plugins/plugin-contract';
import { plumbingOf } from '../../plugins/request-plumbing';
import { isClientAbort, readBoundedBody, requestUpstream, sendOnce, type UpstreamResponse } from '../../upstream';
import { unusableAnswer } from '../../upstream/unusable-answer';
import { buildNativeBody } from './build-native-body';
import type { NativeAnthropicUpstream, NativeCall } from './native-anthropic-upstream';
import { eventsFromAwsEventStream, eventsFromSse, failureToApiError } from './native-stream-events';

type CallContext = Omit<MessagesContext, 'stream'>;

const MEDIA_TYPE = { sse: 'text/event-stream', 'aws-event-stream': 'application/vnd.amazon.eventstream' } as const;
const PASSED_HEADERS = ['content-type', 'content-length'];

/** Headers for one call: the fixed ones, then the upstream's authorization over the exact bytes. */
async function callHeaders(upstream: NativeAnthropicUpstream, call: NativeCall, url: URL, bytes: Buffer): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: call.stream ? (upstream.streamAccept ?? MEDIA_TYPE[upstream.streamFormat]) : 'application/json',
    ...upstream.headers,
  };
  if (!upstream.authorize) return headers;
  return { ...headers, ...(await upstream.authorize({ method: 'POST', url, headers, body: bytes })) };
}

/**
 * Sends `bytes` (handed on as a one-shot body, not kept) and returns the
 * answer if it is a usable 2xx; anything else throws the ApiError the
 * upstream's failure maps to, before a byte reaches the client.
 */
async function call(ctx: CallContext, upstream: NativeAnthropicUpstream, what: NativeCall, bytes: Buffer): Promise<UpstreamResponse> {
  const url = new URL(upstream.url(what));
  const headers = await callHeaders(upstream, what, url, bytes);
  const response = await requestUpstream({
    url,
    method: 'POST',
    headers,
    body: sendOnce(bytes),
    signal: plumbingOf(ctx).clientGone,
    timeouts: ctx.timeouts,
    backend: upstream.backendName,
  });
  const { status } = response;
  if (status >= 200 && status < 300) {
    const type = response.headers['content-type'];
    const unusable = type !== MEDIA_TYPE[upstream.streamFormat] && unusableAnswer(`Upstream ${upstream.backendName}`, status, type);
    if (!unusable) return response;
    await response.dump().catch(() => undefined);
    throw unusable;
  }
  throw failureToApiError(upstream, { status, headers: response.headers, body: await readBoundedBody(response) });
}

/**
 * One Messages call to a native-Anthropic upstream: the body rewritten by
 * `upstream.body`, sent to `upstream.url()`, authorized by
 * `upstream.authorize()`; the answer comes back as Anthropic JSON (piped) or
 * Anthropic events (decoded from SSE or AWS event-stream as they arrive).
 * Failures before the first byte throw, so the core can retry or fall back.
 * The request body is released here: the plugin need not think about it.
 */
export async function serveNativeAnthropic(ctx: MessagesContext, upstream: NativeAnthropicUpstream): Promise<MessagesResult> {
  const what: NativeCall = { model: ctx.upstreamModel, stream: ctx.stream, kind: 'messages' };
  const response = await sendBody(ctx, upstream, what);
  const upstreamRequestId = upstream.requestIdHeader ? response.headers[upstream.requestIdHeader] : undefined;
  if (!ctx.stream) {
    const headers: Record<string, string> = {};
    for (const name of PASSED_HEADERS) if (response.headers[name] !== undefined) headers[name] = response.headers[name]!;
    headers['content-type'] ??= 'application/json';
    return { type: 'raw', status: response.status, headers, body: response.readable(), upstreamRequestId };
  }
  if (upstream.streamFormat === 'sse' && !upstream.adjustEvent) {
    // Already the client's wire format: piped byte for byte (the core echoes the model and taps usage).
    return { type: 'raw', status: response.status, headers: { 'content-type': 'text/event-stream' }, body: response.readable(), upstreamRequestId };
  }
  const options = { requestedModel: ctx.requestedModel, logger: ctx.logger };
  if (upstream.streamFormat === 'aws-event-stream') return { type: 'stream', events: eventsFromAwsEventStream(response.body, upstream, options), upstreamRequestId };
  return { type: 'stream', events: eventsFromSse(response.body, upstream, options), upstreamRequestId };
}

/** Builds the body, lets the parsed request go, and calls: the bytes live only as long as the send. */
function sendBody(ctx: CallContext, upstream: NativeAnthropicUpstream, what: NativeCall, defaults?: Record<string, unknown>): Promise<UpstreamResponse> {
  const bytes = buildNativeBody(ctx.body, upstream.body, ctx.clientHeaders, ctx.logger, defaults);
  plumbingOf(ctx).releaseBody();
  return call(ctx, upstream, what, bytes);
}

export interface NativeCountTokens {
  /** Fields the count body gets when the client left them out (e.g. `max_tokens`, which an invoke body needs). */
  defaults?: Record<string, unknown>;
  /** The count endpoint's body made from the native body (e.g. wrapped and base64-encoded); default: the body itself. */
  wrapBody?(body: Buffer): Buffer;
  /** The count in the endpoint's answer; default: its `input_tokens`. */
  readCount?(answer: unknown): number | undefined;
}

/**
 * count_tokens through the upstream's own counter (`upstream.url` with
 * `kind: 'count_tokens'`). A failure other than the client leaving answers
 * with the local estimate and a warning: counting is advisory, and Claude
 * Code sends many of these.
 */
export async function countTokensNative(
  ctx: CountTokensContext,
  upstream: NativeAnthropicUpstream,
  options: NativeCountTokens = {},
): Promise<{ input_tokens: number }> {
  const what: NativeCall = { model: ctx.upstreamModel, stream: false, kind: 'count_tokens' };
  try {
    const native = buildNativeBody(ctx.body, upstream.body, ctx.clientHeaders, ctx.logger, options.defaults);
    const response = await call(ctx, upstream, what, options.wrapBody ? options.wrapBody(native) : native);
    const answer = await response.json();
    const count = options.readCount ? options.readCount(answer) : (answer as { input_tokens?: unknown }).input_tokens;
    if (typeof count === 'number' && Number.isFinite(count)) return { input_tokens: count };
    ctx.logger.warn('Upstream token count had no count; answering with the local estimate', { backend: upstream.backendName });
  } catch (error) {
    if (isClientAbort(error)) throw error;
    ctx.logger.warn('Upstream token count failed; answering with the local estimate', {
      backend: upstream.backendName,
      reason: (error as Error).message,
      status: (error as { status?: number }).status,
    });
  }
  return { input_tokens: ctx.inputTokenEstimate };
}
