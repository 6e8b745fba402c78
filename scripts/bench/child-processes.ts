// Every process the benchmark starts goes through here, so that one exit path
// (normal end, error, Ctrl-C) kills them all and none outlives the run.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BenchChild {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Resolves with the first stdout line that parses as JSON and passes `accept`. */
  waitForJsonLine<T = Record<string, unknown>>(accept: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<T>;
  /** The last few KB the child wrote to stderr (for error messages). */
  stderrTail(): string;
  stop(): Promise<void>;
}

export interface SpawnNodeOptions {
  name: string;
  script: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A taskset CPU list ("1", "0-2"); the child runs unpinned when undefined. */
  cpus?: string;
  nodeOptions?: string[];
}

const running = new Set<ChildProcess>();
const STDERR_TAIL = 4096;

export function spawnNode(options: SpawnNodeOptions): BenchChild {
  const nodeArgs = [...(options.nodeOptions ?? []), options.script, ...(options.args ?? [])];
  // taskset execs node in place, so the pid we get is node's own.
  const [command, args] = options.cpus ? ['taskset', ['-c', options.cpus, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${command}`);
  running.add(child);
  child.once('exit', () => running.delete(child));

  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL);
  });

  // Lines are read for as long as the child lives: an undrained pipe would block its logger.
  const listeners = new Set<(line: string) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    for (const listener of listeners) listener(line);
  });

  return {
    name: options.name,
    pid: child.pid,
    process: child,
    waitForJsonLine<T>(accept: (line: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const done = (error?: Error, value?: T) => {
          clearTimeout(timer);
          listeners.delete(onLine);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(value as T);
        };
        const onLine = (line: string) => {
          const parsed = parseJsonLine(line);
          if (parsed && accept(parsed)) done(undefined, parsed as T);
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
          done(new Error(`${options.name} exited (${signal ?? `code ${code}`}) before it was ready:\n${stderr.trim()}`));
        const timer = setTimeout(() => done(new Error(`${options.name} not ready within ${timeoutMs} ms:\n${stderr.trim()}`)), timeoutMs);
        listeners.add(onLine);
        child.once('exit', onExit);
      });
    },
    stderrTail: () => stderr,
    stop: () => stopChild(child),
  };
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** SIGTERM, then SIGKILL if the child is still there after a second. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // A target is stopped between its load slices (see run-load.ts); stopped, it would not see SIGTERM.
    child.kill('SIGCONT');
    child.kill('SIGTERM');
  });
}

export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Kill every child however the benchmark ends. */
export function killChildrenOnExit(): void {
  process.once('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllChildren();
      process.stderr.write(`\nbench: stopped by ${signal}\n`);
      process.exit(130);
    });
  }
}

/** For the helper programs: exit when the benchmark goes away, even if it was SIGKILLed. */
export function exitWhenParentGoes(): void {
  // process.exit, not the default signal death, so --cpu-prof still writes its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
  process.stdin.resume();
  process.stdin.once('end', () => process.exit(0));
  process.stdin.once('error', () => process.exit(0));
}
