import { definePlugin, rewriteModelField, stringifyJsonToBuffer, takeOverResponse, type MessagesContext, type MessagesResult, type UpstreamTimeouts } from '../../core';
import { probeLiteLLMMessages } from './probe';
import type { LiteLLMProxy } from './proxy-to-litellm';
import type { Settings } from './settings.generated';

type RawOrHandled = Extract<MessagesResult, { type: 'raw' | 'handled' }>;

const proxies = new Map<string, LiteLLMProxy>();
// A backend's settings and timeouts are the same objects on every request: found here, the key need not be built.
const proxyBySettings = new WeakMap<Settings, { timeouts: UpstreamTimeouts; proxy: LiteLLMProxy }>();

/**
 * LITELLM_API_KEY when set; otherwise the client's own credentials go through,
 * so each Claude Code user can bring a LiteLLM virtual key.
 */
function proxyFor(settings: Settings, timeouts: UpstreamTimeouts): LiteLLMProxy {
  const known = proxyBySettings.get(settings);
  if (known?.timeouts === timeouts) return known.proxy;
  const baseUrl = settings.LITELLM_BASE_URL;
  const apiKey = settings.LITELLM_API_KEY || undefined;
  const id = `${baseUrl} ${apiKey ?? ''} ${timeouts.headersMs} ${timeouts.idleMs}`;
  let proxy = proxies.get(id);
  if (!proxy) {
    // Loaded on first use: http-proxy-middleware costs about 12 MB of resident memory, for nothing when another backend is active.
    const { LiteLLMProxy: Proxy } = require('./proxy-to-litellm') as typeof import('./proxy-to-litellm');
    proxy = new Proxy({ baseUrl, apiKey, timeouts });
    proxies.set(id, proxy);
  }
  proxyBySettings.set(settings, { timeouts, proxy });
  return proxy;
}

async function forward(ctx: Omit<MessagesContext<Settings>, 'stream'>, path: string, body: Buffer[]): Promise<RawOrHandled> {
  const { req, res, clientGone } = takeOverResponse(ctx);
  const answer = await proxyFor(ctx.settings, ctx.timeouts).forward({
    req,
    res,
    path: ctx.query ? `${path}?${ctx.query}` : path,
    body,
    requestId: ctx.requestId,
    clientGone,
  });
  // Without an answer the client has gone: there is nobody to answer.
  if (!answer) return { type: 'handled' };
  // The id LiteLLM's spend logs file the call under.
  const callId = answer.headers['x-litellm-call-id'];
  return { type: 'raw', ...answer, upstreamRequestId: Array.isArray(callId) ? callId[0] : callId };
}

/** Only `model` changes; every other field, known or not, goes through as sent. */
function withModel(ctx: Omit<MessagesContext, 'stream'>): Buffer[] {
  return rewriteModelField(ctx.rawBody, ctx.requestedModel, ctx.upstreamModel) ?? [stringifyJsonToBuffer({ ...ctx.body, model: ctx.upstreamModel })];
}

export default definePlugin<Settings>({
  messages: (ctx) => forward(ctx, '/v1/messages', withModel(ctx)),
  countTokens: (ctx) => forward(ctx, '/v1/messages/count_tokens', withModel(ctx)),
  health: (settings) => ({ litellm: { base_url: settings.LITELLM_BASE_URL } }),
  probe: probeLiteLLMMessages,
});
