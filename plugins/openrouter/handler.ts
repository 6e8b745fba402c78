import { definePlugin, serveViaOpenAIChat, type MessagesContext } from '../../core';
import { ANTHROPIC_MODEL, openRouterApiFor } from './choose-openrouter-api';
import { normalizeModelId } from './normalize-model-id';
import { probeOpenRouter } from './probe';
import { serveMessagesRoute, type OpenRouterCall } from './serve-messages-route';
import type { Settings } from './settings.generated';

/**
 * `gateway.config.ts` -> `plugins.OPENROUTER`:
 * - `provider`: OpenRouter provider preferences, sent as the body's `provider` field
 *   (order, allow_fallbacks, require_parameters, data_collection, sort, ...), on both routes.
 * - `headers`: extra request headers.
 */
interface OpenRouterOptions {
  provider?: Record<string, unknown>;
  headers?: Record<string, string>;
}

function openRouterCall(ctx: MessagesContext<Settings>): OpenRouterCall {
  const options = ctx.options as OpenRouterOptions;
  return {
    base: ctx.settings.OPENROUTER_API_BASE.replace(/\/+$/, ''),
    headers: {
      authorization: `Bearer ${ctx.settings.OPENROUTER_API_KEY}`,
      'http-referer': ctx.settings.OPENROUTER_HTTP_REFERER,
      'x-title': ctx.settings.OPENROUTER_APP_TITLE,
      ...options.headers,
    },
    provider: options.provider,
  };
}

function serveChat(ctx: MessagesContext, call: OpenRouterCall) {
  return serveViaOpenAIChat(ctx, {
    url: `${call.base}/chat/completions`,
    backendName: 'OpenRouter',
    // The generation id, which OpenRouter's activity page and /generation endpoint look calls up by.
    requestIdHeader: 'x-generation-id',
    headers: call.headers,
    // Only Anthropic models take cache breakpoints through OpenRouter.
    translation: ANTHROPIC_MODEL.test(ctx.upstreamModel) ? {} : { cachePolicy: 'strip' },
    adjustBody(body) {
      if (call.provider) body.provider = call.provider;
    },
  });
}

export default definePlugin<Settings>({
  resolveModel: (requested) => normalizeModelId(requested),
  upstreamApi: openRouterApiFor,

  messages(ctx) {
    const call = openRouterCall(ctx);
    return openRouterApiFor(ctx.upstreamModel, ctx.settings) === 'messages' ? serveMessagesRoute(ctx, call) : serveChat(ctx, call);
  },

  health: (settings) => ({ openrouter: { api_base: settings.OPENROUTER_API_BASE, api: settings.OPENROUTER_API } }),
  probe: probeOpenRouter,
});
