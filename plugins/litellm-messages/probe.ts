import { probeUpstream, type ProbeContext, type ProbeResult } from '../../core';
import type { Settings } from './settings.generated';

const modelCount = (body: unknown) =>
  typeof body === 'object' && body !== null && Array.isArray((body as { data?: unknown }).data) ? (body as { data: unknown[] }).data.length : undefined;

/** `GET /v1/models` on the LiteLLM proxy: no model call, and it needs LiteLLM's key when the proxy has one. */
export async function probeLiteLLMMessages(ctx: ProbeContext<Settings>): Promise<ProbeResult> {
  const base = ctx.settings.LITELLM_BASE_URL.replace(/\/+$/, '');
  const key = ctx.settings.LITELLM_API_KEY || undefined;
  const result = await probeUpstream(ctx, {
    url: `${base}/v1/models`,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    backend: 'LiteLLM',
    keySetting: 'LITELLM_API_KEY',
    urlSetting: 'LITELLM_BASE_URL',
    describeOk: (body) => `LiteLLM answered${key ? ' and accepted LITELLM_API_KEY' : ''}; ${modelCount(body) ?? 'an unknown number of'} models served`,
  });
  // Without LITELLM_API_KEY the gateway forwards each client's own key: a proxy that wants one is as expected.
  if (!key && result.outcome === 'key_rejected') {
    return { ...result, outcome: 'ok', detail: "LiteLLM answered and wants a key; LITELLM_API_KEY is not set, so each client's own LiteLLM key is forwarded" };
  }
  return result;
}
