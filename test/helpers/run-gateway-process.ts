import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'core', 'main.js');

export interface GatewayProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the listening URL, or rejects when the process exits first. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Runs the built gateway as `npm start` would, with exactly the env given (plus PATH). */
export function runGatewayProcess(env: Record<string, string>, args: string[] = [], cwd = ROOT): GatewayProcess {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const check = () => {
      const line = out.split('\n').find((l) => l.includes('"Gateway listening"'));
      if (line) resolve(JSON.parse(line).url);
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`gateway exited with ${code}: ${err}`)));
  });
  listening.catch(() => undefined);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    listening,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
