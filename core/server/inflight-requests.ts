import type { ServerResponse } from 'node:http';

/**
 * Every response not yet closed, and the count of request handlers still
 * running (a handler logs its `Request completed` line after its response
 * closed). Cheap on the request path: a Set entry and one shared `close`
 * listener per response, one promise reaction per handler.
 */
export class InflightRequests {
  readonly responses = new Set<ServerResponse>();
  handlers = 0;
  /** Called when a response closes or a handler returns, while someone waits (a drain). */
  onSettle: (() => void) | undefined = undefined;
  private readonly untrack: (this: ServerResponse) => void;
  private readonly handlerDone = (): void => {
    this.handlers -= 1;
    this.onSettle?.();
  };

  constructor() {
    const responses = this.responses;
    // One function for every response (`this` is the response): no closure per request.
    const registry = this;
    this.untrack = function untrack(this: ServerResponse) {
      responses.delete(this);
      registry.onSettle?.();
    };
  }

  track(res: ServerResponse): void {
    this.responses.add(res);
    res.on('close', this.untrack);
  }

  /** Counts `handler` as running until it settles. */
  runs(handler: Promise<unknown>): void {
    this.handlers += 1;
    handler.then(this.handlerDone, this.handlerDone);
  }

  get idle(): boolean {
    return this.responses.size === 0 && this.handlers === 0;
  }
}
