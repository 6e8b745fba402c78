import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
