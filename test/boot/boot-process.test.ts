import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGatewayProcess } from '../helpers/run-gateway-process';

function logLines(stdout: string): Array<Record<string, unknown>> {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

describe('booting the built gateway as a process', () => {
  it('stops with a non-zero exit and the seed message for an invalid PROXY_BACKEND', async () => {
    const gateway = runGatewayProcess({ PROXY_BACKEND: 'INVALID' });
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toContain(
      "Invalid PROXY_BACKEND value: INVALID. Must be one of: ['ANTHROPIC', 'AWS_BEDROCK', 'AZURE_DATABRICKS', 'GOOGLE_VERTEX', 'LITELLM_MESSAGES', 'LITELLM_OPENROUTER', 'OPENROUTER']",
    );
  });

  it('defaults to OPENROUTER and logs the seed startup line as JSON', async () => {
    const gateway = runGatewayProcess({ OPENROUTER_API_KEY: 'sk-or-test' });
    const url = await gateway.listening;
    const health = await fetch(`${url}/health`).then((r) => r.json());
    await gateway.stop();
    expect(health).toMatchObject({ status: 'ok', backend: 'OPENROUTER' });
    expect(logLines(gateway.stdout())).toContainEqual(
      expect.objectContaining({ backend: 'OPENROUTER', endpoint: '/v1/messages', event: 'Active proxy backend configured' }),
    );
  });

  it('selects a backend from a legacy flag with a deprecation warning', async () => {
    const gateway = runGatewayProcess({ DATABRICKS_ENABLED: 'true', DATABRICKS_HOST: 'adb-1234567890123456.7', DATABRICKS_TOKEN: 'dapi-test' });
    await gateway.listening;
    await gateway.stop();
    const lines = logLines(gateway.stdout());
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', event: 'DATABRICKS_ENABLED=true is deprecated: set PROXY_BACKEND=AZURE_DATABRICKS instead' }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ backend: 'AZURE_DATABRICKS', event: 'Active proxy backend configured' }));
    expect(gateway.stdout()).not.toContain('dapi-test');
  });

  it('starts degraded when the selected backend misses settings, and refuses to under GATEWAY_STRICT=true', async () => {
    const lenient = runGatewayProcess({ PROXY_BACKEND: 'AZURE_DATABRICKS' });
    const url = await lenient.listening;
    const health = await fetch(`${url}/health`);
    const ready = await fetch(`${url}/health/ready`);
    await lenient.stop();
    // Live (a restart would not help), not ready (no request should be sent here).
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', missing: ['DATABRICKS_HOST', 'DATABRICKS_TOKEN'] });
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', reason: 'unconfigured' });
    expect(logLines(lenient.stdout())).toContainEqual(
      expect.objectContaining({ level: 'warn', event: 'Azure Databricks backend selected but missing configuration' }),
    );

    const strict = runGatewayProcess({ PROXY_BACKEND: 'AZURE_DATABRICKS', GATEWAY_STRICT: 'true' });
    expect(await strict.exited).toBe(1);
    expect(strict.stderr()).toContain('Azure Databricks host and token must be configured');
  });

  it('loads --config PATH and fails boot on a bad value with its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-boot-'));
    writeFileSync(join(dir, 'bad.config.json'), JSON.stringify({ pingIntervalSeconds: -1 }));
    const gateway = runGatewayProcess({ OPENROUTER_API_KEY: 'k' }, ['--config', join(dir, 'bad.config.json')]);
    expect(await gateway.exited).toBe(1);
    expect(gateway.stderr()).toContain(`Invalid gateway configuration in ${join(dir, 'bad.config.json')}: /pingIntervalSeconds must be > 0`);
  });
});
