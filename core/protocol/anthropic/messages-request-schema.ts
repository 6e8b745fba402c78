// What the gateway checks before anything goes upstream: the fields it relies
// on, with their types. Everything else (new API fields, new block types) is
// allowed through untouched.

const cacheControl = { type: 'object', required: ['type'], properties: { type: { type: 'string' } } } as const;

const textBlock = {
  type: 'object',
  required: ['type', 'text'],
  properties: { type: { const: 'text' }, text: { type: 'string' }, cache_control: cacheControl },
} as const;

const whenType = (type: string, then: Record<string, unknown>) => ({
  if: { type: 'object', properties: { type: { const: type } }, required: ['type'] },
  then,
});

const contentBlock = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', minLength: 1 }, cache_control: cacheControl },
  allOf: [
    whenType('text', textBlock),
    whenType('image', {
      required: ['source'],
      properties: { source: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } } },
    }),
    whenType('document', { required: ['source'], properties: { source: { type: 'object' } } }),
    whenType('tool_use', {
      required: ['id', 'name', 'input'],
      properties: { id: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 }, input: { type: 'object' } },
    }),
    whenType('tool_result', {
      required: ['tool_use_id'],
      properties: {
        tool_use_id: { type: 'string', minLength: 1 },
        content: { type: ['string', 'array', 'null'], items: { type: 'object', required: ['type'] } },
        is_error: { type: 'boolean' },
      },
    }),
    whenType('thinking', { required: ['thinking'], properties: { thinking: { type: 'string' }, signature: { type: 'string' } } }),
    whenType('redacted_thinking', { required: ['data'], properties: { data: { type: 'string' } } }),
  ],
} as const;

const message = {
  type: 'object',
  required: ['role', 'content'],
  properties: {
    // `system` entries appear mid-conversation in recent Claude Code versions.
    role: { enum: ['user', 'assistant', 'system'] },
    content: { type: ['string', 'array', 'null'], items: contentBlock },
  },
} as const;

const tool = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 }, type: { type: 'string' }, description: { type: 'string' } },
  // A tool without a versioned server-tool `type` is a custom tool and needs its schema.
  if: { not: { required: ['type'] } },
  then: { required: ['input_schema'], properties: { input_schema: { type: 'object' } } },
  else: {
    if: { properties: { type: { const: 'custom' } } },
    then: { required: ['input_schema'], properties: { input_schema: { type: 'object' } } },
  },
} as const;

// Structured output. Only `json_schema` exists today; another type is let
// through (a pass-through upstream judges it, a translating backend refuses it).
const outputFormat = {
  type: ['object', 'null'],
  required: ['type'],
  properties: { type: { type: 'string', minLength: 1 }, schema: { type: 'object' } },
  if: { type: 'object', properties: { type: { const: 'json_schema' } }, required: ['type'] },
  then: { required: ['schema'] },
} as const;

const commonProperties = {
  model: { type: 'string', minLength: 1 },
  messages: { type: 'array', minItems: 1, items: message },
  system: { type: ['string', 'array'], items: textBlock },
  tools: { type: 'array', items: tool },
  tool_choice: {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string' }, name: { type: 'string' }, disable_parallel_tool_use: { type: 'boolean' } },
    if: { properties: { type: { const: 'tool' } } },
    then: { required: ['name'] },
  },
  thinking: {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string' }, budget_tokens: { type: 'integer', minimum: 1024 } },
    if: { properties: { type: { const: 'enabled' } } },
    then: { required: ['budget_tokens'] },
  },
  metadata: { type: 'object', properties: { user_id: { type: ['string', 'null'] } } },
  stop_sequences: { type: 'array', items: { type: 'string' } },
  temperature: { type: 'number', minimum: 0, maximum: 1 },
  top_p: { type: 'number', minimum: 0, maximum: 1 },
  top_k: { type: 'integer', minimum: 0 },
  stream: { type: 'boolean' },
  output_config: { type: 'object', properties: { effort: { type: ['string', 'null'] }, format: outputFormat } },
  output_format: outputFormat,
} as const;

export const messagesRequestSchema = {
  $id: 'anthropic-messages-request',
  type: 'object',
  required: ['model', 'max_tokens', 'messages'],
  properties: { ...commonProperties, max_tokens: { type: 'integer', minimum: 1 } },
} as const;

/** count_tokens takes the Messages body without max_tokens. */
export const countTokensRequestSchema = {
  $id: 'anthropic-count-tokens-request',
  type: 'object',
  required: ['model', 'messages'],
  properties: { ...commonProperties, max_tokens: { type: 'integer', minimum: 1 } },
} as const;
