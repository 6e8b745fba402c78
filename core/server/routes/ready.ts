import type { Request, Response } from 'express';
import type { BackendRegistry } from '../../plugins/backend-registry';
import type { GatewayState } from '../gateway-state';
import { sendJson } from '../serve-messages';

export type NotReadyReason = 'draining' | 'unconfigured';

/**
 * Why this gateway should get no new requests, if it should not. An open
 * circuit breaker is not a reason: every replica shares the upstream, so a
 * readiness probe failing on its outage would take them all out of the
 * Service at once, and the breaker never refuses the last backend anyway.
 */
export function notReadyReason(registry: BackendRegistry, state: GatewayState): NotReadyReason | undefined {
  if (state.draining) return 'draining';
  if (!registry.active.configured) return 'unconfigured';
  return undefined;
}

/** Readiness (`GET /health/ready`): 200 when requests can be sent here, 503 with the reason otherwise. */
export function readyRoute(registry: BackendRegistry, state: GatewayState) {
  return (_req: Request, res: Response) => {
    const reason = notReadyReason(registry, state);
    const backend = registry.active.id;
    if (reason) sendJson(res, 503, { status: 'not_ready', reason, backend });
    else sendJson(res, 200, { status: 'ready', backend });
  };
}
