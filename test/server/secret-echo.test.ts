import { postJson, startGateway, type TestGateway } from '../helpers/start-gateway';
import {
  startFakeDatabricks,
  startFakeLiteLLM,
  startFakeOpenRouter,
  type ReceivedRequest,
  type Reply,
  type Simulator,
} from '../../scripts/simulators';

// An upstream that echoes credentials in its errors: the configured secret
// (shaped like no known token, so only masking by value can catch it), a JWT
// and a Databricks token that is not hex (neither configured: only the shapes
// can catch them).
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJlLXBhcnQtOTk';
const DAPI = 'dapi-NotHexAtAll_Zq9xWv-77';

interface BackendCase {
  name: string;
  /** The configured secret the upstream is sent, and echoes. */
  secret: string;
  start(): Promise<{ upstream: Simulator; env: Record<string, string> }>;
  /** What the upstream was presented as a credential. */
  presented(req: ReceivedRequest): string;
  healthPaths: string[];
}

const bearerOf = (req: ReceivedRequest) => /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';

const CASES: BackendCase[] = [
  {
    name: 'OPENROUTER',
    secret: 'configured-openrouter-value-4711',
    async start() {
      const upstream = await startFakeOpenRouter();
      return {
        upstream,
        env: { PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_BASE: upstream.baseUrl, OPENROUTER_API_KEY: this.secret, OPENROUTER_MAX_RETRIES: '0' },
      };
    },
    presented: bearerOf,
    healthPaths: ['/health'],
  },
  {
    name: 'LITELLM_OPENROUTER',
    secret: 'configured-litellm-master-4712',
    async start() {
      const upstream = await startFakeLiteLLM();
      return {
        upstream,
        env: {
          PROXY_BACKEND: 'LITELLM_OPENROUTER',
          LITELLM_BASE_URL: upstream.url,
          LITELLM_API_KEY: this.secret,
          OPENROUTER_API_KEY: 'configured-openrouter-value-4713',
          LITELLM_MAX_RETRIES: '0',
        },
      };
    },
    presented: bearerOf,
    healthPaths: ['/health'],
  },
  {
    name: 'LITELLM_MESSAGES',
    secret: 'configured-litellm-master-4714',
    async start() {
      const upstream = await startFakeLiteLLM();
      return { upstream, env: { PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: upstream.url, LITELLM_API_KEY: this.secret, LITELLM_MAX_RETRIES: '0' } };
    },
    presented: bearerOf,
    healthPaths: ['/health'],
  },
  ...(['invocations', 'messages'] as const).map(
    (api): BackendCase => ({
      name: `AZURE_DATABRICKS ${api}`,
      // The leak: a Databricks token that is not hex, echoed in a 401.
      secret: 'dapi-configuredButNotHex_4715',
      async start() {
        const upstream = await startFakeDatabricks();
        return {
          upstream,
          env: { PROXY_BACKEND: 'AZURE_DATABRICKS', DATABRICKS_HOST: upstream.url, DATABRICKS_TOKEN: this.secret, DATABRICKS_API: api, DATABRICKS_MAX_RETRIES: '0' },
        };
      },
      presented: bearerOf,
      healthPaths: ['/health', '/v1/databricks/health'],
    }),
  ),
];

const REQUEST = { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] };

describe.each(CASES)('$name: an upstream that echoes secrets', (backend) => {
  let upstream: Simulator;
  let gw: TestGateway;
  const leaked = () => [backend.secret, JWT, DAPI];
  const echo = (req: ReceivedRequest) => `Invalid access token ${backend.presented(req)}; seen ${JWT} and ${DAPI}`;

  beforeAll(async () => {
    const started = await backend.start();
    upstream = started.upstream;
    gw = await startGateway(started.env);
  });
  afterEach(() => upstream.reset());
  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  function expectNoSecret(text: string) {
    for (const secret of leaked()) expect(text).not.toContain(secret);
  }

  it.each([401, 500])('masks them in a %i error body, keeping the message text', async (status) => {
    upstream.script({ reply: (req): Reply => ({ kind: 'failure', status, message: echo(req) }) });
    const answer = await postJson(`${gw.url}/v1/messages`, REQUEST);
    // The secret was really sent and echoed: the test is not vacuous.
    expect(echo(upstream.received.at(-1)!)).toContain(backend.secret);
    expect(answer.status).toBe(status);
    expect(answer.json.error.message).toContain('Invalid access token');
    expectNoSecret(answer.text);
  });

  it('masks them in a mid-stream error event', async () => {
    upstream.script({
      reply: (req): Reply => ({ kind: 'turn', turn: { text: 'partial answer' }, midStreamError: { afterEvents: 3, message: echo(req) } }),
    });
    const answer = await postJson(`${gw.url}/v1/messages`, { ...REQUEST, stream: true });
    expect(echo(upstream.received.at(-1)!)).toContain(backend.secret);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/event: error\ndata: .*Invalid access token/);
    expectNoSecret(answer.text);
  });

  it('never logs them, nor shows them on a health route', async () => {
    upstream.script({ reply: (req): Reply => ({ kind: 'failure', status: 500, message: echo(req) }) });
    await postJson(`${gw.url}/v1/messages`, REQUEST);
    expect(gw.logs.some((line) => JSON.stringify(line).includes('Invalid access token'))).toBe(true);
    expectNoSecret(JSON.stringify(gw.logs));
    for (const path of backend.healthPaths) expectNoSecret(await (await fetch(`${gw.url}${path}`)).text());
  });
});
