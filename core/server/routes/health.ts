import type { Request, Response } from 'express';
import type { BackendRegistry } from '../../plugins/backend-registry';
import { GATEWAY_VERSION } from '../../version';
import { sendJson } from '../serve-messages';

const startedAt = Date.now();

export function healthReport(registry: BackendRegistry) {
  const active = registry.active;
  const circuitOpen = active.breaker.snapshot().state === 'open';
  const healthy = active.configured && !circuitOpen;
  return {
    status: healthy ? 'ok' : 'degraded',
    backend: active.id,
    endpoint: '/v1/messages',
    version: GATEWAY_VERSION,
    uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
    ...(active.configured ? {} : { missing: active.missing, problems: active.invalid, message: active.unconfiguredMessage() }),
    ...(active.loaded.plugin.health?.(active.settings) ?? {}),
    fallback: registry.chain().slice(1).map((b) => b.id),
    backends: Object.fromEntries(
      registry.all().map((b) => [
        b.id,
        { configured: b.configured, active: b === active, missing: b.missing, circuit: b.breaker.snapshot() },
      ]),
    ),
  };
}

export function healthRoute(registry: BackendRegistry) {
  return (_req: Request, res: Response) => {
    const report = healthReport(registry);
    sendJson(res, report.status === 'ok' ? 200 : 503, report);
  };
}
