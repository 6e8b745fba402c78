import type { MessageParam } from '../../anthropic/types';
import type { ChatMessage } from '../../openai/types';
import type { ConversionContext } from './conversion-context';
import { convertAssistantTurn } from './convert-assistant-turn';
import { convertUserTurn } from './convert-user-turn';

/** Appends the conversation to `out`; system entries are taken by collectSystemPrompt. */
export function convertMessages(messages: MessageParam[], ctx: ConversionContext, out: ChatMessage[]): void {
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    if (message.role === 'user') convertUserTurn(message.content, `messages.${i}`, ctx, out);
    else if (message.role === 'assistant') convertAssistantTurn(message.content, `messages.${i}`, ctx, out);
  }
}
