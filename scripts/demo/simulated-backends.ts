// Gateway settings that point every backend at the simulated upstreams, shared
// by the demo and the end-to-end suite. All three are set whatever backend is
// chosen, so a fallback or a stray .env entry can never reach a real host.

export const DEMO_BACKENDS = ['OPENROUTER', 'LITELLM_OPENROUTER', 'LITELLM_MESSAGES', 'AZURE_DATABRICKS'] as const;
export type DemoBackend = (typeof DEMO_BACKENDS)[number];

export const DATABRICKS_APIS = ['invocations', 'messages'] as const;
export type DatabricksApi = (typeof DATABRICKS_APIS)[number];

/** Made-up credentials: the simulators are started expecting exactly these. */
export const SIMULATOR_CREDENTIALS = {
  openrouterKey: 'sk-or-simulated',
  databricksToken: 'dapi-simulated',
} as const;

export interface SimulatorUrls {
  openrouter: { baseUrl: string };
  litellm: { url: string };
  databricks: { url: string };
}

export function gatewayEnvForSimulators(
  backend: DemoBackend,
  urls: SimulatorUrls,
  databricksApi: DatabricksApi = 'invocations',
): Record<string, string> {
  return {
    PROXY_BACKEND: backend,
    OPENROUTER_API_BASE: urls.openrouter.baseUrl,
    OPENROUTER_API_KEY: SIMULATOR_CREDENTIALS.openrouterKey,
    LITELLM_BASE_URL: urls.litellm.url,
    DATABRICKS_HOST: urls.databricks.url,
    DATABRICKS_TOKEN: SIMULATOR_CREDENTIALS.databricksToken,
    DATABRICKS_API: databricksApi,
  };
}
