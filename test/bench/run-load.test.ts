import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { runInterleaved, type LoadResult } from '../../scripts/bench/run-load';

const SERVER = `
const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => res.end('{}')); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [port] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, url: `http://127.0.0.1:${port.toString().trim()}` };
}

// A cluster: the primary only hands out connections; its two workers answer.
const CLUSTER = `
const cluster = require('node:cluster');
if (cluster.isPrimary) {
  cluster.fork(); cluster.fork();
  let listening = 0;
  cluster.on('listening', (worker, address) => { if (++listening === 2) console.log(address.port + ' ' + Object.values(cluster.workers).map((w) => w.process.pid).join(' ')); });
} else {
  require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => res.end('{}')); }).listen(0, '127.0.0.1');
}
`;

async function startCluster(): Promise<{ child: ChildProcess; url: string; workers: number[] }> {
  // A worker runs the primary's script again: it must be a file.
  const script = join(mkdtempSync(join(tmpdir(), 'bench-cluster-')), 'cluster.js');
  writeFileSync(script, CLUSTER);
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const [port, ...workers] = line.toString().trim().split(' ').map(Number);
  return { child, url: `http://127.0.0.1:${port}`, workers };
}

/** The state letter of /proc/<pid>/stat: R, S, T (stopped), ... */
function stateOf(pid: number): string {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.charAt(0);
}

// Reads /proc, as the bench's own process sampler does.
describe('runInterleaved', () => {
  it('stops each target between its own slices, and resumes every target at the end', async () => {
    const servers = await Promise.all([startServer(), startServer()]);
    const seenStopped = servers.map(() => false);
    const watcher = setInterval(() => servers.forEach(({ child }, i) => (seenStopped[i] ||= stateOf(child.pid!) === 'T')), 10);
    try {
      const results = await runInterleaved(
        servers.map(({ child, url }) => ({ pid: child.pid!, call: { url, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') } })),
        { connections: 2, durationSeconds: 0.6, sliceSeconds: 0.2, warmupSeconds: 0 },
      );
      expect(seenStopped).toEqual([true, true]);
      for (const result of results) {
        expect((result as LoadResult).sliceRequestsPerSecond).toHaveLength(3);
        expect((result as LoadResult).requestsPerSecond).toBeGreaterThan(0);
      }
      expect(servers.map(({ child }) => stateOf(child.pid!))).not.toContain('T');
    } finally {
      clearInterval(watcher);
      for (const { child } of servers) child.kill('SIGKILL');
    }
  });
});

describe('runInterleaved with a target of several processes', () => {
  it("stops the target's workers with it, and counts their CPU as the target's", async () => {
    const [single, clustered] = await Promise.all([startServer(), startCluster()]);
    const seenStopped = clustered.workers.map(() => false);
    const watcher = setInterval(() => clustered.workers.forEach((pid, i) => (seenStopped[i] ||= stateOf(pid) === 'T')), 10);
    try {
      const call = (url: string) => ({ url, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') });
      const [, result] = (await runInterleaved(
        [
          { pid: single.child.pid!, call: call(single.url) },
          { pid: clustered.child.pid!, call: call(clustered.url) },
        ],
        { connections: 4, durationSeconds: 0.6, sliceSeconds: 0.3, warmupSeconds: 0 },
      )) as LoadResult[];
      expect(seenStopped).toEqual([true, true]);
      // The primary alone would show next to none: the workers answered every request.
      expect(result!.cpuPercent).toBeGreaterThan(20);
      expect(result!.cpuMsPerRequest).toBeGreaterThan(0);
      // CPU ms per request is CPU per second over requests per second (each over slightly different clocks).
      expect(result!.cpuMsPerRequest / ((10 * result!.cpuPercent) / result!.requestsPerSecond)).toBeCloseTo(1, 1);
      expect(clustered.workers.map(stateOf)).not.toContain('T');
    } finally {
      clearInterval(watcher);
      single.child.kill('SIGKILL');
      for (const pid of clustered.workers) process.kill(pid, 'SIGKILL');
      clustered.child.kill('SIGKILL');
    }
  });
});
