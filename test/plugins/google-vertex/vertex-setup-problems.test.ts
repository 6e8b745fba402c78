import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vertexBaseUrl, type VertexSettings } from '../../../plugins/google-vertex/vertex-upstream';
import { postJson, startGateway } from '../../helpers/start-gateway';
import { startFakeVertex } from '../../../scripts/simulators/vertex';
import { googleCredentialsFrom, letGoogleAuthFetchUnderJest } from './vertex-rig';

const settings = (region: string, base?: string) => ({ CLOUD_ML_REGION: region, ANTHROPIC_VERTEX_BASE_URL: base }) as unknown as VertexSettings;

describe("Vertex AI's API root", () => {
  it.each([
    ['global', undefined, 'https://aiplatform.googleapis.com/v1'],
    ['us', undefined, 'https://aiplatform.us.rep.googleapis.com/v1'],
    ['eu', undefined, 'https://aiplatform.eu.rep.googleapis.com/v1'],
    ['us-east5', undefined, 'https://us-east5-aiplatform.googleapis.com/v1'],
    ['europe-west1', 'https://vertex.internal.example/v1/', 'https://vertex.internal.example/v1'],
  ])('%s (override %s) is %s', (region, base, expected) => {
    expect(vertexBaseUrl(settings(region, base))).toBe(expected);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('GOOGLE_VERTEX without Google credentials', () => {
  it('answers 503 with x-should-retry: false, saying how to get credentials, and never calls Vertex', async () => {
    letGoogleAuthFetchUnderJest();
    const restore = googleCredentialsFrom(`127.0.0.1:${await closedPort()}`);
    const vertex = await startFakeVertex({ project: 'p', acceptsToken: () => true });
    const gateway = await startGateway({ PROXY_BACKEND: 'GOOGLE_VERTEX', ANTHROPIC_VERTEX_PROJECT_ID: 'p', ANTHROPIC_VERTEX_BASE_URL: `${vertex.url}/v1` });
    try {
      const answer = await postJson(`${gateway.url}/v1/messages`, { model: 'claude-haiku-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('x-should-retry')).toBe('false');
      expect(answer.json.error.message).toMatch(/no Google credentials found.*gcloud auth application-default login/);
      expect(vertex.received).toEqual([]);
    } finally {
      await gateway.close();
      await vertex.close();
      restore();
    }
  });
});

describe('GOOGLE_VERTEX with GOOGLE_APPLICATION_CREDENTIALS among its settings (.env included)', () => {
  const notCredentials = join(mkdtempSync(join(tmpdir(), 'vertex-key-')), 'package.json');
  writeFileSync(notCredentials, JSON.stringify({ name: 'not-a-key' }));

  it.each([
    ['a file that is not there', '/nonexistent/vertex-sa.json', /cannot read the service-account key file GOOGLE_APPLICATION_CREDENTIALS names \(\/nonexistent\/vertex-sa\.json: ENOENT\)/],
    ['a JSON file that is not Google credentials', notCredentials, /names a file that is not Google credentials, it has no "type"/],
  ])('refuses %s with a 503 naming the setting, which no retry fixes', async (_what, keyFile, message) => {
    letGoogleAuthFetchUnderJest();
    const restore = googleCredentialsFrom(`127.0.0.1:${await closedPort()}`);
    const vertex = await startFakeVertex({ project: 'p2', acceptsToken: () => true });
    const gateway = await startGateway({
      PROXY_BACKEND: 'GOOGLE_VERTEX',
      ANTHROPIC_VERTEX_PROJECT_ID: 'p2',
      ANTHROPIC_VERTEX_BASE_URL: `${vertex.url}/v1`,
      GOOGLE_APPLICATION_CREDENTIALS: keyFile,
    });
    try {
      const answer = await postJson(`${gateway.url}/v1/messages`, { model: 'claude-haiku-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('x-should-retry')).toBe('false');
      expect(answer.json.error.message).toMatch(message);
      expect(vertex.received).toEqual([]);
    } finally {
      await gateway.close();
      await vertex.close();
      restore();
    }
  });
});
