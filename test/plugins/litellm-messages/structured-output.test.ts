import Anthropic from '@anthropic-ai/sdk';
import { startGateway } from '../../helpers/start-gateway';
import { startFakeLiteLLM } from '../../../scripts/simulators';
import { structuredOutputSuite } from '../structured-output-suite';

structuredOutputSuite('LITELLM_MESSAGES (pass-through)', {
  wire: 'anthropic',
  model: 'claude-sonnet-4',
  async start() {
    const litellm = await startFakeLiteLLM();
    const gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' });
    return {
      client: new Anthropic({ baseURL: gw.url, apiKey: 'sk-client-key-0001', maxRetries: 0 }),
      gatewayUrl: gw.url,
      upstream: litellm,
      served: () => litellm.received.filter((req) => req.route === 'messages'),
      async close() {
        await gw.close();
        await litellm.close();
      },
    };
  },
});
