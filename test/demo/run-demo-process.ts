// Runs the demo as a user would (`node dist-tools/scripts/demo.js ...` or
// `npm run demo -- ...`) in its own process group, so a test can press
// "Ctrl-C" (SIGINT to the whole group) and then check that nothing was left behind.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/run-gateway-process';

export const DEMO_SCRIPT = join(ROOT, 'dist-tools', 'scripts', 'demo.js');

export interface DemoProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match in stdout; rejects on timeout or exit. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Pids of every process below the one started. */
  descendants(): number[];
  /** Sends a signal to the whole process group, as a terminal's Ctrl-C does. */
  signalGroup(signal: NodeJS.Signals): void;
  describe(): string;
}

export function runDemoProcess(command: string, args: string[], env: NodeJS.ProcessEnv = demoEnv()): DemoProcess {
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (err += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const describe = () => `--- demo stdout\n${out.trim() || '(empty)'}\n--- demo stderr\n${err.trim() || '(empty)'}`;
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    describe,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = pattern.exec(out);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const onExit = () => {
          cleanup();
          reject(new Error(`demo exited before printing ${pattern}\n${describe()}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`demo did not print ${pattern} within ${timeoutMs} ms\n${describe()}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.off('close', onExit);
        };
        child.stdout!.on('data', check);
        child.once('close', onExit);
        check();
      });
    },
    descendants: () => descendantsOf(child.pid!),
    signalGroup: (signal) => process.kill(-child.pid!, signal),
  };
}

/** The caller's environment without what would change the demo's output. */
export function demoEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.LOG_LEVEL;
  return env;
}

export function descendantsOf(pid: number): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const children = table.filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...children);
    frontier = children;
  }
  return found;
}

/** Alive, not a zombie: an exited process stays in the table until its parent reaps it (here PID 1 may never). */
export function isRunning(pid: number): boolean {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false;
  }
}
