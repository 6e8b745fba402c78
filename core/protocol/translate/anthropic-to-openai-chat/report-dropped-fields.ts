import type { MessagesRequest } from '../../anthropic/types';
import type { TranslationLogger } from '../translation-logger';

/** Top-level request fields the chat translation reads. */
const TRANSLATED_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'thinking',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'metadata',
  'stream',
]);

/** Everything else (`context_management`, `container`, ...) is dropped, with one debug line each. */
export function reportDroppedFields(body: MessagesRequest, alsoTranslated: ReadonlySet<string>, logger: TranslationLogger): void {
  for (const field in body) {
    if (!TRANSLATED_FIELDS.has(field) && !alsoTranslated.has(field)) {
      logger.debug('Dropped request field the upstream cannot take', { field });
    }
  }
}
