import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '../../../core/gateway';
import { ConfigError } from '../../../core/config/resolve-config';
import { createMemoryLogger } from '../../../core/log/logger';
import { runGatewayProcess } from '../../helpers/run-gateway-process';

const BASE = { PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: 'http://127.0.0.1:9' };

async function boot(env: Record<string, string>) {
  const { logger, lines } = createMemoryLogger('debug');
  const cwd = mkdtempSync(join(tmpdir(), 'gateway-host-'));
  const gateway = await createGateway({ cwd, processEnv: { ...BASE, ...env }, config: {}, logger });
  return { gateway, lines };
}

describe('a HOST other than loopback', () => {
  it.each(['0.0.0.0', '::', '192.168.1.20', 'gateway.example.com'])('refuses to boot on %s without a key', async (host) => {
    const booting = boot({ HOST: host });
    await expect(booting).rejects.toThrow(ConfigError);
    const message = await booting.catch((error: Error) => error.message);
    for (const word of ['HOST', 'GATEWAY_API_KEYS', 'GATEWAY_API_KEYS_FILE', 'GATEWAY_ALLOW_UNAUTHENTICATED=true']) expect(message).toContain(word);
  });

  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1'])('boots on %s without a key', async (host) => {
    const { lines } = await boot({ HOST: host });
    expect(lines.filter((line) => line.level === 'warn' && String(line.event).includes('HOST'))).toEqual([]);
  });

  it('boots with a key', async () => {
    const { lines } = await boot({ HOST: '0.0.0.0', GATEWAY_API_KEYS: 'ops:ops-key-123456789' });
    expect(lines.find((line) => line.event === 'Inbound API keys configured')).toMatchObject({ count: 1, names: ['ops'], auth: true });
  });

  it('boots with GATEWAY_ALLOW_UNAUTHENTICATED=true, and says so loudly', async () => {
    const { lines } = await boot({ HOST: '0.0.0.0', GATEWAY_ALLOW_UNAUTHENTICATED: 'true' });
    const warning = lines.find((line) => line.level === 'warn' && String(line.event).includes('without inbound keys'));
    expect(warning).toMatchObject({ host: '0.0.0.0' });
    expect(String(warning!.event)).toContain('GATEWAY_API_KEYS');
  });

  it('refuses a reload that would leave an exposed gateway without keys, and keeps the old ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-host-keys-'));
    const file = join(dir, 'keys');
    writeFileSync(file, 'ops:ops-key-123456789\n');
    const { gateway, lines } = await boot({ HOST: '0.0.0.0', GATEWAY_API_KEYS_FILE: file });
    writeFileSync(file, '# emptied\n');
    expect(gateway.reloadKeys()).toBe(false);
    const error = lines.find((line) => line.event === 'API keys not reloaded: keeping the previous keys');
    expect(error).toMatchObject({ level: 'error' });
    expect(String(error!.error)).toContain('HOST');
  });

  it('the built gateway exits with the reason on stderr', async () => {
    // Stopped whatever happens: a gateway that wrongly boots must not stay on the network.
    const gateway = runGatewayProcess({ ...BASE, HOST: '0.0.0.0' }, [], mkdtempSync(join(tmpdir(), 'gateway-host-proc-')));
    try {
      const outcome = await Promise.race([gateway.exited, gateway.listening.then(() => 'listening')]);
      expect(outcome).toBe(1);
      expect(gateway.stderr()).toContain('ConfigError');
      expect(gateway.stderr()).toContain('GATEWAY_ALLOW_UNAUTHENTICATED=true');
    } finally {
      await gateway.stop();
    }
  });
});
