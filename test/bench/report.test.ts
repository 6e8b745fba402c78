import { BACKEND_PATHS } from '../../scripts/bench/backend-paths';
import { formatTable, judge, roundRatios, type Cell } from '../../scripts/bench/report';
import type { LoadResult } from '../../scripts/bench/run-load';

function load(slices: number[]): LoadResult {
  const requestsPerSecond = slices.reduce((sum, rate) => sum + rate, 0) / slices.length;
  return { requestsPerSecond, sliceRequestsPerSecond: slices, p50Ms: 1, p99Ms: 2, failures: 0, peakRssMb: 100, peakRssFileMb: 40, cpuPercent: 95, cpuMsPerRequest: 0.95 / requestsPerSecond * 1000 };
}

describe('bench report', () => {
  it('pairs each round of the target with the same round of the baseline', () => {
    expect(roundRatios(load([500, 300, 900]), load([1000, 1000, 1000]))).toEqual([0.5, 0.3, 0.9]);
    // A round the baseline did not finish is left out, not counted as a ratio of infinity.
    expect(roundRatios(load([500, 300]), load([1000, 0, 800]))).toEqual([0.5]);
  });

  const litellm = BACKEND_PATHS.find((path) => path.id === 'litellm')!;
  const cell = (target: Cell['target'], slices: number[], rss: { peak: number; file: number } = { peak: 100, file: 40 }): Cell => ({
    path: 'litellm',
    backend: litellm.backend,
    shape: 'small',
    target,
    load: { ...load(slices), peakRssMb: rss.peak, peakRssFileMb: rss.file },
  });
  const verdictFor = (runs: Cell[][], part: string) => judge([litellm], runs).find((v) => v.text.includes(part))!;

  it('judges throughput by the median of the per-round ratios, and gives the spread and each whole run', () => {
    // Whole run: 3,150 of 5,000 requests, 63%; round by round 50%, 65%, 65%, 70%.
    const verdict = verdictFor([[cell('bare proxy', [1000, 1000, 1000, 2000]), cell('gateway', [500, 700, 650, 1300])]], 'small: ');
    expect(verdict).toEqual({ pass: true, text: expect.stringContaining('65% of bare proxy req/s, median of 4 rounds over 1 run (target >= 60%)') });
    expect(verdict.text).toContain('rounds 50% to 70%; whole run 63%');
  });

  it('pools the rounds of several runs: a run whose whole ratio misses does not decide alone', () => {
    const runs = [
      [cell('bare proxy', [1000, 1000, 1000]), cell('gateway', [500, 550, 580])],
      [cell('bare proxy', [1000, 1000, 1000]), cell('gateway', [620, 640, 700])],
      [cell('bare proxy', [1000, 1000, 1000]), cell('gateway', [610, 900, 660])],
    ];
    const verdict = verdictFor(runs, 'small: ');
    // Pooled rounds, sorted: 50 55 58 61 62 64 66 70 90: the median is 62%.
    expect(verdict.pass).toBe(true);
    expect(verdict.text).toContain('62% of bare proxy req/s, median of 9 rounds over 3 runs');
    expect(verdict.text).toContain('whole runs 54%, 65%, 72%');
    const failing = verdictFor([runs[0]!], 'small: ');
    expect(failing.pass).toBe(false);
  });

  it('judges memory as peak RSS less the file-backed pages, the highest over the runs', () => {
    const run = (peak: number, file: number) => [cell('bare proxy', [1000]), cell('gateway', [700], { peak, file })];
    const within = verdictFor([run(180, 42), run(170, 41), run(175, 44)], 'peak RSS');
    expect(within).toEqual({ pass: true, text: expect.stringContaining('peak RSS less file-backed pages 138 MB under load (target < 150 MB)') });
    expect(within.text).toContain('by run 138 MB (RSS 180, file 42), 129 MB (RSS 170, file 41), 131 MB (RSS 175, file 44)');
    expect(verdictFor([run(180, 42), run(200, 40)], 'peak RSS').pass).toBe(false);
  });

  it('prints the CPU time each request cost the target', () => {
    const table = formatTable([cell('bare proxy', [1000]), cell('gateway', [500])]);
    const [header, , bare, gateway] = table.split('\n');
    expect(header).toMatch(/\| +CPU\/req \|/);
    expect(bare).toContain('| 0.950 ms |');
    expect(gateway).toContain('| 1.900 ms |');
  });
});
