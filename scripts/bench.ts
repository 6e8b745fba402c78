// `npm run bench [-- --quick] [-- --runs N] [-- --only litellm|openrouter] [-- --floor] [-- --no-pin] [-- --cpu-prof DIR] [-- --workers N]`
//
// Loads a bare node:http proxy (the baseline) and the gateway, in turn, in
// front of the same simulated upstream, for each backend path and request
// shape, and prints requests/s, latency, peak RSS and the ratio to the
// baseline, then PASS/FAIL per target from the issues: a throughput target by
// the median of the per-round ratios over all runs (3 full runs by default),
// peak memory as RSS less its file-backed pages. `--floor` adds, on the
// LITELLM path, the validating proxy: the cost of validating and proxying alone. A report, not a test:
// it exits 0 when a target is missed, and 1 only when it could not run.

import { Agent } from 'node:http';
import { availableParallelism } from 'node:os';
import { BACKEND_PATHS, GATEWAY_CALL, type BackendPath, type PathId } from './bench/backend-paths';
import { checkAnswer, type WireFormat } from './bench/check-answer';
import { killChildrenOnExit } from './bench/child-processes';
import { pinThisProcess, planCpuPlacement, type CpuPlacement } from './bench/cpu-placement';
import { currentRssMb, machineBusyPercent } from './bench/process-stats';
import { formatTable, formatVerdicts, judge, type Cell, type TargetName } from './bench/report';
import { buildRequestShapes, type RequestShape } from './bench/request-shapes';
import { runInterleaved, type HttpCall, type LoadOptions } from './bench/run-load';
import { median, sendRequest, unloadedP50s } from './bench/send-request';
import { bootOnce, startBenchUpstream, startGateway, startReferenceProxy, type Running } from './bench/start-processes';

interface BenchOptions {
  load: LoadOptions;
  /** Full runs whose rounds are pooled for the verdicts. */
  runs: number;
  only?: PathId;
  floor: boolean;
  pin: boolean;
  cpuProfileDir?: string;
  /** GATEWAY_WORKERS for the gateway; its CPU and memory are then those of all its processes. */
  workers: number;
}

const SEQUENTIAL = { count: 200, warmup: 50 };
const BOOTS = 5;

const USAGE = 'usage: npm run bench -- [--quick] [--runs N] [--only litellm|openrouter] [--floor] [--no-pin] [--cpu-prof DIR] [--workers N]';
const FULL_RUNS = 3;

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = { load: { connections: 64, durationSeconds: 5, sliceSeconds: 1, warmupSeconds: 1 }, runs: FULL_RUNS, floor: false, pin: true, workers: 1 };
  let runs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.load = { ...options.load, durationSeconds: 1, warmupSeconds: 0.5 };
    else if (arg === '--runs' && /^[1-9]\d*$/.test(argv[i + 1] ?? '')) runs = Number(argv[++i]);
    else if (arg === '--no-pin') options.pin = false;
    else if (arg === '--floor') options.floor = true;
    else if (arg === '--only' && BACKEND_PATHS.some((path) => path.id === argv[i + 1])) options.only = argv[++i] as PathId;
    else if (arg === '--cpu-prof' && argv[i + 1]) options.cpuProfileDir = argv[++i];
    else if (arg === '--workers' && /^[1-9]\d*$/.test(argv[i + 1] ?? '')) options.workers = Number(argv[++i]);
    else throw new Error(`unexpected argument ${arg}\n${USAGE}`);
  }
  // A quick run is a smoke test of the bench itself: one run unless asked for more.
  options.runs = runs ?? (options.load.durationSeconds === 1 ? 1 : FULL_RUNS);
  return options;
}

const log = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  killChildrenOnExit();
  const cpus = availableParallelism();
  const busyBefore = await machineBusyPercent();
  const placement = planCpuPlacement(options.pin, options.workers);
  if (placement) pinThisProcess(placement);
  const paths = BACKEND_PATHS.filter((path) => !options.only || path.id === options.only);
  const shapes = buildRequestShapes();

  log(`Benchmark: node ${process.version}, ${cpus} CPUs; ${placement?.describe ?? 'processes not pinned'}`);
  if (options.workers > 1) log(`Gateway: GATEWAY_WORKERS=${options.workers} (a primary and ${options.workers} workers; its CPU and RSS are those of all of them)`);
  log(
    `Load: autocannon, ${options.load.connections} connections, ${options.load.warmupSeconds} s warm-up + ${options.load.durationSeconds} s per cell ` +
      `(in ${options.load.sliceSeconds} s slices alternating bare proxy / gateway); ` +
      `unloaded: ${SEQUENTIAL.count} sequential requests to each (alternating) after ${SEQUENTIAL.warmup}`,
  );
  for (const shape of shapes) {
    log(`  ${shape.id}: Anthropic body ${kb(shape.anthropicBody)}, OpenAI chat body ${kb(shape.openAIChatBody)}${shape.stream ? ', streamed' : ''}`);
  }
  log(`CPU busy before start (other work): ${busyBefore.toFixed(0)}%${busyBefore > 10 ? '  -- other work is running: figures will be noisy' : ''}`);
  log();

  const upstream = await startBenchUpstream(placement?.load);
  const runs: Cell[][] = [];
  const boots: string[] = [];
  for (let run = 1; run <= options.runs; run++) {
    if (options.runs > 1) log(`--- run ${run} of ${options.runs}`);
    const cells: Cell[] = [];
    for (const path of paths) {
      if (run === 1) {
        boots.push(await measureBoot(path, upstream.url, placement, options.workers));
        log(`${path.backend}: ${boots[boots.length - 1]}`);
      }
      cells.push(...(await measurePath(path, shapes, upstream.url, placement, options)));
    }
    runs.push(cells);
  }
  await upstream.child.stop();

  for (const [index, cells] of runs.entries()) {
    log();
    if (runs.length > 1) log(`Run ${index + 1} of ${runs.length}:`);
    log(formatTable(cells));
  }
  log(
    'req/s: 2xx answers per second; p50/p99: under load; unloaded p50: one request at a time (gateway minus bare proxy in brackets); ' +
      'peak RSS: highest VmRSS of the target (summed over its processes), sampled every 100 ms, with its file-backed part (the node binary\'s and libraries\' pages, shared by every node process); ' +
      'CPU: the target\'s CPU time (its workers\' included) over the cell (100% = one core; a single process pinned to one core well below that: something other than the target limited the rate); ' +
      'CPU/req: that CPU time over the requests answered.',
  );
  log();
  log('Boot to listening (median of 5, gateway as a child process, LOG_LEVEL=info):');
  for (const line of boots) log(`  ${line}`);
  log();
  log(
    `Verdicts: a throughput target is judged by the median of the per-round ratios over ${runs.length} run${runs.length === 1 ? '' : 's'}; ` +
      'peak memory as RSS less the file-backed pages, the highest over the runs.',
  );
  log(formatVerdicts(judge(paths, runs)));
  const busyAfter = await machineBusyPercent();
  log(`CPU busy after the run (other work): ${busyAfter.toFixed(0)}%${busyAfter > 10 ? '  -- other work was running: figures may be noisy' : ''}`);
  if (options.cpuProfileDir) log(`\nGateway CPU profiles in ${options.cpuProfileDir}: node dist-tools/scripts/bench/summarize-cpu-profile.js <file>`);
}

async function measurePath(
  path: BackendPath,
  shapes: RequestShape[],
  upstreamUrl: string,
  placement: CpuPlacement | undefined,
  options: BenchOptions,
): Promise<Cell[]> {
  const nodeOptions = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : undefined;
  const bare = await startReferenceProxy('bare-proxy', upstreamUrl, placement?.target);
  const floor = options.floor && path.validatingFloor ? await startReferenceProxy('validating-proxy', upstreamUrl, placement?.target) : undefined;
  const gateway = await startGateway(gatewayEnvFor(path, upstreamUrl, options.workers), placement?.target, nodeOptions);
  log(`${path.backend}: RSS after boot: gateway ${currentRssMb(gateway.child.pid).toFixed(0)} MB, bare proxy ${currentRssMb(bare.child.pid).toFixed(0)} MB`);
  const cells: Cell[] = [];
  try {
    for (const shape of shapes) {
      const anthropicCall = (running: Running) => ({ url: running.url + GATEWAY_CALL.path, headers: GATEWAY_CALL.headers, body: shape.anthropicBody });
      const targets: Target[] = [
        { name: 'bare proxy', running: bare, format: path.baseline.format, call: { url: bare.url + path.baseline.path, headers: path.baseline.headers, body: path.baseline.body(shape) } },
        ...(floor ? [{ name: 'validating proxy' as const, running: floor, format: GATEWAY_CALL.format, call: anthropicCall(floor) }] : []),
        { name: 'gateway', running: gateway, format: GATEWAY_CALL.format, call: anthropicCall(gateway) },
      ];
      cells.push(...(await measureShape(path, shape, targets, options.load)));
    }
  } finally {
    await Promise.all([bare.child.stop(), gateway.child.stop(), floor?.child.stop()]);
  }
  return cells;
}

interface Target {
  name: TargetName;
  running: Running;
  call: HttpCall;
  format: WireFormat;
}

async function measureShape(path: BackendPath, shape: RequestShape, targets: Target[], load: LoadOptions): Promise<Cell[]> {
  const cells: Cell[] = targets.map((target) => ({ path: path.id, backend: path.backend, shape: shape.id, target: target.name }));
  for (const [i, target] of targets.entries()) {
    cells[i]!.problem = await checkOnce(target.call, target.format, shape.stream).catch((error: unknown) => describeFailure(error, target.running));
  }
  const ready = targets.flatMap((target, i) => (cells[i]!.problem ? [] : [{ target, cell: cells[i]! }]));
  if (ready.length === 0) return cells;

  // Unloaded first, so no target is measured in the wake of a load run.
  try {
    const p50s = await unloadedP50s(ready.map(({ target }) => target.call), SEQUENTIAL.count, SEQUENTIAL.warmup);
    ready.forEach(({ cell }, i) => (cell.unloadedP50Ms = p50s[i]));
  } catch (error) {
    const dead = ready.find(({ target }) => target.running.child.process.exitCode !== null) ?? ready[0]!;
    log(`${path.backend} ${shape.id}: unloaded latency not measured: ${describeFailure(error, dead.target.running)}`);
  }

  process.stdout.write(`${path.backend} ${shape.id}: ${ready.map(({ target }) => target.name).join(' / ')} ... `);
  const results = await runInterleaved(ready.map(({ target }) => ({ call: target.call, pid: target.running.child.pid })), load);
  ready.forEach(({ target, cell }, i) => {
    const result = results[i]!;
    if (result instanceof Error) cell.problem = describeFailure(result, target.running);
    else cell.load = result;
  });
  log(ready.map(({ cell }) => (cell.load ? `${Math.round(cell.load.requestsPerSecond)} req/s` : 'failed')).join(' / '));
  return cells;
}

async function checkOnce(call: HttpCall, format: WireFormat, stream: boolean): Promise<string | undefined> {
  const agent = new Agent({ keepAlive: false });
  try {
    return checkAnswer(await sendRequest(call, agent), format, stream);
  } finally {
    agent.destroy();
  }
}

function gatewayEnvFor(path: BackendPath, upstreamUrl: string, workers: number): Record<string, string> {
  return workers > 1 ? { ...path.gatewayEnv(upstreamUrl), GATEWAY_WORKERS: String(workers) } : path.gatewayEnv(upstreamUrl);
}

async function measureBoot(path: BackendPath, upstreamUrl: string, placement: CpuPlacement | undefined, workers: number): Promise<string> {
  const samples = [];
  for (let i = 0; i < BOOTS; i++) samples.push(await bootOnce(gatewayEnvFor(path, upstreamUrl, workers), placement?.target));
  const wall = samples.map((sample) => sample.wallMs);
  const range = `${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)})`;
  if (workers > 1) return `spawn to "Gateway workers started" (all ${workers} listening) ${range}`;
  return `spawn to "Gateway listening" ${range}; gateway's own boot_ms ${median(samples.map((sample) => sample.reportedMs)).toFixed(0)} ms`;
}

/** The error's first line, and the target's last words when it has died. */
function describeFailure(error: unknown, target: Running): string {
  const problem = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const child = target.child.process;
  if (child.exitCode === null && child.signalCode === null) return problem;
  const stderr = target.child.stderrTail().trim().split('\n').slice(-3).join(' | ');
  return `${problem}; ${target.child.name} exited (${child.signalCode ?? `code ${child.exitCode}`})${stderr ? `: ${stderr}` : ''}`;
}

function kb(body: Buffer): string {
  return `${(body.length / 1024).toFixed(1)} KB`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
