import type { Server } from 'node:http';

/**
 * Counts what a server's connections hand to the kernel as one write: calls of
 * the sockets' Writable `_write`/`_writev` hooks, corked pieces counted once.
 * Hooks are installed once per connection (clients reuse them).
 */
export function countSocketWrites(server: Server): { count: number } {
  const counter = { count: 0 };
  server.on('connection', (socket) => {
    const hooks = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
    for (const hook of ['_write', '_writev'] as const) {
      const original = hooks[hook].bind(socket);
      hooks[hook] = (...args: unknown[]) => {
        counter.count += 1;
        original(...args);
      };
    }
  });
  return counter;
}
