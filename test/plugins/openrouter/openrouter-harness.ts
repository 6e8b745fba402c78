import Anthropic from '@anthropic-ai/sdk';
import type { GatewayConfig } from '../../../core/config/config-schema';
import { startFakeOpenRouter, type FakeOpenRouter, type FakeOpenRouterOptions } from '../../../scripts/simulators';
import { startGateway, type TestGateway } from '../../helpers/start-gateway';

export const OPENROUTER_KEY = 'sk-or-v1-test-key-0001';

export const READ_TOOL = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

export const GREP_TOOL = {
  name: 'Grep',
  description: 'Searches files',
  input_schema: { type: 'object' as const, properties: { pattern: { type: 'string' } }, required: ['pattern'] },
};

export interface OpenRouterRig {
  fake: FakeOpenRouter;
  gw: TestGateway;
  client: Anthropic;
  /** The chat body of the last request the fake received. */
  lastBody(): any;
  close(): Promise<void>;
}

/**
 * A fake OpenRouter, a gateway with PROXY_BACKEND=OPENROUTER in front of it, and an SDK client.
 * The gateway translates to chat completions (OPENROUTER_API=chat) unless `env` says otherwise:
 * most suites here test that translation, which `auto` would skip for Anthropic models.
 */
export async function startOpenRouterRig(
  env: Record<string, string> = {},
  config: GatewayConfig = {},
  fakeOptions: FakeOpenRouterOptions = {},
): Promise<OpenRouterRig> {
  const fake = await startFakeOpenRouter({ apiKey: OPENROUTER_KEY, ...fakeOptions });
  const gw = await startGateway(
    {
      PROXY_BACKEND: 'OPENROUTER',
      OPENROUTER_API_KEY: OPENROUTER_KEY,
      OPENROUTER_API_BASE: fake.baseUrl,
      OPENROUTER_MAX_RETRIES: '0',
      OPENROUTER_API: 'chat',
      ...env,
    },
    config,
  );
  const client = new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 0 });
  return {
    fake,
    gw,
    client,
    lastBody: () => fake.received.at(-1)!.json,
    async close() {
      await gw.close();
      await fake.close();
    },
  };
}
