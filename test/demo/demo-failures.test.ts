import { DEMO_USAGE, parseDemoArgs } from '../../scripts/demo/parse-demo-args';
import { demoFailureEnv, scriptDemoFailures } from '../../scripts/demo/demo-failures';
import { DEMO_BACKENDS, gatewayEnvForSimulators, SIMULATOR_CREDENTIALS, type DemoBackend } from '../../scripts/demo/simulated-backends';
import { startGateway, type TestGateway } from '../helpers/start-gateway';
import { startAllSimulators, type AllSimulators } from '../../scripts/simulators';

// `npm run demo -- --fail 429[:N]|midstream[:N]`: the first N answers fail the
// way a real upstream's do, then the simulated model answers, so a client's
// retry (Claude Code, the AI SDK, LangChain) can be watched without keys.

describe('--fail', () => {
  it('takes 429 or midstream, with how many answers fail (default 1)', () => {
    expect(parseDemoArgs(['--fail', '429']).fail).toEqual({ mode: '429', times: 1 });
    expect(parseDemoArgs(['--fail=midstream:3']).fail).toEqual({ mode: 'midstream', times: 3 });
    expect(parseDemoArgs([]).fail).toBeUndefined();
  });

  it('rejects anything else, saying what it takes', () => {
    expect(() => parseDemoArgs(['--fail', '500'])).toThrow('Invalid --fail value: 500. Must be 429[:N] or midstream[:N] (N answers fail, default 1)');
    expect(() => parseDemoArgs(['--fail', '429:0'])).toThrow('Invalid --fail value: 429:0');
    expect(() => parseDemoArgs(['--fail', 'midstream:x'])).toThrow('Invalid --fail value: midstream:x');
  });

  it('is in the usage', () => {
    expect(DEMO_USAGE).toContain('--fail 429[:N]|midstream[:N]');
  });

  it('turns the gateway retries off, so the failure reaches the client', () => {
    expect(demoFailureEnv({ mode: '429', times: 1 })).toEqual({ OPENROUTER_MAX_RETRIES: '0', LITELLM_MAX_RETRIES: '0', DATABRICKS_MAX_RETRIES: '0' });
    expect(demoFailureEnv(undefined)).toEqual({});
  });
});

const post = (url: string, stream: boolean) =>
  fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'demo' },
    body: JSON.stringify({ model: 'claude-sonnet-4-5-20250929', max_tokens: 64, stream, messages: [{ role: 'user', content: 'Hello there' }] }),
  });

const CASES: Array<[DemoBackend, 'invocations' | 'messages']> = [...DEMO_BACKENDS.map((backend) => [backend, 'invocations'] as [DemoBackend, 'invocations']), ['AZURE_DATABRICKS', 'messages']];

describe.each(CASES)('the demo on %s (%s) told to fail', (backend, databricksApi) => {
  let simulators: AllSimulators;
  let gw: TestGateway | undefined;

  beforeEach(async () => {
    simulators = await startAllSimulators({ openrouterKey: SIMULATOR_CREDENTIALS.openrouterKey, databricksToken: SIMULATOR_CREDENTIALS.databricksToken });
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
    await simulators.close();
  });

  async function start(fail: NonNullable<ReturnType<typeof parseDemoArgs>['fail']>): Promise<string> {
    scriptDemoFailures(simulators, fail);
    gw = await startGateway({ ...gatewayEnvForSimulators(backend, simulators.urls(), databricksApi), ...demoFailureEnv(fail), OPENROUTER_API: 'chat' });
    return gw.url;
  }

  it('429:2 answers the first two requests 429 rate_limit_error with retry-after, then the model answers', async () => {
    const url = await start({ mode: '429', times: 2 });
    for (let i = 0; i < 2; i++) {
      const refused = await post(url, i === 1);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    }
    const answered = await post(url, false);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ content: [{ type: 'text', text: 'You said: Hello there' }] });
  });

  it('midstream breaks the first streamed answer after it began, with an error event; the next one completes', async () => {
    const url = await start({ mode: 'midstream', times: 1 });
    const notStreamed = await post(url, false);
    expect(notStreamed.status).toBe(200);
    const broken = await post(url, true);
    expect(broken.status).toBe(200);
    const text = await broken.text();
    expect(text).toMatch(/^event: message_start\n/);
    expect(text).toContain('event: error\n');
    expect(text).not.toContain('event: message_stop');
    const whole = await (await post(url, true)).text();
    const said = [...whole.matchAll(/"text_delta","text":"([^"]*)"/g)].map((found) => found[1]).join('');
    expect(said).toBe('You said: Hello there');
    expect(whole).toContain('event: message_stop');
    expect(whole).not.toContain('event: error');
  });
});
