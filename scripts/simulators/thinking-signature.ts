// Simulated thinking signatures: deterministic, opaque-looking base64, and
// checkable, so a fake can reject a thinking block whose text or signature was
// altered on its way back, as Anthropic does ("Invalid `signature` in `thinking` block").

import { createHmac } from 'node:crypto';

const KEY = 'simulated-upstream-thinking-key';

export function signThinking(text: string): string {
  return createHmac('sha256', KEY).update(text, 'utf8').digest('base64');
}

export function isValidThinkingSignature(text: string, signature: string | null | undefined): boolean {
  return typeof signature === 'string' && signature === signThinking(text);
}
