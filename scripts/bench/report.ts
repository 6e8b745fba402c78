// The printed report: one table row per (path, shape, target), then a PASS or
// FAIL line per target the issues set.

import { MAX_PEAK_RSS_MB, type BackendPath, type PathId } from './backend-paths';
import type { ShapeId } from './request-shapes';
import type { LoadResult } from './run-load';

export type TargetName = 'bare proxy' | 'validating proxy' | 'gateway';

export interface Cell {
  path: PathId;
  backend: string;
  shape: ShapeId;
  target: TargetName;
  load?: LoadResult;
  unloadedP50Ms?: number;
  /** Why the cell has no figures (the answer check failed, the target died, ...). */
  problem?: string;
}

export interface Verdict {
  pass: boolean;
  text: string;
}

const COLUMNS = ['path', 'shape', 'target', 'req/s', 'p50 ms', 'p99 ms', 'unloaded p50', 'peak RSS', 'CPU', 'CPU/req', 'vs bare', 'failed'];

export function formatTable(cells: Cell[]): string {
  const rows = cells.map((cell) => {
    const baseline = cell.target === 'bare proxy' ? undefined : findCell(cells, cell.path, cell.shape, 'bare proxy');
    const load = cell.load;
    if (!load) return [cell.backend, cell.shape, cell.target, ...COLUMNS.slice(3).map(() => '-')];
    const added =
      baseline?.unloadedP50Ms !== undefined && cell.unloadedP50Ms !== undefined ? ` (${signed(cell.unloadedP50Ms - baseline.unloadedP50Ms)})` : '';
    return [
      cell.backend,
      cell.shape,
      cell.target,
      Math.round(load.requestsPerSecond).toLocaleString('en-US'),
      ms(load.p50Ms),
      ms(load.p99Ms),
      cell.unloadedP50Ms === undefined ? '-' : `${cell.unloadedP50Ms.toFixed(2)} ms${added}`,
      `${load.peakRssMb.toFixed(0)} MB (${load.peakRssFileMb.toFixed(0)} file)`,
      `${load.cpuPercent.toFixed(0)}%`,
      `${load.cpuMsPerRequest.toFixed(3)} ms`,
      baseline?.load ? `${((100 * load.requestsPerSecond) / baseline.load.requestsPerSecond).toFixed(0)}%` : '',
      String(load.failures),
    ];
  });
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((value, i) => (i < 3 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join(' | ');
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  const problems = cells.filter((cell) => cell.problem).map((cell) => `  ${cell.backend} ${cell.shape} ${cell.target}: ${cell.problem}`);
  return [line(COLUMNS), rule, ...rows.map(line), ...(problems.length > 0 ? ['Not measured:', ...problems] : [])].join('\n');
}

/**
 * Verdicts over one or more full runs. A throughput target is judged by the
 * median of the per-round ratios of all runs pooled: on a shared machine one
 * run's whole-run ratio moves by a fifth either way. Peak memory is the
 * highest RSS less its file-backed pages (the node binary's and libraries'
 * pages, shared by every node process and not the gateway's to save).
 */
export function judge(paths: BackendPath[], runs: Cell[][]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const path of paths) {
    for (const goal of path.goals) {
      const label = `${path.backend} ${goal.shape}`;
      const measured = runs.map((cells) => ({
        gateway: findCell(cells, path.id, goal.shape, 'gateway'),
        baseline: findCell(cells, path.id, goal.shape, 'bare proxy'),
        floor: findCell(cells, path.id, goal.shape, 'validating proxy'),
      }));
      const complete = measured.filter(({ gateway, baseline }) => gateway?.load && baseline?.load);
      if (complete.length === 0) {
        const cause = measured.map(({ gateway, baseline }) => gateway?.problem ?? baseline?.problem).find(Boolean);
        verdicts.push({ pass: false, text: `${label}: not measured (${cause ?? 'skipped'})` });
        continue;
      }
      const rounds = complete.flatMap(({ gateway, baseline }) => roundRatios(gateway!.load!, baseline!.load!)).sort((a, b) => a - b);
      const wholeRuns = complete.map(({ gateway, baseline }) => gateway!.load!.requestsPerSecond / baseline!.load!.requestsPerSecond);
      const judged = rounds.length > 0 ? medianOf(rounds) : medianOf(wholeRuns);
      const floors = complete.filter(({ floor }) => floor?.load).map(({ floor, baseline }) => floor!.load!.requestsPerSecond / baseline!.load!.requestsPerSecond);
      const floorNote = floors.length > 0 ? `; the validating proxy: ${floors.map(pct).join(', ')}` : '';
      const spread = rounds.length > 0 ? `; rounds ${pct(rounds[0]!)} to ${pct(rounds[rounds.length - 1]!)}` : '';
      verdicts.push({
        pass: judged >= goal.minRatio,
        text:
          `${label}: ${pct(judged)} of bare proxy req/s, median of ${rounds.length} rounds over ${complete.length} run${complete.length === 1 ? '' : 's'} ` +
          `(target >= ${100 * goal.minRatio}%)${spread}; whole run${complete.length === 1 ? '' : 's'} ${wholeRuns.map(pct).join(', ')}${floorNote}`,
      });
      if (goal.maxAddedMs !== undefined) {
        const added = complete
          .filter(({ gateway, baseline }) => gateway!.unloadedP50Ms !== undefined && baseline!.unloadedP50Ms !== undefined)
          .map(({ gateway, baseline }) => gateway!.unloadedP50Ms! - baseline!.unloadedP50Ms!);
        if (added.length > 0) {
          verdicts.push({
            pass: medianOf(added) < goal.maxAddedMs,
            text: `${label}: ${medianOf(added).toFixed(2)} ms added p50 with no load (target < ${goal.maxAddedMs} ms); by run ${added.map((ms) => ms.toFixed(2)).join(', ')}`,
          });
        }
      }
      const failures = complete.reduce((sum, { gateway }) => sum + gateway!.load!.failures, 0);
      if (failures > 0) verdicts.push({ pass: false, text: `${label}: ${failures} failed requests under load` });
    }
    const peaks = runs
      .map((cells) => cells.filter((cell) => cell.path === path.id && cell.target === 'gateway' && cell.load).map((cell) => cell.load!))
      .filter((loads) => loads.length > 0)
      .map((loads) => loads.reduce((highest, load) => (anonymousMb(load) > anonymousMb(highest) ? load : highest)));
    if (peaks.length > 0) {
      const highest = Math.max(...peaks.map(anonymousMb));
      verdicts.push({
        pass: highest < MAX_PEAK_RSS_MB,
        text:
          `${path.backend}: gateway peak RSS less file-backed pages ${highest.toFixed(0)} MB under load (target < ${MAX_PEAK_RSS_MB} MB); ` +
          `by run ${peaks.map((load) => `${anonymousMb(load).toFixed(0)} MB (RSS ${load.peakRssMb.toFixed(0)}, file ${load.peakRssFileMb.toFixed(0)})`).join(', ')}`,
      });
    }
  }
  return verdicts;
}

/** What the process itself holds: the file-backed pages are shared with every node process. */
function anonymousMb(load: LoadResult): number {
  return load.peakRssMb - load.peakRssFileMb;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function pct(ratio: number): string {
  return `${(100 * ratio).toFixed(0)}%`;
}

/**
 * The same ratio round by round (slice i of each target ran back to back):
 * how far one run's figure can be trusted on a machine whose speed drifts.
 */
export function roundRatios(target: Pick<LoadResult, 'sliceRequestsPerSecond'>, baseline: Pick<LoadResult, 'sliceRequestsPerSecond'>): number[] {
  const rounds = Math.min(target.sliceRequestsPerSecond.length, baseline.sliceRequestsPerSecond.length);
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const base = baseline.sliceRequestsPerSecond[i]!;
    if (base > 0) ratios.push(target.sliceRequestsPerSecond[i]! / base);
  }
  return ratios;
}

export function formatVerdicts(verdicts: Verdict[]): string {
  const lines = verdicts.map((verdict) => `${verdict.pass ? 'PASS' : 'FAIL'}  ${verdict.text}`);
  const failed = verdicts.filter((verdict) => !verdict.pass).length;
  lines.push(failed === 0 ? `All ${verdicts.length} targets met.` : `*** ${failed} of ${verdicts.length} targets FAILED ***`);
  return lines.join('\n');
}

function findCell(cells: Cell[], path: PathId, shape: ShapeId, target: TargetName): Cell | undefined {
  return cells.find((cell) => cell.path === path && cell.shape === shape && cell.target === target);
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(1) : value.toFixed(0);
}
