import { startGateway } from '../../helpers/start-gateway';
import { startDatabricksHarness, TOKEN, type DatabricksHarness } from './databricks-harness';

const INVOCATIONS = '/serving-endpoints/{endpoint}/invocations';

async function getJson(url: string) {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

describe('GET /v1/databricks/health', () => {
  let h: DatabricksHarness;
  beforeAll(async () => {
    h = await startDatabricksHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.dbx.reset());

  const health = () => getJson(`${h.gw.url}/v1/databricks/health`);
  const ask = () => h.client.messages.create({ model: 'claude-sonnet-4', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });

  it('reports the configuration, never the token, and follows the last upstream outcome', async () => {
    const fresh = await health();
    expect(fresh.status).toBe(200);
    expect(fresh.json).toMatchObject({
      status: 'healthy',
      workspace: new URL(h.dbx.url).host,
      mode: 'invocations',
      coding_agent_mode: true,
      last_upstream: null,
      endpoints: {
        'databricks-claude-sonnet-4': ['claude-sonnet-4', 'anthropic/claude-sonnet-4', 'big'],
        'databricks-claude-3-7-sonnet': ['claude-3.7-sonnet', 'claude-3-7-sonnet', 'small', '(default)'],
      },
    });
    expect(fresh.text).not.toContain(TOKEN);

    h.dbx.script({ path: INVOCATIONS, times: 1, reply: { kind: 'failure', status: 500, message: 'Internal error in model serving' } });
    await expect(ask()).rejects.toMatchObject({ status: 500 });
    const failing = await health();
    expect(failing.status).toBe(503);
    expect(failing.json).toMatchObject({ status: 'unhealthy', last_upstream: { ok: false, status: 500, error: 'http_500' } });
    expect(failing.text).not.toContain('Internal error in model serving');

    await ask();
    const recovered = await health();
    expect(recovered.status).toBe(200);
    expect(recovered.json.last_upstream).toMatchObject({ ok: true, status: 200 });
  });

  it("does not count the request's own faults (400) against the workspace", async () => {
    await ask();
    h.dbx.script({ path: INVOCATIONS, times: 1, reply: { kind: 'failure', status: 400, message: 'Bad input' } });
    await expect(ask()).rejects.toMatchObject({ status: 400 });
    expect((await health()).status).toBe(200);
  });

  it('counts a failure after streaming began', async () => {
    h.dbx.script({ path: INVOCATIONS, times: 1, reply: { kind: 'turn', turn: { text: 'partial answer that breaks' }, midStreamError: { afterEvents: 2, message: 'Model crashed mid-stream' } } });
    await expect(
      h.client.messages.stream({ model: 'claude-sonnet-4', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage(),
    ).rejects.toMatchObject({ error: { type: 'error', error: { type: 'api_error', message: 'Model crashed mid-stream' } } });
    const report = await health();
    expect(report.status).toBe(503);
    expect(report.json.last_upstream).toMatchObject({ ok: false, error: 'stream_error' });
    expect(report.text).not.toContain('Model crashed');
  });

  it('carries no upstream text: an upstream 500 echoing a token and SECRETTEXT shows only as its class', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    h.dbx.script({ path: INVOCATIONS, times: 1, reply: { kind: 'failure', status: 500, message: `SECRETTEXT: bad token ${jwt} dapi-notahextoken-xyz` } });
    await expect(ask()).rejects.toMatchObject({ status: 500 });
    for (const path of ['/v1/databricks/health', '/health', '/health/ready']) {
      const { text } = await getJson(`${h.gw.url}${path}`);
      expect(text).not.toContain('SECRETTEXT');
      expect(text).not.toContain(jwt.slice(0, 20));
      expect(text).not.toContain('dapi-');
    }
    expect((await health()).json.last_upstream).toMatchObject({ ok: false, error: 'http_500' });
  });

  it('adds a databricks block to /health', async () => {
    await ask();
    const { json } = await getJson(`${h.gw.url}/health`);
    expect(json).toMatchObject({
      backend: 'AZURE_DATABRICKS',
      databricks: { workspace: new URL(h.dbx.url).host, mode: 'invocations', last_upstream: { ok: true } },
    });
    expect(JSON.stringify(json)).not.toContain(TOKEN);
  });
});

describe('GET /v1/databricks/health/detailed', () => {
  let h: DatabricksHarness;
  beforeAll(async () => {
    h = await startDatabricksHarness({ DATABRICKS_API: 'messages' });
  });
  afterAll(() => h.close());
  beforeEach(() => h.dbx.reset());

  const detailed = () => getJson(`${h.gw.url}/v1/databricks/health/detailed`);

  it('asks the workspace about each distinct mapped endpoint: 200 when all are ready', async () => {
    const { status, json, text } = await detailed();
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'healthy', workspace: new URL(h.dbx.url).host, mode: 'messages' });
    const ready = { state: 'ready', ready: 'READY', config_update: 'NOT_UPDATING' };
    expect(json.endpoints).toEqual([
      { name: 'databricks-claude-sonnet-4', models: ['claude-sonnet-4', 'anthropic/claude-sonnet-4', 'big'], ...ready },
      { name: 'databricks-claude-3-7-sonnet', models: ['claude-3.7-sonnet', 'claude-3-7-sonnet', 'small', '(default)'], ...ready },
      { name: 'databricks-claude-opus-5-5', models: ['claude-opus-5-5'], ...ready },
      { name: 'databricks-claude-opus-4-1', models: ['claude-opus-4-1'], ...ready },
      { name: 'databricks-claude-sonnet-5-5', models: ['claude-sonnet-5-5'], ...ready },
      { name: 'databricks-claude-sonnet-4-5', models: ['claude-sonnet-4-5'], ...ready },
      { name: 'databricks-claude-haiku-5-5', models: ['claude-haiku-5-5'], ...ready },
      { name: 'databricks-claude-haiku-4-5', models: ['claude-haiku-4-5'], ...ready },
    ]);
    expect(text).not.toContain(TOKEN);
    const asked = h.dbx.received.filter((r) => r.route === 'endpoint-state');
    expect(asked.map((r) => r.path).sort()).toEqual(json.endpoints.map((e: { name: string }) => `/api/2.0/serving-endpoints/${e.name}`).sort());
    expect(asked.every((r) => r.method === 'GET' && r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('reports not ready and not found endpoints with 503', async () => {
    h.dbx.setEndpoint('databricks-claude-3-7-sonnet', { ready: 'NOT_READY', configUpdate: 'IN_PROGRESS' });
    h.dbx.setEndpoint('databricks-claude-sonnet-4', undefined);
    try {
      const { status, json } = await detailed();
      expect(status).toBe(503);
      expect(json.status).toBe('unhealthy');
      expect(json.endpoints.slice(0, 2)).toEqual([
        expect.objectContaining({ name: 'databricks-claude-sonnet-4', state: 'not_found', error: 'http_404' }),
        expect.objectContaining({ name: 'databricks-claude-3-7-sonnet', state: 'not_ready', ready: 'NOT_READY', config_update: 'IN_PROGRESS' }),
      ]);
      expect(json.endpoints.slice(2).map((e: { state: string }) => e.state)).toEqual(Array(6).fill('ready'));
    } finally {
      h.dbx.setEndpoint('databricks-claude-3-7-sonnet', {});
      h.dbx.setEndpoint('databricks-claude-sonnet-4', {});
    }
  });

  it('reports other failures by class, never with their text', async () => {
    h.dbx.script({ path: '/api/2.0/serving-endpoints/{name}', reply: { kind: 'error', status: 403, body: { error_code: 'PERMISSION_DENIED', message: 'User does not have permission to view endpoint.' } } });
    const { status, json } = await detailed();
    expect(status).toBe(503);
    expect(json.endpoints.map((e: { state: string; error: string }) => [e.state, e.error])).toEqual(Array(8).fill(['error', 'http_403']));
  });
});

describe('GET /v1/databricks/health/detailed against a silent workspace', () => {
  it('gives up within the check timeout (at most DATABRICKS_TIMEOUT) and says so', async () => {
    const h = await startDatabricksHarness({ DATABRICKS_TIMEOUT: '1' });
    try {
      h.dbx.script({ path: '/api/2.0/serving-endpoints/{name}', reply: { kind: 'hang' } });
      const { status, json } = await getJson(`${h.gw.url}/v1/databricks/health/detailed`);
      expect(status).toBe(503);
      expect(json.endpoints.map((e: { state: string }) => e.state)).toEqual(Array(8).fill('error'));
      expect(json.endpoints[0].error).toBe('timeout');
    } finally {
      await h.close();
    }
  });
});

describe('/health when AZURE_DATABRICKS is active but not configured', () => {
  it('is live (200) but degraded, and still carries a databricks block, without a made-up workspace', async () => {
    const gw = await startGateway({ PROXY_BACKEND: 'AZURE_DATABRICKS' });
    try {
      const { status, json } = await getJson(`${gw.url}/health`);
      expect(status).toBe(200);
      expect(json).toMatchObject({ status: 'degraded', missing: ['DATABRICKS_HOST', 'DATABRICKS_TOKEN'], databricks: { workspace: null, mode: 'invocations', last_upstream: null } });
    } finally {
      await gw.close();
    }
  });
});
