import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveConfig } from '../../core/config/resolve-config';

const DEFINE_CONFIG = resolve(__dirname, '../../core/config/define-config.ts');

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('resolveConfig', () => {
  it('uses the defaults when nothing is set: port 4000 on 127.0.0.1, 32 MB bodies', async () => {
    const config = await resolveConfig({ cwd: tempDir(), processEnv: {} });
    expect(config.server).toEqual({ port: 4000, host: '127.0.0.1', bodyLimitBytes: 32 * 1024 * 1024 });
    expect(config.requestedBackend).toBeUndefined();
    expect(config.strict).toBe(false);
  });

  it('finds gateway.config.ts with cosmiconfig and loads it, defineConfig import included', async () => {
    const dir = tempDir({
      'gateway.config.ts': `import { defineConfig } from ${JSON.stringify(DEFINE_CONFIG)};
        const port: number = 5001;
        export default defineConfig({ server: { port }, backend: 'LITELLM_MESSAGES' });`,
    });
    const config = await resolveConfig({ cwd: dir, processEnv: {} });
    expect(config.server.port).toBe(5001);
    expect(config.requestedBackend).toEqual({ id: 'LITELLM_MESSAGES', source: 'config' });
    expect(config.configFile).toBe(join(dir, 'gateway.config.ts'));
  });

  it('lets env win over the file, and the file over defaults', async () => {
    const dir = tempDir({ 'gateway.config.json': JSON.stringify({ server: { port: 5001, host: '0.0.0.0' }, backend: 'OPENROUTER' }) });
    const config = await resolveConfig({ cwd: dir, processEnv: { PORT: '6001', PROXY_BACKEND: 'LITELLM_MESSAGES' } });
    expect(config.server.port).toBe(6001);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.requestedBackend).toEqual({ id: 'LITELLM_MESSAGES', source: 'PROXY_BACKEND' });
  });

  it('reads .env then .env.<NODE_ENV>, and the process env wins over both', async () => {
    const dir = tempDir({ '.env': 'PORT=7001\nHOST=10.0.0.1\nLOG_LEVEL=warn\n', '.env.production': 'PORT=7002\nLOG_LEVEL=error\n' });
    const config = await resolveConfig({ cwd: dir, processEnv: { NODE_ENV: 'production', LOG_LEVEL: 'debug' } });
    expect(config.server.port).toBe(7002);
    expect(config.server.host).toBe('10.0.0.1');
    expect(config.logLevel).toBe('debug');
    expect(config.env.PORT).toBe('7002');
  });

  it('loads an explicit path (--config / GATEWAY_CONFIG) and a function of env', async () => {
    const dir = tempDir({
      'custom.config.ts': `export default ({ env }: { env: Record<string, string | undefined> }) => ({
        fallback: env.BYPASS_FALLBACK_ENABLED === 'true' ? ['OPENROUTER'] : [] });`,
    });
    const viaEnv = await resolveConfig({ cwd: dir, processEnv: { GATEWAY_CONFIG: 'custom.config.ts', BYPASS_FALLBACK_ENABLED: 'true' } });
    expect(viaEnv.fallback).toEqual(['OPENROUTER']);
    const viaFlag = await resolveConfig({ cwd: dir, configPath: join(dir, 'custom.config.ts'), processEnv: {} });
    expect(viaFlag.fallback).toEqual([]);
  });

  it.each([
    [{ PORT: 'eighty' }, {}, /Invalid PORT: "eighty" is not a number/],
    [{ PORT: '70000' }, {}, /\/server\/port must be <= 65535/],
    [{ GATEWAY_STRICT: 'maybe' }, {}, /GATEWAY_STRICT: "maybe" must be true or false/],
    [{ LOG_LEVEL: 'loud' }, {}, /\/logLevel must be equal to one of the allowed values \(error, warn/],
    [{}, { server: { port: 1, hots: 'x' } }, /\/server must NOT have additional properties \('hots'\)/],
    [{}, { fallback: ['lower-case'] }, /\/fallback\/0 must match pattern/],
  ])('fails with the path and what was expected for env %j / config %j', async (env, config, message) => {
    await expect(resolveConfig({ cwd: tempDir(), processEnv: env, config: config as never })).rejects.toThrow(message);
  });

  it('names the file when a config file is invalid', async () => {
    const dir = tempDir({ 'gateway.config.json': JSON.stringify({ server: { port: 'x' } }) });
    await expect(resolveConfig({ cwd: dir, processEnv: {} })).rejects.toThrow(`in ${join(dir, 'gateway.config.json')}: /server/port must be integer`);
  });

  it('parses GATEWAY_BODY_LIMIT sizes', async () => {
    const config = await resolveConfig({ cwd: tempDir(), processEnv: { GATEWAY_BODY_LIMIT: '8mb' } });
    expect(config.server.bodyLimitBytes).toBe(8 * 1024 * 1024);
  });
});

describe('access, limits and drain settings', () => {
  it('defaults to no keys, no browser origins, 30 s idle, 256 MB in flight and a 30 s drain', async () => {
    const config = await resolveConfig({ cwd: tempDir(), processEnv: {} });
    expect(config.access).toEqual({ apiKeys: undefined, apiKeysFile: undefined, allowedOrigins: [], allowedHosts: [], allowUnauthenticated: false });
    expect(config.limits).toEqual({
      idleTimeoutMs: 30_000,
      headersTimeoutMs: 30_000,
      bodyTimeoutMs: 120_000,
      maxInflightBodyBytes: 256 * 1024 * 1024,
      maxConnections: 1024,
    });
    expect(config.drainMs).toBe(30_000);
  });

  it('reads them from env over the config file, a relative keys file from the working directory', async () => {
    const dir = tempDir({ 'gateway.config.json': JSON.stringify({ access: { allowedOrigins: ['https://file.example'], apiKeysFile: 'from-file.keys' }, drainSeconds: 5 }) });
    const fromFile = await resolveConfig({ cwd: dir, processEnv: {} });
    expect(fromFile.access.allowedOrigins).toEqual(['https://file.example']);
    expect(fromFile.access.apiKeysFile).toBe(join(dir, 'from-file.keys'));
    expect(fromFile.drainMs).toBe(5000);
    const config = await resolveConfig({
      cwd: dir,
      processEnv: {
        GATEWAY_API_KEYS: ' alice:k1,bob:k2 ',
        GATEWAY_API_KEYS_FILE: 'team.keys',
        GATEWAY_ALLOWED_ORIGINS: 'https://a.example, https://b.example,',
        GATEWAY_ALLOWED_HOSTS: 'gateway.internal',
        GATEWAY_ALLOW_UNAUTHENTICATED: 'true',
        GATEWAY_IDLE_TIMEOUT_SECONDS: '5',
        GATEWAY_MAX_INFLIGHT_BODY_MB: '64',
        GATEWAY_MAX_CONNECTIONS: '100',
        GATEWAY_DRAIN_SECONDS: '0',
      },
    });
    expect(config.access).toEqual({
      apiKeys: 'alice:k1,bob:k2',
      apiKeysFile: join(dir, 'team.keys'),
      allowedOrigins: ['https://a.example', 'https://b.example'],
      allowedHosts: ['gateway.internal'],
      allowUnauthenticated: true,
    });
    expect(config.limits).toMatchObject({ idleTimeoutMs: 5000, maxInflightBodyBytes: 64 * 1024 * 1024, maxConnections: 100 });
    expect(config.drainMs).toBe(0);
  });

  it.each([
    [{ GATEWAY_MAX_CONNECTIONS: 'many' }, /Invalid GATEWAY_MAX_CONNECTIONS: "many" is not a number/],
    [{ GATEWAY_MAX_CONNECTIONS: '0' }, /\/limits\/maxConnections must be >= 1/],
    [{ GATEWAY_IDLE_TIMEOUT_SECONDS: '0' }, /\/limits\/idleTimeoutSeconds must be > 0/],
    [{ GATEWAY_ALLOW_UNAUTHENTICATED: 'sure' }, /GATEWAY_ALLOW_UNAUTHENTICATED: "sure" must be true or false/],
  ])('refuses %j with what was expected', async (env, message) => {
    await expect(resolveConfig({ cwd: tempDir(), processEnv: env })).rejects.toThrow(message);
  });
});

describe('the compiled gateway.config.ts cache', () => {
  it('reuses the compiled config until a file it imports changes', async () => {
    const dir = tempDir({
      'ports.ts': 'export const port: number = 5101;',
      'gateway.config.ts': `import { port } from './ports'; export default { server: { port } };`,
    });
    expect((await resolveConfig({ cwd: dir, processEnv: {} })).server.port).toBe(5101);
    expect((await resolveConfig({ cwd: dir, processEnv: {} })).server.port).toBe(5101);
    writeFileSync(join(dir, 'ports.ts'), 'export const port: number = 5102;');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'ports.ts'), later, later);
    expect((await resolveConfig({ cwd: dir, processEnv: {} })).server.port).toBe(5102);
  });
});

describe('the shipped gateway.config.ts', () => {
  const ROOT = resolve(__dirname, '../..');

  it("turns the seed's BYPASS_FALLBACK_ENABLED=true into a fallback to OpenRouter", async () => {
    const on = await resolveConfig({ cwd: ROOT, processEnv: { BYPASS_FALLBACK_ENABLED: 'true' } });
    expect(on.configFile).toBe(join(ROOT, 'gateway.config.ts'));
    expect(on.fallback).toEqual(['OPENROUTER']);
    const off = await resolveConfig({ cwd: ROOT, processEnv: {} });
    expect(off.fallback).toEqual([]);
    expect(off.server).toMatchObject({ port: 4000, host: '127.0.0.1' });
  });
});

describe('workers and the metrics port', () => {
  it('defaults to one worker and no separate metrics port', async () => {
    const config = await resolveConfig({ cwd: tempDir(), processEnv: {} });
    expect(config.workers).toBe(1);
    expect(config.metricsPort).toBeUndefined();
  });

  it('reads GATEWAY_WORKERS and GATEWAY_METRICS_PORT over the config file; auto is the available cores', async () => {
    const dir = tempDir({ 'gateway.config.json': JSON.stringify({ workers: 3, metricsPort: 9100 }) });
    expect(await resolveConfig({ cwd: dir, processEnv: {} })).toMatchObject({ workers: 3, metricsPort: 9100 });
    expect(await resolveConfig({ cwd: dir, processEnv: { GATEWAY_WORKERS: '2', GATEWAY_METRICS_PORT: '9200' } })).toMatchObject({ workers: 2, metricsPort: 9200 });
    expect((await resolveConfig({ cwd: dir, processEnv: { GATEWAY_WORKERS: 'auto' } })).workers).toBe(availableParallelism());
    const fromFile = tempDir({ 'gateway.config.json': JSON.stringify({ workers: 'auto' }) });
    expect((await resolveConfig({ cwd: fromFile, processEnv: {} })).workers).toBe(availableParallelism());
  });

  it.each([
    [{ GATEWAY_WORKERS: '0' }, /: \/workers must be >= 1$/],
    [{ GATEWAY_WORKERS: '1.5' }, /\/workers must be integer/],
    [{ GATEWAY_WORKERS: 'lots' }, /Invalid GATEWAY_WORKERS: "lots" must be a whole number of workers or auto/],
    [{ GATEWAY_METRICS_PORT: '70000' }, /\/metricsPort must be <= 65535/],
    [{ GATEWAY_METRICS_PORT: 'x' }, /Invalid GATEWAY_METRICS_PORT: "x" is not a number/],
  ])('refuses %j with what was expected', async (env, message) => {
    await expect(resolveConfig({ cwd: tempDir(), processEnv: env })).rejects.toThrow(message);
  });
});
