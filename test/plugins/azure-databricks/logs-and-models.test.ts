import { logEvents } from '../../helpers/start-gateway';
import { startDatabricksHarness, TOKEN } from './databricks-harness';

describe('log lines and model map', () => {
  afterEach(() => jest.restoreAllMocks());

  it("logs the seed's startup line and, per request, the seed's routing line with the endpoint", async () => {
    const h = await startDatabricksHarness();
    try {
      const workspace = new URL(h.dbx.url).host;
      expect(logEvents(h.gw.logs, 'Azure Databricks main routing active')).toEqual([
        expect.objectContaining({ level: 'info', main_endpoint: '/v1/messages', workspace }),
      ]);
      await h.client.messages.create({ model: 'claude-3.7-sonnet', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      const [routing] = logEvents(h.gw.logs, 'Routing to Azure Databricks backend');
      expect(routing).toMatchObject({ level: 'info', model: 'claude-3.7-sonnet', endpoint: 'databricks-claude-3-7-sonnet', backend: 'AZURE_DATABRICKS' });
      expect(routing!.correlation_id).toMatch(/^req_/);
      expect(JSON.stringify(h.gw.logs)).not.toContain(TOKEN);
    } finally {
      await h.close();
    }
  });

  it('does not log the startup line when another backend is active', async () => {
    const h = await startDatabricksHarness({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-test' });
    try {
      expect(logEvents(h.gw.logs, 'Azure Databricks main routing active')).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it.each([
    ['claude-sonnet-4', 'databricks-claude-sonnet-4'],
    ['anthropic/claude-sonnet-4', 'databricks-claude-sonnet-4'],
    ['big', 'databricks-claude-sonnet-4'],
    ['claude-3-7-sonnet', 'databricks-claude-3-7-sonnet'],
    ['small', 'databricks-claude-3-7-sonnet'],
    ['some-unknown-model', 'databricks-claude-3-7-sonnet'],
  ])('the manifest maps %s to %s', async (model, endpoint) => {
    const h = await startDatabricksHarness();
    try {
      await h.client.messages.create({ model, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      expect(h.served()[0]!.params.endpoint).toBe(endpoint);
    } finally {
      await h.close();
    }
  });

  it('reaches a newer endpoint through models.overrides.AZURE_DATABRICKS in gateway.config.ts, in both modes', async () => {
    const config = { models: { overrides: { AZURE_DATABRICKS: { 'claude-sonnet-4-5': 'databricks-claude-sonnet-4-5' } } } };
    // The SDK warns that this model id is deprecated; the warning is not what is tested.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const mode of ['invocations', 'messages']) {
      const h = await startDatabricksHarness({ DATABRICKS_API: mode }, config);
      try {
        const message = await h.client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
        expect(message.content).toEqual([{ type: 'text', text: 'You said: hi' }]);
        const [sent] = h.served();
        if (mode === 'invocations') expect(sent!.path).toBe('/serving-endpoints/databricks-claude-sonnet-4-5/invocations');
        else expect(sent!.json.model).toBe('databricks-claude-sonnet-4-5');
        expect(logEvents(h.gw.logs, 'Routing to Azure Databricks backend')[0]).toMatchObject({ endpoint: 'databricks-claude-sonnet-4-5' });
      } finally {
        await h.close();
      }
    }
  });
});
