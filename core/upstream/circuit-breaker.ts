import { failureClassOf, isBackendFault, type FailureClass } from './classify-failure';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold?: number;
  /** How long an open circuit refuses requests before letting one trial through. */
  coolDownMs?: number;
  now?: () => number;
}

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** ISO time the cool-down ends, while open. */
  openUntil: string | null;
  /** The last fault's class (`http_500`, `timeout`, `connect_error`, ...), never its text. */
  lastError: FailureClass | null;
  lastOutcomeAt: string | null;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * One per backend. Closed: everything passes. After `failureThreshold`
 * consecutive backend faults (see isBackendFault: never a 429 or other 4xx) it
 * opens for `coolDownMs`; then one trial request is let through (half-open):
 * success closes it, a fault opens it again. A trial whose outcome is never
 * recorded (its client went away) stops blocking after another cool-down, so
 * the circuit cannot stay stuck half-open. What it says is advice: the chain
 * skips an open backend only when a later one can take the request.
 */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  private failures = 0;
  private openUntil: number | undefined;
  private trialStartedAt: number | undefined;
  private lastError: FailureClass | undefined;
  private lastOutcomeAt: number | undefined;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.coolDownMs = options.coolDownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openUntil === undefined) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Whether allowRequest() would say yes, without taking the half-open trial. */
  accepting(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    return this.trialStartedAt === undefined || this.now() - this.trialStartedAt >= this.coolDownMs;
  }

  /** Asks to send a request; in half-open, only the first caller gets a yes. */
  allowRequest(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    const now = this.now();
    if (this.trialStartedAt !== undefined && now - this.trialStartedAt < this.coolDownMs) return false;
    this.trialStartedAt = now;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openUntil = undefined;
    this.trialStartedAt = undefined;
    this.lastOutcomeAt = this.now();
  }

  /** Counts the failure if it is the backend's fault; anything else (429, 4xx, aborts) leaves the breaker as it was. */
  recordFailure(error: unknown): void {
    if (!isBackendFault(error)) return;
    const now = this.now();
    this.failures += 1;
    this.lastOutcomeAt = now;
    this.lastError = failureClassOf(error);
    const failedTrial = this.openUntil !== undefined;
    if (failedTrial || this.failures >= this.threshold) {
      this.openUntil = now + this.coolDownMs;
      this.trialStartedAt = undefined;
    }
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      openUntil: state === 'open' ? iso(this.openUntil) : null,
      lastError: this.lastError ?? null,
      lastOutcomeAt: iso(this.lastOutcomeAt),
    };
  }
}
