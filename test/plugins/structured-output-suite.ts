import Anthropic from '@anthropic-ai/sdk';
import Ajv from 'ajv';
import { postJson } from '../helpers/start-gateway';
import type { ReceivedRequest, Simulator } from '../../scripts/simulators';

// One suite run against every backend: structured output and forced tool_choice
// with the official SDK, end to end through the gateway and a simulated upstream.

export interface StructuredOutputRig {
  client: Anthropic;
  gatewayUrl: string;
  upstream: Simulator;
  /** Requests that reached the upstream's model route. */
  served(): ReceivedRequest[];
  close(): Promise<void>;
}

export interface SuiteOptions {
  /** `chat`: the gateway translates (response_format); `anthropic`: it forwards the body as is. */
  wire: 'chat' | 'anthropic';
  model: string;
  start(): Promise<StructuredOutputRig>;
}

export const CONTACT_SCHEMA = {
  type: 'object',
  title: 'Contact card',
  properties: {
    name: { type: 'string' },
    email: { type: 'string', format: 'email' },
    age: { type: 'integer', minimum: 18 },
    role: { type: 'string', enum: ['admin', 'member', 'guest'] },
    tags: { type: 'array', items: { type: 'string' } },
    address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
  required: ['name', 'email', 'role', 'tags', 'address'],
  additionalProperties: false,
} as const;

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather',
  input_schema: {
    type: 'object' as const,
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] }, days: { type: 'integer', minimum: 1, maximum: 7 } },
    required: ['city', 'unit', 'days'],
  },
};
const READ_TOOL = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

const ajv = new Ajv({ strict: false, allErrors: true });
function expectValid(schema: object, value: unknown): void {
  const validate = ajv.compile(schema);
  if (!validate(value)) throw new Error(`${JSON.stringify(value)} does not match the schema: ${ajv.errorsText(validate.errors)}`);
}

type Mode = 'json' | 'stream';

export function structuredOutputSuite(name: string, options: SuiteOptions): void {
  describe(`${name}: structured output and tool_choice`, () => {
    let rig: StructuredOutputRig;
    beforeAll(async () => {
      rig = await options.start();
    });
    afterAll(() => rig.close());
    beforeEach(() => rig.upstream.reset());

    const send = (mode: Mode, params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> =>
      mode === 'json' ? rig.client.messages.create(params) : rig.client.messages.stream(params).finalMessage();
    const lastSent = () => rig.served().at(-1)!.json;

    it.each<Mode>(['json', 'stream'])('%s: output_config.format gets JSON text valid for the schema', async (mode) => {
      const message = await send(mode, {
        model: options.model,
        max_tokens: 512,
        messages: [{ role: 'user', content: 'Make up a contact card.' }],
        output_config: { format: { type: 'json_schema', schema: CONTACT_SCHEMA } },
      });
      expect(message.stop_reason).toBe('end_turn');
      expect(message.content).toHaveLength(1);
      const block = message.content[0] as Anthropic.TextBlock;
      expect(block.type).toBe('text');
      expectValid(CONTACT_SCHEMA, JSON.parse(block.text));

      const sent = lastSent();
      if (options.wire === 'chat') {
        expect(sent.output_config).toBeUndefined();
        expect(sent.response_format).toEqual({
          type: 'json_schema',
          json_schema: {
            name: 'Contact_card',
            strict: true,
            schema: {
              type: 'object',
              title: 'Contact card',
              properties: {
                name: { type: 'string' },
                email: { type: 'string', format: 'email' },
                age: { type: 'integer', minimum: 18 },
                role: { type: 'string', enum: ['admin', 'member', 'guest'] },
                tags: { type: 'array', items: { type: 'string' } },
                address: { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } }, required: ['city', 'zip'], additionalProperties: false },
              },
              required: ['name', 'email', 'age', 'role', 'tags', 'address'],
              additionalProperties: false,
            },
          },
        });
      } else {
        expect(sent.output_config).toEqual({ format: { type: 'json_schema', schema: CONTACT_SCHEMA } });
        expect(sent.response_format).toBeUndefined();
      }
    });

    it('the earlier top-level output_format works the same way', async () => {
      const message = await rig.client.messages.create({
        model: options.model,
        max_tokens: 512,
        messages: [{ role: 'user', content: 'Make up a contact card.' }],
        output_format: { type: 'json_schema', schema: CONTACT_SCHEMA },
      } as Anthropic.MessageCreateParamsNonStreaming);
      expectValid(CONTACT_SCHEMA, JSON.parse((message.content[0] as Anthropic.TextBlock).text));
      const sent = lastSent();
      if (options.wire === 'chat') expect(sent.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
      else expect(sent.output_format).toEqual({ type: 'json_schema', schema: CONTACT_SCHEMA });
    });

    it('a malformed output_config.format is a 400 before anything goes upstream', async () => {
      const { status, json } = await postJson(`${rig.gatewayUrl}/v1/messages`, {
        model: options.model,
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
        output_config: { format: { type: 'json_schema' } },
      });
      expect(status).toBe(400);
      expect(json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'output_config.format.schema: Field required' } });
      expect(rig.served()).toHaveLength(0);
    });

    it('where the model cannot do it, the upstream\'s own error comes back', async () => {
      const refusal = 'This model does not support structured outputs';
      rig.upstream.script({ times: 1, reply: { kind: 'failure', status: 400, message: refusal } });
      const error = await rig.client.messages
        .create({
          model: options.model,
          max_tokens: 64,
          messages: [{ role: 'user', content: 'hi' }],
          output_config: { format: { type: 'json_schema', schema: CONTACT_SCHEMA } },
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).message).toContain(refusal);
      expect(rig.served()).toHaveLength(1);
    });

    it.each<Mode>(['json', 'stream'])('%s: tool_choice naming a tool gets that tool, with input valid for its schema', async (mode) => {
      const message = await send(mode, {
        model: options.model,
        max_tokens: 512,
        messages: [{ role: 'user', content: 'read the file /etc/hosts' }],
        tools: [READ_TOOL, WEATHER_TOOL],
        tool_choice: { type: 'tool', name: 'get_weather' },
      });
      expect(message.stop_reason).toBe('tool_use');
      const calls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
      expect(calls.map((call) => call.name)).toEqual(['get_weather']);
      expectValid(WEATHER_TOOL.input_schema, calls[0]!.input);
      const sent = lastSent();
      if (options.wire === 'chat') expect(sent.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
      else expect(sent.tool_choice).toEqual({ type: 'tool', name: 'get_weather' });
    });

    it('tool_choice any makes the model call a tool', async () => {
      const message = await rig.client.messages.create({
        model: options.model,
        max_tokens: 512,
        messages: [{ role: 'user', content: 'hello' }],
        tools: [WEATHER_TOOL, READ_TOOL],
        tool_choice: { type: 'any' },
      });
      const calls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
      expect(calls.map((call) => call.name)).toEqual(['get_weather']);
      expectValid(WEATHER_TOOL.input_schema, calls[0]!.input);
      expect(lastSent().tool_choice).toEqual(options.wire === 'chat' ? 'required' : { type: 'any' });
    });
  });
}
