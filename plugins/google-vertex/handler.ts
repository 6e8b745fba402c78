import { countTokensNative, definePlugin, serveNativeAnthropic } from '../../core';
import { vertexBaseUrl, vertexUpstream, type VertexSettings } from './vertex-upstream';

export default definePlugin<VertexSettings>({
  messages: (ctx) => serveNativeAnthropic(ctx, vertexUpstream(ctx, 'messages')),
  countTokens: (ctx) => countTokensNative(ctx, vertexUpstream(ctx, 'count_tokens')),
  health: (settings) => ({ vertex: { project: settings.ANTHROPIC_VERTEX_PROJECT_ID, region: settings.CLOUD_ML_REGION, base_url: vertexBaseUrl(settings) } }),
});
