import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildSync } from 'esbuild';
import { parseSimulatorArgs, startAllSimulators } from '../../scripts/simulators/run-simulators';

describe('startAllSimulators', () => {
  it('starts the three fakes on free ports and closes them', async () => {
    const all = await startAllSimulators();
    try {
      const urls = all.urls();
      expect(urls.openrouter.baseUrl).toBe(`${urls.openrouter.url}/api/v1`);
      expect(new Set([urls.openrouter.url, urls.litellm.url, urls.databricks.url]).size).toBe(3);
      expect((await fetch(`${urls.litellm.url}/health/readiness`)).status).toBe(200);
    } finally {
      await all.close();
    }
  });
});

describe('parseSimulatorArgs', () => {
  it('reads ports, host and keys in both --k v and --k=v forms', () => {
    expect(parseSimulatorArgs(['--openrouter-port', '4101', '--litellm-port=0', '--host', '127.0.0.1', '--databricks-token=t'])).toMatchObject({
      host: '127.0.0.1',
      ports: { openrouter: 4101, litellm: 0, databricks: undefined },
      databricksToken: 't',
    });
  });

  it('rejects unknown options and bad ports', () => {
    expect(() => parseSimulatorArgs(['--nope', '1'])).toThrow(/Unknown option.*--nope/);
    expect(() => parseSimulatorArgs(['--litellm-port', 'abc'])).toThrow(/port number/);
    expect(() => parseSimulatorArgs(['--litellm-port'])).toThrow(/Missing value/);
  });
});

describe('run-simulators as a program', () => {
  it('prints the URLs as one JSON line and exits cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-simulators-'));
    try {
      const outfile = join(dir, 'run-simulators.js');
      buildSync({ entryPoints: [join(__dirname, '../../scripts/simulators/run-simulators.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
      const child = spawn(process.execPath, [outfile, '--litellm-key', 'k'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
      const urls = JSON.parse(line);
      expect(Object.keys(urls)).toEqual(['openrouter', 'litellm', 'databricks']);
      const unauthorised = await fetch(`${urls.litellm.url}/v1/messages`, { method: 'POST', body: '{}' });
      expect(unauthorised.status).toBe(401);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
