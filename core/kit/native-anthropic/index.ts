/**
 * The kit for upstreams that speak Anthropic Messages natively but are not a
 * plain pipe: the model goes in the URL, the body carries a version field and
 * the betas, the call is signed, the stream comes as SSE or AWS event-stream
 * frames, and errors come in the upstream's own shape. A plugin describes its
 * upstream once; the kit does the rest (body release, timeouts, abort when the
 * client leaves, retries and the breaker through the core, error mapping):
 *
 *   import { definePlugin, serveNativeAnthropic, countTokensNative, type NativeAnthropicUpstream } from 'llm-gateway';
 *
 *   const upstream = (settings): NativeAnthropicUpstream => ({
 *     backendName: 'MY_CLOUD',
 *     url: ({ model, stream }) => `${settings.MY_CLOUD_URL}/models/${model}:${stream ? 'stream' : 'invoke'}`,
 *     body: { set: { anthropic_version: 'my-cloud-2025-01-01' }, betaField: 'anthropic_beta', acceptsBeta: (b) => b.startsWith('context-1m') },
 *     authorize: async () => ({ authorization: `Bearer ${await myToken()}` }),
 *     streamFormat: 'sse',
 *     mapError: ({ status, body }) => (status === 499 ? new ApiError(429, body) : undefined),
 *   });
 *
 *   export default definePlugin({
 *     messages: (ctx) => serveNativeAnthropic(ctx, upstream(ctx.settings)),
 *     countTokens: (ctx) => countTokensNative(ctx, upstream(ctx.settings)),
 *   });
 *
 * Non-streaming answers are piped as JSON; streamed ones become Anthropic
 * events (`adjustEvent` sees each one), or are piped as they are when the
 * upstream already sends Anthropic SSE and no event needs a touch.
 */
export { serveNativeAnthropic, countTokensNative, type NativeCountTokens } from './serve-native-anthropic';
export type { NativeAnthropicUpstream, NativeBodyRules, NativeCall, SignableRequest, UpstreamFailure } from './native-anthropic-upstream';
export { buildNativeBody, betasFromHeader, sortBetas } from './build-native-body';
export { decodeAwsEventStream, type EventStreamMessage } from './decode-aws-event-stream';
export { eventsFromAwsEventStream, eventsFromSse, failureToApiError } from './native-stream-events';
export { crc32 } from './crc32';
