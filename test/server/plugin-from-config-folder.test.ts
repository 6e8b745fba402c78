import Anthropic from '@anthropic-ai/sdk';
import { FAKE_PLUGIN_DIR, logEvents, postJson, startGateway, waitForLog, type TestGateway } from '../helpers/start-gateway';

// The core never names a backend: a plugin that exists only under test/ is
// selected by PROXY_BACKEND and serves /v1/messages with no change to core.
describe('a backend plugin loaded from a config-listed folder', () => {
  let gw: TestGateway;
  let client: Anthropic;

  beforeAll(async () => {
    gw = await startGateway({ PROXY_BACKEND: 'CANNED_EXAMPLE', CANNED_REGION: 'eu-west-1' }, { pluginDirs: [FAKE_PLUGIN_DIR] });
    client = new Anthropic({ baseURL: gw.url, apiKey: 'sk-ant-test-key-123456', maxRetries: 0 });
  });
  afterAll(() => gw.close());

  it('answers a JSON request through the fake plugin, with the model resolved by its own map', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hello there' }],
    });
    expect(message.content).toEqual([
      { type: 'text', text: 'canned says (anthropic.claude-sonnet-4-v1:0 in eu-west-1): hello there' },
    ]);
    expect(message.model).toBe('claude-sonnet-4');
  });

  it('streams through the fake plugin and the SDK stream helper accepts the events', async () => {
    const stream = client.messages.stream({
      model: 'claude-opus-4-8',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'stream please' }],
    });
    const final = await stream.finalMessage();
    // claude-opus-4-8 is not in the map and the plugin names no opus model: its default, never another family's alias.
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'canned says (anthropic.claude-3-7-sonnet-v1:0 in eu-west-1): stream please' });
    expect(final.stop_reason).toBe('end_turn');
  });

  it('lists the fake backend among the valid ids and reports it in /health', async () => {
    const health: any = await fetch(`${gw.url}/health`).then((r) => r.json());
    expect(health.status).toBe('ok');
    expect(health.backend).toBe('CANNED_EXAMPLE');
    expect(Object.keys(health.backends)).toEqual(
      expect.arrayContaining(['CANNED_EXAMPLE', 'OPENROUTER', 'LITELLM_MESSAGES']),
    );
  });

  it('serves the extra route its manifest declares', async () => {
    const response = await fetch(`${gw.url}/v1/canned-example/region`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ region: 'eu-west-1' });
  });

  it("fires the plugin's AbortSignal when the client hangs up", async () => {
    const hangUp = new AbortController();
    const pending = fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_hang_up' },
      body: JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 10, messages: [{ role: 'user', content: 'wait until I hang up' }] }),
      signal: hangUp.signal,
    }).catch((error: unknown) => error);
    await waitForLog(gw.logs, 'Model resolved', (line) => line.correlation_id === 'req_hang_up');
    hangUp.abort();
    await pending;
    const seen = await waitForLog(gw.logs, 'Fake plugin saw the client leave');
    expect(seen).toMatchObject({ reason: 'ClientDisconnected', backend: 'CANNED_EXAMPLE', correlation_id: 'req_hang_up' });
  });

  it('logs which model rule applied', async () => {
    await postJson(`${gw.url}/v1/messages`, { model: 'claude-3-5-haiku-20241022', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    const resolved = logEvents(gw.logs, 'Model resolved').at(-1);
    expect(resolved).toMatchObject({
      model: 'claude-3-5-haiku-20241022',
      upstream_model: 'anthropic.claude-3-7-sonnet-v1:0',
      rule: 'default',
      rule_detail: 'no haiku model on CANNED_EXAMPLE',
    });
  });
});
