import { postJson, startGateway } from '../../helpers/start-gateway';
import { startFakeDatabricks, type FakeDatabricks } from '../../../scripts/simulators';
import { TOKEN } from './databricks-harness';
import type { TestGateway } from '../../helpers/start-gateway';

const ask = (model: string, extra: Record<string, unknown> = {}) => ({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hi there' }], ...extra });

describe('dedicated Databricks routes while PROXY_BACKEND=OPENROUTER', () => {
  let dbx: FakeDatabricks;
  let gw: TestGateway;
  beforeAll(async () => {
    dbx = await startFakeDatabricks({ token: TOKEN });
    gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER', DATABRICKS_HOST: dbx.url, DATABRICKS_TOKEN: TOKEN, DATABRICKS_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await gw.close();
    await dbx.close();
  });
  beforeEach(() => dbx.reset());

  it('POST /v1/databricks/messages is served by Databricks with its own model map', async () => {
    const { status, json, headers } = await postJson(`${gw.url}/v1/databricks/messages`, ask('big'));
    expect(status).toBe(200);
    expect(headers.get('x-gateway-backend')).toBe('AZURE_DATABRICKS');
    expect(json).toMatchObject({ type: 'message', model: 'big', content: [{ type: 'text', text: 'You said: hi there' }] });
    expect(dbx.received.map((r) => r.path)).toEqual(['/serving-endpoints/databricks-claude-sonnet-4/invocations']);
  });

  it.each([
    ['/v1/databricks/messages/claude-sonnet-4', 'claude-3-7-sonnet', 'claude-sonnet-4', 'databricks-claude-sonnet-4'],
    ['/v1/databricks/messages/claude-3-7-sonnet', 'claude-sonnet-4', 'claude-3-7-sonnet', 'databricks-claude-3-7-sonnet'],
  ])('%s forces its model whatever the body says', async (path, bodyModel, forced, endpoint) => {
    const { status, json } = await postJson(`${gw.url}${path}`, ask(bodyModel));
    expect(status).toBe(200);
    expect(json.model).toBe(forced);
    expect(dbx.received.map((r) => r.path)).toEqual([`/serving-endpoints/${endpoint}/invocations`]);
  });

  it('/v1/databricks/messages/stream forces streaming', async () => {
    const response = await fetch(`${gw.url}/v1/databricks/messages/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('claude-sonnet-4', { stream: false })),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).toContain('event: message_start');
    const deltas = [...text.matchAll(/"type":"text_delta","text":("(?:[^"\\]|\\.)*")/g)].map((found) => JSON.parse(found[1]!) as string);
    expect(deltas.join('')).toBe('You said: hi there');
    expect(text.trimEnd().endsWith('data: {"type":"message_stop"}')).toBe(true);
    expect(dbx.received[0]!.json.stream).toBe(true);
  });
});

describe('dedicated Databricks routes without Databricks configuration', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-test' });
  });
  afterAll(() => gw.close());

  it.each(['/v1/databricks/messages', '/v1/databricks/messages/claude-sonnet-4', '/v1/databricks/messages/claude-3-7-sonnet', '/v1/databricks/messages/stream'])(
    'POST %s answers 503 in the Anthropic envelope',
    async (path) => {
      const { status, json } = await postJson(`${gw.url}${path}`, ask('claude-sonnet-4'));
      expect(status).toBe(503);
      expect(json.type).toBe('error');
      expect(json.error.type).toBe('api_error');
      expect(json.error.message).toMatch(/^Azure Databricks host and token must be configured \(DATABRICKS_HOST is not set; DATABRICKS_TOKEN is not set\)/);
    },
  );

  it.each(['/v1/databricks/health', '/v1/databricks/health/detailed'])('GET %s answers 503 unconfigured', async (path) => {
    const response = await fetch(`${gw.url}${path}`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unconfigured',
      message: 'Azure Databricks host and token must be configured',
      missing: ['DATABRICKS_HOST', 'DATABRICKS_TOKEN'],
    });
  });
});
