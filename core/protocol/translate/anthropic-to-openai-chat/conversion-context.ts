import type { TranslationLogger } from '../translation-logger';
import type { CacheBreakpoints } from './apply-cache-policy';
import type { ReasoningChannel } from './chat-translation-options';
import type { WebSearchChannel } from './map-web-search';

/** What the per-message converters share while one request is translated. */
export interface ConversionContext {
  cache: CacheBreakpoints;
  logger: TranslationLogger;
  reasoningChannel: ReasoningChannel;
  supportsDocuments: boolean;
  webSearch: WebSearchChannel;
}
