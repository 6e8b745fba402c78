export type { ChatResponseOptions } from './chat-response-options';
export { ChatStreamTranslator, translateChatStream } from './chat-stream-translator';
export { convertUsage } from './convert-usage';
export { findMatchedStop, mapFinishReason, type FinishInfo } from './map-finish-reason';
export { parseToolArguments, RAW_ARGUMENTS_KEY } from './parse-tool-arguments';
export { translateChatCompletion } from './translate-chat-completion';
export type { WebSearchRequested } from './web-search-blocks';
