import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway } from '../../../core/gateway';
import { createMemoryLogger } from '../../../core/log/logger';
import { runGatewayProcess } from '../../helpers/run-gateway-process';

const OLD = 'old-key-aaaaaaaaaa';
const NEW = 'new-key-bbbbbbbbbb';
const FROM_ENV_FILE = 'dotenv-key-cccccccc';

async function until(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > giveUpAt) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const status = (url: string, key: string) => fetch(`${url}/v1/models`, { headers: { 'x-api-key': key } }).then((r) => r.status);

describe('reloading keys', () => {
  let dir: string;
  let gateway: Gateway;
  let url: string;
  let lines: Array<Record<string, unknown>>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-reload-'));
    writeFileSync(join(dir, 'keys'), `old:${OLD}\n`);
    const memory = createMemoryLogger('debug');
    lines = memory.lines;
    gateway = await createGateway({ cwd: dir, processEnv: { GATEWAY_API_KEYS_FILE: 'keys' }, config: {}, logger: memory.logger });
    ({ url } = await gateway.listen(0, '127.0.0.1'));
  });
  afterEach(() => gateway.close());

  it('takes the new keys file and drops the old keys', async () => {
    expect(await status(url, OLD)).toBe(200);
    expect(await status(url, NEW)).toBe(401);
    writeFileSync(join(dir, 'keys'), `new:${NEW}\n`);
    expect(gateway.reloadKeys()).toBe(true);
    expect(await status(url, NEW)).toBe(200);
    expect(await status(url, OLD)).toBe(401);
    expect(lines.find((line) => line.event === 'API keys reloaded')).toMatchObject({ count: 1, names: ['new'] });
  });

  it('reads .env again', async () => {
    writeFileSync(join(dir, '.env'), `GATEWAY_API_KEYS=envkey:${FROM_ENV_FILE}\n`);
    expect(gateway.reloadKeys()).toBe(true);
    expect(await status(url, FROM_ENV_FILE)).toBe(200);
    expect(await status(url, OLD)).toBe(200);
    expect(lines.find((line) => line.event === 'API keys reloaded')).toMatchObject({ count: 2, names: ['envkey', 'old'] });
  });

  it('keeps the old keys when the new file is bad, and logs why without any key', async () => {
    writeFileSync(join(dir, 'keys'), `new:${NEW}\nbroken line with-no-colon-${NEW}\n`);
    expect(gateway.reloadKeys()).toBe(false);
    expect(await status(url, OLD)).toBe(200);
    expect(await status(url, NEW)).toBe(401);
    const error = lines.find((line) => line.event === 'API keys not reloaded: keeping the previous keys');
    expect(error).toMatchObject({ level: 'error' });
    expect(String(error!.error)).toContain(`${join(dir, 'keys')} line 2`);
    expect(JSON.stringify(lines)).not.toContain(NEW);
  });
});

describe('SIGHUP', () => {
  it('makes the built gateway take a new key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-sighup-'));
    writeFileSync(join(dir, 'keys'), `old:${OLD}\n`);
    const gateway = runGatewayProcess({ GATEWAY_API_KEYS_FILE: 'keys' }, [], dir);
    try {
      const url = await gateway.listening;
      expect(await status(url, NEW)).toBe(401);
      writeFileSync(join(dir, 'keys'), `old:${OLD}\nnew:${NEW}\n`);
      gateway.child.kill('SIGHUP');
      await until(() => gateway.stdout().includes('"API keys reloaded"'));
      expect(await status(url, NEW)).toBe(200);
      expect(gateway.stdout()).not.toContain(NEW);
    } finally {
      await gateway.stop();
    }
  });
});
