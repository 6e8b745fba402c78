import { request } from 'node:http';
import { startFakeLiteLLM, type FakeLiteLLM } from '../../scripts/simulators';
import { startGateway, type TestGateway } from '../helpers/start-gateway';

/** A raw answer: fetch would hide whether it came with a content-length or chunked. */
function post(url: string, body: string): Promise<{ headers: Record<string, unknown>; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: 'POST', path: '/v1/messages', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('a pass-through JSON answer with the requested model echoed', () => {
  let litellm: FakeLiteLLM;
  let gw: TestGateway;
  beforeAll(async () => {
    litellm = await startFakeLiteLLM();
    gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await gw.close();
    await litellm.close();
  });

  it('keeps a content-length, moved by the difference in the model id, rather than going chunked', async () => {
    const answer = await post(gw.url, JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] }));
    expect(JSON.parse(answer.text).model).toBe('claude-sonnet-4');
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.text));
  });
});
