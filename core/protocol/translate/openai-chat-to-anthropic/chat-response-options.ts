import type { TranslationLogger } from '../translation-logger';

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
}
