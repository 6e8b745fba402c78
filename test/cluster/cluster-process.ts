// Running the built gateway with GATEWAY_WORKERS and reading what it logs.

import { request } from 'node:http';
import { runGatewayProcess, type GatewayProcess } from '../helpers/run-gateway-process';

export type LogLine = Record<string, any>;

export function logLines(stdout: string): LogLine[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

/** Resolves with the first log line that passes `accept`; rejects when the process exits first or after `timeoutMs`. */
export function waitForLine(gateway: GatewayProcess, accept: (line: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const line = logLines(gateway.stdout()).find(accept);
      if (!line) return false;
      done();
      resolve(line);
      return true;
    };
    const onExit = (code: number | null) => {
      if (check()) return;
      done();
      reject(new Error(`gateway exited with ${code} first:\n${gateway.stdout()}\n${gateway.stderr()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no such log line within ${timeoutMs} ms:\n${gateway.stdout()}\n${gateway.stderr()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      gateway.child.stdout!.off('data', check);
      gateway.child.off('exit', onExit);
    };
    if (check()) return;
    gateway.child.stdout!.on('data', check);
    gateway.child.once('exit', onExit);
  });
}

/** Starts the built gateway and waits for every worker to listen; resolves with the primary's started line. */
export async function startCluster(env: Record<string, string>): Promise<{ gateway: GatewayProcess; url: string; pids: number[] }> {
  const gateway = runGatewayProcess(env);
  const started = await waitForLine(gateway, (l) => l.event === 'Gateway workers started');
  return { gateway, url: started.url, pids: started.pids };
}

export interface Answer {
  status: number;
  body: string;
}

/** One request on a connection of its own (the cluster hands connections to workers in turn). */
export function send(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: unknown }): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: options.method ?? 'GET', path: options.path, agent: false, headers: { 'content-type': 'application/json', ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

export function postMessage(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, {
    method: 'POST',
    path: '/v1/messages',
    headers: { 'anthropic-version': '2023-06-01', ...headers },
    body: { model: 'claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
  });
}


/** The value of one unlabelled-or-summed series in Prometheus text: the sum of every line of `name{...} value`. */
export function sumOf(metricsText: string, name: string): number {
  return metricsText
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Request completed lines by worker id. */
export function completedByWorker(stdout: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of logLines(stdout)) if (line.event === 'Request completed') counts.set(line.worker, (counts.get(line.worker) ?? 0) + 1);
  return counts;
}
