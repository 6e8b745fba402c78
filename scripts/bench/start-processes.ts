// Starting the three kinds of process the benchmark measures or talks to.

import { get } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { spawnNode, type BenchChild } from './child-processes';

/** dist-tools/ holds the compiled bench; the project root holds gateway.config.ts and dist/, the gateway `npm start` runs. */
const TOOLS_DIST = resolve(__dirname, '..', '..');
export const PROJECT_ROOT = resolve(TOOLS_DIST, '..');
export const GATEWAY_MAIN = join(PROJECT_ROOT, 'dist', 'core', 'main.js');
/**
 * The node flags `npm start` (and the container) run the gateway with, so the
 * bench measures that process. Node 22+ lets the young generation grow to
 * several times Node 20's 16 MB semi-spaces: under load that held about 100 MB
 * more resident memory for no throughput gained.
 */
export const GATEWAY_NODE_FLAGS = ['--disable-warning=DEP0060', '--max-semi-space-size=16'];

export interface Running {
  child: BenchChild;
  url: string;
}

export async function startBenchUpstream(cpus?: string): Promise<Running> {
  const child = spawnNode({ name: 'bench-upstream', script: join(__dirname, 'bench-upstream.js'), cpus });
  const { url } = await child.waitForJsonLine<{ url: string }>((line) => typeof line.url === 'string');
  return { child, url };
}

/** One of the reference proxies the gateway is compared with. */
export type ReferenceProxy = 'bare-proxy' | 'validating-proxy';

export async function startReferenceProxy(proxy: ReferenceProxy, upstreamUrl: string, cpus?: string): Promise<Running> {
  const child = spawnNode({ name: proxy, script: join(__dirname, `${proxy}.js`), args: ['--upstream', upstreamUrl], cpus });
  const { url } = await child.waitForJsonLine<{ url: string }>((line) => typeof line.url === 'string');
  return { child, url };
}

/** Only what the gateway needs: nothing from the caller's shell changes what is measured. */
export function gatewayEnv(backendEnv: Record<string, string>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', ...backendEnv, ...extra };
}

/**
 * Under load the gateway logs at warn, so there is no "Gateway listening" line
 * to wait for: it gets a port picked here and is polled on /health.
 */
export async function startGateway(backendEnv: Record<string, string>, cpus?: string, nodeOptions?: string[]): Promise<Running> {
  const port = await freePort();
  const child = spawnNode({
    name: 'gateway',
    script: GATEWAY_MAIN,
    cwd: PROJECT_ROOT,
    env: gatewayEnv(backendEnv, { PORT: String(port), LOG_LEVEL: 'warn' }),
    cpus,
    nodeOptions: [...GATEWAY_NODE_FLAGS, ...(nodeOptions ?? [])],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  return { child, url };
}

export interface BootSample {
  /** From spawn to the "Gateway listening" line, seen from outside. */
  wallMs: number;
  /** The gateway's own boot_ms (process start to listening); NaN for a cluster. */
  reportedMs: number;
}

/** With several workers, until the primary's "Gateway workers started" (which carries no boot_ms). */
export async function bootOnce(backendEnv: Record<string, string>, cpus?: string): Promise<BootSample> {
  const clustered = Number(backendEnv.GATEWAY_WORKERS ?? 1) > 1;
  const started = performance.now();
  const child = spawnNode({
    name: 'gateway (boot)',
    script: GATEWAY_MAIN,
    cwd: PROJECT_ROOT,
    env: gatewayEnv(backendEnv, { PORT: '0', LOG_LEVEL: 'info' }),
    cpus,
    nodeOptions: GATEWAY_NODE_FLAGS,
  });
  try {
    const line = await child.waitForJsonLine<{ boot_ms?: number }>((entry) => entry.event === (clustered ? 'Gateway workers started' : 'Gateway listening'));
    return { wallMs: performance.now() - started, reportedMs: Number(line.boot_ms) };
  } finally {
    await child.stop();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url: string, child: BenchChild, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`gateway exited with code ${child.process.exitCode}:\n${child.stderrTail().trim()}`);
    if (await answers(`${url}/health`)) return;
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`gateway did not answer ${url}/health within ${timeoutMs} ms:\n${child.stderrTail().trim()}`);
}

function answers(url: string): Promise<boolean> {
  return new Promise((done) => {
    const req = get(url, (res) => {
      res.resume();
      done(true);
    });
    req.once('error', () => done(false));
    req.setTimeout(1000, () => req.destroy());
  });
}
