import { probeUpstream, type ProbeContext, type ProbeResult } from '../../core';
import { readDatabricksSettings } from './databricks-settings';
import type { Settings } from './settings.generated';

/** The names in a `GET /api/2.0/serving-endpoints` answer. */
function endpointNames(body: unknown): string[] {
  const endpoints = typeof body === 'object' && body !== null ? (body as { endpoints?: unknown }).endpoints : undefined;
  return Array.isArray(endpoints) ? endpoints.map((endpoint) => String((endpoint as { name?: unknown })?.name)) : [];
}

/** `GET /api/2.0/serving-endpoints`: the workspace's endpoint list, which needs the token and calls no model. */
export async function probeDatabricks(ctx: ProbeContext<Settings>): Promise<ProbeResult> {
  const dbx = readDatabricksSettings(ctx.settings);
  const fallback = ctx.manifest.models.default;
  const result = await probeUpstream(ctx, {
    url: `${dbx.baseUrl}/api/2.0/serving-endpoints`,
    headers: { authorization: `Bearer ${dbx.token}` },
    backend: 'Azure Databricks',
    keySetting: 'DATABRICKS_TOKEN (a token of this workspace)',
    urlSetting: 'DATABRICKS_HOST',
    describeOk(body) {
      const names = endpointNames(body);
      const hasDefault = names.includes(fallback);
      return `token accepted; ${names.length} serving endpoints, ${hasDefault ? `the default ${fallback} among them` : `not the default ${fallback} (map one you have in models.overrides.AZURE_DATABRICKS)`}`;
    },
  });
  // A token issued by another workspace is refused with 400 "Invalid Token".
  if (result.outcome === 'failed' && result.status === 400 && /invalid token/i.test(result.detail)) return { ...result, outcome: 'key_rejected' };
  return result;
}
