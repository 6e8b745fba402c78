import { ApiError } from '../../../core/protocol/anthropic/errors';
import { validateCountTokensRequest, validateMessagesRequest } from '../../../core/protocol/anthropic/validate-request';

const base = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] };
const SCHEMA = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };

function rejection(body: unknown): string {
  try {
    validateMessagesRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    return (error as ApiError).message;
  }
  throw new Error('accepted');
}

describe('request validation: output_config and output_format', () => {
  test.each([
    ['a json_schema format', { output_config: { format: { type: 'json_schema', schema: SCHEMA } } }],
    ['effort alone', { output_config: { effort: 'high' } }],
    ['effort and format', { output_config: { effort: 'low', format: { type: 'json_schema', schema: SCHEMA } } }],
    ['a null format', { output_config: { format: null, effort: null } }],
    ['the top-level output_format', { output_format: { type: 'json_schema', schema: SCHEMA } }],
    ['a future format type', { output_config: { format: { type: 'regex', pattern: 'a+' } } }],
  ])('accepts %s', (_name, extra) => {
    expect(() => validateMessagesRequest({ ...base, ...extra })).not.toThrow();
    expect(() => validateCountTokensRequest({ ...base, ...extra })).not.toThrow();
  });

  test.each([
    ['output_config that is not an object', { output_config: 'json' }, 'output_config'],
    ['a format without a type', { output_config: { format: { schema: SCHEMA } } }, 'output_config.format.type: Field required'],
    ['a json_schema format without a schema', { output_config: { format: { type: 'json_schema' } } }, 'output_config.format.schema: Field required'],
    ['a schema that is not an object', { output_config: { format: { type: 'json_schema', schema: 'object' } } }, 'output_config.format.schema'],
    ['a format that is a string', { output_config: { format: 'json' } }, 'output_config.format'],
    ['an effort that is not a string', { output_config: { effort: 3 } }, 'output_config.effort'],
    ['a malformed output_format', { output_format: { type: 'json_schema' } }, 'output_format.schema: Field required'],
  ])('rejects %s with a 400 naming the field', (_name, extra, message) => {
    expect(rejection({ ...base, ...extra })).toContain(message);
  });
});
