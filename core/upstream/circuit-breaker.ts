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
  lastError: string | null;
  lastOutcomeAt: string | null;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * One per backend. Closed: everything passes. After `failureThreshold`
 * consecutive failures it opens for `coolDownMs`; then one trial request is let
 * through (half-open): success closes it, failure opens it again. A trial whose
 * outcome is never recorded (its client went away) stops blocking after
 * another cool-down, so the circuit cannot stay stuck half-open.
 */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  private failures = 0;
  private openUntil: number | undefined;
  private trialStartedAt: number | undefined;
  private lastError: string | undefined;
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

  recordFailure(message?: string): void {
    const now = this.now();
    this.failures += 1;
    this.lastOutcomeAt = now;
    if (message !== undefined) this.lastError = message;
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
