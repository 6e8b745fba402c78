// `npm run demo` without its build step (jest's global setup has built dist/):
// the same program, run as a child process the way the README runs it.

import { createServer, type Server } from 'node:net';
import { parseDemoArgs } from '../../scripts/demo/parse-demo-args';
import { DEMO_SCRIPT, isRunning, runDemoProcess, type DemoProcess } from './run-demo-process';

const PASTE_LINE = /^  ANTHROPIC_BASE_URL=(http:\/\/127\.0\.0\.1:\d+) ANTHROPIC_AUTH_TOKEN=demo claude$/m;

describe('parseDemoArgs', () => {
  it('defaults to OPENROUTER on port 4000 with the invocations API', () => {
    expect(parseDemoArgs([])).toEqual({ backend: 'OPENROUTER', port: 4000, databricksApi: 'invocations', smoke: false, help: false });
  });

  it('takes every flag, as two arguments or with =, backend names in any case', () => {
    expect(parseDemoArgs(['--backend', 'azure_databricks', '--port=0', '--databricks-api=messages', '--smoke'])).toEqual({
      backend: 'AZURE_DATABRICKS',
      port: 0,
      databricksApi: 'messages',
      smoke: true,
      help: false,
    });
  });

  it('rejects unknown backends, bad ports and unknown flags, saying what is allowed', () => {
    expect(() => parseDemoArgs(['--backend', 'BEDROCK'])).toThrow(
      'Invalid --backend value: BEDROCK. Must be one of: OPENROUTER, LITELLM_OPENROUTER, LITELLM_MESSAGES, AZURE_DATABRICKS',
    );
    expect(() => parseDemoArgs(['--port', '65536'])).toThrow('--port must be a port number (0-65535), got 65536');
    expect(() => parseDemoArgs(['--port'])).toThrow('Missing value for --port');
    expect(() => parseDemoArgs(['--verbose'])).toThrow('Unknown argument: --verbose');
  });
});

describe('the demo program', () => {
  let demo: DemoProcess | undefined;

  afterEach(() => {
    if (demo && demo.child.exitCode === null && demo.child.signalCode === null) demo.signalGroup('SIGKILL');
    demo = undefined;
  });

  it.each([
    ['OPENROUTER', []],
    ['LITELLM_OPENROUTER', []],
    ['LITELLM_MESSAGES', []],
    ['AZURE_DATABRICKS', ['--databricks-api', 'invocations']],
    ['AZURE_DATABRICKS', ['--databricks-api', 'messages']],
  ])('--smoke --backend %s %j sends one request through the simulated backend and exits 0', async (backend, extra) => {
    demo = runDemoProcess(process.execPath, [DEMO_SCRIPT, '--smoke', '--port', '0', '--backend', backend, ...extra]);
    const { code } = await demo.exited;
    const output = demo.stdout();
    expect({ code, stderr: demo.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(output).toContain(`Starting the gateway with PROXY_BACKEND=${backend}`);
    expect(output).toContain(`Answer (HTTP 200, served by ${backend}): You said: Hello from npm run demo`);
    const events = output
      .split('\n')
      .filter((line) => line.startsWith('[gateway] {'))
      .map((line) => JSON.parse(line.slice('[gateway] '.length)) as Record<string, unknown>);
    expect(events).toContainEqual(expect.objectContaining({ event: 'Model resolved', model: 'claude-sonnet-4-5-20250929', backend }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'Request completed', status: 200 }));
  }, 30_000);

  it('prints the line that points Claude Code at it, serves it, and stops everything on Ctrl-C with exit 0', async () => {
    demo = runDemoProcess(process.execPath, [DEMO_SCRIPT, '--port', '0', '--backend', 'LITELLM_MESSAGES']);
    const [, url] = await demo.waitForOutput(PASTE_LINE);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ backend: 'LITELLM_MESSAGES' });
    const started = demo.descendants();
    expect(started.length).toBeGreaterThanOrEqual(1);

    demo.signalGroup('SIGINT');
    expect(await demo.exited).toEqual({ code: 0, signal: null });
    expect(demo.stdout()).toContain('Stopping the demo (SIGINT).');
    expect(started.filter(isRunning)).toEqual([]);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  }, 30_000);

  it('stops the gateway itself on a SIGTERM sent to the demo alone', async () => {
    demo = runDemoProcess(process.execPath, [DEMO_SCRIPT, '--port', '0']);
    await demo.waitForOutput(PASTE_LINE);
    const started = demo.descendants();
    expect(started.length).toBeGreaterThanOrEqual(1);

    demo.child.kill('SIGTERM');
    expect(await demo.exited).toEqual({ code: 0, signal: null });
    expect(started.filter(isRunning)).toEqual([]);
  }, 30_000);

  it('exits 1 and says so when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      demo = runDemoProcess(process.execPath, [DEMO_SCRIPT, '--port', String(port)]);
      const { code } = await demo.exited;
      expect(code).toBe(1);
      expect(demo.stderr()).toContain(`Port ${port} is taken: pass --port with a free port (0 picks one).`);
      expect(demo.descendants()).toEqual([]);
    } finally {
      blocker.close();
    }
  }, 30_000);

  it('exits 2 with the usage on a bad flag, before starting anything', async () => {
    demo = runDemoProcess(process.execPath, [DEMO_SCRIPT, '--backend', 'BEDROCK']);
    const { code } = await demo.exited;
    expect(code).toBe(2);
    expect(demo.stderr()).toContain('Invalid --backend value: BEDROCK. Must be one of: OPENROUTER, LITELLM_OPENROUTER, LITELLM_MESSAGES, AZURE_DATABRICKS');
    expect(demo.stderr()).toContain('Usage: npm run demo --');
  });
});
