import type { PluginKind } from '../new-plugin-args';
import { pascalCase, type TemplateContext } from './template-context';

export interface TestTemplateOptions {
  /** The plugin sits outside plugins/, so the test lists its folder as the config would. */
  listPluginDir: boolean;
}

export function testTemplate(kind: PluginKind, c: TemplateContext, options: TestTemplateOptions): string {
  // The manifest maps claude-sonnet-4-5 to itself (anthropic), or by the sonnet family to the large placeholder (openai-chat).
  const upstreamModel = kind === 'anthropic' ? 'claude-sonnet-4-5' : 'your-large-model';
  const config = options.listPluginDir ? `{ pluginDirs: [join(__dirname, '${c.pluginFromTest}')] }` : '{}';
  return `${options.listPluginDir ? "import { join } from 'node:path';\n" : ''}import type { Simulator } from '${c.simulatorsFromTest}';
import { postJson, startGateway, type TestGateway } from '${c.helpersFromTest}/start-gateway';
import { SIMULATED_API_KEY, start${pascalCase(c.name)}Simulator } from './simulator';

const REQUEST = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] };

describe('${c.backend} through its simulator', () => {
  let upstream: Simulator;
  let gateway: TestGateway;

  beforeAll(async () => {
    upstream = await start${pascalCase(c.name)}Simulator();
    const env = { PROXY_BACKEND: '${c.backend}', ${c.envPrefix}API_KEY: SIMULATED_API_KEY, ${c.envPrefix}API_BASE: upstream.url, ${c.envPrefix}MAX_RETRIES: '0' };
    gateway = await startGateway(env, ${config});
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  beforeEach(() => upstream.reset());

  it('answers with the upstream model and the operator key', async () => {
    const answer = await postJson(\`\${gateway.url}/v1/messages\`, REQUEST);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ type: 'message', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'You said: Hello' }] });
    expect(answer.headers.get('x-gateway-backend')).toBe('${c.backend}');
    expect(upstream.received.map((req) => req.json.model)).toEqual(['${upstreamModel}']);
  });

  it('streams the answer as Anthropic events', async () => {
    const answer = await postJson(\`\${gateway.url}/v1/messages\`, { ...REQUEST, stream: true });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/event-stream');
    expect(answer.text).toContain('event: message_start');
    expect(answer.text).toContain('You said: Hello');
    expect(answer.text).toContain('event: message_stop');
  });

  it("gives the upstream's errors back in Anthropic's envelope", async () => {
    upstream.script({ reply: { kind: 'failure', status: 401, message: 'key revoked' } });
    const answer = await postJson(\`\${gateway.url}/v1/messages\`, REQUEST);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('key revoked') } });
  });
});
`;
}
