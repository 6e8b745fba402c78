import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfig } from '../../core/config/config-schema';
import { createGateway, type Gateway } from '../../core/gateway';
import { createMemoryLogger } from '../../core/log/logger';

export const FAKE_PLUGIN_DIR = join(__dirname, '..', 'plugins');

export interface TestGateway {
  gateway: Gateway;
  url: string;
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * An in-process gateway on 127.0.0.1 with an env of the test's choosing, an
 * in-memory config, and its JSON log lines captured.
 */
export async function startGateway(env: Record<string, string> = {}, config: GatewayConfig = {}): Promise<TestGateway> {
  const { logger, lines } = createMemoryLogger('debug');
  const cwd = mkdtempSync(join(tmpdir(), 'gateway-test-'));
  const gateway = await createGateway({ cwd, processEnv: env, config, logger });
  const { url } = await gateway.listen(0, '127.0.0.1');
  return { gateway, url, logs: lines, close: () => gateway.close() };
}

export function logEvents(logs: Array<Record<string, unknown>>, event: string) {
  return logs.filter((line) => line.event === event);
}

/** The first log line of `event` that matches, once the gateway has written it (fails after `timeoutMs`). */
export async function waitForLog(
  logs: Array<Record<string, unknown>>,
  event: string,
  matches: (line: Record<string, unknown>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Record<string, unknown>> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const line = logEvents(logs, event).find(matches);
    if (line) return line;
    if (Date.now() > giveUpAt) throw new Error(`No "${event}" log line within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
