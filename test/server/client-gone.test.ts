import { once } from 'node:events';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientDisconnected, ClientGone } from '../../core/upstream/client-gone';

let server: Server;
let port: number;
let serve: (res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    serve(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Starts a request and hands back the server's ClientGone for it, and a way to hang up. */
async function exchange(): Promise<{ gone: ClientGone; res: ServerResponse; hangUp: () => void; answered: Promise<unknown> }> {
  const served = new Promise<{ gone: ClientGone; res: ServerResponse }>((resolve) => {
    serve = (res) => resolve({ gone: new ClientGone(res), res });
  });
  const client = request({ port, host: '127.0.0.1', method: 'POST', path: '/', agent: false });
  const answered = new Promise((resolve) => {
    client.on('response', (response) => {
      response.resume();
      response.once('end', resolve);
    });
    client.on('error', resolve);
  });
  client.end('{}');
  const { gone, res } = await served;
  return { gone, res, hangUp: () => client.destroy(), answered };
}

describe('ClientGone', () => {
  it('emits abort once, with a ClientDisconnected reason, when the client hangs up mid-answer', async () => {
    const { gone, res, hangUp } = await exchange();
    const heard = jest.fn();
    gone.on('abort', heard);
    expect(gone.aborted).toBe(false);
    hangUp();
    await once(res, 'close');
    expect(heard).toHaveBeenCalledTimes(1);
    expect(gone.aborted).toBe(true);
    expect(gone.reason).toBeInstanceOf(ClientDisconnected);
  });

  it('stays quiet when the answer was complete before the connection closed', async () => {
    const { gone, res, hangUp, answered } = await exchange();
    const heard = jest.fn();
    gone.on('abort', heard);
    const closed = once(res, 'close');
    res.end('done');
    await answered;
    hangUp();
    await closed;
    expect(heard).not.toHaveBeenCalled();
    expect(gone.aborted).toBe(false);
    expect(gone.signal.aborted).toBe(false);
  });

  it('gives a standard AbortSignal read before the hang-up, which then fires', async () => {
    const { gone, res, hangUp } = await exchange();
    const { signal } = gone;
    expect(signal).toBeInstanceOf(AbortSignal);
    const fired = new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    hangUp();
    await once(res, 'close');
    await fired;
    expect(signal.reason).toBe(gone.reason);
    expect(gone.signal).toBe(signal);
  });

  it('gives an already aborted signal when it is first read after the hang-up', async () => {
    const { gone, res, hangUp } = await exchange();
    hangUp();
    await once(res, 'close');
    expect(gone.signal.aborted).toBe(true);
    expect(gone.signal.reason).toBeInstanceOf(ClientDisconnected);
  });
});
