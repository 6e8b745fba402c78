import type { CacheControl } from '../../anthropic/types';
import type { CachePolicy } from './chat-translation-options';

/** Anthropic rejects a request with more than 4 blocks carrying cache_control. */
export const MAX_CACHE_BREAKPOINTS = 4;

/**
 * Puts cache_control markers on translated parts as the backend's policy allows,
 * remembering each one so the total can be cut to Anthropic's limit afterwards.
 * Only parts built by the translator are marked: thinking, tool inputs and tool
 * schemas never receive or lose anything here.
 */
export class CacheBreakpoints {
  private readonly marked: Array<{ cache_control?: unknown }> = [];

  constructor(private readonly policy: CachePolicy) {}

  mark<T extends object>(target: T, cacheControl: CacheControl | undefined): T {
    if (!cacheControl || this.policy === 'strip') return target;
    (target as { cache_control?: unknown }).cache_control = this.policy === 'strip-ttl' ? { type: cacheControl.type } : cacheControl;
    this.marked.push(target as { cache_control?: unknown });
    return target;
  }

  /**
   * Keeps the last breakpoints in prompt order (tools, system, messages): the
   * latest ones cover the longest prefix, which is what a growing conversation reuses.
   * Returns how many markers were removed.
   */
  enforceLimit(max = MAX_CACHE_BREAKPOINTS): number {
    const excess = this.marked.length - max;
    for (let i = 0; i < excess; i++) delete this.marked[i]!.cache_control;
    return Math.max(0, excess);
  }
}
