import { openRouterError } from '../../scripts/simulators';
import { postJson } from '../helpers/start-gateway';
import { startOpenRouterRig, type OpenRouterRig } from '../plugins/openrouter/openrouter-harness';

// With no backend to skip ahead to, the breaker never turns a request away:
// an upstream that recovers serves the very next request.

const ASK = { model: 'claude-sonnet-4', max_tokens: 32, messages: [{ role: 'user', content: 'hello' }] };

async function health(url: string) {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as any };
}

describe('the circuit breaker of the only backend', () => {
  let rig: OpenRouterRig;
  beforeAll(async () => {
    rig = await startOpenRouterRig();
  });
  afterAll(() => rig.close());

  it('five upstream 500s, then recovery: the 6th request is tried and served; /health stays 200', async () => {
    rig.fake.script({ times: 5, reply: openRouterError(500, 'Internal Server Error') });
    for (let i = 0; i < 5; i++) {
      expect((await postJson(`${rig.gw.url}/v1/messages`, ASK)).status).toBe(500);
      expect((await health(rig.gw.url)).status).toBe(200);
    }
    const open = await health(rig.gw.url);
    expect(open.body.status).toBe('degraded');
    expect(open.body.backends.OPENROUTER.circuit).toMatchObject({ state: 'open', consecutiveFailures: 5, lastError: 'http_500' });

    const sixth = await postJson(`${rig.gw.url}/v1/messages`, ASK);
    expect(sixth.status).toBe(200);
    expect(sixth.json.content[0]).toMatchObject({ type: 'text', text: 'You said: hello' });
    expect(rig.fake.received).toHaveLength(6);

    const closed = await health(rig.gw.url);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('ok');
    expect(closed.body.backends.OPENROUTER.circuit).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });
});
