/** What the whole process is doing, as the routes need to know it. */
export class GatewayState {
  /** Set once a stop signal arrived: new work is refused and readiness fails. */
  draining = false;
}
