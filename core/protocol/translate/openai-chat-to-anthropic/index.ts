export type { ChatResponseOptions } from './chat-response-options';
export { ChatStreamTranslator, translateChatStream } from './chat-stream-translator';
export { convertUsage } from './convert-usage';
export { findMatchedStop, mapFinishReason, type FinishInfo } from './map-finish-reason';
export {
  describeStreamError,
  describeUpstreamError,
  PROMPT_TOO_LONG,
  translateUpstreamError,
  type UpstreamErrorDescription,
} from './map-upstream-error';
export { parseToolArguments, RAW_ARGUMENTS_KEY } from './parse-tool-arguments';
export { translateChatCompletion } from './translate-chat-completion';
