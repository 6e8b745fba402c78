import Ajv from 'ajv';
import { defaultAgentTurn } from '../../scripts/simulators/default-agent-turn';
import { readConversation } from '../../scripts/simulators/read-conversation';
import { sampleFromSchema } from '../../scripts/simulators/sample-from-schema';

// The simulated model honours tool_choice and structured output, in both wire formats.

const ajv = new Ajv({ strict: false, allErrors: true });
const valid = (schema: object, value: unknown) => {
  const validate = ajv.compile(schema);
  const ok = validate(value);
  if (!ok) throw new Error(`${JSON.stringify(value)} is not valid: ${ajv.errorsText(validate.errors)}`);
  return ok;
};

const RECIPE = {
  type: 'object',
  title: 'Recipe',
  properties: {
    name: { type: 'string', minLength: 12 },
    servings: { type: 'integer', minimum: 2, maximum: 8 },
    rating: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    vegan: { type: 'boolean' },
    course: { enum: ['starter', 'main', 'dessert'] },
    kind: { const: 'recipe' },
    tags: { type: 'array', items: { type: 'string', maxLength: 4 }, minItems: 3, uniqueItems: true },
    steps: { type: 'array', items: { $ref: '#/$defs/step' } },
    note: { type: ['string', 'null'] },
    source: { anyOf: [{ type: 'null' }, { type: 'object', properties: { url: { type: 'string', format: 'uri' } }, required: ['url'] }] },
    audit: { allOf: [{ type: 'object', properties: { at: { type: 'string', format: 'date-time' } }, required: ['at'] }, { properties: { by: { type: 'string', format: 'email' } }, required: ['by'] }] },
  },
  required: ['name', 'servings', 'rating', 'vegan', 'course', 'kind', 'tags', 'steps'],
  additionalProperties: false,
  $defs: { step: { type: 'object', properties: { text: { type: 'string' }, minutes: { type: 'number', multipleOf: 5, minimum: 3 } }, required: ['text', 'minutes'], additionalProperties: false } },
};

const WEATHER = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } }, required: ['city', 'days'] } };
const READ = { name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } };
const chatTool = (tool: typeof WEATHER | typeof READ) => ({ type: 'function', function: { name: tool.name, parameters: tool.input_schema } });

describe('sampleFromSchema', () => {
  it('produces a value valid against a schema using the usual keywords', () => {
    const value = sampleFromSchema(RECIPE) as Record<string, unknown>;
    expect(valid(RECIPE, value)).toBe(true);
    expect(value).toMatchObject({ course: 'starter', kind: 'recipe', vegan: true });
  });

  it('is deterministic and survives a recursive schema', () => {
    const tree = { type: 'object', properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } }, required: ['label', 'children'] };
    expect(valid(tree, sampleFromSchema(tree))).toBe(true);
    expect(sampleFromSchema(RECIPE)).toEqual(sampleFromSchema(RECIPE));
  });
});

describe('the simulated model: structured output', () => {
  it('answers JSON valid for output_config.format on the Anthropic wire', () => {
    const turn = defaultAgentTurn(
      readConversation({ messages: [{ role: 'user', content: 'a recipe please' }], output_config: { format: { type: 'json_schema', schema: RECIPE } } }, 'anthropic'),
    );
    expect(turn.toolCalls).toBeUndefined();
    expect(valid(RECIPE, JSON.parse(turn.text!))).toBe(true);
  });

  it('reads the earlier top-level output_format too', () => {
    const turn = defaultAgentTurn(readConversation({ messages: [{ role: 'user', content: 'x' }], output_format: { type: 'json_schema', schema: RECIPE } }, 'anthropic'));
    expect(valid(RECIPE, JSON.parse(turn.text!))).toBe(true);
  });

  it('answers JSON valid for response_format json_schema on the chat wire, after tool results too', () => {
    const body = {
      messages: [
        { role: 'user', content: 'use a tool' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'alpha' },
      ],
      tools: [chatTool(READ)],
      response_format: { type: 'json_schema', json_schema: { name: 'recipe', strict: true, schema: RECIPE } },
    };
    const turn = defaultAgentTurn(readConversation(body, 'openai'));
    expect(valid(RECIPE, JSON.parse(turn.text!))).toBe(true);
  });

  it('keeps thinking before the JSON when thinking is asked for', () => {
    const turn = defaultAgentTurn(
      readConversation({ messages: [{ role: 'user', content: 'x' }], thinking: { type: 'enabled', budget_tokens: 1024 }, output_config: { format: { type: 'json_schema', schema: RECIPE } } }, 'anthropic'),
    );
    expect(turn.thinking?.text).toBeDefined();
    expect(valid(RECIPE, JSON.parse(turn.text!))).toBe(true);
  });
});

describe('the simulated model: tool_choice', () => {
  it('a tool named by tool_choice is called with input valid for its schema, whatever the text says', () => {
    const turn = defaultAgentTurn(
      readConversation({ messages: [{ role: 'user', content: 'hello' }], tools: [READ, WEATHER], tool_choice: { type: 'tool', name: 'get_weather' } }, 'anthropic'),
    );
    expect(turn.toolCalls).toHaveLength(1);
    expect(turn.toolCalls![0]!.name).toBe('get_weather');
    expect(valid(WEATHER.input_schema, turn.toolCalls![0]!.input)).toBe(true);
  });

  it('the chat wire form {type: function, function: {name}} forces that tool, even after tool results', () => {
    const body = {
      messages: [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'alpha' },
      ],
      tools: [chatTool(READ), chatTool(WEATHER)],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    };
    const turn = defaultAgentTurn(readConversation(body, 'openai'));
    expect(turn.toolCalls?.map((call) => call.name)).toEqual(['get_weather']);
    expect(valid(WEATHER.input_schema, turn.toolCalls![0]!.input)).toBe(true);
  });

  it('any / required: the tool the text asks for, else the first tool', () => {
    const anthropic = defaultAgentTurn(readConversation({ messages: [{ role: 'user', content: 'hi' }], tools: [WEATHER, READ], tool_choice: { type: 'any' } }, 'anthropic'));
    expect(anthropic.toolCalls?.map((call) => call.name)).toEqual(['get_weather']);
    expect(valid(WEATHER.input_schema, anthropic.toolCalls![0]!.input)).toBe(true);
    const chat = defaultAgentTurn(readConversation({ messages: [{ role: 'user', content: 'read the file /etc/hosts' }], tools: [chatTool(WEATHER), chatTool(READ)], tool_choice: 'required' }, 'openai'));
    expect(chat.toolCalls).toEqual([{ name: 'Read', input: { file_path: '/etc/hosts' } }]);
  });

  it('none: no tool is called even when the text asks for one', () => {
    const anthropic = defaultAgentTurn(readConversation({ messages: [{ role: 'user', content: 'use a tool' }], tools: [READ], tool_choice: { type: 'none' } }, 'anthropic'));
    expect(anthropic).toEqual({ text: 'You said: use a tool' });
    const chat = defaultAgentTurn(readConversation({ messages: [{ role: 'user', content: 'use a tool' }], tools: [chatTool(READ)], tool_choice: 'none' }, 'openai'));
    expect(chat).toEqual({ text: 'You said: use a tool' });
  });

  it('auto keeps the usual behaviour', () => {
    const turn = defaultAgentTurn(readConversation({ messages: [{ role: 'user', content: 'hello' }], tools: [READ], tool_choice: { type: 'auto' } }, 'anthropic'));
    expect(turn).toEqual({ text: 'You said: hello' });
  });
});
