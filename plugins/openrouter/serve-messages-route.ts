import { rewriteModelField, serveViaAnthropicMessages, stringifyJsonToBuffer, type MessagesContext, type MessagesResult } from '../../core';

export interface OpenRouterCall {
  base: string;
  headers: Record<string, string>;
  /** `plugins.OPENROUTER.provider` from gateway.config.ts. */
  provider?: Record<string, unknown>;
}

// The same preferences object on every request: its JSON is made once.
const providerFields = new WeakMap<object, Buffer>();

function providerField(provider: Record<string, unknown>): Buffer {
  let bytes = providerFields.get(provider);
  if (!bytes) {
    bytes = Buffer.from(`,"provider":${JSON.stringify(provider)}`);
    providerFields.set(provider, bytes);
  }
  return bytes;
}

/**
 * The client's bytes with `model` set to OpenRouter's id, and the provider
 * preferences (the route takes them as chat does, a top-level `provider`) put
 * right after it; nothing else is decoded or re-encoded. A body whose `model`
 * cannot be found as expected is re-serialised instead.
 */
function upstreamBody(ctx: MessagesContext, provider: Record<string, unknown> | undefined): Buffer[] {
  const pieces = rewriteModelField(ctx.rawBody, ctx.requestedModel, ctx.upstreamModel);
  if (!pieces) return [stringifyJsonToBuffer(provider ? { ...ctx.body, model: ctx.upstreamModel, provider } : { ...ctx.body, model: ctx.upstreamModel })];
  if (!provider) return pieces;
  const [before, model, after] = pieces as [Buffer, Buffer, Buffer];
  return [before, model, providerField(provider), after];
}

/**
 * OpenRouter's Anthropic Messages route (`{base}/messages`): a byte
 * pass-through; the answer comes back as sent (the core echoes the requested
 * model in it and reads its usage on the way).
 */
export function serveMessagesRoute(ctx: MessagesContext, call: OpenRouterCall): Promise<MessagesResult> {
  return serveViaAnthropicMessages(ctx, {
    url: `${call.base}/messages`,
    headers: call.headers,
    body: upstreamBody(ctx, call.provider),
    backendName: 'OpenRouter',
    requestIdHeader: 'x-generation-id',
  });
}
