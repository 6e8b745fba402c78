import { CircuitBreaker } from '../../core/upstream';

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: time.now });
    breaker.recordFailure('a');
    breaker.recordFailure('b');
    breaker.recordSuccess();
    breaker.recordFailure('c');
    breaker.recordFailure('d');
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 2, lastError: 'd' });
  });

  it('opens after N consecutive failures, for the cool-down', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: time.now });
    for (const message of ['one', 'two', 'three']) breaker.recordFailure(message);
    expect(breaker.allowRequest()).toBe(false);
    expect(breaker.snapshot()).toEqual({
      state: 'open',
      consecutiveFailures: 3,
      openUntil: '2026-01-01T00:00:01.000Z',
      lastError: 'three',
      lastOutcomeAt: '2026-01-01T00:00:00.000Z',
    });
    time.advance(999);
    expect(breaker.allowRequest()).toBe(false);
  });

  it('lets exactly one trial through when half-open, and closes on its success', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 1000, now: time.now });
    breaker.recordFailure('x');
    breaker.recordFailure('x');
    time.advance(1000);
    expect(breaker.snapshot().state).toBe('half-open');
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.allowRequest()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0, openUntil: null });
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.allowRequest()).toBe(true);
  });

  it('opens again for a full cool-down when the trial fails', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 1000, now: time.now });
    breaker.recordFailure('x');
    breaker.recordFailure('x');
    time.advance(1500);
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordFailure('still down');
    expect(breaker.allowRequest()).toBe(false);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', lastError: 'still down', consecutiveFailures: 3 });
    time.advance(1000);
    expect(breaker.allowRequest()).toBe(true);
  });

  it('does not stay stuck half-open when a trial never reports back', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, now: time.now });
    breaker.recordFailure('x');
    time.advance(1000);
    expect(breaker.allowRequest()).toBe(true);
    time.advance(500);
    expect(breaker.allowRequest()).toBe(false);
    time.advance(500);
    expect(breaker.allowRequest()).toBe(true);
  });

  it('defaults to 5 failures and 30 s', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    for (let i = 0; i < 4; i++) breaker.recordFailure('x');
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordFailure('x');
    expect(breaker.allowRequest()).toBe(false);
    time.advance(29_999);
    expect(breaker.allowRequest()).toBe(false);
    time.advance(1);
    expect(breaker.allowRequest()).toBe(true);
  });
});
