import type { PluginSettings } from '../../core';
import { resolveBaseUrl, workspaceName } from './resolve-base-url';

export type DatabricksApi = 'invocations' | 'messages';

export interface DatabricksSettings {
  baseUrl: string;
  workspace: string;
  token: string;
  api: DatabricksApi;
  codingAgentMode: boolean;
  timeoutSeconds: number;
}

// A backend's settings object lives as long as the process: read it once.
const read = new WeakMap<PluginSettings, DatabricksSettings>();

/** The plugin's settings in its own terms (the manifest declared and typed them). */
export function readDatabricksSettings(settings: PluginSettings): DatabricksSettings {
  let dbx = read.get(settings);
  if (!dbx) {
    dbx = interpret(settings);
    read.set(settings, dbx);
  }
  return dbx;
}

function interpret(settings: PluginSettings): DatabricksSettings {
  const baseUrl = resolveBaseUrl(String(settings.DATABRICKS_HOST ?? ''));
  return {
    baseUrl,
    workspace: workspaceName(baseUrl),
    token: String(settings.DATABRICKS_TOKEN ?? ''),
    api: settings.DATABRICKS_API === 'messages' ? 'messages' : 'invocations',
    codingAgentMode: settings.DATABRICKS_CODING_AGENT_MODE !== false,
    timeoutSeconds: Number(settings.DATABRICKS_TIMEOUT) || 30,
  };
}

/** Bearer auth, and the coding-agent header Databricks' own Claude Code setup sends. */
export function databricksHeaders(dbx: DatabricksSettings): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${dbx.token}` };
  if (dbx.codingAgentMode) headers['x-databricks-use-coding-agent-mode'] = 'true';
  return headers;
}
