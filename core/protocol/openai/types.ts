// OpenAI chat-completions shapes, including the extensions OpenRouter,
// Databricks and LiteLLM add (reasoning, reasoning_details, content-part lists,
// thinking_blocks / reasoning_content).

export interface ChatContentPartText {
  type: 'text';
  text: string;
  cache_control?: { type: string; ttl?: string };
}

export interface ChatContentPartImage {
  type: 'image_url';
  image_url: { url: string; detail?: string };
  cache_control?: { type: string; ttl?: string };
}

export interface ChatContentPartFile {
  type: 'file';
  file: { filename?: string; file_data?: string; file_id?: string };
}

/** Databricks returns Claude's thinking as a `reasoning` part with signed summaries. */
export interface ChatContentPartReasoning {
  type: 'reasoning';
  summary: Array<
    | { type: 'summary_text'; text: string; signature?: string }
    /** Redacted thinking travels encrypted. */
    | { type: 'summary_encrypted_text'; data: string }
  >;
}

export type ChatContentPart =
  | ChatContentPartText
  | ChatContentPartImage
  | ChatContentPartFile
  | ChatContentPartReasoning;

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** OpenRouter's reasoning round-trip entries; opaque to us, returned unchanged. */
export interface ReasoningDetail {
  type: string; // reasoning.text | reasoning.summary | reasoning.encrypted
  text?: string;
  summary?: string;
  data?: string;
  signature?: string | null;
  format?: string;
  index?: number;
  id?: string | null;
  [key: string]: unknown;
}

/**
 * LiteLLM's carrier for Anthropic thinking on OpenAI chat messages:
 * `thinking_blocks` on assistant messages sent back in history, on answer
 * messages and in stream deltas (beside the plain `reasoning_content` text).
 * The signature of a streamed block may come in a later delta's entry.
 */
export type ChatThinkingBlock =
  | { type: 'thinking'; thinking?: string; signature?: string | null }
  | { type: 'redacted_thinking'; data: string };

export type ChatMessage =
  | { role: 'system'; content: string | ChatContentPartText[] }
  | { role: 'user'; content: string | ChatContentPart[]; name?: string }
  | {
      role: 'assistant';
      content: string | ChatContentPart[] | null;
      tool_calls?: ChatToolCall[];
      reasoning_details?: ReasoningDetail[];
      reasoning?: string;
      thinking_blocks?: ChatThinkingBlock[];
    }
  | { role: 'tool'; tool_call_id: string; content: string | ChatContentPartText[] };

export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
  cache_control?: { type: string; ttl?: string };
}

export type ChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** Structured output: the answer's content is JSON valid against `schema`. */
export interface ChatResponseFormat {
  type: 'json_schema';
  json_schema: { name: string; schema: Record<string, unknown>; strict: boolean; description?: string };
}

/**
 * A source the answer cites (OpenRouter's web search, OpenAI search models):
 * `start_index`..`end_index` locate the citing span in the message content,
 * `content` is an excerpt of the page when the upstream gives one.
 */
export interface ChatUrlCitation {
  type: 'url_citation';
  url_citation?: { url?: string; title?: string; content?: string; start_index?: number; end_index?: number };
  [key: string]: unknown;
}

/** OpenRouter's request plugins; `web` runs a web search and adds its results to the prompt. */
export interface ChatPlugin {
  id: string;
  [key: string]: unknown;
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop?: string[];
  user?: string;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ChatResponseFormat;
  plugins?: ChatPlugin[];
  [key: string]: unknown;
}

export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  [key: string]: unknown;
}

export interface ChatCompletion {
  id?: string;
  object?: string;
  model?: string;
  choices: Array<{
    index?: number;
    finish_reason: string | null;
    native_finish_reason?: string | null;
    message: {
      role?: string;
      content: string | ChatContentPart[] | null;
      tool_calls?: ChatToolCall[];
      reasoning?: string | null;
      reasoning_details?: ReasoningDetail[];
      reasoning_content?: string | null;
      thinking_blocks?: ChatThinkingBlock[];
      refusal?: string | null;
      annotations?: ChatUrlCitation[] | null;
    };
  }>;
  usage?: ChatUsage;
  [key: string]: unknown;
}

export interface ChatCompletionChunk {
  id?: string;
  object?: string;
  model?: string;
  choices?: Array<{
    index?: number;
    finish_reason?: string | null;
    native_finish_reason?: string | null;
    error?: { code?: number | string; message?: string; [key: string]: unknown };
    /** Some upstreams put streamed citations beside the delta rather than in it. */
    annotations?: ChatUrlCitation[] | null;
    delta?: {
      role?: string;
      content?: string | ChatContentPart[] | null;
      reasoning?: string | null;
      reasoning_details?: ReasoningDetail[];
      reasoning_content?: string | null;
      thinking_blocks?: ChatThinkingBlock[];
      annotations?: ChatUrlCitation[] | null;
      tool_calls?: Array<{
        index?: number;
        id?: string;
        type?: 'function';
        function?: { name?: string; arguments?: string };
      }>;
    };
  }>;
  usage?: ChatUsage | null;
  error?: { code?: number | string; message?: string; metadata?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}
