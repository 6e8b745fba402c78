import { BodyBudget } from './body-budget';
import { InflightRequests } from './inflight-requests';

/** What the whole process is doing, as the routes need to know it. */
export class GatewayState {
  /** Set once a stop signal arrived: new work is refused and readiness fails. */
  draining = false;
  /** Request-body bytes held at once, and their cap (GATEWAY_MAX_INFLIGHT_BODY_MB). */
  readonly bodyBudget: BodyBudget;
  /** Responses not yet closed, and handlers not yet returned: what a drain waits for. */
  readonly inflight = new InflightRequests();

  constructor(limits: { maxInflightBodyBytes?: number } = {}) {
    this.bodyBudget = new BodyBudget(limits.maxInflightBodyBytes);
  }
}
