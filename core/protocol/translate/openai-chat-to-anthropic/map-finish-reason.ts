import type { StopReason } from '../../anthropic/types';

export interface FinishInfo {
  finishReason: string | null | undefined;
  /** OpenRouter passes the provider's own reason, e.g. `stop_sequence`. */
  nativeFinishReason?: string | null;
  /** The stop string an upstream reported as hit, when it reports one. */
  matchedStop?: string | null;
  /** Whether tool_use blocks were emitted: the stop reason follows what was sent, not what was claimed. */
  hasToolUse: boolean;
  stopSequences?: readonly string[];
}

/**
 * stop / length / tool_calls / content_filter -> end_turn / max_tokens / tool_use /
 * refusal; tool_use exactly when tool_use blocks were emitted (upstreams say `stop`
 * with tool calls, or `tool_calls` with none); a reported stop-sequence hit ->
 * stop_sequence with the matched string (null when it cannot be known).
 */
export function mapFinishReason(info: FinishInfo): { stop_reason: StopReason; stop_sequence: string | null } {
  const reason = info.finishReason;
  if (reason === 'length' || reason === 'max_tokens') return { stop_reason: 'max_tokens', stop_sequence: null };
  if (info.hasToolUse) return { stop_reason: 'tool_use', stop_sequence: null };
  if (reason === 'content_filter' || reason === 'refusal') return { stop_reason: 'refusal', stop_sequence: null };

  const matched = info.matchedStop ?? null;
  const requested = info.stopSequences ?? [];
  const reported = info.nativeFinishReason === 'stop_sequence' || reason === 'stop_sequence';
  if (reported || (matched !== null && requested.includes(matched))) {
    return { stop_reason: 'stop_sequence', stop_sequence: matched ?? (requested.length === 1 ? requested[0]! : null) };
  }
  return { stop_reason: 'end_turn', stop_sequence: null };
}

/** The matched stop string, where an upstream puts it (vLLM `stop_reason`, SGLang `matched_stop`, ...). */
export function findMatchedStop(choice: Record<string, unknown>): string | null {
  for (const field of ['stop_sequence', 'matched_stop', 'stop_reason', 'native_stop_sequence']) {
    const value = choice[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}
