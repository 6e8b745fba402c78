// GOOGLE_VERTEX's simulated upstream for the end-to-end suite: a fake Vertex AI
// that takes only tokens from a fake metadata server, which the gateway process
// finds as Google's application default credentials (GCE_METADATA_HOST, and no
// credentials file or gcloud folder).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGoogleMetadata, startFakeVertex } from '../../scripts/simulators/vertex';
import type { OwnUpstream } from './own-upstream';

const PROJECT = 'claude-e2e-project';

export async function startVertexForE2e(): Promise<OwnUpstream> {
  const metadata = await startFakeGoogleMetadata();
  const vertex = await startFakeVertex({ project: PROJECT, region: 'global', acceptsToken: (token) => metadata.isValid(token) });
  return {
    simulator: vertex,
    env: {
      ANTHROPIC_VERTEX_PROJECT_ID: PROJECT,
      CLOUD_ML_REGION: 'global',
      ANTHROPIC_VERTEX_BASE_URL: `${vertex.url}/v1`,
      GCE_METADATA_HOST: metadata.host,
      CLOUDSDK_CONFIG: mkdtempSync(join(tmpdir(), 'no-gcloud-')),
    },
    async close() {
      await vertex.close();
      await metadata.close();
    },
  };
}
