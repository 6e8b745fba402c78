import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { InflightRequests } from '../../core/server/inflight-requests';

const response = (): ServerResponse => new EventEmitter() as unknown as ServerResponse;

describe('InflightRequests', () => {
  it('lists the responses not yet closed, whichever closes first', () => {
    const inflight = new InflightRequests();
    const [a, b, c, d] = [response(), response(), response(), response()];
    for (const res of [a, b, c, d]) inflight.track(res);
    b.emit('close');
    expect(new Set(inflight.responses())).toEqual(new Set([a, c, d]));
    a.emit('close');
    d.emit('close');
    expect(inflight.responses()).toEqual([c]);
    expect(inflight.size).toBe(1);
    c.emit('close');
    expect(inflight.responses()).toEqual([]);
    expect(inflight.idle).toBe(true);
  });

  it('counts a response once however often it closes', () => {
    const inflight = new InflightRequests();
    const [a, b] = [response(), response()];
    inflight.track(a);
    inflight.track(b);
    a.emit('close');
    a.emit('close');
    expect(inflight.responses()).toEqual([b]);
  });

  it('gives a copy, so closing responses while walking the list misses none', () => {
    const inflight = new InflightRequests();
    const all = [response(), response(), response()];
    for (const res of all) inflight.track(res);
    const seen: ServerResponse[] = [];
    for (const res of inflight.responses()) {
      seen.push(res);
      res.emit('close');
    }
    expect(seen).toHaveLength(3);
    expect(inflight.size).toBe(0);
  });

  it('is idle only once every handler has settled too, and tells a waiter each time', async () => {
    const inflight = new InflightRequests();
    const settled = jest.fn();
    inflight.onSettle = settled;
    let finish!: () => void;
    inflight.runs(new Promise<void>((resolve) => (finish = resolve)));
    const res = response();
    inflight.track(res);
    res.emit('close');
    expect(inflight.idle).toBe(false);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(inflight.idle).toBe(true);
    expect(settled).toHaveBeenCalledTimes(2);
  });
});
