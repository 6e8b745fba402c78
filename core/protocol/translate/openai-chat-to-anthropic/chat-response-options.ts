import type { ErrorCodeStatuses } from '../../upstream-errors/read-upstream-error';
import type { TranslationLogger } from '../translation-logger';
import type { WebSearchRequested } from './web-search-blocks';

export interface ChatResponseOptions {
  /** The model id the client asked for; Anthropic answers echo it. */
  requestedModel: string;
  /** Local estimate of the prompt's tokens, used where the upstream reports no usage. */
  inputTokenEstimate?: number;
  /** The request's stop_sequences, to name the one that was hit when the upstream does not. */
  stopSequences?: readonly string[];
  /** Defaults to a fresh `msg_…` id. */
  messageId?: string;
  logger?: TranslationLogger;
  /** The upstream's own error codes and their statuses, for an error inside a 200 that names no status. */
  errorCodes?: ErrorCodeStatuses;
  /**
   * Set when the upstream was asked to search the web: its `url_citation`
   * annotations come back as server_tool_use + web_search_tool_result blocks
   * and cited text. Otherwise annotations are ignored.
   */
  webSearch?: WebSearchRequested;
}
