import type { IncomingMessage } from 'node:http';

/** The caller of a gateway that has no keys (metrics use the same name). */
export const ANONYMOUS = 'anonymous';

const callers = new WeakMap<IncomingMessage, string>();

export function setCaller(req: IncomingMessage, name: string): void {
  callers.set(req, name);
}

/** The name of the key the request came with; `anonymous` when the gateway has no keys. */
export function callerOf(req: IncomingMessage): string {
  return callers.get(req) ?? ANONYMOUS;
}
