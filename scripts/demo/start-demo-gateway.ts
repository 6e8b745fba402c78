// The gateway as `npm start` runs it, with its log lines handed to the caller
// as they come, so the demo shows each request going through.

import { createInterface } from 'node:readline';
import { spawnNode, type BenchChild } from '../bench/child-processes';
import { GATEWAY_MAIN, gatewayEnv, PROJECT_ROOT } from '../bench/start-processes';

export interface DemoGateway {
  url: string;
  child: BenchChild;
}

export async function startDemoGateway(backendEnv: Record<string, string>, port: number, onLogLine: (line: string) => void): Promise<DemoGateway> {
  const passThrough: Record<string, string> = process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {};
  const child = spawnNode({
    name: 'gateway',
    script: GATEWAY_MAIN,
    cwd: PROJECT_ROOT,
    env: gatewayEnv(backendEnv, { PORT: String(port), ...passThrough }),
  });
  createInterface({ input: child.process.stdout! }).on('line', onLogLine);
  try {
    const { url } = await child.waitForJsonLine<{ url: string }>((line) => line.event === 'Gateway listening');
    return { url, child };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
