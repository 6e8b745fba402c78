// Single requests over one kept-alive connection: the answer check before each
// cell, and the unloaded latency (one request at a time, nothing else running).

import { Agent, request } from 'node:http';
import type { HttpCall } from './run-load';

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

export function sendRequest(call: HttpCall, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      call.url,
      { method: 'POST', agent, headers: { ...call.headers, 'content-length': String(call.body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
      },
    );
    req.once('error', reject);
    req.end(call.body);
  });
}

/**
 * Median time of `count` sequential requests to each call, after `warmup` unmeasured
 * ones. Requests alternate between the calls, so a burst of other work on the
 * machine lands on all of them alike.
 */
export async function unloadedP50s(calls: HttpCall[], count: number, warmup: number): Promise<number[]> {
  const agents = calls.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  try {
    const times = calls.map((): number[] => []);
    for (let i = 0; i < warmup + count; i++) {
      for (const [index, call] of calls.entries()) {
        const answer = await sendRequest(call, agents[index]!);
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status} from ${call.url}: ${answer.body.slice(0, 300)}`);
        if (i >= warmup) times[index]!.push(answer.ms);
      }
    }
    return times.map(median);
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
