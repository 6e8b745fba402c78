// Before a cell is loaded, one request checks that the target answers the way
// the shape expects; a fast target that answers errors would be a false result.

import { STREAM_TEXT_DELTAS } from './bench-upstream';
import type { Answer } from './send-request';

export type WireFormat = 'anthropic' | 'openai-chat';

/** Returns a problem, or undefined when the answer is right. */
export function checkAnswer(answer: Answer, format: WireFormat, stream: boolean): string | undefined {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (!stream) {
    const expected = format === 'anthropic' ? '"type":"message"' : '"object":"chat.completion"';
    return answer.body.includes(expected) ? undefined : `not a ${format} message: ${answer.body.slice(0, 300)}`;
  }
  const [deltas, end] =
    format === 'anthropic' ? [count(answer.body, '"type":"text_delta"'), 'event: message_stop'] : [count(answer.body, '"delta":{"content":"'), 'data: [DONE]'];
  if (!answer.body.includes(end)) return `stream did not end with ${end}: ...${answer.body.slice(-300)}`;
  if (deltas !== STREAM_TEXT_DELTAS) return `expected ${STREAM_TEXT_DELTAS} text deltas, got ${deltas}`;
  return undefined;
}

function count(text: string, needle: string): number {
  let found = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) found++;
  return found;
}
