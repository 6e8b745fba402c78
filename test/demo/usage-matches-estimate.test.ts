import { estimateInputTokens } from '../../core/protocol/estimate-input-tokens';
import { loadTokenCountFixtures } from '../fixtures/token-counts/token-count-fixtures';
import { startGateway, waitForLog, type TestGateway } from '../helpers/start-gateway';
import { signThinking, startFakeDatabricks, startFakeLiteLLM, startFakeOpenRouter, type Simulator } from '../../scripts/simulators';

// What a keyless user sees: the simulated model reports the input tokens the
// gateway estimates, so message_start (the estimate on translated backends), the
// final usage and the `Request completed` line all carry one number, for each
// documented request in test/fixtures/token-counts, on every backend.

interface BackendCase {
  name: string;
  start(): Promise<Simulator>;
  env(url: string): Record<string, string>;
}

const CASES: BackendCase[] = [
  {
    name: 'OPENROUTER',
    start: () => startFakeOpenRouter({ apiKey: 'sk-or-sim' }),
    env: (url) => ({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-sim', OPENROUTER_API_BASE: `${url}/api/v1`, OPENROUTER_API: 'chat' }),
  },
  {
    name: 'LITELLM_OPENROUTER',
    start: () => startFakeLiteLLM({ apiKey: 'sk-litellm-sim' }),
    env: (url) => ({ PROXY_BACKEND: 'LITELLM_OPENROUTER', LITELLM_BASE_URL: url, LITELLM_API_KEY: 'sk-litellm-sim', OPENROUTER_API_KEY: 'sk-or-sim' }),
  },
  {
    name: 'LITELLM_MESSAGES',
    start: () => startFakeLiteLLM({ apiKey: 'sk-litellm-sim' }),
    env: (url) => ({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: url, LITELLM_API_KEY: 'sk-litellm-sim' }),
  },
  {
    name: 'AZURE_DATABRICKS invocations',
    start: () => startFakeDatabricks({ token: 'dapi-sim' }),
    env: (url) => ({ PROXY_BACKEND: 'AZURE_DATABRICKS', DATABRICKS_HOST: url, DATABRICKS_TOKEN: 'dapi-sim', DATABRICKS_API: 'invocations' }),
  },
  {
    name: 'AZURE_DATABRICKS messages',
    start: () => startFakeDatabricks({ token: 'dapi-sim' }),
    env: (url) => ({ PROXY_BACKEND: 'AZURE_DATABRICKS', DATABRICKS_HOST: url, DATABRICKS_TOKEN: 'dapi-sim', DATABRICKS_API: 'messages' }),
  },
];

const MODEL = 'claude-sonnet-4';
const fixtures = loadTokenCountFixtures();

/** A tool loop as Claude Code sends it: system blocks, a tool call and its result. */
const TOOL_ROUND_TRIP = {
  name: 'tool-round-trip',
  documented_input_tokens: undefined,
  request: {
    model: MODEL,
    max_tokens: 256,
    system: [{ type: 'text', text: 'You are a coding agent.' }, { type: 'text', text: 'Answer briefly.', cache_control: { type: 'ephemeral' } }],
    tools: [{ name: 'Read', description: 'Reads a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'read the file README.md' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Reading it.' }, { type: 'tool_use', id: 'toolu_01', name: 'Read', input: { file_path: 'README.md' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: [{ type: 'text', text: '# Title\nSome text.' }] }, { type: 'text', text: 'Summarize it.' }] },
    ],
  },
};

/** The simulators check thinking signatures as Anthropic does: the documented one is cut short, so it is signed here. */
function signed(request: unknown): unknown {
  return JSON.parse(JSON.stringify(request), (key, value: unknown) =>
    value && typeof value === 'object' && (value as { type?: string }).type === 'thinking'
      ? { ...(value as object), signature: signThinking((value as { thinking: string }).thinking) }
      : value,
  );
}

const REQUESTS = [
  ...fixtures.map((fixture) => ({ name: fixture.name, documented_input_tokens: fixture.documented_input_tokens as number | undefined, request: signed(fixture.request) as typeof TOOL_ROUND_TRIP.request })),
  TOOL_ROUND_TRIP,
];

/** Backends whose upstream takes no PDF: the gateway refuses the request with a 400 before it goes anywhere. */
const REFUSED = new Set(['LITELLM_OPENROUTER pdf-document', 'AZURE_DATABRICKS invocations pdf-document']);

interface Seen {
  start?: number;
  final?: number;
  logged?: unknown;
  status: number;
}

const table: string[] = [];
afterAll(() => {
  process.stdout.write(`\n| backend | request | documented | gateway estimate (message_start) | simulator (final usage) |\n| --- | --- | ---: | ---: | ---: |\n${table.join('\n')}\n`);
});

function readStream(text: string): { start?: number; final?: number } {
  let start: number | undefined;
  let final: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const event = JSON.parse(line.slice(6)) as { type: string; message?: { usage?: { input_tokens?: number } }; usage?: { input_tokens?: number } };
    if (event.type === 'message_start') start = event.message?.usage?.input_tokens;
    if (event.type === 'message_delta' && event.usage?.input_tokens !== undefined) final = event.usage.input_tokens;
  }
  return { start, final: final ?? start };
}

describe.each(CASES)('input tokens on $name', (backend) => {
  let fake: Simulator;
  let gw: TestGateway;

  beforeAll(async () => {
    fake = await backend.start();
    gw = await startGateway(backend.env(fake.url));
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it.each(REQUESTS.map((entry) => [entry.name, entry] as const))('%s: message_start, the final usage and the log line say the estimate', async (name, entry) => {
    const request = { ...entry.request, model: MODEL, stream: true } as typeof entry.request & { stream: boolean };
    const estimate = estimateInputTokens(request as never);
    const requestId = `req_tokens_${backend.name.replace(/\W+/g, '_')}_${name.replace(/\W+/g, '_')}`;
    const response = await fetch(`${gw.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'k', 'x-request-id': requestId },
      body: JSON.stringify(request),
    });
    const seen: Seen = { status: response.status, ...readStream(await response.text()) };
    const line = await waitForLog(gw.logs, 'Request completed', (l) => l.correlation_id === requestId);
    seen.logged = line.input_tokens;
    const refused = REFUSED.has(`${backend.name} ${name}`);
    table.push(`| ${backend.name} | ${name} | ${entry.documented_input_tokens ?? '-'} | ${refused ? `(${seen.status}: no PDF support)` : (seen.start ?? '-')} | ${refused ? '-' : (seen.final ?? '-')} |`);
    if (refused) expect(seen).toEqual({ status: 400, start: undefined, final: undefined, logged: undefined });
    else expect(seen).toEqual({ status: 200, start: estimate, final: estimate, logged: estimate });
  });
});
