import Ajv from 'ajv';
import { constraintHints } from '../../scripts/simulators/constraint-hints';
import { sampleFromSchema } from '../../scripts/simulators/sample-from-schema';

// Anthropic's structured outputs reject some JSON Schema keywords, so the SDKs
// move them into the description, where a model reads them. The simulated
// model reads them too.

const ajv = new Ajv({ strict: false, allErrors: true });
const expectValid = (schema: object, value: unknown) => {
  const validate = ajv.compile(schema);
  validate(value);
  expect(`${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`).toBe(`${JSON.stringify(value)}: No errors`);
};

/** What the client validates the answer against. */
const ORIGINAL = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 40 },
    servings: { type: 'integer', minimum: 5, maximum: 12 },
    ingredients: { type: 'array', items: { type: 'string' }, minItems: 3, maxItems: 5 },
    difficulty: { type: 'string', enum: ['easy', 'medium', 'hard'] },
  },
  required: ['name', 'servings', 'ingredients', 'difficulty'],
  additionalProperties: false,
};

describe('constraint hints in descriptions', () => {
  it("reads the Anthropic SDKs' form ({key: json, ...}, as LangChain's jsonSchema method sends it)", () => {
    expect(constraintHints('Servings.\n\n{minimum: 5, maximum: 12}')).toEqual({ minimum: 5, maximum: 12 });
    expect(constraintHints('{enum: ["easy","medium","hard"]}')).toEqual({ enum: ['easy', 'medium', 'hard'] });
    expect(constraintHints('{$schema: "https://json-schema.org/draft/2020-12/schema"}')).toEqual({});
  });

  it("reads the AI SDK's form (min length: 1; max items: 3.)", () => {
    expect(constraintHints('min length: 40.')).toEqual({ minLength: 40 });
    expect(constraintHints('The count\nminimum: -40; maximum: 50; multiple of: 5.')).toEqual({ minimum: -40, maximum: 50, multipleOf: 5 });
    expect(constraintHints('min items: 3; max items: 5; unique items: true.')).toEqual({ minItems: 3, maxItems: 5, uniqueItems: true });
  });

  it('finds nothing in a plain description', () => {
    expect(constraintHints('The city, e.g. {Lisbon}: a place.')).toEqual({});
    expect(constraintHints('Minimum: the least value.')).toEqual({});
    expect(constraintHints(undefined)).toEqual({});
  });

  it('answers valid against the original schema when the Anthropic SDK moved its constraints into descriptions', () => {
    const sent = {
      type: 'object',
      properties: {
        name: { type: 'string', description: '{minLength: 40}' },
        servings: { type: 'integer', description: '{minimum: 5, maximum: 12}' },
        ingredients: { type: 'array', items: { type: 'string' }, description: '{minItems: 3, maxItems: 5}' },
        difficulty: { type: 'string', description: '{enum: ["easy","medium","hard"]}' },
      },
      required: ['name', 'servings', 'ingredients', 'difficulty'],
      additionalProperties: false,
    };
    expectValid(ORIGINAL, sampleFromSchema(sent));
  });

  it('answers valid against the original schema when the AI SDK moved its constraints into descriptions', () => {
    const sent = {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'min length: 40.' },
        servings: { type: 'integer', description: 'How many\nminimum: 5; maximum: 12.' },
        ingredients: { type: 'array', items: { type: 'string' }, description: 'min items: 3; max items: 5.' },
        difficulty: { type: 'string', enum: ['easy', 'medium', 'hard'] },
      },
      required: ['name', 'servings', 'ingredients', 'difficulty'],
      additionalProperties: false,
    };
    expectValid(ORIGINAL, sampleFromSchema(sent));
  });

  it('keeps the keywords the schema states over the hints', () => {
    expect(sampleFromSchema({ type: 'integer', minimum: 7, description: '{minimum: 3}' })).toBe(7);
  });
});
