import { structuredOutputSuite } from '../structured-output-suite';
import { startOpenRouterRig } from './openrouter-harness';

structuredOutputSuite('OPENROUTER', {
  wire: 'chat',
  model: 'claude-sonnet-4',
  async start() {
    const rig = await startOpenRouterRig();
    return { client: rig.client, gatewayUrl: rig.gw.url, upstream: rig.fake, served: () => rig.fake.received.filter((req) => req.route === 'chat'), close: rig.close };
  },
});
