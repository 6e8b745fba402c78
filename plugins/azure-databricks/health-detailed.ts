import type { RouteContext, RouteResult } from '../../core';
import { failureClassOf, requestUpstream, type FailureClass } from '../../core';
import { databricksHeaders, readDatabricksSettings, type DatabricksSettings } from './databricks-settings';
import { endpointMap } from './endpoint-map';
import { unconfiguredReport } from './health';
import type { Settings } from './settings.generated';

// A health check must answer while the workspace does not.
const CHECK_TIMEOUT_MS = 5_000;

export type EndpointReadiness = 'ready' | 'not_ready' | 'not_found' | 'error';

export interface EndpointReport {
  name: string;
  models: string[];
  state: EndpointReadiness;
  /** Databricks' own state words: `state.ready` / `state.config_update`. */
  ready?: string;
  config_update?: string;
  /** A failure as a class only (`http_403`, `timeout`): this route answers strangers. */
  error?: FailureClass;
}

/** Asks `GET /api/2.0/serving-endpoints/{name}` how one endpoint is doing. */
async function checkEndpoint(dbx: DatabricksSettings, name: string, models: string[], signal: AbortSignal): Promise<EndpointReport> {
  const timeoutMs = Math.min(CHECK_TIMEOUT_MS, dbx.timeoutSeconds * 1000);
  try {
    const response = await requestUpstream({
      url: `${dbx.baseUrl}/api/2.0/serving-endpoints/${encodeURIComponent(name)}`,
      method: 'GET',
      headers: { authorization: databricksHeaders(dbx).authorization, accept: 'application/json' },
      signal,
      timeouts: { headersMs: timeoutMs, idleMs: timeoutMs },
      backend: 'Azure Databricks',
    });
    if (response.status >= 300) {
      await response.dump();
      return { name, models, state: response.status === 404 ? 'not_found' : 'error', error: `http_${response.status}` };
    }
    const state = ((await response.json()) as { state?: { ready?: string; config_update?: string } }).state ?? {};
    return { name, models, state: state.ready === 'READY' ? 'ready' : 'not_ready', ready: state.ready, config_update: state.config_update };
  } catch (error) {
    if (signal.aborted) throw error;
    return { name, models, state: 'error', error: failureClassOf(error) };
  }
}

/** GET /v1/databricks/health/detailed: each mapped serving endpoint's state, asked of the workspace in parallel. */
export async function databricksHealthDetailed(ctx: RouteContext<Settings>): Promise<RouteResult> {
  if (!ctx.configured) return unconfiguredReport(ctx);
  const dbx = readDatabricksSettings(ctx.settings);
  const endpoints = await Promise.all(
    Object.entries(endpointMap(ctx)).map(([name, models]) => checkEndpoint(dbx, name, models, ctx.signal)),
  );
  const healthy = endpoints.every((endpoint) => endpoint.state === 'ready');
  return {
    status: healthy ? 200 : 503,
    body: { status: healthy ? 'healthy' : 'unhealthy', workspace: dbx.workspace, mode: dbx.api, endpoints },
  };
}
