import { startAllSimulators, type AllSimulators } from '../../../scripts/simulators/run-simulators';
import { openRouterError } from '../../../scripts/simulators/fake-openrouter';
import { logEvents, postJson, startGateway, type TestGateway } from '../../helpers/start-gateway';

const ALICE = 'alice-metrics-key-0001';
const BOB = 'bob-metrics-key-0002';

/** The value of one series in Prometheus' text format, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.lastIndexOf('}'));
    const have = labelText.split(',');
    if (wanted.every((pair) => have.includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

function tokensLogged(gw: TestGateway, caller: string, field: string): number {
  return logEvents(gw.logs, 'Request completed')
    .filter((line) => line.caller === caller)
    .reduce((sum, line) => sum + (typeof line[field] === 'number' ? (line[field] as number) : 0), 0);
}

describe('GET /metrics after a mixed run', () => {
  let simulators: AllSimulators;
  let gw: TestGateway;

  beforeAll(async () => {
    simulators = await startAllSimulators();
    gw = await startGateway(
      {
        PROXY_BACKEND: 'OPENROUTER',
        OPENROUTER_API_KEY: 'sk-or-metrics-key-0001',
        OPENROUTER_API_BASE: simulators.openrouter.baseUrl,
        OPENROUTER_MAX_RETRIES: '1',
        LITELLM_BASE_URL: simulators.litellm.url,
        LITELLM_MAX_RETRIES: '0',
        GATEWAY_API_KEYS: `alice:${ALICE},bob:${BOB}`,
      },
      { fallback: ['LITELLM_MESSAGES'] },
    );
  });
  afterAll(async () => {
    await gw.close();
    await simulators.close();
  });

  it('counts requests, tokens, retries and fallbacks per caller, backend, model and stream', async () => {
    const ask = (key: string, extra: Record<string, unknown> = {}) =>
      postJson(`${gw.url}/v1/messages`, { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }], ...extra }, { authorization: `Bearer ${key}` });

    // alice: one JSON answer, one stream.
    expect((await ask(ALICE)).status).toBe(200);
    const streamed = await ask(ALICE, { stream: true });
    expect(streamed.status).toBe(200);
    expect(streamed.text).toContain('event: message_stop');

    // bob: OpenRouter answers 429 twice (the first attempt and its retry), so the request falls back to LiteLLM.
    simulators.openrouter.script({ times: 2, reply: openRouterError(429, 'Rate limit exceeded') });
    const fellBack = await ask(BOB);
    expect(fellBack.status).toBe(200);
    expect(fellBack.headers.get('x-gateway-backend')).toBe('LITELLM_MESSAGES');

    const unauthenticated = await fetch(`${gw.url}/metrics`);
    expect(unauthenticated.status).toBe(401);
    const scrape = await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${BOB}` } });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = await scrape.text();

    const requests = 'llm_gateway_requests_total';
    expect(sample(text, requests, { backend: 'OPENROUTER', model: 'anthropic/claude-sonnet-4', caller: 'alice', status_class: '2xx', stream: 'false' })).toBe(1);
    expect(sample(text, requests, { backend: 'OPENROUTER', model: 'anthropic/claude-sonnet-4', caller: 'alice', status_class: '2xx', stream: 'true' })).toBe(1);
    expect(sample(text, requests, { backend: 'LITELLM_MESSAGES', model: 'openrouter/anthropic/claude-sonnet-4', caller: 'bob', status_class: '2xx', stream: 'false' })).toBe(1);
    expect(sample(text, requests, { caller: 'bob', backend: 'OPENROUTER' })).toBe(0);

    expect(sample(text, 'llm_gateway_upstream_retries_total', { backend: 'OPENROUTER' })).toBe(1);
    expect(sample(text, 'llm_gateway_fallbacks_total', { from: 'OPENROUTER', to: 'LITELLM_MESSAGES' })).toBe(1);
    expect(sample(text, 'llm_gateway_upstream_latency_seconds_count', { backend: 'OPENROUTER', outcome: 'failed' })).toBe(2);
    expect(sample(text, 'llm_gateway_circuit_breaker_state', { backend: 'OPENROUTER' })).toBe(0);

    const aliceInput = tokensLogged(gw, 'alice', 'input_tokens');
    const aliceOutput = tokensLogged(gw, 'alice', 'output_tokens');
    expect(aliceInput).toBeGreaterThan(0);
    expect(aliceOutput).toBeGreaterThan(0);
    const tokens = 'llm_gateway_tokens_total';
    expect(sample(text, tokens, { backend: 'OPENROUTER', caller: 'alice', kind: 'input' })).toBe(aliceInput);
    expect(sample(text, tokens, { backend: 'OPENROUTER', caller: 'alice', kind: 'output' })).toBe(aliceOutput);
    // The pass-through's counts are read from the answer as it goes by.
    const bobInput = tokensLogged(gw, 'bob', 'input_tokens');
    expect(bobInput).toBeGreaterThan(0);
    expect(sample(text, tokens, { backend: 'LITELLM_MESSAGES', caller: 'bob', kind: 'input' })).toBe(bobInput);
    expect(sample(text, tokens, { backend: 'LITELLM_MESSAGES', caller: 'bob', kind: 'output' })).toBe(tokensLogged(gw, 'bob', 'output_tokens'));

    expect(sample(text, 'llm_gateway_request_duration_seconds_count', { backend: 'OPENROUTER', stream: 'true' })).toBe(1);
    expect(sample(text, 'llm_gateway_time_to_first_byte_seconds_count', { backend: 'OPENROUTER', stream: 'false' })).toBe(1);
    expect(sample(text, 'llm_gateway_request_body_bytes_count', { backend: 'OPENROUTER' })).toBe(2);
    expect(text).toContain('llm_gateway_requests_in_flight 0');
    expect(text).toContain('llm_gateway_streams_in_flight 0');
    expect(text).toMatch(/^llm_gateway_nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^llm_gateway_process_resident_memory_bytes /m);
  });

  it('never makes a label of a model name a client invented', async () => {
    const answer = await postJson(
      `${gw.url}/v1/messages`,
      { model: 'openai/made-up-model-x1', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-api-key': ALICE },
    );
    expect(answer.status).toBe(200);
    const text = await (await fetch(`${gw.url}/metrics`, { headers: { 'x-api-key': ALICE } })).text();
    expect(text).not.toContain('made-up-model');
    expect(sample(text, 'llm_gateway_requests_total', { backend: 'OPENROUTER', model: 'other', caller: 'alice' })).toBe(1);
  });
});
