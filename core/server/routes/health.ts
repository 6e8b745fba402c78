import type { Request, Response } from 'express';
import type { BackendRegistry } from '../../plugins/backend-registry';
import { GATEWAY_VERSION } from '../../version';
import { sendJson } from '../serve-messages';

const startedAt = Date.now();

/**
 * What /health reports. It answers anyone who can reach the port, so it
 * names settings but quotes no value, and gives failures only as a class
 * (the breaker's `lastError`: `http_500`, `timeout`, ...), never upstream text.
 */
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
    ...(active.configured ? {} : { missing: active.missing, invalid: active.invalidNames }),
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

/**
 * Liveness: 200 whenever the process can answer, whatever the backend's
 * state (`status: degraded` says when it is unconfigured or its breaker is
 * open). A liveness probe that failed on those would restart a process that
 * a restart cannot fix.
 */
export function healthRoute(registry: BackendRegistry) {
  return (_req: Request, res: Response) => {
    sendJson(res, 200, healthReport(registry));
  };
}
