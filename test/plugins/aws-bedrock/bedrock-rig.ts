import Anthropic from '@anthropic-ai/sdk';
import { startFakeBedrock, type FakeBedrock, type FakeBedrockOptions } from '../../../scripts/simulators/bedrock';
import { startGateway, type TestGateway } from '../../helpers/start-gateway';

// Test keys in AWS's documented example format; they open nothing but the fake.
export const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
export const API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl';

export interface BedrockRig {
  bedrock: FakeBedrock;
  gw: TestGateway;
  client: Anthropic;
  close(): Promise<void>;
}

/** A fake Bedrock in `region` and a gateway on AWS_BEDROCK pointed at it; env keys unless `env` says otherwise. */
export async function startBedrockRig(env: Record<string, string> = {}, fake: FakeBedrockOptions = {}): Promise<BedrockRig> {
  const region = env.AWS_REGION ?? 'us-east-1';
  const bedrock = await startFakeBedrock({ region, keys: [KEYS], apiKey: API_KEY, ...fake });
  const gw = await startGateway({
    PROXY_BACKEND: 'AWS_BEDROCK',
    AWS_REGION: region,
    ANTHROPIC_BEDROCK_BASE_URL: bedrock.url,
    AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
    AWS_BEDROCK_MAX_RETRIES: '0',
    ...env,
  });
  const client = new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 0 });
  return {
    bedrock,
    gw,
    client,
    async close() {
      await gw.close();
      await bedrock.close();
    },
  };
}

export const READ_TOOL = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};
