import { probeUpstream, type ProbeContext, type ProbeResult } from '../../core';
import type { Settings } from './settings.generated';

const modelCount = (body: unknown) =>
  typeof body === 'object' && body !== null && Array.isArray((body as { data?: unknown }).data) ? (body as { data: unknown[] }).data.length : undefined;

/**
 * `GET /v1/models` on the LiteLLM proxy with LITELLM_API_KEY. OPENROUTER_API_KEY
 * travels in each chat request's body, so only a model call would test it.
 */
export function probeLiteLLMOpenRouter(ctx: ProbeContext<Settings>): Promise<ProbeResult> {
  const base = ctx.settings.LITELLM_BASE_URL.replace(/\/+$/, '');
  const key = ctx.settings.LITELLM_API_KEY || undefined;
  return probeUpstream(ctx, {
    url: `${base}/v1/models`,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    backend: 'LiteLLM',
    keySetting: 'LITELLM_API_KEY',
    urlSetting: 'LITELLM_BASE_URL',
    describeOk: (body) =>
      `LiteLLM answered${key ? ' and accepted LITELLM_API_KEY' : ''}; ${modelCount(body) ?? 'an unknown number of'} models served (OPENROUTER_API_KEY is checked only by a model call)`,
  });
}
