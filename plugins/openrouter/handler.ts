import { serveViaOpenAIChat } from '../../core/kit/serve-via-openai-chat';
import { definePlugin } from '../../core/plugins/plugin-contract';
import { normalizeModelId } from './normalize-model-id';

/**
 * `gateway.config.ts` -> `plugins.OPENROUTER`:
 * - `provider`: OpenRouter provider preferences, sent as the body's `provider` field
 *   (order, allow_fallbacks, require_parameters, data_collection, sort, ...).
 * - `headers`: extra request headers.
 */
interface OpenRouterOptions {
  provider?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** `anthropic/...` and OpenRouter's floating aliases such as `~anthropic/claude-sonnet-latest`. */
const ANTHROPIC_MODEL = /^~?anthropic\//;

export default definePlugin({
  resolveModel: (requested) => normalizeModelId(requested),

  messages(ctx) {
    const options = ctx.options as OpenRouterOptions;
    const base = String(ctx.settings.OPENROUTER_API_BASE).replace(/\/+$/, '');
    return serveViaOpenAIChat(ctx, {
      url: `${base}/chat/completions`,
      backendName: 'OpenRouter',
      // The generation id, which OpenRouter's activity page and /generation endpoint look calls up by.
      requestIdHeader: 'x-generation-id',
      headers: {
        authorization: `Bearer ${ctx.settings.OPENROUTER_API_KEY}`,
        'http-referer': String(ctx.settings.OPENROUTER_HTTP_REFERER),
        'x-title': String(ctx.settings.OPENROUTER_APP_TITLE),
        ...options.headers,
      },
      // Only Anthropic models take cache breakpoints through OpenRouter.
      translation: ANTHROPIC_MODEL.test(ctx.upstreamModel) ? {} : { cachePolicy: 'strip' },
      adjustBody(body) {
        if (options.provider) body.provider = options.provider;
      },
    });
  },

  health: (settings) => ({ openrouter: { api_base: settings.OPENROUTER_API_BASE } }),
});
