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

const COLUMNS = ['path', 'shape', 'target', 'req/s', 'p50 ms', 'p99 ms', 'unloaded p50', 'peak RSS', 'CPU', 'vs bare', 'failed'];

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

export function judge(paths: BackendPath[], cells: Cell[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const path of paths) {
    for (const goal of path.goals) {
      const gateway = findCell(cells, path.id, goal.shape, 'gateway');
      const baseline = findCell(cells, path.id, goal.shape, 'bare proxy');
      const label = `${path.backend} ${goal.shape}`;
      if (!gateway?.load || !baseline?.load) {
        verdicts.push({ pass: false, text: `${label}: not measured (${gateway?.problem ?? baseline?.problem ?? 'skipped'})` });
        continue;
      }
      const ratio = gateway.load.requestsPerSecond / baseline.load.requestsPerSecond;
      const floor = findCell(cells, path.id, goal.shape, 'validating proxy')?.load;
      const floorNote = floor ? `; the validating proxy: ${((100 * floor.requestsPerSecond) / baseline.load.requestsPerSecond).toFixed(0)}%` : '';
      verdicts.push({
        pass: ratio >= goal.minRatio,
        text: `${label}: ${(100 * ratio).toFixed(0)}% of bare proxy req/s (target >= ${100 * goal.minRatio}%${floorNote})${describeRounds(gateway.load, baseline.load)}`,
      });
      if (goal.maxAddedMs !== undefined && gateway.unloadedP50Ms !== undefined && baseline.unloadedP50Ms !== undefined) {
        const added = gateway.unloadedP50Ms - baseline.unloadedP50Ms;
        verdicts.push({
          pass: added < goal.maxAddedMs,
          text: `${label}: ${added.toFixed(2)} ms added p50 with no load (target < ${goal.maxAddedMs} ms)`,
        });
      }
      const failures = gateway.load.failures;
      if (failures > 0) verdicts.push({ pass: false, text: `${label}: ${failures} failed requests under load` });
    }
    const gatewayCells = cells.filter((cell) => cell.path === path.id && cell.target === 'gateway' && cell.load);
    if (gatewayCells.length > 0) {
      const peak = gatewayCells.map((cell) => cell.load!).reduce((highest, load) => (load.peakRssMb > highest.peakRssMb ? load : highest));
      verdicts.push({
        pass: peak.peakRssMb < MAX_PEAK_RSS_MB,
        text: `${path.backend}: gateway peak RSS ${peak.peakRssMb.toFixed(0)} MB under load, ${peak.peakRssFileMb.toFixed(0)} MB of it file-backed (target < ${MAX_PEAK_RSS_MB} MB)`,
      });
    }
  }
  return verdicts;
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

function describeRounds(target: LoadResult, baseline: LoadResult): string {
  const ratios = roundRatios(target, baseline).sort((a, b) => a - b);
  if (ratios.length < 2) return '';
  const pct = (ratio: number) => `${(100 * ratio).toFixed(0)}%`;
  const middle = ratios.length / 2;
  const median = ratios.length % 2 ? ratios[Math.floor(middle)]! : (ratios[middle - 1]! + ratios[middle]!) / 2;
  return `; by round: ${pct(ratios[0]!)} to ${pct(ratios[ratios.length - 1]!)}, median ${pct(median)}`;
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
