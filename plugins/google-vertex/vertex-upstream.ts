import { ApiError, describeErrorBody, readUpstreamError, sortBetas, type MessagesContext, type NativeAnthropicUpstream, type UpstreamFailure } from '../../core';
import { forgetGoogleToken, googleAccessToken, type GoogleCredentials } from './google-access-token';
import type { Settings as VertexSettings } from './settings.generated';

export type { VertexSettings };

const ANTHROPIC_VERSION = 'vertex-2023-10-16';

/** Vertex AI's API root for a region: `global` and the `us` / `eu` multi-regions have hosts of their own. */
export function vertexBaseUrl(settings: VertexSettings): string {
  const override = settings.ANTHROPIC_VERTEX_BASE_URL;
  if (override) return override.replace(/\/+$/, '');
  const region = settings.CLOUD_ML_REGION;
  if (region === 'global') return 'https://aiplatform.googleapis.com/v1';
  if (region === 'us' || region === 'eu') return `https://aiplatform.${region}.rep.googleapis.com/v1`;
  return `https://${region}-aiplatform.googleapis.com/v1`;
}

/**
 * Google's own envelope (`{error:{code,message,status}}`) on a 401 or 403 says
 * the call never reached Claude: the message names the credentials, and after
 * a 401 the next call fetches a new token rather than the refused one.
 */
function mapGoogleError(failure: UpstreamFailure, credentials: GoogleCredentials): ApiError | undefined {
  if (failure.status !== 401 && failure.status !== 403) return undefined;
  if (failure.status === 401) forgetGoogleToken(credentials);
  if (describeErrorBody(failure.body)?.anthropicType) return undefined;
  const generic = readUpstreamError(failure.status, failure.headers, failure.body);
  const hint = 'the gateway\'s Google credentials need the Vertex AI User role (roles/aiplatform.user) on the project';
  return new ApiError(generic.status, `Google Vertex AI: ${generic.message} (${hint})`, { type: generic.type, headers: generic.headers });
}

/**
 * Claude on Vertex AI: `:rawPredict` / `:streamRawPredict` on the model's
 * publisher path, the Messages body without `model` (in the URL) and with
 * Vertex's `anthropic_version`; count_tokens on `count-tokens:rawPredict`,
 * whose body keeps the model. Betas Vertex takes go in the body and the header.
 */
export function vertexUpstream(ctx: Pick<MessagesContext<VertexSettings>, 'settings' | 'upstreamModel' | 'clientHeaders'>, kind: 'messages' | 'count_tokens'): NativeAnthropicUpstream {
  const settings = ctx.settings;
  const project = settings.ANTHROPIC_VERTEX_PROJECT_ID;
  const credentials: GoogleCredentials = { projectId: project, keyFile: settings.GOOGLE_APPLICATION_CREDENTIALS };
  const models = `${vertexBaseUrl(settings)}/projects/${project}/locations/${settings.CLOUD_ML_REGION}/publishers/anthropic/models`;
  const accepted = new Set(settings.GOOGLE_VERTEX_BETAS.split(',').map((beta) => beta.trim()));
  const body = {
    set: kind === 'messages' ? { anthropic_version: ANTHROPIC_VERSION } : { anthropic_version: ANTHROPIC_VERSION, model: ctx.upstreamModel },
    dropModel: kind === 'messages',
    // Vertex streams when the body says so; the URL only has to agree.
    dropStream: kind === 'count_tokens',
    betaField: 'anthropic_beta',
    acceptsBeta: (beta: string) => accepted.has(beta),
  };
  const betas = sortBetas(body, ctx.clientHeaders['anthropic-beta']).accepted;
  return {
    backendName: 'Google Vertex AI',
    url: ({ model, stream }) => (kind === 'count_tokens' ? `${models}/count-tokens:rawPredict` : `${models}/${model}:${stream ? 'streamRawPredict' : 'rawPredict'}`),
    body,
    headers: betas.length > 0 ? { 'anthropic-beta': betas.join(',') } : undefined,
    authorize: async () => ({ authorization: `Bearer ${await googleAccessToken(credentials)}` }),
    streamFormat: 'sse',
    mapError: (failure) => mapGoogleError(failure, credentials),
  };
}
