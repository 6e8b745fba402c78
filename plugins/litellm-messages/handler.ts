import { definePlugin, type MessagesContext, type PluginSettings } from '../../core/plugins/plugin-contract';
import { rewriteModelField } from '../../core/kit/rewrite-model-field';
import { LiteLLMProxy } from './proxy-to-litellm';

const proxies = new Map<string, LiteLLMProxy>();

function proxyFor(settings: PluginSettings): LiteLLMProxy {
  const baseUrl = String(settings.LITELLM_BASE_URL);
  let proxy = proxies.get(baseUrl);
  if (!proxy) {
    proxy = new LiteLLMProxy(baseUrl);
    proxies.set(baseUrl, proxy);
  }
  return proxy;
}

/**
 * LITELLM_API_KEY when set; otherwise the client's own credentials go through,
 * so each Claude Code user can bring a LiteLLM virtual key.
 */
function authHeaders(settings: PluginSettings): Record<string, string | undefined> {
  const key = settings.LITELLM_API_KEY;
  if (typeof key === 'string' && key) return { authorization: `Bearer ${key}`, 'x-api-key': undefined };
  return {};
}

async function forward(ctx: Omit<MessagesContext, 'stream'>, path: string, body: Buffer) {
  await proxyFor(ctx.settings).forward({
    req: ctx.http.req,
    res: ctx.http.res,
    path: ctx.query ? `${path}?${ctx.query}` : path,
    body,
    headers: {
      ...authHeaders(ctx.settings),
      // Errors are read and normalised here, so they must arrive uncompressed.
      'accept-encoding': 'identity',
      'content-type': 'application/json',
      // The body sent is the one already read (and inflated): describe it, not the client's encoding.
      'content-encoding': undefined,
      'transfer-encoding': undefined,
      'x-request-id': ctx.requestId,
    },
    timeouts: ctx.timeouts,
    signal: ctx.signal,
  });
  return { type: 'handled' as const };
}

/** Only `model` changes; every other field, known or not, goes through as sent. */
function withModel(ctx: Omit<MessagesContext, 'stream'>): Buffer {
  return (
    rewriteModelField(ctx.rawBody, ctx.body.model, ctx.upstreamModel) ??
    Buffer.from(JSON.stringify({ ...ctx.body, model: ctx.upstreamModel }))
  );
}

export default definePlugin({
  messages: (ctx) => forward(ctx, '/v1/messages', withModel(ctx)),
  countTokens: (ctx) => forward(ctx, '/v1/messages/count_tokens', withModel(ctx)),
  health: (settings) => ({ litellm: { base_url: settings.LITELLM_BASE_URL } }),
});
