// Where a process spent its time, from a V8 .cpuprofile (node --cpu-prof):
// self time per function and per file, and inclusive time per function of the
// project's own code, heaviest first. `--skip-ms` leaves out the start (boot).
//   node dist-tools/scripts/bench/summarize-cpu-profile.js FILE.cpuprofile [--top N] [--skip-ms N]

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Hotspot {
  name: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  idlePercent: number;
  functions: Hotspot[];
  files: Hotspot[];
  /** Time in a project function and everything it called (dist/ files only, node_modules excluded). */
  inclusive: Hotspot[];
}

export function summarizeCpuProfile(profile: CpuProfile, options: { root?: string; skipMs?: number } = {}): ProfileSummary {
  const root = options.root ?? process.cwd();
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    elapsedUs += delta;
    if (elapsedUs >= (options.skipMs ?? 0) * 1000) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);

  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    totalUs += us;
    if (node.callFrame.functionName === '(idle)') idleUs += us;
    const { name, file } = describe(node, root);
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    // Credit each project function on the stack once, however deep it recurses.
    const onStack = new Set<string>();
    for (let at: ProfileNode | undefined = node; at; at = parent.get(at.id)) {
      const frame = describe(at, root);
      if (frame.file.startsWith('dist/')) onStack.add(frame.name);
    }
    for (const key of onStack) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
  const rank = (map: Map<string, number>): Hotspot[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: totalUs > 0 ? (100 * us) / totalUs : 0 }));
  return {
    totalMs: totalUs / 1000,
    idlePercent: totalUs > 0 ? (100 * idleUs) / totalUs : 0,
    functions: rank(byFunction),
    files: rank(byFile),
    inclusive: rank(inclusive),
  };
}

function describe(node: ProfileNode, root: string): { name: string; file: string } {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? shorten(url, root) : `(${functionName || 'native'})`;
  return { file, name: url ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}` : functionName || '(native)' };
}

function shorten(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules !== -1) return path.slice(inModules + 1);
  return path.startsWith('/') ? relative(root, path) : path;
}

function formatHotspots(title: string, hotspots: Hotspot[], top: number): string[] {
  return [title, ...hotspots.slice(0, top).map((spot) => `${spot.percent.toFixed(1).padStart(6)}%  ${spot.selfMs.toFixed(0).padStart(7)} ms  ${spot.name}`)];
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: summarize-cpu-profile FILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  const flag = (name: string, fallback: number) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? fallback : Number(process.argv[at + 1]);
  };
  const top = flag('--top', 25);
  const summary = summarizeCpuProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, { skipMs: flag('--skip-ms', 0) });
  const lines = [
    `${file}: ${summary.totalMs.toFixed(0)} ms sampled, ${summary.idlePercent.toFixed(1)}% idle`,
    ...formatHotspots('Self time by function:', summary.functions, top),
    ...formatHotspots('Self time by file:', summary.files, top),
    ...formatHotspots('Inclusive time, project functions:', summary.inclusive, top),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
