import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeDatabricks, startFakeLiteLLM, startFakeOpenRouter, type FakeDatabricks, type FakeLiteLLM, type FakeOpenRouter } from '../../scripts/simulators';
import { ROOT } from '../helpers/run-gateway-process';
import { SIMULATED_API_KEY, startAnthropicSimulator } from '../plugins/anthropic/simulator';

const CLI = join(ROOT, 'dist', 'scripts', 'gateway-cli.js');
const OPENROUTER_KEY = 'sk-or-probe-right-key';
const LITELLM_KEY = 'sk-litellm-probe-right';
const DATABRICKS_TOKEN = 'dapi-probe-right-token';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run gateway -- check --probe` with exactly `env` (plus PATH), from the repository root, as npm run does. */
async function check(env: Record<string, string>, args = ['check', '--probe']): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 15_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function expectNoSecret(run: CliRun, ...secrets: string[]) {
  for (const secret of secrets) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describe('gateway check --probe', () => {
  let openrouter: FakeOpenRouter;
  let litellm: FakeLiteLLM;
  let databricks: FakeDatabricks;
  beforeAll(async () => {
    [openrouter, litellm, databricks] = await Promise.all([
      startFakeOpenRouter({ apiKey: OPENROUTER_KEY }),
      startFakeLiteLLM({ apiKey: LITELLM_KEY }),
      startFakeDatabricks({ token: DATABRICKS_TOKEN }),
    ]);
  });
  afterAll(() => Promise.all([openrouter.close(), litellm.close(), databricks.close()]));

  describe('OPENROUTER', () => {
    const env = (key: string, base = openrouter.baseUrl) => ({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: key, OPENROUTER_API_BASE: base });

    it('calls the key endpoint with the key and says it was accepted (exit 0)', async () => {
      const run = await check(env(OPENROUTER_KEY));
      expect(run.stdout).toContain(`Probe: GET ${openrouter.baseUrl}/key`);
      expect(run.stdout).toMatch(/^Probe result: ok\b.*key accepted/m);
      expect(run.code).toBe(0);
      const calls = openrouter.received.filter((req) => req.path === '/api/v1/key');
      expect(calls).toHaveLength(1);
      expect(calls[0]!.headers.authorization).toBe(`Bearer ${OPENROUTER_KEY}`);
      expectNoSecret(run, OPENROUTER_KEY);
    });

    it('says the key was rejected when the upstream answers 401 (exit 3)', async () => {
      const run = await check(env('sk-or-probe-wrong-key'));
      expect(run.stdout).toMatch(/^Probe result: key rejected \(HTTP 401\)/m);
      expect(run.stdout).toContain('OPENROUTER_API_KEY');
      expect(run.code).toBe(3);
      expectNoSecret(run, 'sk-or-probe-wrong-key');
    });

    it('names the URL it could not reach, without credentials (exit 4)', async () => {
      const port = await closedPort();
      const run = await check(env(OPENROUTER_KEY, `http://127.0.0.1:${port}/api/v1`));
      expect(run.stdout).toMatch(new RegExp(`^Probe result: unreachable: .*http://127\\.0\\.0\\.1:${port}/api/v1/key`, 'm'));
      expect(run.stdout).toContain('OPENROUTER_API_BASE');
      expect(run.code).toBe(4);
      expectNoSecret(run, OPENROUTER_KEY);
    });

    it('without --probe makes no upstream call', async () => {
      openrouter.reset();
      const run = await check(env(OPENROUTER_KEY), ['check']);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('Probe');
      expect(openrouter.received).toHaveLength(0);
    });
  });

  describe('LITELLM_OPENROUTER and LITELLM_MESSAGES', () => {
    it.each(['LITELLM_OPENROUTER', 'LITELLM_MESSAGES'])('%s: lists LiteLLM models with LITELLM_API_KEY: ok, rejected, unreachable', async (backend) => {
      const base = { PROXY_BACKEND: backend, OPENROUTER_API_KEY: 'sk-or-for-litellm-0000' };
      const ok = await check({ ...base, LITELLM_BASE_URL: litellm.url, LITELLM_API_KEY: LITELLM_KEY });
      expect(ok.stdout).toContain(`Probe: GET ${litellm.url}/v1/models`);
      expect(ok.stdout).toMatch(/^Probe result: ok\b/m);
      expect(ok.code).toBe(0);

      const wrong = await check({ ...base, LITELLM_BASE_URL: litellm.url, LITELLM_API_KEY: 'sk-litellm-probe-wrong' });
      expect(wrong.stdout).toMatch(/^Probe result: key rejected \(HTTP 401\)/m);
      expect(wrong.stdout).toContain('LITELLM_API_KEY');
      expect(wrong.code).toBe(3);
      expectNoSecret(wrong, 'sk-litellm-probe-wrong');

      const port = await closedPort();
      const down = await check({ ...base, LITELLM_BASE_URL: `http://127.0.0.1:${port}`, LITELLM_API_KEY: LITELLM_KEY });
      expect(down.stdout).toMatch(new RegExp(`^Probe result: unreachable: .*http://127\\.0\\.0\\.1:${port}/v1/models`, 'm'));
      expect(down.stdout).toContain('LITELLM_BASE_URL');
      expect(down.code).toBe(4);
      expectNoSecret(down, LITELLM_KEY);
    });
  });

  describe('AZURE_DATABRICKS', () => {
    const env = (token: string, host = databricks.url) => ({ PROXY_BACKEND: 'AZURE_DATABRICKS', DATABRICKS_HOST: host, DATABRICKS_TOKEN: token });

    it('lists the serving endpoints with the token: ok, rejected, unreachable', async () => {
      const ok = await check(env(DATABRICKS_TOKEN));
      expect(ok.stdout).toContain(`Probe: GET ${databricks.url}/api/2.0/serving-endpoints`);
      expect(ok.stdout).toMatch(/^Probe result: ok\b.*token accepted/m);
      expect(ok.code).toBe(0);

      const wrong = await check(env('dapi-probe-wrong-token'));
      expect(wrong.stdout).toMatch(/^Probe result: key rejected \(HTTP 403\)/m);
      expect(wrong.stdout).toContain('DATABRICKS_TOKEN');
      expect(wrong.code).toBe(3);
      expectNoSecret(wrong, 'dapi-probe-wrong-token');

      const port = await closedPort();
      const down = await check(env(DATABRICKS_TOKEN, `http://127.0.0.1:${port}`));
      expect(down.stdout).toMatch(/^Probe result: unreachable: /m);
      expect(down.stdout).toContain('DATABRICKS_HOST');
      expect(down.code).toBe(4);
      expectNoSecret(down, DATABRICKS_TOKEN);
    });
  });

  describe('ANTHROPIC', () => {
    it('lists the models with the key: ok, rejected, unreachable', async () => {
      const anthropic = await startAnthropicSimulator();
      try {
        const env = (key: string, base = anthropic.url) => ({ PROXY_BACKEND: 'ANTHROPIC', ANTHROPIC_API_KEY: key, ANTHROPIC_API_BASE: base });
        const ok = await check(env(SIMULATED_API_KEY));
        expect(ok.stdout).toContain(`Probe: GET ${anthropic.url}/v1/models`);
        expect(ok.stdout).toMatch(/^Probe result: ok\b.*key accepted/m);
        expect(ok.code).toBe(0);
        expect(anthropic.received.find((req) => req.path === '/v1/models')?.headers['anthropic-version']).toBe('2023-06-01');

        const wrong = await check(env('sk-ant-probe-wrong-key'));
        expect(wrong.stdout).toMatch(/^Probe result: key rejected \(HTTP 401\)/m);
        expect(wrong.stdout).toContain('ANTHROPIC_API_KEY');
        expect(wrong.code).toBe(3);
        expectNoSecret(wrong, 'sk-ant-probe-wrong-key');

        const down = await check(env(SIMULATED_API_KEY, `http://127.0.0.1:${await closedPort()}`));
        expect(down.stdout).toMatch(/^Probe result: unreachable: /m);
        expect(down.code).toBe(4);
      } finally {
        await anthropic.close();
      }
    });
  });

  it('makes no call when required settings are missing, and says so (exit 2)', async () => {
    const run = await check({ PROXY_BACKEND: 'AZURE_DATABRICKS' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^Probe: skipped/m);
  });
});
