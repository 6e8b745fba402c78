import { probeUpstream, type ProbeContext, type ProbeResult } from '../../core';
import type { Settings } from './settings.generated';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** `GET /api/v1/key`: OpenRouter's record of the key itself. Free, and it needs the key (its models list does not). */
export function probeOpenRouter(ctx: ProbeContext<Settings>): Promise<ProbeResult> {
  const base = ctx.settings.OPENROUTER_API_BASE.replace(/\/+$/, '');
  return probeUpstream(ctx, {
    url: `${base}/key`,
    headers: { authorization: `Bearer ${ctx.settings.OPENROUTER_API_KEY}` },
    backend: 'OpenRouter',
    keySetting: 'OPENROUTER_API_KEY',
    urlSetting: 'OPENROUTER_API_BASE',
    describeOk(body) {
      const data = isObject(body) && isObject(body.data) ? body.data : {};
      const remaining = typeof data.limit_remaining === 'number' ? `, ${data.limit_remaining} credits left on its limit` : '';
      return `key accepted${typeof data.label === 'string' ? ` (${data.label})` : ''}${remaining}`;
    },
  });
}
