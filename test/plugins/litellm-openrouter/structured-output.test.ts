import Anthropic from '@anthropic-ai/sdk';
import { startGateway } from '../../helpers/start-gateway';
import { startFakeLiteLLM } from '../../../scripts/simulators';
import { structuredOutputSuite } from '../structured-output-suite';

const LITELLM_KEY = 'sk-litellm-master-0003';

structuredOutputSuite('LITELLM_OPENROUTER', {
  wire: 'chat',
  model: 'claude-sonnet-4',
  async start() {
    const litellm = await startFakeLiteLLM({ apiKey: LITELLM_KEY });
    const gw = await startGateway({
      PROXY_BACKEND: 'LITELLM_OPENROUTER',
      OPENROUTER_API_KEY: 'sk-or-v1-structured',
      LITELLM_API_KEY: LITELLM_KEY,
      LITELLM_BASE_URL: litellm.url,
      LITELLM_MAX_RETRIES: '0',
    });
    return {
      client: new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 0 }),
      gatewayUrl: gw.url,
      upstream: litellm,
      served: () => litellm.received.filter((req) => req.route === 'chat'),
      async close() {
        await gw.close();
        await litellm.close();
      },
    };
  },
});
