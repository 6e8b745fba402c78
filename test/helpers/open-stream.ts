import { request } from 'node:http';

/** A streamed request on its own connection: `started` at its first bytes, `done` with the whole text. */
export function openStream(url: string, text: string): { started: Promise<void>; done: Promise<string> } {
  const { hostname, port } = new URL(url);
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<string>((resolve, reject) => {
    const req = request(
      { host: hostname, port, method: 'POST', path: '/v1/messages', agent: false, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          markStarted();
        });
        res.on('end', () => resolve(body));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 64, stream: true, messages: [{ role: 'user', content: text }] }));
  });
  return { started, done };
}
