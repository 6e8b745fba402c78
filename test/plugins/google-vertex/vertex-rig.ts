import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../../scripts/simulators';
import { startFakeGoogleMetadata, startFakeVertex, type FakeGoogleMetadata } from '../../../scripts/simulators/vertex';
import { startGateway, type TestGateway } from '../../helpers/start-gateway';

export const REGION = 'us-east5';
let rigs = 0;

// google-auth-library reads these from the process environment, not from the gateway's settings.
const GOOGLE_ENV = ['GCE_METADATA_HOST', 'GCE_METADATA_IP', 'GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CONFIG', 'METADATA_SERVER_DETECTION'];

/**
 * Application default credentials that can only come from a metadata server at
 * `metadataHost`: no credentials file, an empty gcloud config folder. Returns
 * the function that puts the environment back.
 */
export function googleCredentialsFrom(metadataHost: string): () => void {
  const saved = Object.fromEntries(GOOGLE_ENV.map((name) => [name, process.env[name]]));
  for (const name of GOOGLE_ENV) delete process.env[name];
  process.env.GCE_METADATA_HOST = metadataHost;
  process.env.CLOUDSDK_CONFIG = mkdtempSync(join(tmpdir(), 'no-gcloud-'));
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * gaxios (google-auth-library's HTTP client) loads node-fetch with a dynamic
 * import(), which jest's module sandbox cannot run; Node's own fetch does the
 * same job here. Outside jest (the e2e suite, production) the library is used as it is.
 */
export function letGoogleAuthFetchUnderJest(): void {
  const { instance } = require('gaxios') as { instance: { defaults: { fetchImplementation?: typeof fetch } } };
  instance.defaults.fetchImplementation ??= fetch;
}

export interface VertexRig {
  /** Each rig has a project of its own, so no token cached for an earlier one is sent. */
  project: string;
  /** The models' path on the fake Vertex. */
  modelsPath: string;
  metadata: FakeGoogleMetadata;
  vertex: Simulator;
  gateway: TestGateway;
  close(): Promise<void>;
}

/** A fake metadata server as the token source, a fake Vertex that takes only its tokens, and a gateway on GOOGLE_VERTEX. */
export async function startVertexRig(env: Record<string, string> = {}, metadataOptions: { expiresInSeconds?: number } = {}): Promise<VertexRig> {
  letGoogleAuthFetchUnderJest();
  const metadata = await startFakeGoogleMetadata(metadataOptions);
  const restore = googleCredentialsFrom(metadata.host);
  const project = `claude-sim-${++rigs}`;
  const vertex = await startFakeVertex({ project, region: REGION, acceptsToken: (token) => metadata.isValid(token) });
  const gateway = await startGateway({
    PROXY_BACKEND: 'GOOGLE_VERTEX',
    ANTHROPIC_VERTEX_PROJECT_ID: project,
    CLOUD_ML_REGION: REGION,
    ANTHROPIC_VERTEX_BASE_URL: `${vertex.url}/v1`,
    GOOGLE_VERTEX_MAX_RETRIES: '0',
    ...env,
  });
  return {
    project,
    modelsPath: `/v1/projects/${project}/locations/${REGION}/publishers/anthropic/models`,
    metadata,
    vertex,
    gateway,
    async close() {
      await gateway.close();
      await vertex.close();
      await metadata.close();
      restore();
    },
  };
}
