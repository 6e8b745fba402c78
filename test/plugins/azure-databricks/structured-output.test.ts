import type { StructuredOutputRig } from '../structured-output-suite';
import { structuredOutputSuite } from '../structured-output-suite';
import { startDatabricksHarness } from './databricks-harness';

async function databricksRig(env: Record<string, string>): Promise<StructuredOutputRig> {
  const h = await startDatabricksHarness(env);
  return { client: h.client, gatewayUrl: h.gw.url, upstream: h.dbx, served: h.served, close: h.close };
}

structuredOutputSuite('AZURE_DATABRICKS invocations', { wire: 'chat', model: 'claude-sonnet-4', start: () => databricksRig({}) });
structuredOutputSuite('AZURE_DATABRICKS messages (pass-through)', { wire: 'anthropic', model: 'claude-sonnet-4', start: () => databricksRig({ DATABRICKS_API: 'messages' }) });
