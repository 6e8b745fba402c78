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
  reasoningChannel: 'openrouter',
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

/** Tools with schemas, a long system prompt and a tool-heavy history, like Claude Code sends. */
export function claudeCodeShapedRequest(): MessagesRequest {
  const prose = 'The quick brown fox jumps over the lazy dog while the compiler reports nothing unusual. ';
  const tools = Array.from({ length: 18 }, (_, i) => ({
    name: `Tool${i}`,
    description: prose.repeat(12),
    input_schema: {
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 6 }, (_, j) => [`param_${j}`, { type: 'string', description: prose.repeat(2) }])),
      required: ['param_0'],
    },
  }));
  const messages: MessagesRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: prose.repeat(10) }] }];
  for (let turn = 0; turn < 22; turn++) {
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: prose.repeat(2) },
        { type: 'tool_use', id: `toolu_01Turn${turn}`, name: 'Tool1', input: { param_0: `/src/file${turn}.ts`, param_1: prose } },
      ],
    });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_01Turn${turn}`, content: prose.repeat(20) }] });
  }
  return {
    model: 'claude-sonnet-4-5-20250929',
    max_tokens: 32000,
    stream: true,
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.0' },
      { type: 'text', text: prose.repeat(60), cache_control: { type: 'ephemeral' } },
    ],
    tools,
    messages,
    metadata: { user_id: 'user_0123_account__session_abc' },
  };
}
