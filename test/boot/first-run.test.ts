import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { MAIN, ROOT, runGatewayProcess, type GatewayProcess } from '../helpers/run-gateway-process';

function listenOn(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, host, () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

const nonEmptyLines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** Resolves once the boot summary (its last paste line) is on stderr; the JSON `Gateway listening` line comes a moment earlier. */
function summaryPrinted(gateway: GatewayProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (/^\s*claude$/m.test(gateway.stderr())) resolve();
    };
    gateway.child.stderr!.on('data', check);
    check();
    void gateway.exited.then(() => reject(new Error(`gateway exited: ${gateway.stderr()}`)));
  });
}

describe('the first run of the built gateway', () => {
  it('ends its boot with a short summary on stderr: backend, URL, the lines to paste for Claude Code', async () => {
    const gateway = runGatewayProcess({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API_KEY: 'sk-or-first-run-secret' });
    const url = await gateway.listening;
    await summaryPrinted(gateway);
    await gateway.stop();
    const stderr = gateway.stderr();
    expect(stderr).toContain('OPENROUTER');
    expect(stderr).toContain(url);
    expect(stderr).toContain(`export ANTHROPIC_BASE_URL=${url}`);
    expect(stderr).toMatch(/^\s*export ANTHROPIC_AUTH_TOKEN=\S+$/m);
    // No gateway keys: any token is taken, and the summary says so.
    expect(stderr).toMatch(/any value/i);
    expect(stderr).not.toContain('ANTHROPIC_API_KEY=');
    expect(stderr).not.toContain('sk-or-first-run-secret');
    expect(nonEmptyLines(stderr).length).toBeLessThanOrEqual(12);
    // stdout stays JSON lines only.
    for (const line of nonEmptyLines(gateway.stdout())) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('with gateway keys, shows a placeholder for the key, never a key', async () => {
    const gateway = runGatewayProcess({ OPENROUTER_API_KEY: 'sk-or-first-run-secret', GATEWAY_API_KEYS: 'alice:alice-gateway-key-123' });
    await summaryPrinted(gateway);
    await gateway.stop();
    const stderr = gateway.stderr();
    const token = /^\s*export ANTHROPIC_AUTH_TOKEN=(\S+)$/m.exec(stderr)?.[1];
    expect(token).toBeDefined();
    expect(token).not.toContain('alice-gateway-key-123');
    expect(stderr).toContain('GATEWAY_API_KEYS');
    expect(stderr).not.toContain('alice-gateway-key-123');
  });

  it('names what is missing when the backend is not configured', async () => {
    const gateway = runGatewayProcess({ PROXY_BACKEND: 'AZURE_DATABRICKS' });
    await summaryPrinted(gateway);
    await gateway.stop();
    expect(gateway.stderr()).toMatch(/Missing:.*DATABRICKS_HOST.*DATABRICKS_TOKEN/);
  });

  it('prints the summary once under GATEWAY_WORKERS=2 (from the primary)', async () => {
    const gateway = runGatewayProcess({ OPENROUTER_API_KEY: 'sk-or-first-run-secret', GATEWAY_WORKERS: '2' });
    await summaryPrinted(gateway);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await gateway.stop();
    expect(gateway.stderr().match(/export ANTHROPIC_BASE_URL=/g)).toHaveLength(1);
    expect(gateway.stderr()).toMatch(/export ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/m);
  });

  it.each(['--help', '-h'])('%s prints the usage and exits 0 without listening', (flag) => {
    const run = spawnSync(process.execPath, [MAIN, flag], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', OPENROUTER_API_KEY: 'sk-or-first-run-secret' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage:/m);
    for (const word of ['--config', 'PROXY_BACKEND', 'PORT', 'LOG_FORMAT', 'check --probe', '.env.example']) expect(run.stdout).toContain(word);
    expect(run.stdout).not.toContain('Gateway listening');
    expect(run.stdout + run.stderr).not.toContain('sk-or-first-run-secret');
  });

  it('says which setting changes a port that is taken, in one line, and exits non-zero', async () => {
    const { server, port } = await listenOn('127.0.0.1');
    try {
      const gateway = runGatewayProcess({ OPENROUTER_API_KEY: 'sk-or-first-run-secret', PORT: String(port) });
      expect(await gateway.exited).not.toBe(0);
      const stderr = gateway.stderr();
      expect(nonEmptyLines(stderr)).toHaveLength(1);
      expect(stderr).toContain(`127.0.0.1:${port}`);
      expect(stderr).toContain('PORT');
      expect(stderr).toContain('server.port');
      expect(stderr).not.toMatch(/^\s+at /m);
    } finally {
      server.close();
    }
  });
});
