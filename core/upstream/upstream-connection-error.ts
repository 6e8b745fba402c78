import { ApiError } from '../protocol/anthropic/errors';

/** Before any answer (the connection could not be made, or broke first), or while the body was read. */
export type ConnectionFailureClass = 'connect_error' | 'connection_dropped';

/**
 * A 502 the gateway made because the connection to the upstream failed, as
 * opposed to a 502 the upstream answered: the circuit breaker and the health
 * routes name the two differently.
 */
export class UpstreamConnectionError extends ApiError {
  readonly failureClass: ConnectionFailureClass;

  constructor(message: string, failureClass: ConnectionFailureClass) {
    super(502, message);
    this.failureClass = failureClass;
  }
}
