// The README's keyless demo, exactly as a newcomer types it: `npm run demo`
// (build included, port 4000), then the printed line in front of the real CLI,
// then Ctrl-C. And `npm run demo -- --smoke`.

import { createServer } from 'node:net';
import { isRunning, runDemoProcess, type DemoProcess } from '../demo/run-demo-process';
import { explainFailure } from './explain-failure';
import { describeRun, runClaude } from './run-claude-cli';

const PASTE_LINE = /^ {2}ANTHROPIC_BASE_URL=(\S+) ANTHROPIC_AUTH_TOKEN=(\S+) claude$/m;
const SECRET = 'The secret word is PERSIMMON-DEMO.';

async function expectPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`Port ${port}, the demo's default, is taken on this machine: stop what holds it to run this test.`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

describe('the keyless demo, as the README shows it', () => {
  let demo: DemoProcess | undefined;

  afterEach(() => {
    if (demo && demo.child.exitCode === null && demo.child.signalCode === null) demo.signalGroup('SIGKILL');
    demo = undefined;
  });

  it('npm run demo -- --smoke: one request goes through and it exits 0', async () => {
    await expectPortFree(4000);
    demo = runDemoProcess('npm', ['run', 'demo', '--', '--smoke']);
    const { code } = await demo.exited;
    const output = demo.stdout();
    explainFailure(demo.describe, () => {
      expect(code).toBe(0);
      expect(output).toContain('"url":"http://127.0.0.1:4000"');
      expect(output).toContain('Answer (HTTP 200, served by OPENROUTER): You said: Hello from npm run demo');
    });
  }, 90_000);

  it('npm run demo, then the printed line in front of claude: the CLI reads a file through it; Ctrl-C stops everything', async () => {
    await expectPortFree(4000);
    const started = (demo = runDemoProcess('npm', ['run', 'demo']));
    const [, baseUrl, authToken] = await started.waitForOutput(PASTE_LINE, 60_000);
    expect(baseUrl).toBe('http://127.0.0.1:4000');

    const run = await runClaude({
      baseUrl: baseUrl!,
      prompt: 'read the file secret.txt and tell me the secret word',
      args: ['--allowedTools', 'Read'],
      files: { 'secret.txt': `${SECRET}\n` },
      // As pasted: the token alone, sent as a Bearer (an API key would make Claude Code ask about it).
      env: { ANTHROPIC_AUTH_TOKEN: authToken!, ANTHROPIC_API_KEY: undefined },
    });
    const processes = started.descendants();
    explainFailure(() => `${describeRun(run)}\n${started.describe()}`, () => {
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain(SECRET);
      const gatewayLines = started.stdout().split('\n').filter((line) => line.startsWith('[gateway] {'));
      expect(gatewayLines.filter((line) => line.includes('"event":"Request completed"') && line.includes('"status":200')).length).toBeGreaterThanOrEqual(2);
    });

    started.signalGroup('SIGINT');
    const exit = await started.exited;
    explainFailure(started.describe, () => {
      expect(exit).toEqual({ code: 0, signal: null });
      expect(started.stdout()).toContain('Stopping the demo (SIGINT).');
      expect(processes.filter(isRunning)).toEqual([]);
    });
  }, 120_000);
});
