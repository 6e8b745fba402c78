import type { ApiError } from '../../anthropic/errors';
import type { ErrorBody } from '../../anthropic/types';
import type { ChatCompletion, ChatCompletionChunk } from '../../openai/types';
import { readUpstreamError, type ErrorCodeStatuses } from '../../upstream-errors/read-upstream-error';

/**
 * The error a 200 chat answer or stream chunk carries instead of content, if
 * any: an `error` object (OpenRouter, with `finish_reason: "error"`; LiteLLM),
 * an error on the choice, or Databricks' bare `{error_code, message}` without
 * any choice. readUpstreamError maps it, from the status or code inside it.
 */
export function readErrorInAnswer(answer: ChatCompletion | ChatCompletionChunk, codes?: ErrorCodeStatuses): ApiError | undefined {
  if (answer.error) return readUpstreamError(200, {}, answer, undefined, codes);
  const choice = (Array.isArray(answer.choices) ? answer.choices[0] : undefined) as { finish_reason?: string | null; error?: unknown } | undefined;
  if (!choice) {
    return typeof answer.error_code === 'string' && typeof answer.message === 'string' ? readUpstreamError(200, {}, answer, undefined, codes) : undefined;
  }
  return choice.finish_reason === 'error' ? readUpstreamError(200, {}, { error: choice.error ?? {} }, undefined, codes) : undefined;
}

/** What an Anthropic `error` stream event says about an ApiError. */
export function errorBodyOf(error: ApiError): ErrorBody {
  return { type: error.type, message: error.message };
}
