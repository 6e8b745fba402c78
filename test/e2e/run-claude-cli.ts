// One `claude -p` run as a user would type it, in a throwaway working
// directory and HOME, talking to nothing but the given base URL.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateClaudeCli } from './locate-claude-cli';

export const CLI_TIMEOUT_MS = 60_000;

export interface ClaudeRunOptions {
  baseUrl: string;
  prompt: string;
  args?: string[];
  /** Files to create in the CLI's working directory. */
  files?: Record<string, string>;
  env?: Record<string, string | undefined>;
}

/** The fields of `--output-format json` the tests read. */
export interface ClaudeJsonResult {
  result: string;
  is_error: boolean;
  num_turns: number;
  api_error_status?: number | null;
  modelUsage?: Record<string, unknown>;
}

export interface ClaudeRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Parsed stdout when the run asked for `--output-format json` and got it. */
  json?: ClaudeJsonResult;
}

export function cliEnv(baseUrl: string, home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-e2e-test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    // Fail fast when the gateway is broken: the CLI's default is more than 6 retries.
    CLAUDE_CODE_MAX_RETRIES: '2',
  };
}

export async function runClaude(options: ClaudeRunOptions): Promise<ClaudeRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'claude-e2e-'));
  const home = join(scratch, 'home');
  const cwd = join(scratch, 'project');
  mkdirSync(home);
  mkdirSync(cwd);
  for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(join(cwd, name), content);
  const args = ['-p', options.prompt, ...(options.args ?? [])];
  const started = performance.now();
  try {
    const child = spawn(locateClaudeCli().path, args, {
      cwd,
      env: { ...cliEnv(options.baseUrl, home), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CLI_TIMEOUT_MS);
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, sig) => resolve([code, sig]));
    }).finally(() => clearTimeout(timer));
    const run: ClaudeRun = { exitCode, signal, timedOut, stdout, stderr, durationMs: Math.round(performance.now() - started) };
    if (args.includes('--output-format') && args[args.indexOf('--output-format') + 1] === 'json') run.json = parseJsonResult(stdout);
    return run;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function parseJsonResult(stdout: string): ClaudeJsonResult | undefined {
  try {
    return JSON.parse(stdout.trim()) as ClaudeJsonResult;
  } catch {
    return undefined;
  }
}

/** Everything needed to see why a run went wrong, for assertion messages. */
export function describeRun(run: ClaudeRun): string {
  const how = run.timedOut ? `killed after ${CLI_TIMEOUT_MS} ms` : `exit ${run.exitCode ?? run.signal}`;
  return `claude ${how} in ${run.durationMs} ms\n--- stderr\n${run.stderr.trim() || '(empty)'}\n--- stdout\n${run.stdout.trim().slice(0, 4000) || '(empty)'}`;
}
