import { BACKEND_PATHS } from '../../scripts/bench/backend-paths';
import { judge, roundRatios, type Cell } from '../../scripts/bench/report';
import type { LoadResult } from '../../scripts/bench/run-load';

function load(slices: number[]): LoadResult {
  const requestsPerSecond = slices.reduce((sum, rate) => sum + rate, 0) / slices.length;
  return { requestsPerSecond, sliceRequestsPerSecond: slices, p50Ms: 1, p99Ms: 2, failures: 0, peakRssMb: 100, peakRssFileMb: 40, cpuPercent: 95 };
}

describe('bench report', () => {
  it('pairs each round of the target with the same round of the baseline', () => {
    expect(roundRatios(load([500, 300, 900]), load([1000, 1000, 1000]))).toEqual([0.5, 0.3, 0.9]);
    // A round the baseline did not finish is left out, not counted as a ratio of infinity.
    expect(roundRatios(load([500, 300]), load([1000, 0, 800]))).toEqual([0.5]);
  });

  it('judges the whole run, and says how far its rounds spread', () => {
    const litellm = BACKEND_PATHS.find((path) => path.id === 'litellm')!;
    const cell = (target: Cell['target'], slices: number[]): Cell => ({ path: 'litellm', backend: litellm.backend, shape: 'small', target, load: load(slices) });
    const verdict = judge([litellm], [cell('bare proxy', [1000, 1000, 1000, 2000]), cell('gateway', [500, 700, 650, 1300])]).find((v) =>
      v.text.includes('small: '),
    )!;
    // 3,150 of 5,000 requests: 63%; round by round 50%, 65%, 65%, 70%.
    expect(verdict).toEqual({ pass: true, text: expect.stringContaining('63% of bare proxy req/s') });
    expect(verdict.text).toContain('by round: 50% to 70%, median 65%');
  });
});
