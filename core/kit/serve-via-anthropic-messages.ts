import type { MessagesContext, MessagesResult } from '../plugins/plugin-contract';
import { plumbingOf } from '../plugins/request-plumbing';
import { ensureUpstreamOk, requestUpstream } from '../upstream';
import { sendPiecesOnce } from '../upstream/send-once';
import { FORWARDED_CLIENT_HEADERS } from './forwarded-client-headers';

export interface AnthropicMessagesCall {
  url: string;
  headers: Record<string, string>;
  /** The bytes to send; in pieces (see rewriteModelField) they are sent one after the other, not joined when large. */
  body: string | Buffer | Buffer[];
  backendName: string;
  /** The response header that carries the upstream's id for the call; default `request-id` (Anthropic's). */
  requestIdHeader?: string;
}

const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'request-id']);

/**
 * Calls an upstream that speaks Anthropic Messages natively and hands its
 * answer to the client byte for byte (JSON or SSE, streamed as it arrives).
 * Errors before the first byte throw, so the core can retry or fall back.
 */
export async function serveViaAnthropicMessages(ctx: MessagesContext, call: AnthropicMessagesCall): Promise<MessagesResult> {
  const headers: Record<string, string> = { 'anthropic-version': '2023-06-01' };
  for (const name of FORWARDED_CLIENT_HEADERS) {
    const value = ctx.clientHeaders[name];
    if (typeof value === 'string') headers[name] = value;
  }
  // The body is the one built here, and the request id the one the client was answered with.
  headers['content-type'] = 'application/json';
  headers['x-request-id'] = ctx.requestId;
  Object.assign(headers, call.headers);
  // The bytes to send are ready: the parsed request is not needed while the upstream answers.
  const plumbing = plumbingOf(ctx);
  plumbing.releaseBody();
  const response = await ensureUpstreamOk(
    await requestUpstream({ url: call.url, method: 'POST', headers, body: Array.isArray(call.body) ? sendPiecesOnce(call.body) : call.body, signal: plumbing.clientGone, timeouts: ctx.timeouts, backend: call.backendName }),
    call.backendName,
  );
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) passed[name] = value;
  }
  // readable(), not undici's raw `stream`, so a mid-stream failure arrives as an ApiError the core can report.
  return {
    type: 'raw',
    status: response.status,
    headers: passed,
    body: response.readable(),
    upstreamRequestId: response.headers[call.requestIdHeader ?? 'request-id'],
  };
}
