import { countTokensNative, definePlugin, serveNativeAnthropic, type NativeAnthropicUpstream } from '../../core';
import { authMode } from './bedrock-auth';
import { asBedrockId } from './bedrock-model-id';
import { bedrockBaseUrl, bedrockUpstream } from './bedrock-upstream';
import type { BedrockSettings } from './bedrock-settings';

// One upstream (and one credential cache) per backend: its settings object is the same on every request.
const upstreams = new WeakMap<BedrockSettings, NativeAnthropicUpstream>();
function upstreamFor(settings: BedrockSettings): NativeAnthropicUpstream {
  let upstream = upstreams.get(settings);
  if (!upstream) upstreams.set(settings, (upstream = bedrockUpstream(settings)));
  return upstream;
}

// CountTokens counts an InvokeModel body, which must carry max_tokens; the answer says `inputTokens`.
const countTokens = {
  defaults: { max_tokens: 1 },
  wrapBody: (body: Buffer) => Buffer.from(JSON.stringify({ input: { invokeModel: { body: body.toString('base64') } } })),
  readCount: (answer: unknown) => (answer as { inputTokens?: number }).inputTokens,
};

const auth = (settings: BedrockSettings) => authMode({ region: settings.AWS_REGION, apiKey: settings.AWS_BEARER_TOKEN_BEDROCK });

export default definePlugin<BedrockSettings>({
  resolveModel: asBedrockId,
  messages: (ctx) => serveNativeAnthropic(ctx, upstreamFor(ctx.settings)),
  countTokens: (ctx) => countTokensNative(ctx, upstreamFor(ctx.settings), countTokens),
  health: (settings) => ({
    bedrock: { region: settings.AWS_REGION, endpoint: bedrockBaseUrl(settings), auth: auth(settings), inference_profile: settings.AWS_BEDROCK_INFERENCE_PROFILE },
  }),
  onActivate: (settings, logger) => logger.info('AWS Bedrock auth', { auth: auth(settings), region: settings.AWS_REGION }),
});
