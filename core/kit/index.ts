// The kit: whole round trips a plugin builds on, so that its handler only says
// where the upstream is and what it accepts. Memory handling (letting the
// parsed request go once the bytes are sent) happens in here.
export { serveViaOpenAIChat, type OpenAIChatCall } from './serve-via-openai-chat';
export { serveViaAnthropicMessages, type AnthropicMessagesCall } from './serve-via-anthropic-messages';
export { takeOverResponse, type TakenOverExchange } from './take-over-response';
export { FORWARDED_CLIENT_HEADERS } from './forwarded-client-headers';
export { rewriteModelField } from './rewrite-model-field';
export { probeUpstream, type UpstreamProbe } from './probe-upstream';
export { chatTranslationOptions, maxOutputTokensFor } from './upstream-settings';
export * from './native-anthropic';
