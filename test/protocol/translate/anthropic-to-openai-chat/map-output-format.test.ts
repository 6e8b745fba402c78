import { ApiError } from '../../../../core/protocol/anthropic/errors';
import { schemaName, strictJsonSchema } from '../../../../core/protocol/translate/anthropic-to-openai-chat/strict-json-schema';
import { request, translate } from '../../support/request-builders';

const PERSON = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer' } },
  required: ['name'],
};

describe('output_config.format -> response_format', () => {
  test('a json_schema format becomes a strict json_schema response_format', () => {
    const { result, lines } = translate(request({ output_config: { format: { type: 'json_schema', schema: PERSON } } }));
    expect(result.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'response',
        strict: true,
        schema: {
          type: 'object',
          properties: { name: { type: 'string' }, age: { type: 'integer' } },
          required: ['name', 'age'],
          additionalProperties: false,
        },
      },
    });
    expect(result).not.toHaveProperty('output_config');
    expect(lines.some((line) => line.meta?.field === 'output_config')).toBe(false);
  });

  test('the earlier top-level output_format is read the same way', () => {
    const { result, lines } = translate(request({ output_format: { type: 'json_schema', schema: PERSON } }));
    expect(result.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true, schema: { required: ['name', 'age'] } } });
    expect(result).not.toHaveProperty('output_format');
    expect(lines.some((line) => line.meta?.field === 'output_format')).toBe(false);
  });

  test('output_config.format wins over output_format when both are sent', () => {
    const other = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    const { result } = translate(request({ output_config: { format: { type: 'json_schema', schema: other } }, output_format: { type: 'json_schema', schema: PERSON } }));
    expect((result.response_format as any).json_schema.schema.properties).toEqual({ ok: { type: 'boolean' } });
  });

  test('the schema title names the format, sanitised to ^[a-zA-Z0-9_-]{1,64}$', () => {
    const { result } = translate(request({ output_config: { format: { type: 'json_schema', schema: { ...PERSON, title: 'Person record (v2)' } } } }));
    expect((result.response_format as any).json_schema.name).toBe('Person_record_v2');
    expect(schemaName('x'.repeat(100))).toBe('x'.repeat(64));
    expect(schemaName('  ')).toBe('response');
    expect(schemaName(42)).toBe('response');
    expect(schemaName('ok-name_1')).toBe('ok-name_1');
  });

  test('effort next to a format still reaches the reasoning parameter', () => {
    const { result, lines } = translate(
      request({ max_tokens: 32000, thinking: { type: 'adaptive' }, output_config: { effort: 'high', format: { type: 'json_schema', schema: PERSON } } }),
    );
    expect(result).toMatchObject({ reasoning: { effort: 'high' }, response_format: { type: 'json_schema' } });
    expect(lines.some((line) => String(line.meta?.field).startsWith('output_config'))).toBe(false);
  });

  test('effort that nothing uses is reported on its own when the format is translated', () => {
    const { lines } = translate(request({ output_config: { effort: 'low', format: { type: 'json_schema', schema: PERSON } } }));
    expect(lines).toContainEqual({ level: 'debug', message: 'Dropped request field the upstream cannot take', meta: { field: 'output_config.effort' } });
  });

  test('a null format is no format', () => {
    const { result } = translate(request({ output_config: { format: null } }));
    expect(result).not.toHaveProperty('response_format');
  });

  test('a format type the chat upstream has no counterpart for is a 400, not a silent drop', () => {
    const body = request({ output_config: { format: { type: 'xml_schema', schema: {} } } as never });
    expect(() => translate(body)).toThrow(ApiError);
    try {
      translate(body);
    } catch (error) {
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).message).toContain('xml_schema');
    }
  });

  test('the client schema object is not modified', () => {
    const schema = JSON.parse(JSON.stringify({ ...PERSON, properties: { ...PERSON.properties, tags: { type: 'array', items: { type: 'object', properties: { t: { type: 'string' } } } } } }));
    const copy = JSON.parse(JSON.stringify(schema));
    translate(request({ output_config: { format: { type: 'json_schema', schema } } }));
    expect(schema).toEqual(copy);
  });
});

describe('strictJsonSchema', () => {
  test('every object, however nested, gets all its properties required and additionalProperties false', () => {
    const { schema, strict } = strictJsonSchema({
      type: 'object',
      properties: {
        items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, note: { type: 'string' } }, required: ['id'] } },
        meta: { anyOf: [{ type: 'object', properties: { a: { type: 'number' } } }, { type: 'null' }] },
      },
      additionalProperties: true,
    });
    expect(strict).toBe(true);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' }, note: { type: 'string' } }, required: ['id', 'note'], additionalProperties: false },
        },
        meta: { anyOf: [{ type: 'object', properties: { a: { type: 'number' } }, required: ['a'], additionalProperties: false }, { type: 'null' }] },
      },
      required: ['items', 'meta'],
      additionalProperties: false,
    });
  });

  test('keywords strict mode rejects move into the description; the ones it takes stay', () => {
    const { schema } = strictJsonSchema({
      type: 'object',
      properties: {
        code: { type: 'string', minLength: 3, maxLength: 8, pattern: '^[A-Z]+$', description: 'A code' },
        when: { type: 'string', format: 'date-time' },
        home: { type: 'string', format: 'uri' },
        count: { type: 'integer', minimum: 1, maximum: 9, exclusiveMaximum: 10, multipleOf: 1, default: 2 },
        list: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4, uniqueItems: true },
      },
      $schema: 'http://json-schema.org/draft-07/schema#',
    });
    expect(schema.$schema).toBeUndefined();
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.code).toEqual({ type: 'string', pattern: '^[A-Z]+$', description: 'A code\n\n{minLength: 3, maxLength: 8}' });
    expect(properties.when).toEqual({ type: 'string', format: 'date-time' });
    expect(properties.home).toEqual({ type: 'string', description: '{format: "uri"}' });
    expect(properties.count).toEqual({ type: 'integer', minimum: 1, maximum: 9, exclusiveMaximum: 10, multipleOf: 1, description: '{default: 2}' });
    expect(properties.list).toEqual({ type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4, description: '{uniqueItems: true}' });
  });

  test('oneOf becomes anyOf, $defs are adjusted and $ref kept, a single allOf is inlined', () => {
    const { schema, strict } = strictJsonSchema({
      type: 'object',
      properties: {
        shape: { oneOf: [{ $ref: '#/$defs/circle' }, { type: 'string', enum: ['none'] }] },
        base: { allOf: [{ type: 'object', properties: { x: { type: 'number' } } }] },
      },
      required: ['shape', 'base'],
      $defs: { circle: { type: 'object', properties: { r: { type: 'number' } } } },
    });
    expect(strict).toBe(true);
    expect(schema.properties).toEqual({
      shape: { anyOf: [{ $ref: '#/$defs/circle' }, { type: 'string', enum: ['none'] }] },
      base: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'], additionalProperties: false },
    });
    expect(schema.$defs).toEqual({ circle: { type: 'object', properties: { r: { type: 'number' } }, required: ['r'], additionalProperties: false } });
  });

  test('a free-form object or a non-object root cannot be strict: sent with strict false, otherwise adjusted', () => {
    const freeForm = strictJsonSchema({ type: 'object', properties: { data: { type: 'object', additionalProperties: { type: 'string' } } } });
    expect(freeForm.strict).toBe(false);
    expect((freeForm.schema.properties as any).data).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(freeForm.schema.required).toEqual(['data']);
    expect(strictJsonSchema({ type: 'object' }).strict).toBe(false);
    expect(strictJsonSchema({ type: 'array', items: { type: 'string' } }).strict).toBe(false);
    expect(strictJsonSchema({ type: 'object', properties: { a: { type: 'string' } } }).strict).toBe(true);
  });

  test('a nullable type list is kept as it is', () => {
    const { schema } = strictJsonSchema({ type: 'object', properties: { a: { type: ['string', 'null'] } }, required: [] });
    expect(schema).toEqual({ type: 'object', properties: { a: { type: ['string', 'null'] } }, required: ['a'], additionalProperties: false });
  });
});
