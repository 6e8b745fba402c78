import { definePlugin, rewriteModelField, serveViaAnthropicMessages, type MessagesContext, type MessagesResult } from '../../core';
import { probeAnthropic } from './probe';
import type { Settings } from './settings.generated';

type Piped = Extract<MessagesResult, { type: 'raw' }>;

/**
 * The client's request goes on to Anthropic with the upstream model and the
 * operator's key (never the client's), and the answer (JSON or SSE) comes
 * back byte for byte. Only `model` changes: the bytes are not decoded and encoded again.
 */
function forward(ctx: Omit<MessagesContext<Settings>, 'stream'>, path: string): Promise<Piped> {
  const { ANTHROPIC_API_BASE: base, ANTHROPIC_API_KEY: key } = ctx.settings;
  const body = rewriteModelField(ctx.rawBody, ctx.requestedModel, ctx.upstreamModel) ?? JSON.stringify({ ...ctx.body, model: ctx.upstreamModel });
  const call = { url: `${base.replace(/\/+$/, '')}${path}`, headers: { 'x-api-key': key }, body, backendName: 'Anthropic' };
  // The kit answers with the upstream's bytes (`raw`), and never reads `stream`, which a count_tokens context has not.
  return serveViaAnthropicMessages(ctx as unknown as MessagesContext, call) as Promise<Piped>;
}

export default definePlugin<Settings>({
  // Anthropic knows every Claude id, dated ones included: they go as sent.
  resolveModel: (requested) => (requested.startsWith('claude-') ? requested : undefined),
  messages: (ctx) => forward(ctx, '/v1/messages'),
  countTokens: (ctx) => forward(ctx, '/v1/messages/count_tokens'),
  health: (settings) => ({ api_base: settings.ANTHROPIC_API_BASE }),
  probe: probeAnthropic,
});
