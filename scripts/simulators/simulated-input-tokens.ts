// The input tokens a simulated model reports: the gateway's own estimate of the
// Anthropic request behind what arrived, so a keyless user sees one number in
// message_start (the gateway's estimate) and at the end (the upstream's count).

import type { MessagesRequest } from '../../core/protocol/anthropic/types';
import { estimateInputTokens } from '../../core/protocol/estimate-input-tokens';
import { chatRequestAsAnthropic } from './chat-request-as-anthropic';
import type { WireFormat } from './read-conversation';

export function simulatedInputTokens(body: unknown, format: WireFormat): number {
  const request = format === 'anthropic' ? (body as MessagesRequest) : chatRequestAsAnthropic(body);
  return Math.max(1, estimateInputTokens(request ?? ({ messages: [] } as unknown as MessagesRequest)));
}
