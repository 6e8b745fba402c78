import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGateway, type Gateway } from '../../core/gateway';
import { createMemoryLogger } from '../../core/log/logger';
import { run } from '../../scripts/gateway-cli';
import type { Simulator } from '../../scripts/simulators';
import { postJson } from '../helpers/start-gateway';

const ROOT = join(__dirname, '..', '..');
const KINDS = ['anthropic', 'openai-chat'] as const;

/** A folder outside the repository with its own gateway.config.ts, as an operator's deployment would have. */
function operatorFolder(): { dir: string; configFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'new-plugin-'));
  const configFile = join(dir, 'gateway.config.ts');
  writeFileSync(
    configFile,
    `import { defineConfig } from ${JSON.stringify(join(ROOT, 'core', 'config', 'define-config'))};\n\nexport default defineConfig({\n  pluginDirs: [],\n});\n`,
  );
  return { dir, configFile };
}

async function scaffold(argv: string[], cwd: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  // Relative paths are the operator's, read from where the command runs.
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return { code: await run(argv, (line) => lines.push(line)), lines };
  } finally {
    process.chdir(previous);
  }
}

describe.each(KINDS)('new-plugin --from %s', (kind) => {
  const name = kind === 'anthropic' ? 'acme-claude' : 'acme-chat';
  const backend = name.toUpperCase().replace('-', '_');
  let folder: { dir: string; configFile: string };
  let pluginDir: string;
  let lines: string[];

  beforeAll(async () => {
    folder = operatorFolder();
    pluginDir = join(folder.dir, 'my-plugins', name);
    const result = await scaffold(['new-plugin', name, '--from', kind, '--dir', `my-plugins/${name}`, '--config', 'gateway.config.ts'], folder.dir);
    expect(result.code).toBe(0);
    lines = result.lines;
  });

  afterAll(() => rmSync(folder.dir, { recursive: true, force: true }));

  it('writes a manifest, a handler, a simulator and a test, and says what it wrote', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        `Wrote my-plugins/${name}/manifest.json`,
        `Wrote my-plugins/${name}/handler.ts`,
        `Wrote my-plugins/${name}/test/simulator.ts`,
        `Wrote my-plugins/${name}/test/${name}.test.ts`,
        `Listed my-plugins/${name} in pluginDirs of gateway.config.ts`,
      ]),
    );
    const manifest = JSON.parse(readFileSync(join(pluginDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ name, backend, entry: './handler', env: { required: [{ name: `${backend}_API_KEY`, secret: true }] } });
    expect(readFileSync(join(pluginDir, 'handler.ts'), 'utf8')).toContain(kind === 'anthropic' ? 'x-api-key' : 'serveViaOpenAIChat');
  });

  it("lists the folder in the operator's gateway.config.ts", () => {
    expect(readFileSync(folder.configFile, 'utf8')).toContain(`pluginDirs: ['./my-plugins/${name}']`);
  });

  it('boots a gateway from that config with the new backend, which answers through the generated simulator', async () => {
    const simulatorModule = await import(join(pluginDir, 'test', 'simulator'));
    const start = Object.values(simulatorModule).find((value) => typeof value === 'function') as () => Promise<Simulator>;
    const upstream = await start();
    let gateway: Gateway | undefined;
    try {
      const env = { PROXY_BACKEND: backend, [`${backend}_API_KEY`]: simulatorModule.SIMULATED_API_KEY, [`${backend}_API_BASE`]: upstream.url };
      gateway = await createGateway({ cwd: folder.dir, configPath: folder.configFile, processEnv: env, logger: createMemoryLogger('error').logger });
      const { url } = await gateway.listen(0, '127.0.0.1');
      const answer = await postJson(`${url}/v1/messages`, { model: 'claude-haiku-5-5', max_tokens: 50, messages: [{ role: 'user', content: 'ping' }] });
      expect(answer.status).toBe(200);
      expect(answer.json.content).toEqual([{ type: 'text', text: 'You said: ping' }]);
      expect(answer.headers.get('x-gateway-backend')).toBe(backend);
      expect(upstream.received).toHaveLength(1);
    } finally {
      await gateway?.close();
      await upstream.close();
    }
  });

  it('refuses to write over a folder that is not empty', async () => {
    await expect(scaffold(['new-plugin', name, '--dir', `my-plugins/${name}`, '--config', 'gateway.config.ts'], folder.dir)).rejects.toThrow(/already exists and is not empty/);
  });
});

describe('the tests new-plugin writes', () => {
  it('pass, for both kinds, run by jest as an operator would run them', async () => {
    const folder = operatorFolder();
    try {
      const testDirs: string[] = [];
      for (const kind of KINDS) {
        const name = `gen-${kind}`;
        await scaffold(['new-plugin', name, '--from', kind, '--dir', name, '--config', 'gateway.config.ts'], folder.dir);
        testDirs.push(join(folder.dir, name, 'test'));
      }
      const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
      // The generated tests run in-process: they need no build of dist/, which this run has made already.
      const noBuild = join(folder.dir, 'no-build.js');
      writeFileSync(noBuild, 'module.exports = () => {};\n');
      const args = [jest, '--rootDir', ROOT, '--ci', '--globalSetup', noBuild, ...testDirs.flatMap((dir) => ['--roots', dir])];
      const { stderr } = await promisify(execFile)(process.execPath, args, {
        cwd: ROOT,
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      expect(stderr).toMatch(/Tests:\s+6 passed, 6 total/);
    } finally {
      rmSync(folder.dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('new-plugin arguments', () => {
  it.each([
    [['new-plugin', 'Acme'], /lower-case words joined by dashes/],
    [['new-plugin', 'acme', '--from', 'grpc'], /--from must be anthropic or openai-chat/],
    [['new-plugin'], /Give one plugin name/],
    [['new-plugin', 'acme', '--frm', 'anthropic'], /Unknown option --frm/],
  ])('%j is refused: %s', async (argv, message) => {
    const folder = operatorFolder();
    try {
      await expect(scaffold(argv, folder.dir)).rejects.toThrow(message);
    } finally {
      rmSync(folder.dir, { recursive: true, force: true });
    }
  });

  it('says where to add the folder when the config has no pluginDirs', async () => {
    const folder = operatorFolder();
    try {
      writeFileSync(folder.configFile, 'export default {};\n');
      mkdirSync(join(folder.dir, 'x'));
      await expect(scaffold(['new-plugin', 'acme', '--dir', 'elsewhere/acme', '--config', 'gateway.config.ts'], folder.dir)).rejects.toThrow(
        "add `pluginDirs: ['./elsewhere/acme']`",
      );
    } finally {
      rmSync(folder.dir, { recursive: true, force: true });
    }
  });
});
