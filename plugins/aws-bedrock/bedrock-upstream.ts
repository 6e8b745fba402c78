import type { NativeAnthropicUpstream, StreamEvent } from '../../core';
import { bedrockAuthorizer } from './bedrock-auth';
import { acceptedBetas, fitBodyToBedrock } from './bedrock-body';
import { mapBedrockError } from './bedrock-errors';
import { bedrockModelId, foundationModelId } from './bedrock-model-id';
import type { BedrockSettings } from './bedrock-settings';

const INVOCATION_METRICS = 'amazon-bedrock-invocationMetrics';
const OPERATION = { messages: 'invoke', stream: 'invoke-with-response-stream', count_tokens: 'count-tokens' } as const;

export function bedrockBaseUrl(settings: BedrockSettings): string {
  return (settings.ANTHROPIC_BEDROCK_BASE_URL ?? `https://bedrock-runtime.${settings.AWS_REGION}.amazonaws.com`).replace(/\/+$/, '');
}

/** Bedrock's last chunk carries its own token counts and latencies: the client gets Anthropic's event only. */
function withoutInvocationMetrics(event: StreamEvent): StreamEvent {
  if (INVOCATION_METRICS in event) delete (event as unknown as Record<string, unknown>)[INVOCATION_METRICS];
  return event;
}

/** The Bedrock runtime as the native-Anthropic kit calls it. */
export function bedrockUpstream(settings: BedrockSettings): NativeAnthropicUpstream {
  const base = bedrockBaseUrl(settings);
  const region = settings.AWS_REGION;
  const profile = settings.AWS_BEDROCK_INFERENCE_PROFILE;
  const betas = acceptedBetas(settings.AWS_BEDROCK_BETAS);
  return {
    backendName: 'AWS Bedrock',
    url: ({ model, stream, kind }) => {
      const id = kind === 'count_tokens' ? foundationModelId(model) : bedrockModelId(model, profile, region);
      return `${base}/model/${encodeURIComponent(id)}/${kind === 'count_tokens' ? OPERATION.count_tokens : stream ? OPERATION.stream : OPERATION.messages}`;
    },
    body: {
      set: { anthropic_version: 'bedrock-2023-05-31' },
      betaField: 'anthropic_beta',
      acceptsBeta: (beta) => betas.has(beta),
      adjust: fitBodyToBedrock,
    },
    authorize: bedrockAuthorizer({
      region,
      apiKey: settings.AWS_BEARER_TOKEN_BEDROCK,
      accessKeyId: settings.AWS_ACCESS_KEY_ID,
      secretAccessKey: settings.AWS_SECRET_ACCESS_KEY,
      sessionToken: settings.AWS_SESSION_TOKEN,
      profile: settings.AWS_PROFILE,
    }),
    streamFormat: 'aws-event-stream',
    mapError: mapBedrockError,
    adjustEvent: withoutInvocationMetrics,
    requestIdHeader: 'x-amzn-requestid',
  };
}
