import { probeUpstream, type ProbeContext, type ProbeResult } from '../../core';
import type { Settings } from './settings.generated';

/** `GET /v1/models`: Anthropic's models list, which needs the key and calls no model. */
export function probeAnthropic(ctx: ProbeContext<Settings>): Promise<ProbeResult> {
  const base = ctx.settings.ANTHROPIC_API_BASE.replace(/\/+$/, '');
  return probeUpstream(ctx, {
    url: `${base}/v1/models`,
    headers: { 'x-api-key': ctx.settings.ANTHROPIC_API_KEY, 'anthropic-version': '2023-06-01' },
    backend: 'Anthropic',
    keySetting: 'ANTHROPIC_API_KEY',
    urlSetting: 'ANTHROPIC_API_BASE',
    describeOk: (body) => {
      const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
      return `key accepted; ${Array.isArray(data) ? data.length : 'an unknown number of'} models listed`;
    },
  });
}
