import type { RouteContext, RouteResult } from '../../core';
import { readDatabricksSettings } from './databricks-settings';
import { endpointMap } from './endpoint-map';
import type { Settings } from './settings.generated';
import { lastOutcome } from './upstream-outcomes';

/** The 503 body of every Databricks health route when host or token is missing. */
export function unconfiguredReport(ctx: RouteContext): RouteResult {
  return {
    status: 503,
    body: {
      status: 'unconfigured',
      message: ctx.manifest.unconfiguredMessage ?? 'Azure Databricks host and token must be configured',
      missing: ctx.missing,
    },
  };
}

/** The Databricks block of /health when this backend is active (never the token); it is asked while DATABRICKS_HOST is unset too. */
export function healthBlock(settings: Settings): Record<string, unknown> {
  if (!settings.DATABRICKS_HOST) return { databricks: { workspace: null, mode: settings.DATABRICKS_API, last_upstream: null } };
  const dbx = readDatabricksSettings(settings);
  return { databricks: { workspace: dbx.workspace, mode: dbx.api, last_upstream: lastOutcome(dbx.baseUrl) ?? null } };
}

/**
 * GET /v1/databricks/health: the configuration and the last upstream outcome.
 * 200 only when configured and the last call did not fail, so `curl -f` alerts on the rest.
 */
export async function databricksHealth(ctx: RouteContext<Settings>): Promise<RouteResult> {
  if (!ctx.configured) return unconfiguredReport(ctx);
  const dbx = readDatabricksSettings(ctx.settings);
  const outcome = lastOutcome(dbx.baseUrl);
  const healthy = outcome?.ok !== false;
  return {
    status: healthy ? 200 : 503,
    body: {
      status: healthy ? 'healthy' : 'unhealthy',
      workspace: dbx.workspace,
      mode: dbx.api,
      coding_agent_mode: dbx.codingAgentMode,
      timeout_seconds: dbx.timeoutSeconds,
      endpoints: endpointMap(ctx),
      last_upstream: outcome ?? null,
    },
  };
}
