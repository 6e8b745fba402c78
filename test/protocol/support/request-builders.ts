import type { MessagesRequest } from '../../../core/protocol/anthropic/types';
import type { ChatTranslationOptions } from '../../../core/protocol/translate/anthropic-to-openai-chat';
import { translateRequestToOpenAIChat } from '../../../core/protocol/translate/anthropic-to-openai-chat';

export interface LogLine {
  level: 'debug' | 'info' | 'warn';
  message: string;
  meta?: Record<string, unknown>;
}

export function memoryLogger(): { lines: LogLine[]; logger: NonNullable<ChatTranslationOptions['logger']> } {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      debug: (message, meta) => lines.push({ level: 'debug', message, meta }),
      info: (message, meta) => lines.push({ level: 'info', message, meta }),
      warn: (message, meta) => lines.push({ level: 'warn', message, meta }),
    },
  };
}

export const OPTIONS: ChatTranslationOptions = {
  upstreamModel: 'anthropic/claude-sonnet-4',
  stream: false,
  cachePolicy: 'keep',
  reasoningChannel: 'reasoning_details',
};

export function request(overrides: Partial<MessagesRequest> & Record<string, unknown> = {}): MessagesRequest {
  return { model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }], ...overrides };
}

export function translate(body: MessagesRequest, options: Partial<ChatTranslationOptions> = {}) {
  const { lines, logger } = memoryLogger();
  const result = translateRequestToOpenAIChat(body, { ...OPTIONS, logger, ...options });
  return { result, lines };
}

export const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
