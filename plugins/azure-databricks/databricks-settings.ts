import { resolveBaseUrl, workspaceName } from './resolve-base-url';
import type { Settings } from './settings.generated';

export type DatabricksApi = Settings['DATABRICKS_API'];

export interface DatabricksSettings {
  baseUrl: string;
  workspace: string;
  token: string;
  api: DatabricksApi;
  codingAgentMode: boolean;
  timeoutSeconds: number;
}

// A backend's settings object lives as long as the process: read it once.
const read = new WeakMap<Settings, DatabricksSettings>();

/** The plugin's settings in its own terms (the manifest declared and typed them). */
export function readDatabricksSettings(settings: Settings): DatabricksSettings {
  let dbx = read.get(settings);
  if (!dbx) {
    dbx = interpret(settings);
    read.set(settings, dbx);
  }
  return dbx;
}

function interpret(settings: Settings): DatabricksSettings {
  const baseUrl = resolveBaseUrl(settings.DATABRICKS_HOST);
  return {
    baseUrl,
    workspace: workspaceName(baseUrl),
    token: settings.DATABRICKS_TOKEN,
    api: settings.DATABRICKS_API,
    codingAgentMode: settings.DATABRICKS_CODING_AGENT_MODE,
    timeoutSeconds: settings.DATABRICKS_TIMEOUT,
  };
}

/** Bearer auth, and the coding-agent header Databricks' own Claude Code setup sends. */
export function databricksHeaders(dbx: DatabricksSettings): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${dbx.token}` };
  if (dbx.codingAgentMode) headers['x-databricks-use-coding-agent-mode'] = 'true';
  return headers;
}
