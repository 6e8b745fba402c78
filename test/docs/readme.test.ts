import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BUILTIN_PLUGIN_DIR, loadPlugins } from '../../core/plugins/load-plugins';
import { readmeBackendBlocks, wrapBackendDocs } from '../../scripts/update-readme-backends';
import { startFakeDatabricks, type FakeDatabricks } from '../../scripts/simulators';
import { runGatewayProcess, ROOT } from '../helpers/run-gateway-process';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const CI_RUN = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');

/** Every command in the README's ```bash blocks, continuation lines joined. */
function readmeCommands(): string[] {
  const blocks = [...README.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]);
  return blocks.flatMap((block) => block.replace(/\\\n\s*/g, '').split('\n').map((line) => line.trim()).filter(Boolean));
}

// Commands too long-running or interactive to run here; each is run elsewhere.
const RUN_ELSEWHERE: Record<string, { file: string; contains: string }> = {
  'npm test': { file: '.ci/run', contains: 'npm test' },
  'npm run typecheck': { file: '.ci/run', contains: 'npm run typecheck' },
  'npm run test:e2e': { file: '.ci/run', contains: 'npm run test:e2e' },
  'npm run bench': { file: '.ci/run', contains: 'npm run bench' },
  // No Docker engine runs on these machines: the recipe test carries out the Dockerfile's steps instead.
  'docker build -t llm-gateway . && docker run --rm -p 127.0.0.1:4000:4000 -e GATEWAY_API_KEYS=alice:$(openssl rand -hex 24) -e OPENROUTER_API_KEY=sk-or-v1-... llm-gateway':
    { file: 'test/e2e/container-recipe.e2e.ts', contains: 'Dockerfile' },
  'OPENROUTER_API_KEY=sk-or-v1-... LITELLM_MASTER_KEY=sk-litellm-... GATEWAY_API_KEYS=alice:<key> docker compose up --build':
    { file: 'test/e2e/container-recipe.e2e.ts', contains: 'Dockerfile' },
  // npm test runs the same fuzz test with 2,000 runs.
  'npm run fuzz -- --runs 20000': { file: 'test/fuzz/fuzz-gateway.test.ts', contains: 'FUZZ_RUNS' },
  'npm run demo': { file: 'test/demo/demo.test.ts', contains: 'the demo program' },
  'npm run demo -- --backend AZURE_DATABRICKS': { file: 'test/demo/demo.test.ts', contains: "'AZURE_DATABRICKS'" },
  'ANTHROPIC_BASE_URL=http://127.0.0.1:4000 ANTHROPIC_AUTH_TOKEN=demo claude': { file: 'test/e2e/demo-with-claude-code.e2e.ts', contains: 'ANTHROPIC_BASE_URL' },
  // It writes into the repository: the scaffold test runs it, and the generated test, in a temp folder.
  'npm run gateway -- new-plugin acme-claude --from anthropic': { file: 'test/scripts/new-plugin.test.ts', contains: 'new-plugin' },
  'npx jest test/plugins/acme-claude': { file: 'test/scripts/new-plugin.test.ts', contains: 'jest' },
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('README backend tables', () => {
  it('holds the generated block of every built-in backend, unchanged', async () => {
    const plugins = await loadPlugins({ dirs: [BUILTIN_PLUGIN_DIR] });
    const blocks = readmeBackendBlocks(README);
    expect(blocks.map((b) => b.backend).sort()).toEqual(plugins.map((p) => p.manifest.backend).sort());
    for (const { manifest } of plugins) {
      expect(blocks.find((b) => b.backend === manifest.backend)!.text).toBe(wrapBackendDocs(manifest));
    }
  });
});

describe('README commands', () => {
  const commands = readmeCommands();
  let databricks: FakeDatabricks;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let gateway: ReturnType<typeof spawn>;

  beforeAll(async () => {
    databricks = await startFakeDatabricks({ token: 'dapi-readme-test' });
    port = await freePort();
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      PROXY_BACKEND: 'AZURE_DATABRICKS',
      DATABRICKS_HOST: databricks.url,
      DATABRICKS_TOKEN: 'dapi-readme-test',
      LOG_LEVEL: 'warn',
    };
    // `npm start` itself. Its prestart build is the one jest's global setup already ran:
    // rebuilding dist/ here would race the other suites that run it.
    gateway = spawn('npm', ['start', '--ignore-scripts'], { cwd: ROOT, env, stdio: 'ignore', detached: true });
    for (let tries = 0; tries < 600; tries += 1) {
      const up = await fetch(`http://127.0.0.1:${port}/health`).then(() => true, () => false);
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('npm start did not answer /health within 60 s');
  }, 90_000);

  afterAll(async () => {
    if (gateway.pid) process.kill(-gateway.pid, 'SIGTERM');
    await databricks.close();
  });

  it('starts with `npm install && npm start` and runs the tests with `npm test`', () => {
    expect(commands).toContain('npm install && npm start');
    expect(commands).toContain('npm test');
    expect(CI_RUN).toMatch(/npm ci/);
  });

  // Asynchronously: the fake workspace lives in this process and must keep answering.
  it('runs every curl example against the started gateway', async () => {
    const curls = commands.filter((command) => command.startsWith('curl '));
    expect(curls.length).toBeGreaterThanOrEqual(4);
    for (const command of curls) {
      const local = command.replace(/(localhost|127\.0\.0\.1):4000/g, `127.0.0.1:${port}`);
      const { stdout } = await promisify(execFile)('bash', ['-c', local], { env, encoding: 'utf8', timeout: 20_000 });
      expect({ command, down: stdout.includes('down') }).toEqual({ command, down: false });
      expect(stdout.trim().startsWith('{')).toBe(true);
    }
  });

  it('runs the gateway debug commands (npm run gateway -- ...) with the built CLI', async () => {
    const debug = commands.filter((command) => command.startsWith('npm run gateway -- ') && !(command in RUN_ELSEWHERE));
    expect(debug).toEqual([
      'npm run gateway -- check',
      'npm run gateway -- plugins',
      'npm run gateway -- config',
      'npm run gateway -- usage gateway.log --since 1h --by caller',
    ]);
    // The usage report reads a log file: one of the gateway's own lines stands in for it.
    const log = join(mkdtempSync(join(tmpdir(), 'readme-usage-')), 'gateway.log');
    const completed = { level: 'info', event: 'Request completed', time: new Date().toISOString(), caller: 'alice', backend: 'AZURE_DATABRICKS', status: 200, input_tokens: 12 };
    writeFileSync(log, `${JSON.stringify(completed)}\n`);
    for (const command of debug) {
      const args = command.slice('npm run gateway -- '.length).split(' ').map((arg) => (arg === 'gateway.log' ? log : arg));
      if (args[0] === 'usage') {
        const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'dist/scripts/gateway-cli.js'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
        expect(stdout).toMatch(/^alice\s+1\s+0\s+12\b/m);
        continue;
      }
      const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'dist/scripts/gateway-cli.js'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
      expect(stdout).toContain('AZURE_DATABRICKS');
      expect(stdout).not.toContain('dapi-readme-test');
    }
  });

  it('boots with the OpenRouter example line', async () => {
    const line = commands.find((command) => command.startsWith('PROXY_BACKEND=OPENROUTER'))!;
    const assignments = Object.fromEntries(line.replace(/ npm start$/, '').split(' ').map((pair) => pair.split('=')));
    expect(Object.keys(assignments)).toEqual(['PROXY_BACKEND', 'OPENROUTER_API_KEY']);
    const process = runGatewayProcess(assignments);
    const url = await process.listening;
    const health: any = await fetch(`${url}/health`).then((r) => r.json());
    await process.stop();
    expect(health).toMatchObject({ status: 'ok', backend: 'OPENROUTER' });
  });

  it('runs every other command somewhere else: .ci/run or a named test', () => {
    const handledHere = (command: string) =>
      command.startsWith('curl ') || command.startsWith('npm run gateway -- ') || command.startsWith('PROXY_BACKEND=OPENROUTER') ||
      command === 'npm install && npm start';
    for (const command of commands.filter((c) => !handledHere(c))) {
      const where = RUN_ELSEWHERE[command];
      expect({ command, known: Boolean(where) }).toEqual({ command, known: true });
      const file = join(ROOT, where.file);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(where.contains);
    }
  });
});
