import type { MessagesContext } from '../plugins/plugin-contract';
import type { ChatTranslationOptions } from '../protocol/translate/anthropic-to-openai-chat';
import { loggerOnFirstUse } from '../protocol/translate/translation-logger';

/** The output ceiling the manifest's table gives the upstream model (`*` for the rest). */
export function maxOutputTokensFor(ctx: Pick<MessagesContext, 'manifest' | 'upstreamModel'>): number | undefined {
  const table = ctx.manifest.models.maxOutputTokens;
  return table?.[ctx.upstreamModel] ?? table?.['*'];
}

/** Translation options from the manifest's declared capabilities. */
export function chatTranslationOptions(ctx: MessagesContext, logger = loggerOnFirstUse(() => ctx.logger)): ChatTranslationOptions {
  const capabilities = ctx.manifest.capabilities;
  return {
    upstreamModel: ctx.upstreamModel,
    stream: ctx.stream,
    maxOutputTokens: maxOutputTokensFor(ctx),
    cachePolicy: capabilities?.cacheControl ?? 'strip',
    reasoningChannel: capabilities?.reasoning ?? 'none',
    supportsDocuments: capabilities?.documents ?? false,
    supportsTopK: capabilities?.topK ?? false,
    webSearch: capabilities?.webSearch ?? 'none',
    logger,
  };
}
