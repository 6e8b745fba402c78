import { openRouterError } from '../../scripts/simulators';
import { postJson, startGateway } from '../helpers/start-gateway';
import { startOpenRouterRig } from '../plugins/openrouter/openrouter-harness';

// /health is liveness (200 while the process can serve), /health/ready is
// readiness (503 while unconfigured or draining). Both answer strangers: no
// upstream text, no secret.

const ASK = { model: 'claude-sonnet-4', max_tokens: 32, messages: [{ role: 'user', content: 'hello' }] };
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

async function get(url: string) {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

describe('GET /health/ready', () => {
  it('is 503 while the active backend is not configured; /health stays 200, degraded', async () => {
    const gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER' });
    try {
      const ready = await get(`${gw.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.json).toEqual({ status: 'not_ready', reason: 'unconfigured', backend: 'OPENROUTER' });
      const live = await get(`${gw.url}/health`);
      expect(live.status).toBe(200);
      expect(live.json).toMatchObject({ status: 'degraded', backend: 'OPENROUTER', missing: ['OPENROUTER_API_KEY'] });
    } finally {
      await gw.close();
    }
  });

  it('is 200 when configured, and 503 once the gateway is draining (liveness stays 200)', async () => {
    const gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-v1-x' });
    try {
      const ready = await get(`${gw.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.json).toEqual({ status: 'ready', backend: 'OPENROUTER' });

      gw.gateway.state.draining = true;
      const draining = await get(`${gw.url}/health/ready`);
      expect(draining.status).toBe(503);
      expect(draining.json).toEqual({ status: 'not_ready', reason: 'draining', backend: 'OPENROUTER' });
      expect((await get(`${gw.url}/health`)).status).toBe(200);
    } finally {
      gw.gateway.state.draining = false;
      await gw.close();
    }
  });

  it('stays 200 while the breaker is open: an upstream outage must not take every replica out of the Service', async () => {
    const rig = await startOpenRouterRig({}, { circuitBreaker: { failureThreshold: 1, coolDownMs: 60_000 } });
    try {
      rig.fake.script({ times: 1, reply: openRouterError(500, 'down') });
      expect((await postJson(`${rig.gw.url}/v1/messages`, ASK)).status).toBe(500);
      const live = await get(`${rig.gw.url}/health`);
      expect(live.status).toBe(200);
      expect(live.json.backends.OPENROUTER.circuit.state).toBe('open');
      expect((await get(`${rig.gw.url}/health/ready`)).status).toBe(200);
    } finally {
      await rig.close();
    }
  });
});

describe('health routes carry no upstream text', () => {
  it('an upstream 500 echoing a token and SECRETTEXT shows in /health only as its class', async () => {
    const rig = await startOpenRouterRig();
    try {
      rig.fake.script({ reply: openRouterError(500, `SECRETTEXT: upstream failed for Bearer ${JWT}`) });
      for (let i = 0; i < 5; i++) await postJson(`${rig.gw.url}/v1/messages`, ASK);
      for (const path of ['/health', '/health/ready']) {
        const { text } = await get(`${rig.gw.url}${path}`);
        expect(text).not.toContain('SECRETTEXT');
        expect(text).not.toContain(JWT.slice(0, 20));
      }
      expect((await get(`${rig.gw.url}/health`)).json.backends.OPENROUTER.circuit.lastError).toBe('http_500');
    } finally {
      await rig.close();
    }
  });

  it('a set but invalid setting shows by name only, never its value', async () => {
    const gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-v1-x', OPENROUTER_API_BASE: 'user:SECRETTEXT@nowhere' });
    try {
      const { status, text, json } = await get(`${gw.url}/health`);
      expect(status).toBe(200);
      expect(json).toMatchObject({ status: 'degraded', missing: [], invalid: ['OPENROUTER_API_BASE'] });
      expect(text).not.toContain('SECRETTEXT');
    } finally {
      await gw.close();
    }
  });
});
