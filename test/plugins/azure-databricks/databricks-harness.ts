import Anthropic from '@anthropic-ai/sdk';
import type { GatewayConfig } from '../../../core/config/config-schema';
import { startGateway, type TestGateway } from '../../helpers/start-gateway';
import { startFakeDatabricks, type FakeDatabricks, type FakeDatabricksOptions, type ReceivedRequest } from '../../../scripts/simulators';

export const TOKEN = 'dapi-test-token-0123456789';

export interface DatabricksHarness {
  dbx: FakeDatabricks;
  gw: TestGateway;
  client: Anthropic;
  /** Requests that reached a serving route (invocations, chat, or the native Anthropic route). */
  served(): ReceivedRequest[];
  close(): Promise<void>;
}

/** A fake workspace and a gateway pointed at it with PROXY_BACKEND=AZURE_DATABRICKS (env and config can override). */
export async function startDatabricksHarness(
  env: Record<string, string> = {},
  config: GatewayConfig = {},
  fakeOptions: FakeDatabricksOptions = {},
): Promise<DatabricksHarness> {
  const dbx = await startFakeDatabricks({ token: TOKEN, ...fakeOptions });
  const gw = await startGateway(
    { PROXY_BACKEND: 'AZURE_DATABRICKS', DATABRICKS_HOST: dbx.url, DATABRICKS_TOKEN: TOKEN, DATABRICKS_MAX_RETRIES: '0', ...env },
    config,
  );
  return {
    dbx,
    gw,
    client: new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 0 }),
    served: () => dbx.received.filter((req) => req.route === 'invocations' || req.route === 'anthropic' || req.route === 'chat'),
    async close() {
      await gw.close();
      await dbx.close();
    },
  };
}
