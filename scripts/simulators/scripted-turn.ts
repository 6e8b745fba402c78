// One model answer, independent of wire format. Renderers turn it into
// Anthropic or OpenAI-chat JSON and streams; tests and fakes script with it.

import { signThinking } from './thinking-signature';

export type TurnStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

export interface ScriptedToolCall {
  id?: string;
  name: string;
  input: unknown;
}

/** Anthropic's accounting: `inputTokens` excludes cache reads and writes. */
export interface TurnUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/**
 * A page the answer cites, as a web search found it; `start`/`end` locate the
 * citing span in `text` (chat upstreams send these as `url_citation` annotations).
 */
export interface ScriptedCitation {
  url: string;
  title: string;
  /** An excerpt of the page. */
  content?: string;
  start?: number;
  end?: number;
}

export interface ScriptedTurn {
  id?: string;
  model?: string;
  thinking?: { text: string; signature?: string };
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** Derived from the content when absent: tool calls -> tool_use, else end_turn. */
  stopReason?: TurnStopReason;
  stopSequence?: string | null;
  usage?: TurnUsage;
  citations?: ScriptedCitation[];
}

export interface CompleteTurn {
  id: string;
  model: string;
  thinking?: { text: string; signature: string };
  text?: string;
  toolCalls: Array<{ id: string; name: string; input: unknown }>;
  stopReason: TurnStopReason;
  stopSequence: string | null;
  usage: Required<TurnUsage>;
  citations: ScriptedCitation[];
}

export interface TurnDefaults {
  id?: string;
  model?: string;
  /** Used for usage.inputTokens when the turn does not set it. */
  inputTokens?: number;
  /** Makes ids for tool calls that have none; default `toolu_sim_<n>` numbered within the turn. */
  toolCallId?: (index: number) => string;
}

export function completeTurn(turn: ScriptedTurn, defaults: TurnDefaults = {}): CompleteTurn {
  const toolCalls = (turn.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? defaults.toolCallId?.(index) ?? `toolu_sim_${index + 1}`,
    name: call.name,
    input: call.input ?? {},
  }));
  const thinking = turn.thinking && {
    text: turn.thinking.text,
    signature: turn.thinking.signature ?? signThinking(turn.thinking.text),
  };
  const outputText =
    (thinking?.text ?? '') + (turn.text ?? '') + toolCalls.map((call) => call.name + JSON.stringify(call.input)).join('');
  return {
    id: turn.id ?? defaults.id ?? 'sim_1',
    model: turn.model ?? defaults.model ?? 'simulated-model',
    thinking,
    text: turn.text,
    toolCalls,
    stopReason: turn.stopReason ?? (toolCalls.length > 0 ? 'tool_use' : 'end_turn'),
    stopSequence: turn.stopReason === 'stop_sequence' ? turn.stopSequence ?? null : null,
    citations: turn.citations ?? [],
    usage: {
      inputTokens: turn.usage?.inputTokens ?? defaults.inputTokens ?? 10,
      outputTokens: turn.usage?.outputTokens ?? estimateTokens(outputText),
      cacheReadTokens: turn.usage?.cacheReadTokens ?? 0,
      cacheWriteTokens: turn.usage?.cacheWriteTokens ?? 0,
    },
  };
}

/** The simulators' one token estimate: a quarter of the characters, at least 1. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Splits text into pieces of at most `size` characters (code points kept whole). */
export function splitText(text: string, size: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += Math.max(1, size)) pieces.push(chars.slice(i, i + Math.max(1, size)).join(''));
  return pieces;
}
