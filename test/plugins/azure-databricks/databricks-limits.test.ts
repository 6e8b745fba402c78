import type { MessagesContext } from '../../../core/plugins/plugin-contract';
import { ApiError } from '../../../core/protocol/anthropic/errors';
import {
  boundTimeouts,
  checkPayloadSize,
  MAX_PAYLOAD_BYTES,
  MAX_REQUEST_MS,
  withinDatabricksCeiling,
} from '../../../plugins/azure-databricks/databricks-limits';

describe('Databricks limits', () => {
  it('caps header and idle timeouts at the 297 s request ceiling, leaving shorter ones alone', () => {
    expect(MAX_REQUEST_MS).toBe(297_000);
    expect(boundTimeouts({ headersMs: 600_000, idleMs: 30_000 })).toEqual({ headersMs: 297_000, idleMs: 30_000 });
    expect(boundTimeouts({ headersMs: 30_000, idleMs: 900_000 })).toEqual({ headersMs: 30_000, idleMs: 297_000 });
    const short = { headersMs: 30_000, idleMs: 30_000 };
    expect(boundTimeouts(short)).toBe(short);
  });

  it('holds a request context under the ceiling without evaluating anything else on it', () => {
    let estimated = 0;
    const ctx = {
      body: { model: 'm' },
      timeouts: { headersMs: 600_000, idleMs: 600_000 },
      get inputTokenEstimate() {
        estimated++;
        return 42;
      },
    } as unknown as MessagesContext;
    const bounded = withinDatabricksCeiling(ctx);
    expect(bounded.timeouts).toEqual({ headersMs: 297_000, idleMs: 297_000 });
    expect(ctx.timeouts).toEqual({ headersMs: 600_000, idleMs: 600_000 });
    expect(bounded.body).toBe(ctx.body);
    expect(estimated).toBe(0);
    expect(bounded.inputTokenEstimate).toBe(42);
    const short = { ...ctx, timeouts: { headersMs: 30_000, idleMs: 30_000 } } as MessagesContext;
    expect(withinDatabricksCeiling(short)).toBe(short);
  });

  it('accepts exactly 4 MB and refuses one byte more with a 413 naming the limit', () => {
    expect(() => checkPayloadSize(MAX_PAYLOAD_BYTES)).not.toThrow();
    let thrown: unknown;
    try {
      checkPayloadSize(MAX_PAYLOAD_BYTES + 1);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ status: 413, type: 'request_too_large' });
    expect((thrown as ApiError).message).toMatch(/Azure Databricks.*4 MB payload limit/);
  });
});
