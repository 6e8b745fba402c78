import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/run-gateway-process';

const ENV_KEY = 'E2E_CLAUDE_CLI';

export interface ClaudeCli {
  path: string;
  version: string;
}

/**
 * The pinned CLI: npm's `claude` wrapper when its postinstall put the native
 * binary in place, else the platform package's binary itself (what is left when
 * install scripts did not run, and the wrapper is a stub that exits 1).
 */
export function locateClaudeCli(): ClaudeCli {
  const known = process.env[ENV_KEY];
  if (known) return JSON.parse(known) as ClaudeCli;
  const pkg = join(ROOT, 'node_modules', '@anthropic-ai', 'claude-code');
  if (!existsSync(join(pkg, 'package.json'))) {
    throw new Error('@anthropic-ai/claude-code is not installed: run `npm install` (it is a pinned devDependency).');
  }
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const platformPackage = join(ROOT, 'node_modules', '@anthropic-ai', `claude-code-${process.platform}-${process.arch}`);
  const candidates = [join(ROOT, 'node_modules', '.bin', 'claude'), join(platformPackage, 'claude'), join(`${platformPackage}-musl`, 'claude')];
  const tried: string[] = [];
  for (const candidate of candidates) {
    const problem = versionProblem(candidate, version);
    if (!problem) {
      const cli = { path: candidate, version };
      process.env[ENV_KEY] = JSON.stringify(cli);
      return cli;
    }
    tried.push(`  ${candidate}: ${problem}`);
  }
  throw new Error(`No working Claude Code ${version} binary found:\n${tried.join('\n')}`);
}

function versionProblem(candidate: string, version: string): string | undefined {
  if (!existsSync(candidate)) return 'missing';
  const home = mkdtempSync(join(tmpdir(), 'claude-e2e-version-'));
  try {
    const run = spawnSync(candidate, ['--version'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '', HOME: home, DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
    if (run.status !== 0) return `exit ${run.status ?? run.signal}: ${output.slice(0, 200)}`;
    if (!output.startsWith(version)) return `reports "${output}", expected ${version}`;
    return undefined;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
