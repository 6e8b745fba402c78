import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

export class ClientDisconnected extends Error {
  override name = 'ClientDisconnected';
  constructor() {
    super('Client disconnected');
  }
}

/**
 * Emits `abort` once if the client goes away before its response is complete,
 * with `aborted` and `reason` as on an AbortSignal. An EventEmitter because on
 * Node 20 an AbortSignal costs about 4 µs to make and as much again to listen
 * to, and together they took 15% of a small request's throughput (measured).
 * `signal` gives plugins a standard AbortSignal, made only if one is asked for.
 */
export class ClientGone extends EventEmitter {
  aborted = false;
  reason: ClientDisconnected | undefined = undefined;
  private controller: AbortController | undefined = undefined;

  constructor(res: ServerResponse) {
    super();
    res.once('close', () => {
      if (!res.writableFinished) this.abort();
    });
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  private abort(): void {
    this.aborted = true;
    this.reason = new ClientDisconnected();
    this.controller?.abort(this.reason);
    this.emit('abort');
  }
}
