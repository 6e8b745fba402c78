import { definePlugin, serveViaOpenAIChat } from '../../core';
import { probeLiteLLMOpenRouter } from './probe';
import type { Settings } from './settings.generated';

export default definePlugin<Settings>({
  messages(ctx) {
    const base = ctx.settings.LITELLM_BASE_URL.replace(/\/+$/, '');
    const litellmKey = ctx.settings.LITELLM_API_KEY;
    return serveViaOpenAIChat(ctx, {
      url: `${base}/v1/chat/completions`,
      backendName: 'LiteLLM',
      // The id LiteLLM's spend logs file the call under.
      requestIdHeader: 'x-litellm-call-id',
      headers: litellmKey ? { authorization: `Bearer ${litellmKey}` } : {},
      adjustBody(body) {
        // LiteLLM's "client-side credentials": the provider key travels in the body.
        body.api_key = ctx.settings.OPENROUTER_API_KEY;
      },
    });
  },

  health: (settings) => ({ litellm: { base_url: settings.LITELLM_BASE_URL } }),
  probe: probeLiteLLMOpenRouter,
});
