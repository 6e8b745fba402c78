// AWS_BEDROCK's simulated upstream for the end-to-end suite: a fake Bedrock
// runtime that checks SigV4 signatures (env keys) or a Bedrock API key.

import { startFakeBedrock } from '../../scripts/simulators/bedrock';
import type { OwnUpstream } from './own-upstream';

// AWS's documented example keys: they open nothing but the fake.
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl';

export function startBedrockForE2e(auth: 'keys' | 'api-key'): () => Promise<OwnUpstream> {
  return async () => {
    const bedrock = await startFakeBedrock({ region: 'us-west-2', keys: [KEYS], apiKey: API_KEY });
    const credentials: Record<string, string> = auth === 'keys' ? { AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey } : { AWS_BEARER_TOKEN_BEDROCK: API_KEY };
    return {
      simulator: bedrock,
      env: { AWS_REGION: 'us-west-2', ANTHROPIC_BEDROCK_BASE_URL: bedrock.url, ...credentials },
      close: () => bedrock.close(),
    };
  };
}
