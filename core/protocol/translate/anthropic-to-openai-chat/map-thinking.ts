import type { ThinkingConfig } from '../../anthropic/types';
import type { TranslationLogger } from '../translation-logger';
import type { ReasoningChannel } from './chat-translation-options';

/** Anthropic's floor for an extended-thinking budget (Databricks enforces it too). */
export const MIN_THINKING_BUDGET = 1024;

export interface ThinkingParams {
  params: Record<string, unknown>;
  /** Whether `output_config` was translated (and so is not a dropped field). */
  usedOutputConfig: boolean;
}

const REASONING_OBJECT_EFFORTS = new Set(['xhigh', 'high', 'medium', 'low', 'minimal', 'none']);
const REASONING_EFFORT_VALUES = new Set(['high', 'medium', 'low', 'minimal']);
const DEFAULT_REASONING_EFFORT = 'medium';

/**
 * `thinking` -> the upstream's reasoning parameter. The budget stays below the
 * (already clamped) max_tokens and at or above Anthropic's 1024 floor; when no
 * such budget fits, thinking is not requested.
 */
export function mapThinking(
  thinking: ThinkingConfig | undefined,
  outputConfig: unknown,
  maxTokens: number,
  channel: ReasoningChannel,
  logger: TranslationLogger,
): ThinkingParams {
  const none: ThinkingParams = { params: {}, usedOutputConfig: false };
  if (!thinking || (thinking.type !== 'enabled' && thinking.type !== 'adaptive')) return none;
  if (channel === 'none') {
    logger.debug('Dropped thinking: the backend has no reasoning parameter', { type: thinking.type });
    return none;
  }
  const effort = effortOf(outputConfig);

  if (thinking.type === 'adaptive') {
    if (channel === 'reasoning_details') {
      const mapped = effort === 'max' ? 'xhigh' : effort;
      return mapped && REASONING_OBJECT_EFFORTS.has(mapped)
        ? { params: { reasoning: { effort: mapped } }, usedOutputConfig: true }
        : { params: { reasoning: { enabled: true } }, usedOutputConfig: false };
    }
    if (channel === 'thinking_blocks') {
      const mapped = effort === 'max' || effort === 'xhigh' ? 'high' : effort;
      return mapped && REASONING_EFFORT_VALUES.has(mapped)
        ? { params: { reasoning_effort: mapped }, usedOutputConfig: true }
        : { params: { reasoning_effort: DEFAULT_REASONING_EFFORT }, usedOutputConfig: false };
    }
    // Databricks' chat endpoints for Claude take only an enabled budget; the
    // native Anthropic route (DATABRICKS_API=messages) keeps `adaptive` as sent.
    return { ...budgetThinking(effortBudget(effort, maxTokens), maxTokens, channel, logger), usedOutputConfig: effort !== undefined };
  }
  return budgetThinking(thinking.budget_tokens, maxTokens, channel, logger);
}

/** Budgets standing in for an effort level where the upstream only takes a budget. */
const BUDGET_BY_EFFORT: Record<string, number> = { minimal: 1024, low: 2048, medium: 8192, high: 16384 };

function effortBudget(effort: string | undefined, maxTokens: number): number {
  if (effort === 'max' || effort === 'xhigh') return maxTokens - 1;
  return BUDGET_BY_EFFORT[effort ?? 'medium'] ?? BUDGET_BY_EFFORT.medium;
}

/** A thinking budget, kept below max_tokens and at or above the 1024 floor, in the channel's form. */
function budgetThinking(requested: number, maxTokens: number, channel: ReasoningChannel, logger: TranslationLogger): ThinkingParams {
  const none: ThinkingParams = { params: {}, usedOutputConfig: false };
  const budget = Math.min(Math.floor(requested), maxTokens - 1);
  const kept = budget >= MIN_THINKING_BUDGET ? budget : maxTokens - 1 >= MIN_THINKING_BUDGET ? MIN_THINKING_BUDGET : undefined;
  if (kept === undefined) {
    logger.warn('Dropped thinking: max_tokens leaves no room for the minimum thinking budget', { max_tokens: maxTokens });
    return none;
  }
  if (kept !== requested) logger.debug('Adjusted thinking budget', { requested, sent: kept });
  return channel === 'reasoning_details'
    ? { params: { reasoning: { max_tokens: kept } }, usedOutputConfig: false }
    : { params: { thinking: { type: 'enabled', budget_tokens: kept } }, usedOutputConfig: false };
}

function effortOf(outputConfig: unknown): string | undefined {
  const effort = (outputConfig as { effort?: unknown } | null | undefined)?.effort;
  return typeof effort === 'string' ? effort : undefined;
}
